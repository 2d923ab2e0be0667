"""pandera (polars) schema of the landed Pink Sheet monthly prices."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.validation import missing_iff_flagged
from sources.wb_pink_sheet.parse import FLAGS, MISSING_MARKS


class MonthlyPrices(pa.DataFrameModel):
    """One row per series x month of sheet ``Monthly Prices``."""

    edition: int = pa.Field(ge=2000, le=2100)
    updated_on: pl.Date
    source_file: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=8)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    series_code: str = pa.Field(str_matches=r"^[A-Za-z0-9_]+$")
    series_name: str = pa.Field(str_length={"min_value": 1})
    methodology_change: bool
    unit_raw: str = pa.Field(str_matches=r"^\(.+\)$")
    period_raw: str = pa.Field(str_matches=r"^\d{4}M(0[1-9]|1[0-2])$")
    year: int = pa.Field(ge=1960, le=2100)
    month: int = pa.Field(ge=1, le=12)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "series_code", "year", "month"]

    @pa.dataframe_check(error="a value is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data)

    @pa.dataframe_check(error="a missing value's raw text is not empty, '…' or '...'")
    def missing_marks(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_not_null()
            | pl.col("value_raw").is_null()
            | pl.col("value_raw").is_in(MISSING_MARKS)
        )

    @pa.dataframe_check(error="a month lies after the release date")
    def months_before_release(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.date(pl.col("year"), pl.col("month"), 1) <= pl.col("updated_on")
        )
