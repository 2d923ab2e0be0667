"""USGS Minerals Yearbook, volume I, world tables (editions 2016, 2019, 2020): the record."""

from sources.common.source_record import LandedTable, Source

HOST = (
    "https://d9-wret.s3.us-west-2.amazonaws.com/assets/palladium/production/s3fs-public/media/files"
)

SOURCE = Source(
    name="usgs_myb",
    title="USGS Minerals Yearbook, volume I, world tables",
    publisher="U.S. Geological Survey, National Minerals Information Center",
    licence="U.S. Government work, public domain in the United States",
    citation=(
        "U.S. Geological Survey, Minerals Yearbook 2016, 2019 and 2020, v. I, Metals and "
        "Minerals, <commodity> tables (2019 and 2020: advance data releases)"
    ),
    url=f"{HOST}/myb1-2019-cobal-adv.xlsx",
    dataset=(
        "USGS Minerals Yearbook volume I per-commodity Excel tables: 16 workbooks of the 2016 "
        "edition (2012-2016), 14 of 2019 (2015-2019) and 9 of 2020 (2016-2020), world "
        "production and capacity tables parsed cell by cell (sources/usgs_myb), copied byte "
        "for byte from GitHub repolly/EW_MFA_UN_IRP_Update_v3@667d3a35 (USGS's file names)."
    ),
    coverage="MYB 2016, 2019, 2020: production 2012-2020",
    tables=(
        LandedTable(
            "usgs_myb__world_cells",
            "One row per value cell of a world production or capacity table (edition x file "
            "x sheet x Excel row x column): table title, unit line, row group, label as "
            "published, country name with its glued footnote markers split off, year (or "
            "measure and year for lithium 2020), raw value, value (-- = 0; W, NA, (n) null) "
            "and flag (r, e, p and combinations from the cell right of the value).",
            series=("source_file", "table_id"),
        ),
    ),
    facts=("production",),
    # after the Mineral Commodity Summaries (USGS's latest word), before WMD, IEA and the
    # WMD 1984-2017 compilation
    preference=2,
    stages=("mine", "refinery", "smelter", "processing"),
    bases=(
        "contained_element",
        "gross_weight",
        "oxide_equivalent",
        "refined_metal",
        "gross_weight__ilmenite",
        "gross_weight__rutile",
    ),
    notes=(
        "world production tables by country, 16 commodities incl. refinery stages, historical "
        "editions kept; germanium has no world table in any edition (nothing landed from it); "
        "capacity tables landed, not mapped",
    ),
)
