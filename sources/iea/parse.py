"""IEA Critical Minerals Dataset: the supply sheet, one row per value cell.

Sheet ``2 Total supply for key minerals`` holds blocks titled ``<Mineral> - <route>``
(``Copper - Mining`` beside ``Copper - Refining``, ...). Each block is a label column and the
year columns to its right; the years come from the one header row above all blocks, the unit
from the sheet title (``... base case (kt)``). A block lists countries, then ``Rest of world``,
``Total`` and ``Top 3 share``. Nothing is found by cell address: blocks are found by their
title cells, so a moved block still parses and a changed layout fails loudly.

Rules (documented in sources/iea/snapshot/PROVENANCE.md):

* every value cell becomes one row, including Rest of world / Total / Top 3 share rows,
  labelled by ``row_kind``;
* an empty value cell under a label is landed as null with flag ``missing``; a block row whose
  label and values are all empty (a spacer between the countries and Rest of world) is skipped;
* a value without a label, a text value, a negative value, a share outside 0-1, a block
  without a year header, Total or Top 3 share row, or a number outside any block is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError
from sources.common.workbook import open_workbook

SOURCE = "iea"
SUPPLY_SHEET = "2 Total supply for key minerals"
SCENARIO = "base case"
UNITS = ("kt",)
SHARE_UNIT = "share"
ROW_KINDS = ("country", "rest_of_world", "total", "top3_share")
FLAGS = ("reported", "projection", "missing")

_TITLE = re.compile(r"^(?P<mineral>[A-Za-z][\w ]*?) - (?P<route>[A-Za-z][\w ()]*)$")
_UNIT = re.compile(r"\((?P<unit>[^()]+)\)\s*$")

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "block_title": pl.String,
    "mineral_label": pl.String,
    "route_label": pl.String,
    "scenario": pl.String,
    "country_raw": pl.String,
    "country_name": pl.String,
    "row_kind": pl.String,
    "year": pl.Int64,
    "is_projection": pl.Boolean,
    "unit": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_flag": pl.String,
}


@dataclass(frozen=True)
class _Block:
    title: str
    row: int
    col: int
    years: dict[int, int]  # column -> year


class _Sheet:
    """The cells of one worksheet by (row, column), 1-based like Excel."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.file = path.name
        self.sheet = sheet
        with open_workbook(path, source=SOURCE) as workbook:
            if sheet not in workbook.sheetnames:
                raise SourceDataError(
                    SOURCE,
                    self.file,
                    f"no sheet {sheet!r}; sheets are {', '.join(workbook.sheetnames)}",
                )
            self.cells: dict[tuple[int, int], object] = {}
            for r, values in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
                for c, value in enumerate(values, start=1):
                    if isinstance(value, str):
                        value = value.strip() or None
                    if value is not None:
                        self.cells[(r, c)] = value
        self.max_row = max((r for r, _ in self.cells), default=0)

    def get(self, row: int, col: int) -> object:
        return self.cells.get((row, col))

    def error(self, message: str, row: int | None = None, col: int | None = None):
        column = get_column_letter(col) if col else None
        return SourceDataError(
            SOURCE, self.file, f"sheet {self.sheet!r}: {message}", line=row, column=column
        )


def _unit(sheet: _Sheet) -> str:
    first = min(sheet.cells, default=None)
    title = sheet.cells.get(first) if first else None
    match = _UNIT.search(str(title or ""))
    if not match:
        raise sheet.error(
            f"title {title!r} names no unit; expected a title ending in '(kt)'", *(first or ())
        )
    unit = match.group("unit").strip()
    if unit not in UNITS:
        raise sheet.error(f"unknown unit {unit!r}; expected one of {UNITS}", *first)
    return unit


def _header(sheet: _Sheet) -> tuple[int, dict[int, int]]:
    """The first row holding year numbers, and its year by column."""
    for row in range(1, sheet.max_row + 1):
        years = {
            c: int(v)
            for (r, c), v in sheet.cells.items()
            if r == row and isinstance(v, int | float) and not isinstance(v, bool)
        }
        if years:
            bad = {c: y for c, y in years.items() if not 2000 <= y <= 2100}
            if bad:
                col = min(bad)
                raise sheet.error(f"header value {bad[col]} is not a year", row, col)
            return row, years
    raise sheet.error("no header row with years (expected 2023, 2030, 2035, 2040)")


def _blocks(sheet: _Sheet, header_row: int, years: dict[int, int]) -> list[_Block]:
    blocks = []
    for (r, c), value in sorted(sheet.cells.items()):
        if r <= header_row or not isinstance(value, str) or not _TITLE.match(value):
            continue
        if sheet.get(r, c + 1) is not None:
            continue  # a label with a value beside it is a data row, not a title
        block_years: dict[int, int] = {}
        col = c + 1
        while col in years:
            block_years[col] = years[col]
            col += 1
        if not block_years:
            raise sheet.error(
                f"block {value!r} has no year header above its value columns "
                f"(expected years in row {header_row} from column {get_column_letter(c + 1)})",
                r,
                c,
            )
        blocks.append(_Block(value, r, c, block_years))
    if not blocks:
        raise sheet.error("no block titled '<Mineral> - <route>' below the header")
    return blocks


def _row_kind(label: str) -> str:
    low = label.lower()
    if low == "rest of world":
        return "rest_of_world"
    if low.startswith("total"):
        return "total"
    if low == "top 3 share":
        return "top3_share"
    return "country"


def _value(sheet: _Sheet, raw: object, row: int, col: int, kind: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise sheet.error(
            f"value {raw!r} is not a number (expected a number or an empty cell)", row, col
        )
    value = float(raw)
    if value < 0:
        raise sheet.error(f"negative supply {raw!r}; expected a quantity >= 0", row, col)
    if kind == "top3_share" and value > 1:
        raise sheet.error(f"top-3 share {raw!r} is above 1; expected a fraction 0-1", row, col)
    return value


def observed_year(edition: int) -> int:
    """The last observed year of an edition (May 2024: 2023); later years are projections."""
    return edition - 1


def parse_supply(path: Path, *, edition: int, sheet_name: str = SUPPLY_SHEET) -> pl.DataFrame:
    """Every value cell of the supply sheet as one row (see the module docstring)."""
    observed = observed_year(edition)
    path = Path(path)
    sheet = _Sheet(path, sheet_name)
    unit = _unit(sheet)
    header_row, years = _header(sheet)
    if min(years.values()) != observed:
        col = min(years, key=years.get)
        raise sheet.error(
            f"first year {years[col]} is not edition {edition}'s observed year {observed}",
            header_row,
            col,
        )
    blocks = _blocks(sheet, header_row, years)
    used = {(header_row, c) for c in years} | {(b.row, b.col) for b in blocks}
    used.add(min(sheet.cells))  # the title
    starts = {(b.row, b.col) for b in blocks}
    rows: list[dict[str, object]] = []
    for block in blocks:
        mineral, route = (s.strip() for s in block.title.split(" - ", 1))
        kinds_seen: set[str] = set()
        row = block.row + 1
        while "top3_share" not in kinds_seen:
            if row > sheet.max_row or (row, block.col) in starts:
                raise sheet.error(
                    f"block {block.title!r} ends without a 'Top 3 share' row", row, block.col
                )
            label = sheet.get(row, block.col)
            raws = {c: sheet.get(row, c) for c in block.years}
            if label is None:
                if any(v is not None for v in raws.values()):
                    col = next(c for c, v in raws.items() if v is not None)
                    raise sheet.error(
                        f"value {raws[col]!r} in block {block.title!r} has no country label",
                        row,
                        col,
                    )
                row += 1
                continue
            label = str(label)
            kind = _row_kind(label)
            kinds_seen.add(kind)
            used.add((row, block.col))
            for col, year in block.years.items():
                raw = raws[col]
                used.add((row, col))
                value = _value(sheet, raw, row, col, kind)
                rows.append(
                    {
                        "edition": edition,
                        "source_file": sheet.file,
                        "sheet": sheet.sheet,
                        "row_number": row,
                        "column_letter": get_column_letter(col),
                        "block_title": block.title,
                        "mineral_label": mineral,
                        "route_label": route,
                        "scenario": SCENARIO,
                        "country_raw": label,
                        "country_name": label,
                        "row_kind": kind,
                        "year": year,
                        "is_projection": year > observed,
                        "unit": SHARE_UNIT if kind == "top3_share" else unit,
                        "value_raw": None if raw is None else repr(raw),
                        "value": value,
                        "value_flag": "missing"
                        if value is None
                        else ("projection" if year > observed else "reported"),
                    }
                )
            row += 1
        if "total" not in kinds_seen:
            raise sheet.error(f"block {block.title!r} has no 'Total' row", block.row, block.col)
    stray = sorted(
        (r, c)
        for (r, c), v in sheet.cells.items()
        if (r, c) not in used and isinstance(v, int | float) and not isinstance(v, bool)
    )
    if stray:
        r, c = stray[0]
        raise sheet.error(
            f"number {sheet.get(r, c)!r} lies outside every block ({len(stray)} such cells); "
            "the sheet layout changed",
            r,
            c,
        )
    return pl.DataFrame(rows, schema=COLUMNS)
