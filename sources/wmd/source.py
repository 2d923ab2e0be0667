"""World Mining Data (table 6.4): the source's record (see sources/common/source_record.py)."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="wmd",
    title="World Mining Data (Austrian Federal Ministry of Finance)",
    publisher="Austrian Federal Ministry of Finance (BMF), World Mining Data",
    licence=(
        "Free government publication; attribution required "
        "(Reichl, C., Schatz, M.: World Mining Data <edition>, Vienna)"
    ),
    citation="World Mining Data, Austrian Federal Ministry of Finance",
    url=(
        "https://www.world-mining-data.info/wmd/downloads/XLS/"
        "6.4.%20Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
    ),
    dataset=(
        'World Mining Data (Austrian Federal Ministry, BMF), table 6.4 "Production of Mineral '
        'Raw Materials of individual Countries, by Minerals", editions 2017 (years 2011-2015), '
        '2020 (2014-2018), 2021 (2015-2019) and 2022 (2016-2020), and table 6.5 "Share of '
        'World Mineral Production 2022, by Countries" of the 2024 edition (producers of 2022 '
        "with WMD's shares and HHI), parsed cell by cell and validated with pandera before "
        "landing (sources/wmd). Free government publication; attribution required."
    ),
    coverage="editions 2017, 2020-2022: 2011-2020; 2024 (table 6.5): 2022",
    tables=(
        LandedTable(
            "wmd__production",
            "One row per value cell (country or Total row x year) of every sheet of every "
            "edition, with edition, source_file, sheet, Excel row_number and column_letter, "
            "the raw value text, the value (null when the cell is empty, flag missing) and "
            "the data-source flag (reported, estimated, provisional).",
            series=("sheet",),
        ),
        LandedTable(
            "wmd__shares",
            "One row per producer or Total row of every sheet of table 6.5 (2024 edition, "
            "production year 2022), with edition, source_file, sheet, Excel row_number, rank, "
            "the previous year's rank as published, the production figure (column E) and WMD's "
            "share, cumulative share (%) and HHI component as stored; no r/e/p flags.",
            series=("sheet",),
        ),
    ),
    facts=("production",),
    preference=3,
    stages=("mine", "refinery", "smelter", "processing"),
    bases=(
        "contained_element",
        "gross_weight",
        "oxide_equivalent",
        "refined_metal",
        "compound",
        "carats",
    ),
    notes=(
        "production by country, 65 commodities, reported/estimated/provisional; "
        "2022 producers with WMD's shares and HHI (table 6.5)",
    ),
)
