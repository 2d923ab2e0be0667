"""pandera (polars) schema of the landed USITC DataWeb tables (annual and January-April YTD)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.usitc_dataweb.parse import MEASURES, PERIODS, VALUE_MEASURES


class TradeCells(pa.DataFrameModel):
    """One row per value cell: flow x measure x partner x HTS4 x quantity unit x year."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=4)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    flow: str = pa.Field(isin=["imports", "exports"])
    measure: str = pa.Field(isin=list(MEASURES.values()))
    period: str = pa.Field(isin=list(PERIODS))
    download_date: pl.Date
    partner_name: str = pa.Field(str_length={"min_value": 1})
    hts4: str = pa.Field(str_matches=r"^[0-9]{4}$")
    description: str = pa.Field(str_length={"min_value": 1})
    unit: str = pa.Field(str_length={"min_value": 1})
    year: int = pa.Field(ge=1989, le=2100)
    value: float = pa.Field(ge=0)
    suppressed: float = pa.Field(nullable=True, ge=0)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number", "column_letter"]

    @pa.dataframe_check(error="a partner x heading x unit x year appears twice in one measure")
    def one_cell_per_key(cls, data) -> pl.LazyFrame:
        key = ["flow", "measure", "period", "partner_name", "hts4", "unit", "year"]
        return data.lazyframe.select(~pl.struct(key).is_duplicated())

    @pa.dataframe_check(error="a value sheet carries a Suppressed figure (quantity sheets only)")
    def suppressed_only_for_quantities(cls, data) -> pl.LazyFrame:
        is_value = pl.col("measure").is_in(list(VALUE_MEASURES.values()))
        return data.lazyframe.select(~is_value | pl.col("suppressed").is_null())

    @pa.dataframe_check(error="an annual year is not before the download year (incomplete)")
    def annual_years_complete(cls, data) -> pl.LazyFrame:
        download_year = pl.col("download_date").dt.year()
        return data.lazyframe.select((pl.col("period") == "ytd") | (pl.col("year") < download_year))
