"""World Mining Data table 6.4: one sheet per commodity, one row per value cell.

Each sheet: row 1 a title (``6.4. Production of Mineral Raw Materials ...``), row 2 the header
``Country | unit | <five years> | data source`` (2017 edition: ``Sources of data``), then one
row per country and a final ``Total`` row. Columns are found by their header names, never by
letter, so a changed layout fails loudly.

Rules (documented in sources/wmd/snapshot/PROVENANCE.md):

* every value cell of a country or Total row becomes one row, labelled by ``row_kind``;
* an empty value cell is landed as null with flag ``missing`` (not a zero); only wholly empty
  rows are skipped;
* the data-source flag (r/e/p or reported/estimate/provisional) is per country row and copied
  to each of its year cells; the Total row has none and is flagged ``reported`` (the published
  sum);
* a text or negative value, an unknown unit or flag, a row without a country, a missing
  Total row or anything after it, or a changed header is an error naming file, sheet, row and
  column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError
from sources.common.workbook import open_workbook

SOURCE = "wmd"
TITLE_START = "6.4. Production of Mineral Raw Materials"
UNITS = ("metr. t", "kg", "ct", "Mio m3", "Mio m³")
FLAG_CODES = {
    "r": "reported",
    "reported": "reported",
    "e": "estimated",
    "estimate": "estimated",
    "estimated": "estimated",
    "p": "provisional",
    "provisional": "provisional",
}
FLAGS = ("reported", "estimated", "provisional", "missing")
FLAG_HEADERS = ("data source", "sources of data")
ROW_KINDS = ("country", "total")
N_YEARS = 5

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "country_raw": pl.String,
    "country_name": pl.String,
    "row_kind": pl.String,
    "unit": pl.String,
    "year": pl.Int64,
    "value_raw": pl.String,
    "value": pl.Float64,
    "data_source_raw": pl.String,
    "value_flag": pl.String,
}


def edition_from_years(years: list[int]) -> int:
    """WMD edition N tabulates the five years N-6 .. N-2 (2020: 2014-2018; 2017: 2011-2015)."""
    return max(years) + 2


def _error(file: str, sheet: str, message: str, row: int | None = None, col: int | None = None):
    column = get_column_letter(col) if col else None
    return SourceDataError(SOURCE, file, f"sheet {sheet!r}: {message}", line=row, column=column)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _years(file: str, sheet: str, header: tuple) -> list[int]:
    cells = [_text(v) for v in header]
    expected = "Country | unit | <5 years> | data source"
    if len(cells) < 3 + N_YEARS or (cells[0] or "").lower() != "country":
        raise _error(file, sheet, f"header {cells} is not {expected!r}", 2, 1)
    if (cells[1] or "").lower() != "unit":
        raise _error(file, sheet, f"header cell {cells[1]!r} is not 'unit'", 2, 2)
    years = []
    for offset in range(N_YEARS):
        col = 3 + offset
        text = cells[col - 1] or ""
        if not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise _error(file, sheet, f"header cell {text!r} is not a year ({expected})", 2, col)
        years.append(int(text))
    flag_col = 3 + N_YEARS
    if (cells[flag_col - 1] or "").lower() not in FLAG_HEADERS:
        raise _error(
            file,
            sheet,
            f"header cell {cells[flag_col - 1]!r} is not one of {FLAG_HEADERS}",
            2,
            flag_col,
        )
    extra = [i for i, c in enumerate(cells[flag_col:], start=flag_col + 1) if c is not None]
    if extra:
        raise _error(file, sheet, f"unexpected header cell {cells[extra[0] - 1]!r}", 2, extra[0])
    return years


def _value(file: str, sheet: str, raw: object, row: int, col: int) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _error(
            file,
            sheet,
            f"value {raw!r} is not a number (expected a number or an empty cell)",
            row,
            col,
        )
    if raw < 0:
        raise _error(file, sheet, f"negative production {raw!r}; expected >= 0", row, col)
    return float(raw)


def parse_sheet(
    file: str, sheet: str, rows: list[tuple], *, edition: int | None = None
) -> pl.DataFrame:
    """One commodity sheet (its rows as value tuples, row 1 first) -> one row per value cell."""
    if not rows or not (_text(rows[0][0] if rows[0] else None) or "").startswith(TITLE_START):
        got = _text(rows[0][0]) if rows and rows[0] else None
        raise _error(file, sheet, f"title {got!r} does not start with {TITLE_START!r}", 1, 1)
    if len(rows) < 2:
        raise _error(file, sheet, "no header row", 2, 1)
    years = _years(file, sheet, rows[1])
    edition = edition or edition_from_years(years)
    flag_col = 3 + N_YEARS
    out: list[dict[str, object]] = []
    total_row: int | None = None
    for number, values in enumerate(rows[2:], start=3):
        values = tuple(values) + (None,) * max(0, flag_col - len(values))
        if all(_text(v) is None for v in values):
            continue
        if total_row is not None:
            col = next(i for i, v in enumerate(values, start=1) if _text(v) is not None)
            raise _error(
                file,
                sheet,
                f"row after the Total row (row {total_row}); expected none",
                number,
                col,
            )
        country = _text(values[0])
        if country is None:
            raise _error(file, sheet, "row has values but no country", number, 1)
        kind = "total" if country.lower() == "total" else "country"
        if kind == "total":
            total_row = number
        unit = _text(values[1])
        if unit not in UNITS:
            raise _error(file, sheet, f"unknown unit {unit!r}; expected one of {UNITS}", number, 2)
        flag_raw = _text(values[flag_col - 1])
        if flag_raw is None:
            row_flag = "reported" if kind == "total" else None
            if row_flag is None:
                raise _error(
                    file, sheet, "country row has no data-source flag (r/e/p)", number, flag_col
                )
        else:
            row_flag = FLAG_CODES.get(flag_raw.lower())
            if row_flag is None:
                raise _error(
                    file,
                    sheet,
                    f"unknown data-source flag {flag_raw!r}; expected one of {sorted(FLAG_CODES)}",
                    number,
                    flag_col,
                )
        extra = [i for i, v in enumerate(values[flag_col:], start=flag_col + 1) if _text(v)]
        if extra:
            raise _error(
                file,
                sheet,
                f"cell {values[extra[0] - 1]!r} beyond the data-source column",
                number,
                extra[0],
            )
        for offset, year in enumerate(years):
            col = 3 + offset
            raw = values[col - 1]
            value = _value(file, sheet, raw, number, col)
            out.append(
                {
                    "edition": edition,
                    "source_file": file,
                    "sheet": sheet,
                    "row_number": number,
                    "column_letter": get_column_letter(col),
                    "country_raw": str(values[0]),
                    "country_name": country,
                    "row_kind": kind,
                    "unit": unit,
                    "year": year,
                    "value_raw": None if value is None else str(raw),
                    "value": value,
                    "data_source_raw": flag_raw,
                    "value_flag": "missing" if value is None else row_flag,
                }
            )
    if total_row is None:
        raise _error(file, sheet, "no 'Total' row; expected one after the countries", len(rows), 1)
    return pl.DataFrame(out, schema=COLUMNS)


SheetParser = Callable[..., pl.DataFrame]


def first_title(path: Path) -> str | None:
    """Cell A1 of the workbook's first sheet: which WMD table the file holds (6.4 or 6.5)."""
    with open_workbook(Path(path), source=SOURCE) as workbook:
        if not workbook.worksheets:
            return None
        first = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
    return _text(first[0]) if first else None


def parse_workbook(
    path: Path, *, edition: int | None = None, parse: SheetParser = parse_sheet
) -> pl.DataFrame:
    """Every sheet of a WMD workbook, each through ``parse`` (default: a table 6.4 sheet);
    ``edition`` defaults to the one its years imply."""
    path = Path(path)
    # read_only (open_workbook): the 2020-2024 files declare two tables named "Tab2", which
    # full mode rejects
    with open_workbook(path, source=SOURCE) as workbook:
        frames = [
            parse(path.name, ws.title, list(ws.iter_rows(values_only=True)), edition=edition)
            for ws in workbook.worksheets
        ]
    if not frames:
        raise SourceDataError(SOURCE, path.name, "workbook has no sheets")
    editions = {int(f["edition"][0]) for f in frames if f.height}
    if len(editions) > 1:
        raise SourceDataError(
            SOURCE, path.name, f"sheets imply different editions {sorted(editions)}"
        )
    return pl.concat(frames)
