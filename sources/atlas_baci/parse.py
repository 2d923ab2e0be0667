"""The atlas's BACI extract (``baci_<year>.csv``: ``i,j,cmd,value``) -> one row per line.

``i`` and ``j`` are the exporter and importer as BACI's ISO3-like codes (mapped by the
collector from the numeric codes), ``cmd`` the HS6 code, ``value`` USD (BACI's thousand USD
x 1000). The year is only in the file name. Codes are mapped to ISO3 in dbt (seed
trade_country_codes, code system baci_iso3); a missing column, a value that is not a number,
a code of the wrong shape or a repeated flow is an error naming file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.atlas_flows.atlas import RELEASE
from sources.common.errors import SourceDataError
from sources.common.frames import cast_checked, read_csv_checked, require_columns

SOURCE = "atlas_baci"
FILE_NAME = re.compile(r"^baci_(\d{4})\.csv$")
HEADER = ["i", "j", "cmd", "value"]
HS_REVISION = "HS17"
CODE = re.compile(r"^[A-Z0-9]{3}$")


def year_of(path: Path) -> int:
    match = FILE_NAME.match(path.name)
    if not match:
        raise SourceDataError(SOURCE, path.name, "file name is not baci_<year>.csv")
    return int(match.group(1))


def _check_codes(frame: pl.DataFrame, name: str) -> None:
    for column, what in (("i", "exporter"), ("j", "importer"), ("cmd", "HS6 code")):
        pattern = r"^\d{6}$" if column == "cmd" else CODE.pattern
        bad = frame.filter(~pl.col(column).fill_null("").str.contains(pattern))
        if bad.height:
            raise SourceDataError(
                SOURCE,
                name,
                f"{what} {bad[column][0]!r} is not "
                + ("six digits" if column == "cmd" else "a three-character BACI ISO3 code"),
                line=bad["line_number"][0],
                column=column,
            )


def parse_file(path: Path, *, edition: int) -> pl.DataFrame:
    """One row per line of the extract (line_number: the CSV line, header = 1)."""
    frame = read_csv_checked(SOURCE, path, path.name, infer_schema=False, encoding="utf8")
    require_columns(frame.columns, HEADER, source=SOURCE, source_file=path.name)
    frame = frame.select(HEADER).with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("line_number"),
        pl.col("i", "j", "cmd").str.strip_chars(),
    )
    _check_codes(frame, path.name)
    frame = cast_checked(frame, {"value": pl.Float64}, source=SOURCE, source_file=path.name)
    duplicated = frame.filter(pl.struct("i", "j", "cmd").is_duplicated())
    if duplicated.height:
        first = duplicated.row(0, named=True)
        raise SourceDataError(
            SOURCE,
            path.name,
            f"flow {first['i']} -> {first['j']} {first['cmd']} appears on "
            f"{duplicated.height} lines; expected one line per flow",
            line=first["line_number"],
        )
    return frame.select(
        pl.lit(edition, dtype=pl.Int64).alias("edition"),
        pl.lit(path.name).alias("source_file"),
        "line_number",
        pl.lit(year_of(path), dtype=pl.Int64).alias("year"),
        pl.lit(RELEASE).alias("release"),
        pl.lit(HS_REVISION).alias("hs_revision"),
        pl.col("i").alias("exporter_code"),
        pl.col("j").alias("importer_code"),
        pl.col("cmd").alias("hs6"),
        pl.col("value").alias("value_usd"),
    )
