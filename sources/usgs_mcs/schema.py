"""pandera (polars) schemas: every USGS MCS table is validated before it lands."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.usgs_mcs.cells import UNITS
from sources.usgs_mcs.values import FLAGS

NUMERIC_FLAGS = ("reported", "estimated")


def _numbers_present(data) -> pl.LazyFrame:
    """A cell flagged as a number has a number; any other flag has none."""
    return data.lazyframe.select(
        pl.col("value").is_not_null() == pl.col("value_flag").is_in(NUMERIC_FLAGS)
    )


class _Cells(pa.DataFrameModel):
    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    line_number: int = pa.Field(ge=1)
    column_name: str = pa.Field(str_length={"min_value": 1})
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True)
    value_lower: float = pa.Field(nullable=True)
    value_upper: float = pa.Field(nullable=True)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "line_number", "column_name"]


class WorldProduction(_Cells):
    """One row per value cell of a world production/capacity/reserves table."""

    source_label: str = pa.Field(nullable=True)
    commodity_code: str = pa.Field(str_matches=r"^[a-z]+(-[a-z]+)*$")
    country_raw: str
    country_name: str = pa.Field(str_length={"min_value": 1})
    type_raw: str
    type_name: str
    measure: str = pa.Field(str_matches=r"^(Prod|Cap|Reserves)(_\w+)?$|^unnamed$")
    unit: str = pa.Field(isin=(*UNITS, ""))
    year: int = pa.Field(nullable=True, ge=1990, le=2100)
    is_estimate_column: bool
    notes: str = pa.Field(nullable=True)

    @pa.dataframe_check(error="a number-flagged cell has no value, or another flag has one")
    def numbers_present(cls, data) -> pl.LazyFrame:
        return _numbers_present(data)


class SalientStatistics(_Cells):
    """One row per value cell of a US salient-statistics table."""

    commodity_code: str = pa.Field(str_matches=r"^[a-z]+(-[a-z]+)*$")
    commodity: str = pa.Field(str_length={"min_value": 1})
    year: int = pa.Field(ge=1990, le=2100)
    year_raw: str
    statistic: str = pa.Field(str_length={"min_value": 1})
    detail: str
    unit: str

    @pa.dataframe_check(error="a number-flagged cell has no value, or another flag has one")
    def numbers_present(cls, data) -> pl.LazyFrame:
        return _numbers_present(data)


class IndustryTrends(_Cells):
    """One row per cell of an industry-trends table (T1-T5, figures); text cells kept."""

    table_name: str = pa.Field(str_length={"min_value": 1})


class ImportSources(pa.DataFrameModel):
    """One row per supplier share of US imports (MCS2026 "Import Sources", percent)."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    line_number: int = pa.Field(ge=1)
    chapter: str = pa.Field(str_length={"min_value": 1})
    commodity: str = pa.Field(str_length={"min_value": 1})
    commodity_code: str = pa.Field(str_matches=r"^[a-z]+(-[a-z]+)*$")
    country_raw: str
    country_name: str = pa.Field(str_length={"min_value": 1})
    detail: str
    period_raw: str
    year_start: int = pa.Field(ge=1990, le=2100)
    year_end: int = pa.Field(ge=1990, le=2100)
    unit: str
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0, le=100)
    value_lower: float = pa.Field(nullable=True, ge=0, le=100)
    value_upper: float = pa.Field(nullable=True, ge=0, le=100)
    value_flag: str = pa.Field(isin=FLAGS)
    notes: str

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "line_number"]

    @pa.dataframe_check(error="year_end is before year_start")
    def period_ordered(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year_end") >= pl.col("year_start"))

    @pa.dataframe_check(error="a number-flagged cell has no value, or another flag has one")
    def numbers_present(cls, data) -> pl.LazyFrame:
        return _numbers_present(data)


SCHEMAS = {
    "world": WorldProduction,
    "salient": SalientStatistics,
    "trends": IndustryTrends,
    "import_sources": ImportSources,
}
