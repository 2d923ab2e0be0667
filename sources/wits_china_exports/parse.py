"""WITS panels of China's exports by partner -> the partner rows and the World rows, as published.

Each workbook holds one HS6 code. Two sheets are read, by name:

* the observed partner-year rows: ``final_panel_observed`` (284690, 280530) or
  ``raw_observed_partner_year`` (850511), exactly one of them per workbook;
* ``raw_world_rows``: WITS's World row per year, the check total.

Columns are found by their header (case and underscores ignored: the 850511 World sheet says
``Reporter``, ``TradeFlow``, ``Product_Description``), never by position; the author's model
columns (logs, shares, dummies, WDI) are not read. A missing column, a value that is not a
number (or is negative), a text cell that is empty, an HS code that is not six digits or a
year outside 1990-2100 is an error naming file, sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview
from sources.common.workbook import open_workbook

SOURCE = "wits_china_exports"
EDITION = 2026  # the panels were built 2026-04-27 from WITS downloads (workbook properties)
PARTNER_SHEETS = ("final_panel_observed", "raw_observed_partner_year")
WORLD_SHEET = "raw_world_rows"

TEXT_COLUMNS = ("partner", "reporter", "trade_flow", "product_description", "quantity_unit")
NUMBER_COLUMNS = ("export_value_1000usd", "export_value_usd", "quantity_kg")
WANTED = (*TEXT_COLUMNS, "year", "hs_code", *NUMBER_COLUMNS, "source_file")

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "wits_file": pl.String,
    "partner": pl.String,
    "year": pl.Int64,
    "reporter": pl.String,
    "trade_flow": pl.String,
    "hs6": pl.String,
    "product_description": pl.String,
    "export_value_1000usd": pl.Float64,
    "export_value_usd": pl.Float64,
    "quantity_kg": pl.Float64,
    "quantity_unit": pl.String,
}


def _key(header: object) -> str:
    return str(header or "").strip().lower().replace("_", "")


def _error(file: str, sheet: str, message: str, row: int | None = None, col: int | None = None):
    column = get_column_letter(col) if col else None
    return SourceDataError(SOURCE, file, f"sheet {sheet!r}: {message}", line=row, column=column)


def _positions(file: str, sheet: str, header: tuple) -> dict[str, int]:
    """Wanted column -> 0-based index, from the header row."""
    found = {_key(cell): i for i, cell in enumerate(header)}
    missing = [c for c in WANTED if _key(c) not in found]
    if missing:
        raise _error(file, sheet, f"missing column(s) {', '.join(missing)}", 1, 1)
    return {c: found[_key(c)] for c in WANTED}


def _cell(file: str, sheet: str, column: str, raw: object, row: int, col: int) -> object:
    if column in NUMBER_COLUMNS:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw or raw < 0:
            raise _error(
                file,
                sheet,
                f"{column} {preview(str(raw))} is not a number >= 0",
                row,
                col,
            )
        return float(raw)
    if column == "year":
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1990 <= raw <= 2100:
            raise _error(file, sheet, f"year {preview(str(raw))} is not a year", row, col)
        return raw
    if column == "hs_code":
        text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
        if not (text.isdigit() and len(text) == 6):
            raise _error(
                file, sheet, f"hs_code {preview(str(raw))} is not a 6-digit HS code", row, col
            )
        return text
    text = str(raw).strip() if raw is not None else ""
    if not text:
        raise _error(file, sheet, f"{column} is empty", row, col)
    return text


def parse_rows(file: str, sheet: str, rows: list[tuple], *, edition: int = EDITION):
    """A sheet's rows (header first) -> one row per non-empty data row, in :data:`COLUMNS`."""
    if not rows:
        raise _error(file, sheet, "sheet is empty; expected a header row", 1, 1)
    positions = _positions(file, sheet, tuple(rows[0]))
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        padded = tuple(values) + (None,) * (len(rows[0]) - len(values))
        cells = {c: _cell(file, sheet, c, padded[i], number, i + 1) for c, i in positions.items()}
        out.append(
            {
                "edition": edition,
                "source_file": file,
                "sheet": sheet,
                "row_number": number,
                "wits_file": cells["source_file"],
                "hs6": cells["hs_code"],
                **{c: cells[c] for c in (*TEXT_COLUMNS, "year", *NUMBER_COLUMNS)},
            }
        )
    return pl.DataFrame(out, schema=COLUMNS)


def parse_workbook(path: Path, *, edition: int = EDITION) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(partner rows, World rows) of one workbook."""
    path = Path(path)
    with open_workbook(path, source=SOURCE) as workbook:
        names = workbook.sheetnames
        partner_sheets = [s for s in PARTNER_SHEETS if s in names]
        if len(partner_sheets) != 1 or WORLD_SHEET not in names:
            raise SourceDataError(
                SOURCE,
                path.name,
                f"sheets {names}; expected {WORLD_SHEET!r} and exactly one of {PARTNER_SHEETS}",
            )
        sheets = (partner_sheets[0], WORLD_SHEET)
        rows = {s: list(workbook[s].iter_rows(values_only=True)) for s in sheets}
    partners, world = (parse_rows(path.name, s, rows[s], edition=edition) for s in sheets)
    return partners, world
