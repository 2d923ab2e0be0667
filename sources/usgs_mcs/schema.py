"""pandera (polars) schemas: every USGS MCS table is validated before it lands."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.usgs_mcs.parse import UNITS
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


SCHEMAS = {
    "world": WorldProduction,
    "salient": SalientStatistics,
    "trends": IndustryTrends,
}
