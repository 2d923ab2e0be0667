"""The re-keyed MOFCOM item table (``mofcom_items.csv``) -> one row per item.

The CSV (UTF-8, LF, one row per item) is read as text; nothing is re-coded:

* ``notice_zh``, ``item_zh``, ``control_code`` and ``cn_hs_as_given`` stay verbatim (``—`` in
  ``control_code`` = no code given; category words such as ``技术`` are kept);
* ``cn_hs_codes`` (semicolon-separated) must hold 8- or 10-digit CN codes only;
* ``status`` is one of active / paused / info; a paused item names its pause notice and end;
* ``item_en`` and ``mineral`` are the librarian's gloss and tag (``*_librarian`` columns).

A bad cell is an error naming the file, line, column, value and what was expected.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError, preview
from sources.common.frames import cast_checked, read_csv_checked, require_columns

SOURCE = "mofcom_controls"
COLUMNS = [
    "announcement_id",
    "notice_zh",
    "date_announced",
    "date_effective",
    "status",
    "status_zh",
    "pause_notice",
    "pause_announced",
    "pause_end_date",
    "item_no",
    "item_zh",
    "item_en",
    "mineral",
    "control_code",
    "cn_hs_codes",
    "cn_hs_as_given",
    "control_type",
    "source_url",
    "source_url_app",
]
STATUSES = ("active", "paused", "info")
CONTROL_TYPES = ("item_control", "technology_control", "entity_measure", "status_adjustment")
NO_CODE = "—"
CN_CODE = re.compile(r"^(\d{8}|\d{10})$")
DATES = ("date_announced", "date_effective", "pause_announced", "pause_end_date")


def _fail(name: str, row: dict, column: str, message: str) -> SourceDataError:
    return SourceDataError(SOURCE, name, message, line=row["line_number"], column=column)


def _check_rows(frame: pl.DataFrame, name: str) -> None:
    for row in frame.iter_rows(named=True):
        if row["status"] not in STATUSES:
            raise _fail(
                name, row, "status", f"value {preview(str(row['status']))} is not one of {STATUSES}"
            )
        for code in (row["cn_hs_codes"] or "").split(";") if row["cn_hs_codes"] else ():
            if not CN_CODE.match(code):
                raise _fail(
                    name,
                    row,
                    "cn_hs_codes",
                    f"code {preview(code)} is not an 8- or 10-digit CN tariff line "
                    "(codes are separated by ';')",
                )


def _dates(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """ISO dates (YYYY-MM-DD); an empty cell is null, anything else an error naming the line."""
    for column in DATES:
        converted = pl.col(column).str.to_date("%Y-%m-%d", strict=False)
        bad = frame.filter(converted.is_null() & pl.col(column).is_not_null())
        if bad.height:
            row = bad.row(0, named=True)
            raise _fail(name, row, column, f"value {preview(row[column])} is not a date YYYY-MM-DD")
        frame = frame.with_columns(converted.alias(column))
    return frame


def parse_items(path: Path, *, edition: int) -> pl.DataFrame:
    """Read ``path`` (the re-keyed item CSV) into the landed table."""
    path = Path(path)
    name = path.name
    frame = read_csv_checked(SOURCE, path, name, infer_schema_length=0)
    require_columns(frame.columns, COLUMNS, source=SOURCE, source_file=name)
    frame = frame.select(COLUMNS).with_row_index("line_number", offset=2)
    frame = frame.with_columns(pl.col("line_number").cast(pl.Int64))
    frame = cast_checked(frame, {"item_no": pl.Int64}, source=SOURCE, source_file=name)
    frame = _dates(frame, name)
    _check_rows(frame, name)
    return frame.rename({"item_en": "item_en_librarian", "mineral": "mineral_librarian"}).select(
        pl.lit(SOURCE).alias("source"),
        pl.lit(edition).cast(pl.Int64).alias("edition"),
        pl.lit(name).alias("source_file"),
        pl.all(),
    )
