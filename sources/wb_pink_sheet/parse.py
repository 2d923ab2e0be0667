"""World Bank Pink Sheet, monthly: sheet ``Monthly Prices`` -> one row per series x month.

The sheet (``CMO-Historical-Data-Monthly.xlsx``) is laid out as:

* rows 1-3: title lines; row 4: ``Updated on <Month DD, YYYY>`` (the release date; its year
  is the edition);
* row 5: series names (``**`` after a name marks a change of methodology), row 6: units
  (``($/mt)``), row 7: series codes (``NICKEL``), from column B on, one column per series;
* from row 8: one row per month, ``1960M01`` in column A, a price in each series column.

Columns are found by the header rows, never assumed. Rules (sources/wb_pink_sheet/snapshot/
PROVENANCE.md):

* every series x month cell becomes one row; a number is flagged ``reported``; the World Bank's
  missing marks (``…`` or ``...``) and empty cells are landed as null with flag ``missing``,
  their text kept in ``value_raw``;
* ``**`` is taken off the name and kept as ``methodology_change``;
* a header cell missing, a duplicated code, a month out of sequence, a text or negative price,
  or a cell beyond the last series column is an error naming file, row and column.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview
from sources.common.workbook import open_workbook

SOURCE = "wb_pink_sheet"
SHEET = "Monthly Prices"
UPDATED_ROW, NAME_ROW, UNIT_ROW, CODE_ROW = 4, 5, 6, 7
FIRST_DATA_ROW = 8
FIRST_SERIES_COL = 2  # column B
MISSING_MARKS = ("…", "...")
METHODOLOGY_MARK = "**"
FLAGS = ("reported", "missing")
_PERIOD = re.compile(r"^(\d{4})M(\d{2})$")
_UPDATED = re.compile(r"^Updated on (.+)$")

COLUMNS = {
    "edition": pl.Int64,
    "updated_on": pl.Date,
    "source_file": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "series_code": pl.String,
    "series_name": pl.String,
    "methodology_change": pl.Boolean,
    "unit_raw": pl.String,
    "period_raw": pl.String,
    "year": pl.Int64,
    "month": pl.Int64,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_flag": pl.String,
}


def _error(file: str, message: str, row: int | None = None, col: int | None = None):
    column = get_column_letter(col) if col else None
    return SourceDataError(SOURCE, file, f"sheet {SHEET!r}: {message}", line=row, column=column)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _cell(rows: list[tuple], row: int, col: int) -> object:
    values = rows[row - 1] if row <= len(rows) else ()
    return values[col - 1] if col <= len(values) else None


def updated_on(file: str, rows: list[tuple]) -> date:
    """The release date of row 4 (``Updated on December 02, 2025``)."""
    text = _text(_cell(rows, UPDATED_ROW, 1)) or ""
    found = _UPDATED.match(text)
    try:
        return datetime.strptime(found.group(1), "%B %d, %Y").date()  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        raise _error(
            file,
            f"{preview(text)} is not a release date; expected 'Updated on <Month DD, YYYY>'",
            UPDATED_ROW,
            1,
        ) from None


def series_columns(file: str, rows: list[tuple]) -> list[tuple[int, str, str, bool, str]]:
    """(column, code, name, methodology_change, unit) of every series, from rows 5-7."""
    series: list[tuple[int, str, str, bool, str]] = []
    seen: dict[str, int] = {}
    col = FIRST_SERIES_COL
    while (code := _text(_cell(rows, CODE_ROW, col))) is not None:
        name = _text(_cell(rows, NAME_ROW, col))
        unit = _text(_cell(rows, UNIT_ROW, col))
        for row, found, what in ((NAME_ROW, name, "series name"), (UNIT_ROW, unit, "unit")):
            if found is None:
                raise _error(file, f"series {code!r} has no {what}", row, col)
        if code in seen:
            where = get_column_letter(seen[code])
            raise _error(file, f"series code {code!r} already in column {where}", CODE_ROW, col)
        seen[code] = col
        marked = name.endswith(METHODOLOGY_MARK)  # type: ignore[union-attr]
        clean = name.removesuffix(METHODOLOGY_MARK).strip() if marked else name
        series.append((col, code, str(clean), marked, str(unit)))
        col += 1
    if not series:
        raise _error(file, "no series code; expected codes (e.g. 'NICKEL') from B7", CODE_ROW, 2)
    return series


def _value(file: str, raw: object, row: int, col: int) -> tuple[str | None, float | None]:
    """(value_raw, value) of a price cell; a missing mark keeps its text, value None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, str) and raw.strip() in MISSING_MARKS:
        return raw, None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _error(
            file,
            f"value {preview(str(raw))} is not a price (expected a number or a missing mark "
            f"{' or '.join(map(repr, MISSING_MARKS))})",
            row,
            col,
        )
    if raw < 0:
        raise _error(file, f"negative price {raw!r}; expected >= 0", row, col)
    return str(raw), float(raw)


def _month(file: str, raw: object, row: int, previous: tuple[int, int] | None) -> tuple[int, int]:
    found = _PERIOD.match(_text(raw) or "")
    month = (int(found.group(1)), int(found.group(2))) if found else None
    if month is None or not 1 <= month[1] <= 12:
        raise _error(file, f"period {preview(str(raw))} is not a month like '1960M01'", row, 1)
    if previous is not None:
        expected = (previous[0] + previous[1] // 12, previous[1] % 12 + 1)
        if month != expected:
            raise _error(
                file,
                f"period {raw!r} does not follow {previous[0]}M{previous[1]:02d}; "
                f"expected {expected[0]}M{expected[1]:02d}",
                row,
                1,
            )
    return month


def parse_rows(file: str, rows: list[tuple]) -> pl.DataFrame:
    """The sheet's rows as value tuples (row 1 first) -> one row per series x month."""
    released = updated_on(file, rows)
    series = series_columns(file, rows)
    last_col = series[-1][0]
    out: list[dict[str, object]] = []
    previous: tuple[int, int] | None = None
    for number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        values = tuple(values)
        if all(_text(v) is None for v in values):
            continue
        previous = _month(file, values[0] if values else None, number, previous)
        extra = [c for c, v in enumerate(values[last_col:], start=last_col + 1) if _text(v)]
        if extra:
            raise _error(
                file,
                f"cell {preview(str(values[extra[0] - 1]))} beyond the last series column "
                f"({get_column_letter(last_col)}, {series[-1][1]})",
                number,
                extra[0],
            )
        for col, code, name, marked, unit in series:
            raw, value = _value(file, values[col - 1] if col <= len(values) else None, number, col)
            out.append(
                {
                    "edition": released.year,
                    "updated_on": released,
                    "source_file": file,
                    "row_number": number,
                    "column_letter": get_column_letter(col),
                    "series_code": code,
                    "series_name": name,
                    "methodology_change": marked,
                    "unit_raw": unit,
                    "period_raw": _text(values[0]),
                    "year": previous[0],
                    "month": previous[1],
                    "value_raw": raw,
                    "value": value,
                    "value_flag": "missing" if value is None else "reported",
                }
            )
    if not out:
        raise _error(file, "no month rows; expected '1960M01' ... from row 8", FIRST_DATA_ROW, 1)
    return pl.DataFrame(out, schema=COLUMNS)


def parse_workbook(path: Path) -> pl.DataFrame:
    """Sheet ``Monthly Prices`` of a Pink Sheet monthly workbook."""
    path = Path(path)
    with open_workbook(path, source=SOURCE) as workbook:
        if SHEET not in workbook.sheetnames:
            raise SourceDataError(
                SOURCE, path.name, f"no sheet {SHEET!r}; found {workbook.sheetnames}"
            )
        rows = list(workbook[SHEET].iter_rows(values_only=True))
    return parse_rows(path.name, rows)
