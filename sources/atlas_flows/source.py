"""Critical Materials Atlas flows, 2002-2024: the source's record."""

from sources.atlas_flows.atlas import COLLECTOR, LICENCE, RAW_BASE_URL
from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="atlas_flows",
    title="Critical Materials Atlas bilateral flows (BACI, top partners)",
    publisher="CEPII (BACI V202601), compiled by the Critical Materials Atlas",
    licence=LICENCE,
    citation=(
        "Source: CEPII, BACI (Gaulier & Zignago 2010), release V202601, as compiled per "
        "material by the Critical Materials Atlas (criticalmaterialsatlas.org)"
    ),
    url=f"{RAW_BASE_URL}/out",
    dataset=(
        "Critical Materials Atlas per-year flow files flows_2002.json ... flows_2024.json, "
        f"{COLLECTOR}: bilateral exports per material (one HS6 each; 811292 shared by "
        "gallium, germanium and hafnium) in USD, built from CEPII BACI V202601 (HS02 for "
        "2002-2016, HS17 for 2017-2024). The collector kept only the top suppliers and "
        "customers of each country: near-complete, not complete (completeness "
        "'top_partners' on every row)."
    ),
    coverage="BACI V202601 via the atlas: 2002-2024",
    tables=(
        LandedTable(
            "atlas_flows__flows",
            "One row per {from, to, value} entry of a material's list in a year file, as "
            "published: source_file, material, entry_number (1-based position in the list), "
            "year, the file's BACI source text and HS revision, ISO2 exporter and importer, "
            "value in USD and (2024 file only) the quantity rounded to whole tonnes.",
            series=("year",),
        ),
    ),
    facts=("trade",),
    preference=5,
    stages=("ore_concentrate", "intermediate", "refined_metal", "product"),
    notes=("bilateral trade of 32 materials (31 HS6 codes), top partners of each country only",),
)
