"""UN Comtrade: the source's record (see sources/common/source_record.py)."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="comtrade",
    title="UN Comtrade",
    publisher="United Nations Statistics Division, UN Comtrade",
    licence=(
        "UN Comtrade terms of use: free use with attribution 'UN Comtrade, United Nations "
        "Statistics Division'; only small API extracts are bundled"
    ),
    citation="UN Comtrade, United Nations Statistics Division",
    url="https://comtradeapi.un.org",
    dataset=(
        "UN Comtrade records (UN Comtrade, United Nations Statistics Division): reporters' "
        "imports (M) and exports (X) by partner, in current USD and kg, as published."
    ),
    coverage="Comtrade 2022/2024, nickel 2000-2024",
    tables=(
        LandedTable(
            "comtrade__trade_records",
            "One row per published record; duplicate keys kept as published. One Parquet "
            "file per year in the raw layer (raw/comtrade/comtrade__trade_records/year=YYYY/).",
            partition_key="year",
            series=("hs6",),
        ),
    ),
    facts=("trade",),
    preference=2,
    stages=("ore_concentrate", "intermediate", "refined_metal", "product"),
    notes=("bilateral trade of the HS codes mapped to minerals, importer and exporter reports",),
)
