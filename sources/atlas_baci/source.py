"""Critical Materials Atlas BACI extract, 2022: the source's record."""

from sources.atlas_flows.atlas import COLLECTOR, LICENCE, RAW_BASE_URL
from sources.common.source_record import LandedTable, Source

REPO_PATH = "reconcile/fixtures/reconcile"

SOURCE = Source(
    name="atlas_baci",
    title="CEPII BACI 2022 extract of the Critical Materials Atlas",
    publisher="CEPII (BACI V202601), extract by the Critical Materials Atlas",
    licence=LICENCE,
    citation=(
        "Source: CEPII, BACI (Gaulier & Zignago 2010), HS17 release V202601, extract by the "
        "Critical Materials Atlas (criticalmaterialsatlas.org)"
    ),
    url=f"{RAW_BASE_URL}/{REPO_PATH}",
    dataset=(
        f"The atlas's BACI extract baci_2022.csv, {COLLECTOR}: every bilateral flow of 2022 "
        "in the atlas's 30 HS6 codes from CEPII BACI HS17 V202601 (all reporters x all "
        "partners: completeness 'complete'), ISO3 codes mapped by the collector, value in "
        "USD; the collector added 811231 (hafnium) into 811292 (a no-op in HS17, which has "
        "no 811231), summed per flow and dropped zero flows. No quantities."
    ),
    coverage="BACI V202601 via the atlas: 2022",
    tables=(
        LandedTable(
            "atlas_baci__flows",
            "One row per line of the extract (exporter x importer x HS6 of 2022): "
            "source_file, line_number, year (from the file name), ISO3 exporter and "
            "importer as the collector wrote them, hs6, value in USD.",
            series=("hs6",),
        ),
    ),
    facts=("trade",),
    preference=4,
    stages=("ore_concentrate", "intermediate", "refined_metal", "product"),
    notes=("bilateral trade of 30 HS6 codes in 2022, all reporters x all partners",),
)
