"""pandera (polars) schemas of the landed atlas trade summaries."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sources.atlas_summaries.parse import SIDES

VINTAGES = ["HS02", "HS17"]


class WorldTotals(pa.DataFrameModel):
    """One row per file x HS6 code x year: world totals, export HHI (0-1), China's share."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    hs6: str = pa.Field(str_matches=r"^[0-9]{6}$")
    code_title: str = pa.Field(nullable=True)
    year: int = pa.Field(ge=1995, le=2100)
    hs_vintage: str = pa.Field(isin=VINTAGES)
    world_usd: float = pa.Field(gt=0)
    world_tonnes: float = pa.Field(ge=0)
    n_flows: int = pa.Field(gt=0)
    china_export_share: float = pa.Field(ge=0, le=1)
    export_hhi: float = pa.Field(ge=0, le=1)

    class Config:
        strict = True
        coerce = False
        unique = ["hs6", "year"]


class TopPartners(pa.DataFrameModel):
    """One row per file x HS6 code x year x side x rank (top 8): not bilateral flows."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    hs6: str = pa.Field(str_matches=r"^[0-9]{6}$")
    year: int = pa.Field(ge=1995, le=2100)
    side: str = pa.Field(isin=list(SIDES.values()))
    rank: int = pa.Field(ge=1, le=8)
    partner_iso2: str = pa.Field(str_matches=r"^[A-Z0-9]{2}$")
    partner_name: str = pa.Field(str_length={"min_value": 1})
    value_usd: float = pa.Field(ge=0)
    share: float = pa.Field(ge=0, le=1)

    class Config:
        strict = True
        coerce = False
        unique = ["hs6", "year", "side", "rank"]

    @pa.dataframe_check(error="a top-8 list is not in descending order of value")
    def descending(cls, data) -> pl.LazyFrame:
        previous = pl.col("value_usd").shift(1).over(["hs6", "year", "side"], order_by="rank")
        return data.lazyframe.select(previous.is_null() | (previous >= pl.col("value_usd")))
