"""pandera (polars) schema of the landed World Mining Data production table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.validation import missing_iff_flagged
from sources.wmd.parse import FLAGS, ROW_KINDS, UNITS


class Production(pa.DataFrameModel):
    """One row per value cell of a WMD table 6.4 sheet (country or Total row x year)."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=3)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    country_raw: str = pa.Field(str_length={"min_value": 1})
    country_name: str = pa.Field(str_length={"min_value": 1})
    row_kind: str = pa.Field(isin=ROW_KINDS)
    unit: str = pa.Field(isin=UNITS)
    year: int = pa.Field(ge=1900, le=2100)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    data_source_raw: str = pa.Field(nullable=True)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number", "column_letter"]

    @pa.dataframe_check(error="a value is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data)

    @pa.dataframe_check(error="a year lies outside its edition's five years (edition-6..-2)")
    def years_match_edition(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("year").is_between(pl.col("edition") - 6, pl.col("edition") - 2)
        )


class Shares(pa.DataFrameModel):
    """One row per producer or Total row of a WMD table 6.5 sheet (one production year)."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=3)
    column_letter: str = pa.Field(isin=["E"])
    country_raw: str = pa.Field(str_length={"min_value": 1})
    country_name: str = pa.Field(str_length={"min_value": 1})
    row_kind: str = pa.Field(isin=ROW_KINDS)
    unit: str = pa.Field(isin=UNITS)
    year: int = pa.Field(ge=1900, le=2100)
    rank: int = pa.Field(nullable=True, ge=1)
    rank_previous_raw: str = pa.Field(nullable=True)
    value_raw: str = pa.Field(str_length={"min_value": 1})
    value: float = pa.Field(ge=0)
    share_percent: float = pa.Field(ge=0, le=100.000001)
    cumulative_share_percent: float = pa.Field(nullable=True, ge=0, le=100.000001)
    hhi_component: float = pa.Field(ge=0, le=10_000.0001)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number"]

    @pa.dataframe_check(error="table 6.5 is the production year edition-2 (2024 edition: 2022)")
    def year_matches_edition(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year") == pl.col("edition") - 2)

    @pa.dataframe_check(error="a country row without a rank, or a Total row with one")
    def ranked_countries(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("rank").is_null() == (pl.col("row_kind") == "total"))
