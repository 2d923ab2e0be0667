"""pandera (polars) schema of the landed USGS Minerals Yearbook world-table cells."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.usgs_myb.parse import EDITIONS, FLAGS


class WorldCells(pa.DataFrameModel):
    """One row per value cell of a world production or capacity table (row x year column)."""

    edition: int = pa.Field(isin=EDITIONS)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    table_id: str = pa.Field(str_matches=r"^T\d{1,2}$")
    table_title: str = pa.Field(str_length={"min_value": 1})
    unit_line: str = pa.Field(str_matches=r"^\(.+\)$")
    row_number: int = pa.Field(ge=2)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,2}$")
    row_group: str = pa.Field(nullable=True)
    group_row: int = pa.Field(nullable=True, ge=2)
    group_footnote: str = pa.Field(nullable=True)
    label_raw: str = pa.Field(str_length={"min_value": 1})
    country_raw: str = pa.Field(str_length={"min_value": 1})
    footnote: str = pa.Field(nullable=True)
    measure: str = pa.Field(nullable=True)
    year: int = pa.Field(ge=2012, le=2020)
    year_header: str = pa.Field(str_length={"min_value": 4})
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    flag_raw: str = pa.Field(nullable=True)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number", "column_letter"]

    @pa.dataframe_check(error="a value is null but flagged as a number, or vice versa")
    def null_iff_flagged(cls, data) -> pl.LazyFrame:
        null_flags = ["missing", "withheld", "not_available", "footnote_reference"]
        return data.lazyframe.select(
            pl.col("value").is_null() == pl.col("value_flag").is_in(null_flags)
        )

    @pa.dataframe_check(error="a year lies after its edition (a yearbook reports up to its year)")
    def years_within_edition(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("year") <= pl.col("edition")) & (pl.col("year") >= pl.col("edition") - 4)
        )
