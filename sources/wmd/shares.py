"""World Mining Data table 6.5 (2024 edition): one sheet per commodity, one row per producer.

Each sheet: row 1 a title (``6.5. Share of World Mineral Production 2022, by Countries; ...``),
row 2 the header ``Rank 2022 | Rank 2021 | Country | unit | Production 2022 | Share in % |
Share cum.% | Share HHI``, then one row per producing country, ranked, and a final ``Total``
row (the world total, 100 %, the commodity's HHI). Only one production year; no r/e/p flags.

Rules (documented in sources/wmd/snapshot/PROVENANCE.md):

* every country or Total row becomes one row, with its rank, the previous year's rank as
  published (text such as ``(  1)``, ``(**)``), the production and WMD's share, cumulative
  share and HHI component as stored (floats, not formulas);
* a country row needs a rank, a production figure and the three share cells; the Total row
  has no rank and no cumulative share;
* a text or negative figure, an unknown unit, a row without a country, a missing Total row or
  anything after it, or a changed header is an error naming file, sheet, row and column.
"""

from __future__ import annotations

import polars as pl
from openpyxl.utils import get_column_letter

from sources.wmd.parse import UNITS, _error, _text, _value, edition_from_years

TITLE_START = "6.5. Share of World Mineral Production"
HEADER = (
    "Rank {year}",
    "Rank {previous}",
    "Country",
    "unit",
    "Production {year}",
    "Share in %",
    "Share cum.%",
    "Share HHI",
)
VALUE_COLUMN = 5  # E: the production figure
SHARE_COLUMNS = {"share_percent": 6, "cumulative_share_percent": 7, "hhi_component": 8}
ROW_KINDS = ("country", "total")

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
    "rank": pl.Int64,
    "rank_previous_raw": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "share_percent": pl.Float64,
    "cumulative_share_percent": pl.Float64,
    "hhi_component": pl.Float64,
}


def _year(file: str, sheet: str, header: tuple) -> int:
    cells = [_text(v) for v in header] + [None] * max(0, len(HEADER) - len(header))
    production = cells[VALUE_COLUMN - 1] or ""
    year_text = production.removeprefix("Production ").strip()
    if not production.startswith("Production ") or not year_text.isdigit():
        raise _error(
            file, sheet, f"header cell {production!r} is not 'Production <year>'", 2, VALUE_COLUMN
        )
    year = int(year_text)
    expected = [h.format(year=year, previous=year - 1) for h in HEADER]
    for col, (got, want) in enumerate(zip(cells, expected, strict=False), start=1):
        if got != want:
            raise _error(file, sheet, f"header cell {got!r} is not {want!r}", 2, col)
    extra = [i for i, c in enumerate(cells[len(HEADER) :], start=len(HEADER) + 1) if c]
    if extra:
        raise _error(file, sheet, f"unexpected header cell {cells[extra[0] - 1]!r}", 2, extra[0])
    return year


def _rank(file: str, sheet: str, raw: object, row: int, kind: str) -> int | None:
    if kind == "total":
        if raw is not None:
            raise _error(file, sheet, f"Total row has a rank {raw!r}; expected none", row, 1)
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise _error(file, sheet, f"rank {raw!r} is not a whole number >= 1", row, 1)
    return raw


def _share(file: str, sheet: str, values: tuple, name: str, row: int, kind: str) -> float | None:
    col = SHARE_COLUMNS[name]
    number = _value(file, sheet, values[col - 1], row, col)
    optional = kind == "total" and name == "cumulative_share_percent"
    if number is None and not optional:
        raise _error(file, sheet, f"empty {name} cell; expected a number", row, col)
    return number


def parse_shares_sheet(
    file: str, sheet: str, rows: list[tuple], *, edition: int | None = None
) -> pl.DataFrame:
    """One commodity sheet of table 6.5 (its rows as value tuples, row 1 first) -> one row per
    producer and one for the Total."""
    if not rows or not (_text(rows[0][0] if rows[0] else None) or "").startswith(TITLE_START):
        got = _text(rows[0][0]) if rows and rows[0] else None
        raise _error(file, sheet, f"title {got!r} does not start with {TITLE_START!r}", 1, 1)
    if len(rows) < 2:
        raise _error(file, sheet, "no header row", 2, 1)
    year = _year(file, sheet, rows[1])
    edition = edition or edition_from_years([year])
    out: list[dict[str, object]] = []
    total_row: int | None = None
    for number, values in enumerate(rows[2:], start=3):
        values = tuple(values) + (None,) * max(0, len(HEADER) - len(values))
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
        country = _text(values[2])
        if country is None:
            raise _error(file, sheet, "row has values but no country", number, 3)
        kind = "total" if country.lower() == "total" else "country"
        if kind == "total":
            total_row = number
        unit = _text(values[3])
        if unit not in UNITS:
            raise _error(file, sheet, f"unknown unit {unit!r}; expected one of {UNITS}", number, 4)
        extra = [i for i, v in enumerate(values[len(HEADER) :], start=len(HEADER) + 1) if _text(v)]
        if extra:
            cell = values[extra[0] - 1]
            raise _error(
                file, sheet, f"cell {cell!r} beyond the Share HHI column", number, extra[0]
            )
        raw = values[VALUE_COLUMN - 1]
        value = _value(file, sheet, raw, number, VALUE_COLUMN)
        if value is None:
            raise _error(
                file,
                sheet,
                "empty production cell; table 6.5 lists producers with their figure",
                number,
                VALUE_COLUMN,
            )
        out.append(
            {
                "edition": edition,
                "source_file": file,
                "sheet": sheet,
                "row_number": number,
                "column_letter": get_column_letter(VALUE_COLUMN),
                "country_raw": str(values[2]),
                "country_name": country,
                "row_kind": kind,
                "unit": unit,
                "year": year,
                "rank": _rank(file, sheet, values[0], number, kind),
                "rank_previous_raw": _text(values[1]),
                "value_raw": str(raw),
                "value": value,
                **{name: _share(file, sheet, values, name, number, kind) for name in SHARE_COLUMNS},
            }
        )
    if total_row is None:
        raise _error(file, sheet, "no 'Total' row; expected one after the countries", len(rows), 3)
    return pl.DataFrame(out, schema=COLUMNS)
