"""pandera (polars) schema of the landed World Mining Data 1984-2017 production table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.validation import missing_iff_flagged
from sources.wmd_history.parse import FLAGS, ROW_KINDS, UNITS


class Production(pa.DataFrameModel):
    """One row per value cell of a block of the 1984-2017 compilation (country/Total x year)."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    block: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=2)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    country_raw: str = pa.Field(str_length={"min_value": 1})
    country_name: str = pa.Field(str_length={"min_value": 1})
    row_kind: str = pa.Field(isin=ROW_KINDS)
    unit: str = pa.Field(isin=UNITS)
    year: int = pa.Field(ge=1900, le=2100)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "row_number", "column_letter"]

    @pa.dataframe_check(error="a value is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data)

    @pa.dataframe_check(error="a year lies after its edition's last year (edition - 2)")
    def years_before_edition(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year") <= pl.col("edition") - 2)
