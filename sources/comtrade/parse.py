"""Parsers for UN Comtrade extracts: the atlas pulls (two header variants) and the API CSV layout.

Both become the same records frame (sources/comtrade/schema.py); the API JSON client
(sources/comtrade/api.py) produces it too.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.common.frames import cast_checked, read_csv_checked

SOURCE = "comtrade"
_YEAR_IN_NAME = re.compile(r"(19|20)\d{2}")

ATLAS_2022 = ["year", "reporter", "partner", "cmd", "flow", "value", "netwgt", "qty", "qtyunit"]
ATLAS_2024 = ["reporter", "partner", "cmd", "flow", "value", "netwgt"]
API_COLUMNS = {
    "period": "year",
    "reporterCode": "reporter_code",
    "partnerCode": "partner_code",
    "flowCode": "flow_code",
    "cmdCode": "hs6",
    "primaryValue": "value_usd",
    "netWgt": "net_weight_kg",
    "qty": "quantity",
    "qtyUnitAbbr": "quantity_unit",
}
ATLAS_COLUMNS = {
    "year": "year",
    "reporter": "reporter_code",
    "partner": "partner_code",
    "flow": "flow_code",
    "cmd": "hs6",
    "value": "value_usd",
    "netwgt": "net_weight_kg",
    "qty": "quantity",
    "qtyunit": "quantity_unit",
}
NUMBERS = {
    "year": pl.Int64,
    "reporter_code": pl.Int64,
    "partner_code": pl.Int64,
    "value_usd": pl.Float64,
    "net_weight_kg": pl.Float64,
    "quantity": pl.Float64,
}
COLUMN_ORDER = [
    "source_file",
    "line_number",
    "layout",
    "year",
    "reporter_code",
    "partner_code",
    "flow_code",
    "hs6",
    "value_usd",
    "net_weight_kg",
    "quantity",
    "quantity_unit",
]


def _year_from_name(path: Path) -> str:
    match = _YEAR_IN_NAME.search(path.name)
    if not match:
        raise SourceDataError(SOURCE, path.name, "no year column and no year in the file name")
    return match.group(0)


def _layout(path: Path, header: list[str]) -> tuple[str, dict[str, str]]:
    if header in (ATLAS_2022, ATLAS_2024):
        return "atlas_csv", {k: v for k, v in ATLAS_COLUMNS.items() if k in header}
    if set(API_COLUMNS) - {"qtyUnitAbbr"} <= set(header):
        return "api_csv", {k: v for k, v in API_COLUMNS.items() if k in header}
    raise SourceDataError(
        SOURCE,
        path.name,
        f"header {','.join(header[:9])}... is neither the atlas layout ({','.join(ATLAS_2022)}) "
        f"nor the Comtrade API layout ({','.join(API_COLUMNS)} ...)",
        line=1,
    )


def read_records(path: Path) -> pl.DataFrame:
    """One row per published record, as text first, then checked numbers (errors name lines)."""
    frame = read_csv_checked(SOURCE, path, path.name, infer_schema=False, encoding="utf8")
    layout, renames = _layout(path, frame.columns)
    frame = (
        frame.select(list(renames))
        .rename(renames)
        .with_columns(
            pl.lit(path.name).alias("source_file"),
            (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("line_number"),
            pl.lit(layout).alias("layout"),
        )
    )
    if "year" not in frame.columns:
        frame = frame.with_columns(pl.lit(_year_from_name(path)).alias("year"))
    if "quantity" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("quantity"))
    if "quantity_unit" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("quantity_unit"))
    frame = cast_checked(frame, NUMBERS, source=SOURCE, source_file=path.name)
    return frame.with_columns(
        pl.col("flow_code").str.strip_chars(),
        pl.col("hs6").str.strip_chars().str.zfill(6),
        pl.col("quantity_unit").str.strip_chars().replace("", None),
    ).select(COLUMN_ORDER)
