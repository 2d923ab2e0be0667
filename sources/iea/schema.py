"""pandera (polars) schema of the landed IEA supply table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.common.validation import missing_iff_flagged
from sources.iea.parse import FLAGS, ROW_KINDS, SHARE_UNIT, UNITS


class MineralSupply(pa.DataFrameModel):
    """One row per value cell of the IEA supply sheet (country, Rest of world, Total, Top 3)."""

    edition: int = pa.Field(ge=2020, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=1)
    column_letter: str = pa.Field(str_matches=r"^[A-Z]{1,3}$")
    block_title: str = pa.Field(str_matches=r"^.+ - .+$")
    mineral_label: str = pa.Field(str_length={"min_value": 1})
    route_label: str = pa.Field(str_length={"min_value": 1})
    scenario: str = pa.Field(str_matches=r"^base case$")
    country_raw: str = pa.Field(str_length={"min_value": 1})
    country_name: str = pa.Field(str_length={"min_value": 1})
    row_kind: str = pa.Field(isin=ROW_KINDS)
    year: int = pa.Field(ge=2000, le=2100)
    is_projection: bool
    unit: str = pa.Field(isin=(*UNITS, SHARE_UNIT))
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    value_flag: str = pa.Field(isin=FLAGS)

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number", "column_letter"]

    @pa.dataframe_check(error="a value is missing but not flagged 'missing', or vice versa")
    def missing_flagged(cls, data) -> pl.LazyFrame:
        return missing_iff_flagged(data)

    @pa.dataframe_check(error="a top-3 share is not a fraction, or its unit is not 'share'")
    def shares_are_fractions(cls, data) -> pl.LazyFrame:
        is_share = pl.col("row_kind") == "top3_share"
        return data.lazyframe.select(
            (is_share == (pl.col("unit") == SHARE_UNIT))
            & (~is_share | pl.col("value").is_null() | (pl.col("value") <= 1))
        )
