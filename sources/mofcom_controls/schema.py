"""pandera (polars) schema of the landed MOFCOM item table."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

from sources.mofcom_controls.parse import CONTROL_TYPES, STATUSES


class Items(pa.DataFrameModel):
    """One row per item of a MOFCOM announcement (announcement_id x item_no)."""

    source: str = pa.Field(isin=["mofcom_controls"])
    edition: int = pa.Field(ge=2023, le=2100)
    source_file: str = pa.Field(str_length={"min_value": 1})
    line_number: int = pa.Field(ge=2)
    announcement_id: str = pa.Field(str_matches=r"^20\d\d-\d{1,3}$")
    notice_zh: str = pa.Field(str_matches=r"^20\d\d年第\d+号公告$")
    date_announced: dt.date
    date_effective: dt.date = pa.Field(nullable=True)
    status: str = pa.Field(isin=STATUSES)
    status_zh: str = pa.Field(str_length={"min_value": 1})
    pause_notice: str = pa.Field(nullable=True)
    pause_announced: dt.date = pa.Field(nullable=True)
    pause_end_date: dt.date = pa.Field(nullable=True)
    item_no: int = pa.Field(ge=0)
    item_zh: str = pa.Field(str_length={"min_value": 1})
    item_en_librarian: str = pa.Field(str_length={"min_value": 1})
    mineral_librarian: str = pa.Field(str_length={"min_value": 1})
    control_code: str = pa.Field(str_length={"min_value": 1})
    cn_hs_codes: str = pa.Field(nullable=True, str_matches=r"^\d{8}(\d\d)?(;\d{8}(\d\d)?)*$")
    cn_hs_as_given: str = pa.Field(str_length={"min_value": 1})
    control_type: str = pa.Field(isin=CONTROL_TYPES)
    source_url: str = pa.Field(str_startswith="https://")
    source_url_app: str = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = False
        unique = ["announcement_id", "item_no"]

    @pa.dataframe_check(error="a paused item lacks its pause notice, pause date or end date")
    def paused_has_dates(cls, data) -> pl.LazyFrame:
        paused = pl.col("status") == "paused"
        complete = (
            pl.col("pause_notice").is_not_null()
            & pl.col("pause_announced").is_not_null()
            & pl.col("pause_end_date").is_not_null()
        )
        return data.lazyframe.select(~paused | complete)

    @pa.dataframe_check(error="the notice number differs from announcement_id")
    def notice_matches_id(cls, data) -> pl.LazyFrame:
        year, number = (pl.col("announcement_id").str.split("-").list.get(i) for i in (0, 1))
        expected = pl.concat_str(year, pl.lit("年第"), number, pl.lit("号公告"))
        return data.lazyframe.select(pl.col("notice_zh") == expected)
