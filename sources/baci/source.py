"""CEPII BACI: the source's record (see sources/common/source_record.py)."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="baci",
    title="CEPII BACI",
    publisher="CEPII",
    licence="Etalab Open Licence 2.0 (attribution)",
    citation="Source: CEPII, BACI (Etalab Open Licence 2.0)",
    url="https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37",
    dataset=(
        "CEPII BACI (Gaulier & Zignago 2010), HS17 release V202601: reconciled bilateral "
        "trade, value in thousand USD and quantity in tonnes (Etalab Open Licence 2.0)."
    ),
    coverage="BACI 2024",
    tables=(
        LandedTable(
            "baci__trade_flows",
            "One row per BACI flow (year x exporter x importer x HS6) as landed: one Parquet "
            "file per year in the raw layer (raw/baci/baci__trade_flows/year=YYYY/), written "
            "by the partitioned Dagster asset outside the DuckDB writer lock.",
            partition_key="year",
            series=("hs6",),
        ),
        LandedTable(
            "baci__country_codes", "BACI country dictionaries (releases V202201 and V202601)."
        ),
        LandedTable("baci__product_codes", "BACI HS17 product dictionary."),
    ),
    facts=("trade",),
    preference=1,
    stages=("ore_concentrate", "intermediate", "refined_metal", "product"),
    notes=("bilateral trade of the HS codes mapped to minerals",),
)
