"""pandera (polars) schema of the landed WITS rows (partner rows and World rows alike)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

# export_value_usd is export_value_1000usd x 1000; float noise of the author's product aside
VALUE_PRODUCT_TOLERANCE_USD = 0.5


class WitsRows(pa.DataFrameModel):
    """One row per WITS record: China's exports of one HS6 code to a partner (or World) in a
    year, as China reports them."""

    edition: int = pa.Field(ge=2000, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    sheet: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=2)
    wits_file: str = pa.Field(str_length={"min_value": 1})
    partner: str = pa.Field(str_length={"min_value": 1})
    year: int = pa.Field(ge=1990, le=2100)
    reporter: str = pa.Field(isin=["China"])
    trade_flow: str = pa.Field(isin=["Export"])
    hs6: str = pa.Field(str_matches=r"^\d{6}$")
    product_description: str
    export_value_1000usd: float = pa.Field(ge=0)
    export_value_usd: float = pa.Field(ge=0)
    quantity_kg: float = pa.Field(ge=0)
    quantity_unit: str = pa.Field(isin=["Kg"])

    class Config:
        strict = True
        coerce = False
        unique = ["source_file", "sheet", "row_number"]

    @pa.dataframe_check(error="export_value_usd is not export_value_1000usd x 1000")
    def usd_is_thousands(cls, data) -> pl.LazyFrame:
        gap = (pl.col("export_value_usd") - pl.col("export_value_1000usd") * 1000).abs()
        return data.lazyframe.select(gap <= VALUE_PRODUCT_TOLERANCE_USD)


class PartnerFlows(WitsRows):
    class Config:
        unique = ["hs6", "partner", "year"]


class WorldRows(WitsRows):
    partner: str = pa.Field(isin=["World"])

    class Config:
        unique = ["hs6", "year"]
