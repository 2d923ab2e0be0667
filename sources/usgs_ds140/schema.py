"""pandera (polars) schemas of the landed USGS Data Series 140 tables."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.usgs_ds140.parse import FLAGS, PRICE_BASES


class Observations(pa.DataFrameModel):
    """One row per cell (JSON: numeric cells only) of a DS140 worksheet column x year."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    commodity: str = pa.Field(str_matches=r"^[a-z0-9-]+$")
    workbook_year: int = pa.Field(ge=2000, le=2100)
    worksheet: str = pa.Field(str_length={"min_value": 1})
    header_row: int = pa.Field(ge=1)
    column_number: int = pa.Field(ge=2)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    column_label: str = pa.Field(str_length={"min_value": 1})
    measure_id: str = pa.Field(str_length={"min_value": 1})
    unit: str = pa.Field(str_length={"min_value": 1})
    price_basis: str = pa.Field(isin=PRICE_BASES)
    year: int = pa.Field(ge=1861, le=2100)
    row_number: int = pa.Field(ge=2)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "worksheet", "column_number", "year"]

    @pa.dataframe_check(error="a value is null but flagged 'reported', or vice versa")
    def null_iff_not_reported(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_null() == (pl.col("value_flag") != "reported")
        )

    @pa.dataframe_check(error="a row lies below its worksheet's header row")
    def below_header(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("row_number") > pl.col("header_row"))


class Measures(pa.DataFrameModel):
    """One row per file x worksheet x column, with the counts of its non-numeric cells."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    commodity: str = pa.Field(str_matches=r"^[a-z0-9-]+$")
    worksheet: str = pa.Field(str_length={"min_value": 1})
    column_number: int = pa.Field(ge=2)
    column_label: str = pa.Field(str_length={"min_value": 1})
    measure_id: str = pa.Field(str_length={"min_value": 1})
    unit: str = pa.Field(str_length={"min_value": 1})
    price_basis: str = pa.Field(isin=PRICE_BASES)
    observation_count: int = pa.Field(ge=0)
    year_start: int = pa.Field(nullable=True, ge=1861, le=2100)
    year_end: int = pa.Field(nullable=True, ge=1861, le=2100)
    missing_blank: int = pa.Field(ge=0)
    missing_not_available: int = pa.Field(ge=0)
    missing_withheld: int = pa.Field(ge=0)
    missing_other_nonnumeric: int = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "worksheet", "column_number"]


class Commodities(pa.DataFrameModel):
    """One row per commodity of the library's catalog."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    commodity: str = pa.Field(str_matches=r"^[a-z0-9-]+$", unique=True)
    title: str = pa.Field(str_length={"min_value": 1})
    update_year: int = pa.Field(ge=2000, le=2100)
    download_url: str = pa.Field(str_startswith="https://")
    series_count: int = pa.Field(ge=0)
    measure_count: int = pa.Field(ge=0)
    observation_count: int = pa.Field(ge=0)
    year_start: int = pa.Field(ge=1861, le=2100)
    year_end: int = pa.Field(ge=1861, le=2100)

    class Config:
        strict = True
        coerce = False
