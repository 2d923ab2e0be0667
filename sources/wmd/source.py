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
        'Raw Materials of individual Countries, by Minerals", editions 2017 (years 2011-2015) '
        "and 2020 (2014-2018), parsed cell by cell and validated with pandera before landing "
        "(sources/wmd). Free government publication; attribution required."
    ),
    coverage="editions 2017 and 2020: 2011-2018",
    tables=(
        LandedTable(
            "wmd__production",
            "One row per value cell (country or Total row x year) of every sheet of every "
            "edition, with edition, source_file, sheet, Excel row_number and column_letter, "
            "the raw value text, the value (null when the cell is empty, flag missing) and "
            "the data-source flag (reported, estimated, provisional).",
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
    notes=("production by country, 65 commodities, reported/estimated/provisional",),
)
