"""USGS Minerals Yearbook volume I world tables -> one row per value cell.

A workbook (``myb1-2016-raree.xls``, ``myb1-2019-cobal-adv.xlsx``...) holds a ``Text`` or
``Note`` sheet and tables ``T1 ... Tn``; a world table is a sheet whose title (rows 1-4)
says WORLD. Its layout, read by column position:

* title lines: ``TABLE n``, the title, a unit line in parentheses (``(Metric tons, cobalt
  content)``); a header row whose column A starts with ``Country`` and whose value columns
  hold years (``2016``, ``2016p, e``, numbers or text) or ``Capacity`` (the year is the
  title's ``DECEMBER 31, YYYY``); lithium 2020 T4 puts the years on the row above and three
  measures per year (Gross weight, Li content, LCE) in the header row, in two stacked blocks;
  continued tables repeat the header;
* each value column is followed by a flag column (``r``, ``e``, ``p``, ``r, e``, or a
  footnote number: ``South Africa | 80713 | r`` is a revised 2017 figure);
* rows: a label in column A with its glued footnote markers (split by
  :func:`sources.usgs_myb.labels.split_label`), or a heading ending in ``:`` (``Palladium:``,
  ``Australia:4``, ``Total:``) that groups the rows after it (``row_group``) until the next
  heading or header row (``group_row``: the heading's row; ``group_footnote``: its
  markers, ``China:e``); ``Do.`` repeats the label above.

Every value cell of a row with a label becomes a row (countries, subtotals, Total and Grand
total rows alike): ``--`` is 0; ``W`` (withheld), ``NA`` and a footnote reference such as
``(8)`` are null with their flag; an empty cell is null, flag ``missing``. A text that is
none of these, a flag that is no flag, a year header that is no year, or a world table
without a header row is an error naming file, sheet, cell and what was expected. Germanium
has no world table: its workbooks give no rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview
from sources.common.workbook import open_workbook
from sources.common.xls import open_xls, xls_rows
from sources.usgs_myb.labels import split_label

SOURCE = "usgs_myb"
EDITIONS = (2016, 2019, 2020)
TITLE_ROWS = 5  # the title lines that must say WORLD
FLAGS = (
    "reported",
    "estimated",
    "revised",
    "preliminary",
    "revised_estimated",
    "preliminary_estimated",
    "withheld",
    "not_available",
    "footnote_reference",
    "missing",
)
_FLAG_WORDS = {
    frozenset(): "reported",
    frozenset("e"): "estimated",
    frozenset("r"): "revised",
    frozenset("p"): "preliminary",
    frozenset("re"): "revised_estimated",
    frozenset("pe"): "preliminary_estimated",
}
NULL_CODES = {"W": "withheld", "NA": "not_available"}
ZERO = "--"
_FILE_EDITION = re.compile(r"^myb1?-(\d{4})-")
_YEAR = re.compile(r"^(\d{4})(?:\s*[a-z](?:,\s*[a-z])*)?$")
_FLAG_CELL = re.compile(r"^(?:[rep](?:,\s*[rep])*)?(?:,?\s*\d{1,2})*$")
_FOOTNOTE_REF = re.compile(r"^\(\d{1,2}\)$")
_CAPACITY_DATE = re.compile(r"DECEMBER 31, (\d{4})")
_HEADER = re.compile(r"^(?:[a-z]+ and )?country\b", re.IGNORECASE)
MEASURES = ("gross weight", "li content", "lce")
DITTO = "do."

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "sheet": pl.String,
    "table_id": pl.String,
    "table_title": pl.String,
    "unit_line": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "row_group": pl.String,
    "group_row": pl.Int64,
    "group_footnote": pl.String,
    "label_raw": pl.String,
    "country_raw": pl.String,
    "footnote": pl.String,
    "measure": pl.String,
    "year": pl.Int64,
    "year_header": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "flag_raw": pl.String,
    "value_flag": pl.String,
}


def edition_of(path: Path) -> int:
    """The edition a file name says (``myb1-2019-cobal-adv.xlsx`` -> 2019)."""
    found = _FILE_EDITION.match(Path(path).name)
    if not found:
        raise SourceDataError(SOURCE, Path(path).name, "file name does not say its edition")
    return int(found[1])


def parse_workbook(path: Path, *, edition: int | None = None) -> pl.DataFrame:
    """Every value cell of every world table of the workbook at ``path``."""
    path = Path(path)
    edition = edition or edition_of(path)
    records: list[dict] = []
    for sheet, rows in _sheets(path):
        if _is_world_table(rows):
            records.extend(_table_cells(rows, path.name, sheet, edition))
    return pl.DataFrame(records, schema=COLUMNS, orient="row")


def _sheets(path: Path) -> Iterator[tuple[str, list[list]]]:
    if path.suffix.lower() == ".xls":
        with open_xls(path, source=SOURCE) as book:
            for name in book.sheet_names():
                yield name, list(xls_rows(book, name, source=SOURCE, file=path.name))
    else:
        with open_workbook(path, source=SOURCE) as book:
            for sheet in book.worksheets:
                yield sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _is_world_table(rows: list[list]) -> bool:
    head = " ".join(_text(v) or "" for row in rows[:TITLE_ROWS] for v in row[:3])
    return "WORLD" in head.upper()


class _Table:
    """What the title lines say, and where we are while reading rows."""

    def __init__(self, rows: list[list], file: str, sheet: str, edition: int) -> None:
        self.file, self.sheet, self.edition = file, sheet, edition
        lines = []
        for row in rows:
            first = _text(row[0]) if row else None
            if first and first.lower().startswith("country"):
                break
            lines.extend(t for t in (_text(v) for v in row[:1]) if t)
        self.table_id = sheet.strip()
        self.unit_line = next((_squash(t) for t in lines if t.startswith("(")), None)
        self.title = " ".join(_squash(t) for t in lines[1:] if not t.startswith("("))
        date = _CAPACITY_DATE.search(self.title.upper())
        self.capacity_year = int(date[1]) if date else edition

    def error(self, message: str, row: int, col: int | None = None) -> SourceDataError:
        column = get_column_letter(col) if col else None
        return SourceDataError(
            SOURCE, self.file, f"sheet {self.sheet!r}: {message}", line=row, column=column
        )


def _is_header(first: str | None) -> bool:
    """Column A of a header row: ``Country or locality``, ``Concentrate and country or
    locality`` (titanium 2019), ``Country``."""
    return first is not None and _HEADER.search(first) is not None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _table_cells(rows: list[list], file: str, sheet: str, edition: int) -> Iterator[dict]:
    table = _Table(rows, file, sheet, edition)
    columns: dict[int, tuple[int, str | None, str]] | None = None
    group = group_row = group_footnote = last_label = None
    for index, row in enumerate(rows, start=1):
        first = _text(row[0]) if row else None
        if _is_header(first):
            above = rows[index - 2] if index >= 2 else []
            columns = _header_columns(row, above, table, index)
            group = group_row = group_footnote = None
            continue
        if columns is None or first is None:
            continue
        label = split_label(first)
        if label.is_heading:
            group, group_row, group_footnote = label.name, index, label.footnote
            continue
        cells = [(c, row[c - 1] if c - 1 < len(row) else None) for c in columns]
        if all(_text(v) is None for _, v in cells):
            continue  # a title, note or footnote line: no value cells
        if label.name.lower() == DITTO:
            label = last_label or label
        last_label = label
        for col, value in cells:
            flag_cell = row[col] if col < len(row) and col + 1 not in columns else None
            if isinstance(flag_cell, float) and flag_cell.is_integer():
                flag_cell = int(flag_cell)  # a footnote number stored as a number (.xls)
            year, measure, year_header = columns[col]
            number, flag = _value(value, _text(flag_cell), table, index, col)
            yield {
                "edition": edition,
                "source_file": file,
                "sheet": sheet,
                "table_id": table.table_id,
                "table_title": table.title,
                "unit_line": table.unit_line,
                "row_number": index,
                "column_letter": get_column_letter(col),
                "row_group": group,
                "group_row": group_row,
                "group_footnote": group_footnote,
                "label_raw": first if _text(row[0]).lower() != DITTO else _text(row[0]),
                "country_raw": label.name,
                "footnote": label.footnote,
                "measure": measure,
                "year": year,
                "year_header": year_header,
                "value_raw": None if value is None else str(value).strip(),
                "value": number,
                "flag_raw": _text(flag_cell),
                "value_flag": flag,
            }


def _header_columns(
    row: list, above: list, table: _Table, index: int
) -> dict[int, tuple[int, str | None, str]]:
    """1-based column -> (year, measure, header text) of a header row."""
    columns: dict[int, tuple[int, str | None, str]] = {}
    year_above: tuple[int, str] | None = None
    for col in range(2, len(row) + 1):
        header = _text(row[col - 1])
        over = _text(above[col - 1]) if col - 1 < len(above) else None
        if over is not None and _YEAR.match(_year_text(over)):
            year_above = (int(_year_text(over)[:4]), _year_text(over))
        if header is None:
            continue
        if col - 1 in columns and _FLAG_CELL.match(header):  # niobium 2020 T5: 2018 | e
            year, measure, text = columns[col - 1]
            columns[col - 1] = (year, measure, f"{text}{header}")
            continue
        text = _year_text(header)
        if _YEAR.match(text):
            columns[col] = (int(text[:4]), None, text)
        elif header.lower().startswith("capacity") or header.lower().endswith("capacitye"):
            columns[col] = (table.capacity_year, "capacity", header)
        elif header.lower() in MEASURES and year_above is not None:
            columns[col] = (year_above[0], header, year_above[1])
        elif columns or col > 2:
            if header.lower() in ("major operating company", "location of main facilities"):
                continue
            raise table.error(
                f"header {preview(header)} is not a year (2016, '2016p, e'), Capacity, or a "
                f"measure {MEASURES} under a year",
                index,
                col,
            )
    if not columns:
        raise table.error("header row without a year or Capacity column", index)
    return columns


def _year_text(value: str) -> str:
    return value[:-2] if value.endswith(".0") else value


def _value(
    value: object, flag_cell: str | None, table: _Table, row: int, col: int
) -> tuple[float | None, str]:
    if flag_cell is not None and not _FLAG_CELL.match(flag_cell):
        raise table.error(
            f"flag {preview(flag_cell)} is not r, e, p, a combination or a footnote number",
            row,
            col + 1,
        )
    letters = frozenset(re.sub(r"[^a-z]", "", flag_cell or ""))
    if letters - frozenset("rep"):
        raise table.error(f"flag {preview(flag_cell)} mixes unknown letters", row, col + 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), _FLAG_WORDS.get(letters, "revised_estimated")
    text = _text(value)
    if text is None:
        return None, "missing"
    if text == ZERO:
        return 0.0, _FLAG_WORDS.get(letters, "revised_estimated")
    if text in NULL_CODES:
        return None, NULL_CODES[text]
    if _FOOTNOTE_REF.match(text):
        return None, "footnote_reference"
    try:
        return float(text.replace(",", "")), _FLAG_WORDS.get(letters, "revised_estimated")
    except ValueError:
        raise table.error(
            f"value {preview(text)} is not a number, '--' (zero), W, NA or a footnote "
            "reference like (8)",
            row,
            col,
        ) from None
