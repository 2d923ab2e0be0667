"""World Mining Data table 6.4, 1984-2017: one sheet of stacked commodity blocks -> value cells.

The workbook (``wmd_6.4._total_1984-2017.xlsx``) has one sheet, ``Tabelle1``, with 65 commodity
blocks stacked vertically, separated by empty rows. Each block is:

* a header row ``<commodity> | Unit | 1984 | 1985 | ... | 2017`` (the commodity label as
  published, e.g. ``Rare Earths (REO)``; the years as numbers);
* one row per country ``<country> | <unit> | <value per year>``;
* a final ``Total`` row (WMD's own sum of the block).

Columns are found by the header, never assumed: the years must be consecutive and the same in
every block, so a changed layout fails loudly.

Rules (documented in sources/wmd_history/snapshot/PROVENANCE.md):

* every value cell of a country or Total row becomes one row, labelled by ``row_kind``;
* an empty cell is landed as null with flag ``missing`` (not a zero); a number is flagged
  ``reported``: the compilation has no r/e/p data-source column, so ``reported`` says only
  "a number was published", not that the country reported it;
* wholly empty rows (between blocks) are skipped;
* a text or negative value, an unknown unit or one that differs from the block's first row,
  a row outside a block, a malformed block header, a duplicated block label, a block without
  a Total row or a cell beyond the last year column is an error naming file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview
from sources.common.workbook import open_workbook

SOURCE = "wmd_history"
SHEET = "Tabelle1"
# The compilation carries no edition of its own: its workbook properties say it was created
# 2019-06-26 and last saved 2019-07-12 (author REICHL, Christian), i.e. it was compiled for the
# WMD 2019 edition (whose five years end in 2017). Edition 2019 is that saving date's year.
EDITION = 2019
UNITS = ("metr. tons", "kg", "ct.", "Mio m3")
FLAGS = ("reported", "missing")
ROW_KINDS = ("country", "total")
UNIT_HEADER = "unit"
TOTAL_LABEL = "total"
FIRST_VALUE_COL = 3  # column C: the first year

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "block": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "country_raw": pl.String,
    "country_name": pl.String,
    "row_kind": pl.String,
    "unit": pl.String,
    "year": pl.Int64,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_flag": pl.String,
}

HEADER_SHAPE = "<commodity> | Unit | <consecutive years, e.g. 1984 ... 2017>"


def _error(file: str, message: str, row: int | None = None, col: int | None = None):
    column = get_column_letter(col) if col else None
    return SourceDataError(SOURCE, file, f"sheet {SHEET!r}: {message}", line=row, column=column)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _year(value: object) -> int | None:
    """A header cell as a year (an int, a whole float or digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if 1900 <= value <= 2100 else None
    text = _text(value)
    if text is not None and text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return None


def is_block_header(values: tuple) -> bool:
    """A row whose column B says 'Unit' opens a block (its other cells are checked later)."""
    return len(values) > 1 and (_text(values[1]) or "").lower() == UNIT_HEADER


def block_years(file: str, number: int, values: tuple) -> list[int]:
    """The years of a block header row; anything else in the header is an error."""
    label = _text(values[0]) if values else None
    if label is None:
        raise _error(
            file, f"block header has no commodity label; expected {HEADER_SHAPE}", number, 1
        )
    years: list[int] = []
    for col, cell in enumerate(values[FIRST_VALUE_COL - 1 :], start=FIRST_VALUE_COL):
        if _text(cell) is None:
            break
        year = _year(cell)
        if year is None:
            raise _error(
                file,
                f"block {label!r}: header cell {preview(str(cell))} is not a year; "
                f"expected {HEADER_SHAPE}",
                number,
                col,
            )
        if years and year != years[-1] + 1:
            raise _error(
                file,
                f"block {label!r}: header year {year} does not follow {years[-1]}; "
                "expected consecutive years",
                number,
                col,
            )
        years.append(year)
    if not years:
        raise _error(
            file, f"block {label!r}: header has no years; expected {HEADER_SHAPE}", number, 3
        )
    end = FIRST_VALUE_COL + len(years)
    extra = [c for c, v in enumerate(values[end - 1 :], start=end) if _text(v) is not None]
    if extra:
        raise _error(
            file,
            f"block {label!r}: unexpected header cell {preview(str(values[extra[0] - 1]))} "
            f"after the last year {years[-1]}",
            number,
            extra[0],
        )
    return years


def _value(file: str, raw: object, row: int, col: int) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _error(
            file,
            f"value {preview(str(raw))} is not a number (expected a number or an empty cell)",
            row,
            col,
        )
    if raw < 0:
        raise _error(file, f"negative production {raw!r}; expected >= 0", row, col)
    return float(raw)


def parse_rows(file: str, rows: list[tuple], *, edition: int = EDITION) -> pl.DataFrame:
    """The sheet's rows as value tuples (row 1 first) -> one row per value cell."""
    out: list[dict[str, object]] = []
    years: list[int] | None = None  # the first block's years; every block must have them
    block: str | None = None  # the open block's label (None: between blocks)
    block_row = 0
    block_unit: str | None = None
    seen: dict[str, int] = {}
    last_total: tuple[str, int] | None = None
    for number, values in enumerate(rows, start=1):
        values = tuple(values)
        if all(_text(v) is None for v in values):
            continue
        if is_block_header(values):
            if block is not None:
                raise _error(
                    file,
                    f"block {block!r} (header row {block_row}) has no 'Total' row before the "
                    "next block header; expected one after its countries",
                    number,
                    1,
                )
            header_years = block_years(file, number, values)
            if years is None:
                years = header_years
            elif header_years != years:
                raise _error(
                    file,
                    f"block {_text(values[0])!r}: header years {header_years[0]}-"
                    f"{header_years[-1]} differ from the first block's {years[0]}-{years[-1]}",
                    number,
                    FIRST_VALUE_COL,
                )
            block = str(_text(values[0]))
            if block in seen:
                raise _error(
                    file, f"block {block!r} already appeared at row {seen[block]}", number, 1
                )
            seen[block] = block_row = number
            block_unit = None
            continue
        if block is None or years is None:
            col = next(i for i, v in enumerate(values, start=1) if _text(v) is not None)
            after = (
                f"after the Total row (row {last_total[1]}) of block {last_total[0]!r}"
                if last_total
                else "before the first block"
            )
            raise _error(
                file,
                f"row {after} is not a block header; expected {HEADER_SHAPE}",
                number,
                col,
            )
        width = FIRST_VALUE_COL - 1 + len(years)
        padded = values + (None,) * max(0, width - len(values))
        country = _text(padded[0])
        if country is None:
            raise _error(file, f"block {block!r}: row has values but no country", number, 1)
        kind = "total" if country.lower() == TOTAL_LABEL else "country"
        unit = _text(padded[1])
        if unit not in UNITS:
            raise _error(
                file,
                f"block {block!r}: unknown unit {unit!r}; expected one of {UNITS}",
                number,
                2,
            )
        if block_unit is None:
            block_unit = unit
        elif unit != block_unit:
            raise _error(
                file,
                f"block {block!r}: unit {unit!r} differs from the block's {block_unit!r}",
                number,
                2,
            )
        extra = [c for c, v in enumerate(padded[width:], start=width + 1) if _text(v)]
        if extra:
            raise _error(
                file,
                f"block {block!r}: cell {preview(str(padded[extra[0] - 1]))} beyond the last "
                f"year column ({get_column_letter(width)}, {years[-1]})",
                number,
                extra[0],
            )
        for offset, year in enumerate(years):
            col = FIRST_VALUE_COL + offset
            raw = padded[col - 1]
            value = _value(file, raw, number, col)
            out.append(
                {
                    "edition": edition,
                    "source_file": file,
                    "block": block,
                    "row_number": number,
                    "column_letter": get_column_letter(col),
                    "country_raw": str(padded[0]),
                    "country_name": country,
                    "row_kind": kind,
                    "unit": unit,
                    "year": year,
                    "value_raw": None if value is None else str(raw),
                    "value": value,
                    "value_flag": "missing" if value is None else "reported",
                }
            )
        if kind == "total":
            last_total = (block, number)
            block = None
    if block is not None:
        raise _error(
            file,
            f"block {block!r} (header row {block_row}) ends without a 'Total' row",
            len(rows),
            1,
        )
    if not seen:
        raise _error(file, f"no block header found; expected rows {HEADER_SHAPE}", 1, 1)
    return pl.DataFrame(out, schema=COLUMNS)


def parse_workbook(path: Path, *, edition: int | None = None) -> pl.DataFrame:
    """The one sheet ``Tabelle1`` of the 1984-2017 compilation (edition 2019 by default)."""
    path = Path(path)
    with open_workbook(path, source=SOURCE) as workbook:
        names = workbook.sheetnames
        if names != [SHEET]:
            raise SourceDataError(
                SOURCE, path.name, f"sheets {names}; expected exactly one sheet {SHEET!r}"
            )
        rows = list(workbook[SHEET].iter_rows(values_only=True))
    return parse_rows(path.name, rows, edition=edition or EDITION)
