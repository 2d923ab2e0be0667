"""World Bank Commodity Price Data (The Pink Sheet), monthly: the source's record."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="wb_pink_sheet",
    title="World Bank Commodity Price Data (The Pink Sheet), monthly",
    publisher="The World Bank, Prospects Group (Commodity Markets)",
    licence="CC BY 4.0; cite: World Bank Commodity Price Data (The Pink Sheet)",
    citation="World Bank Commodity Price Data (The Pink Sheet) (CC BY 4.0)",
    url=(
        "https://thedocs.worldbank.org/en/doc/18675f1d1639c7a34d463f59263ba0a2-0050012025/"
        "related/CMO-Historical-Data-Monthly.xlsx"
    ),
    dataset=(
        "World Bank Commodity Price Data (The Pink Sheet), CMO-Historical-Data-Monthly.xlsx, "
        "sheet Monthly Prices: 71 monthly series in nominal US dollars from 1960M01 "
        "(https://www.worldbank.org/en/research/commodity-markets; CC BY 4.0), parsed cell by "
        "cell and validated with pandera before landing (sources/wb_pink_sheet)."
    ),
    coverage="release of 2025-12-02: 1960M01-2025M11",
    tables=(
        LandedTable(
            "wb_pink_sheet__monthly_prices",
            "One row per series x month of sheet Monthly Prices: edition (year of the release "
            "date), updated_on, source_file, Excel row_number and column_letter, series_code, "
            "series_name (without the '**' mark), methodology_change (the name carried '**'), "
            "unit_raw as published ('($/mt)'), period_raw ('1960M01'), year, month, value_raw "
            "(the cell's text, '…' or '...' where the World Bank marks a missing price), value "
            "(null when missing) and value_flag (reported, missing).",
            series=("series_code",),
        ),
    ),
    facts=("price",),
    preference=2,  # after usgs_mcs (its one preference rank is 1)
    notes=(
        "monthly prices in nominal USD, 71 series (aluminum, copper, nickel, zinc, lead, tin, "
        "iron ore, gold, platinum, silver, phosphate rock, potash ...)",
    ),
)
