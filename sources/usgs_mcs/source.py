"""USGS Mineral Commodity Summaries: the source's record (see sources/common/source_record.py)."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="usgs_mcs",
    title="USGS Mineral Commodity Summaries",
    publisher="U.S. Geological Survey, National Minerals Information Center",
    licence="Public domain (U.S. Government work)",
    citation="U.S. Geological Survey, Mineral Commodity Summaries (public domain)",
    url=(
        "https://www.sciencebase.gov (DOIs 10.5066/P9KKMCP4, 10.5066/P9WCYUI6, "
        "10.5066/P144BA54, 10.5066/P13XCP3R, 10.5066/P1WKQ63T)"
    ),
    dataset=(
        "USGS Mineral Commodity Summaries data releases (MCS2022-MCS2026), parsed cell by "
        "cell and validated with pandera before landing (sources/usgs_mcs). Public domain. "
        "One Parquet file per table and edition in the raw layer "
        "(raw/usgs_mcs/<table>/edition=YYYY/), written by the edition-partitioned Dagster "
        "asset."
    ),
    coverage="MCS 2022-2026: production 2020-2025",
    tables=(
        LandedTable(
            "usgs_mcs__world_production",
            "One row per value cell of a world production / capacity / reserves table.",
            partition_key="edition",
            series=("commodity_code",),
        ),
        LandedTable(
            "usgs_mcs__salient_statistics",
            "One row per value cell of a US salient-statistics table.",
            partition_key="edition",
            series=("commodity_code",),
        ),
        LandedTable(
            "usgs_mcs__industry_trends",
            "One row per cell of an industry-trends table (T1-T7, figures).",
            partition_key="edition",
            series=("table_name",),
        ),
        LandedTable(
            "usgs_mcs__import_sources",
            'MCS2026 "Import Sources": one row per commodity x item x supplier, the '
            "supplier's share (percent) of US imports over the period (2021-24).",
            partition_key="edition",
            series=("commodity_code",),
        ),
    ),
    facts=("production", "price"),
    preference=1,
    stages=("mine", "refinery", "smelter", "processing", "capacity"),
    bases=(
        "contained_element",
        "gross_weight",
        "oxide_equivalent",
        "refined_metal",
        "compound",
        "carats",
        "volume",
    ),
    notes=(
        "world mine/refinery/smelter production and capacity by country, US salient "
        "statistics and net import reliance, US import sources (MCS 2026), critical-mineral "
        "tables (T4-T7)",
    ),
)
