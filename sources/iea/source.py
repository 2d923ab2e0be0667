"""IEA Critical Minerals Dataset: the source's record (see sources/common/source_record.py)."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="iea",
    title="IEA Critical Minerals Dataset",
    publisher="International Energy Agency (IEA), Paris",
    licence="CC BY 4.0; cite: IEA (<edition>), Critical Minerals Data Explorer, IEA, Paris",
    citation="IEA Critical Minerals Dataset (CC BY 4.0)",
    url="https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer",
    dataset=(
        "IEA Critical Minerals Dataset, May 2024 edition (re-saved third-party copy of IEA's "
        'workbook; CC BY 4.0, "IEA (2024), Critical Minerals Data Explorer, IEA, Paris"), '
        'sheet "2 Total supply for key minerals", parsed cell by cell and validated with '
        "pandera before landing (sources/iea)."
    ),
    coverage="May 2024: 2023, projections 2030-2040",
    live_edition=2024,
    tables=(
        LandedTable(
            "iea__mineral_supply",
            "One row per value cell of the supply sheet: block (mineral and route), country "
            "label and row_kind (country, rest_of_world, total, top3_share), year (2023 "
            "observed; 2030, 2035, 2040 projections, base case), unit (kt, or share for the "
            "Top 3 share rows), the raw value text and the value, with its Excel row and "
            "column.",
            series=("block_title",),
        ),
    ),
    facts=("production",),
    preference=4,
    stages=("mine", "refinery"),
    bases=("contained_element", "gross_weight", "refined_metal", "magnet_rare_earth_oxides"),
    notes=(
        "mining and refining supply by country for copper, cobalt, lithium, nickel, "
        "graphite, magnet rare earths",
    ),
)
