"""USITC DataWeb workbooks (US imports for consumption, US domestic exports) -> value cells.

Each workbook is one DataWeb query (sheet ``Query Parameters``: trade flow, download date, the
18 partners, the 25 HTS4 headings) and six data sheets: the value (``Customs Value`` for
imports, ``FAS Value`` for exports), ``First Unit of Quantity`` and ``Second Unit of
Quantity``, each annual and ``... YTD`` (January-April of every year). A data sheet is:

* row 1 the query title, row 2 ``Data Row Count | n``, row 3 the header
  ``Data Type | Country | HTS Number | Description | Quantity Description | 1993 ... 2026``
  (YTD: ``1993_Year_to_date`` ...), quantity sheets then ``<year>_Suppressed`` columns;
* one row per partner x heading x quantity description (a heading whose HTS10 lines use
  several units has one row per unit; value rows say ``Value for: <unit>``);
* value sheets end with a ``Total:`` row, numbers stored as text with thousands separators.

Rules (sources/usitc_dataweb/snapshot/PROVENANCE.md):

* every value cell becomes one row (zeros kept: DataWeb recorded no trade);
* the ``Total:`` row is the sum over the 18 partners, not World: every year's partner sum
  must equal it exactly, else the parse fails naming the sheet, the year and both figures;
  it is not landed;
* the annual column of the download year is incomplete (all zeros in the 2026-07-10 query):
  it must be all zeros and is left out of the annual table; the YTD sheets keep every year;
* a missing or malformed header, a row count that differs from ``Data Row Count``, a data
  type that is not the sheet's, a heading that is not 4 digits, or a value that is not a
  non-negative number is an error naming file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview
from sources.common.workbook import open_workbook

SOURCE = "usitc_dataweb"
PARAMETERS_SHEET = "Query Parameters"
FLOWS = {"Imports For Consumption": "imports", "Domestic Exports": "exports"}
VALUE_MEASURES = {"Customs Value": "customs_value", "FAS Value": "fas_value"}
QUANTITY_MEASURES = {
    "First Unit of Quantity": "first_unit_quantity",
    "Second Unit of Quantity": "second_unit_quantity",
}
MEASURES = {**VALUE_MEASURES, **QUANTITY_MEASURES}
YTD_SUFFIX = " YTD"
PERIODS = ("annual", "ytd")
KEY_HEADER = ["Data Type", "Country", "HTS Number", "Description", "Quantity Description"]
VALUE_PREFIX = "Value for: "
TOTAL_LABEL = "Total:"
HEADER_ROW = 3
FIRST_DATA_ROW = 4

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "flow": pl.String,
    "measure": pl.String,
    "period": pl.String,
    "download_date": pl.Date,
    "partner_name": pl.String,
    "hts4": pl.String,
    "description": pl.String,
    "unit": pl.String,
    "year": pl.Int64,
    "value": pl.Float64,
    "suppressed": pl.Float64,
}


@dataclass(frozen=True)
class Query:
    """What the ``Query Parameters`` sheet says about the workbook."""

    flow: str
    download_date: dt.date


def _error(file: str, sheet: str, message: str, row: int | None = None, col: int | None = None):
    column = get_column_letter(col) if col else None
    return SourceDataError(SOURCE, file, f"sheet {sheet!r}: {message}", line=row, column=column)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_query(file: str, rows: list[tuple]) -> Query:
    params = {_text(r[0]): r[1] for r in rows if r and len(r) > 1 and _text(r[0])}
    flow = FLOWS.get(_text(params.get("Trade Flow")))
    if flow is None:
        raise _error(
            file,
            PARAMETERS_SHEET,
            f"Trade Flow {preview(_text(params.get('Trade Flow')))}; expected one of "
            f"{', '.join(FLOWS)}",
        )
    date = params.get("Download Date")
    if not isinstance(date, dt.datetime | dt.date):
        raise _error(file, PARAMETERS_SHEET, f"Download Date {preview(str(date))} is not a date")
    return Query(flow, date.date() if isinstance(date, dt.datetime) else date)


def _header_years(file: str, sheet: str, header: tuple, period: str) -> dict[int, int]:
    """1-based column -> year of the value columns (``<year>`` or ``<year>_Year_to_date``)."""
    if [_text(c) for c in header[: len(KEY_HEADER)]] != KEY_HEADER:
        raise _error(
            file,
            sheet,
            f"header {preview(str(header[: len(KEY_HEADER)]))}; expected "
            f"{' | '.join(KEY_HEADER)} | <years>",
            HEADER_ROW,
        )
    suffix = "_Year_to_date" if period == "ytd" else ""
    years: dict[int, int] = {}
    for col, cell in enumerate(header[len(KEY_HEADER) :], start=len(KEY_HEADER) + 1):
        text = _text(cell).removesuffix(suffix)
        if not text.isdigit():
            break
        years[col] = int(text)
    expected = list(range(min(years.values(), default=0), max(years.values(), default=-1) + 1))
    if not years or list(years.values()) != expected:
        raise _error(
            file, sheet, f"year columns {list(years.values())} are not consecutive", HEADER_ROW
        )
    return years


def _suppressed_columns(header: tuple, years: dict[int, int], period: str) -> dict[int, int]:
    """year -> 1-based column of ``<year>[_Year_to_date]_Suppressed`` (quantity sheets)."""
    suffix = ("_Year_to_date" if period == "ytd" else "") + "_Suppressed"
    names = {_text(c): col for col, c in enumerate(header, start=1)}
    return {year: names[f"{year}{suffix}"] for year in years.values() if f"{year}{suffix}" in names}


def _number(file: str, sheet: str, value: object, row: int, col: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _error(
            file, sheet, f"value {preview(str(value))} is not a non-negative number", row, col
        )
    return float(value)


def _total_number(file: str, sheet: str, value: object, row: int, col: int) -> int:
    text = _text(value).replace(",", "")
    if not text.isdigit():
        raise _error(
            file,
            sheet,
            f"Total value {preview(str(value))} is not a number with thousands separators",
            row,
            col,
        )
    return int(text)


def check_total(file: str, sheet: str, total_row: int, total: tuple, body: list, years) -> None:
    """The ``Total:`` row is the sum of the partner rows, year by year, exactly."""
    for col, year in years.items():
        published = _total_number(file, sheet, total[col - 1], total_row, col)
        summed = sum(row[col - 1] for _, row in body)
        if summed != published:
            raise _error(
                file,
                sheet,
                f"year {year}: the partner rows sum to {summed:,.0f} but the Total row says "
                f"{published:,}; expected them equal (the Total is the 18-partner sum)",
                total_row,
                col,
            )


def parse_sheet(file: str, sheet: str, rows: list[tuple], query: Query, edition: int) -> list:
    """The value cells of one data sheet as row tuples in COLUMNS order."""
    period = "ytd" if sheet.endswith(YTD_SUFFIX) else "annual"
    data_type = sheet.removesuffix(YTD_SUFFIX)
    measure = MEASURES[data_type]
    if len(rows) < HEADER_ROW:
        raise _error(file, sheet, "fewer than 3 rows; expected title, row count and header")
    years = _header_years(file, sheet, rows[HEADER_ROW - 1], period)
    suppressed = _suppressed_columns(rows[HEADER_ROW - 1], years, period)
    body, total = [], None
    for number, row in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        if not any(_text(c) for c in row):
            continue
        if _text(row[0]).rstrip() == TOTAL_LABEL:
            total = (number, row)
            continue
        if _text(row[0]) != data_type:
            raise _error(
                file,
                sheet,
                f"data type {preview(_text(row[0]))}; expected {data_type!r}",
                number,
                1,
            )
        if not (len(_text(row[2])) == 4 and _text(row[2]).isdigit()):
            raise _error(
                file, sheet, f"HTS Number {preview(_text(row[2]))} is not 4 digits", number, 3
            )
        row_values = list(row)
        for col in years:
            row_values[col - 1] = _number(file, sheet, row[col - 1], number, col)
        body.append((number, row_values))
    declared = rows[1][1] if len(rows[1]) > 1 else None
    if _text(rows[1][0]) != "Data Row Count" or declared != len(body):
        raise _error(
            file,
            sheet,
            f"{len(body)} data rows but row 2 says {preview(str(rows[1][:2]))}; expected "
            "'Data Row Count' with the number of data rows",
            2,
        )
    if measure in VALUE_MEASURES.values():
        if total is None:
            raise _error(file, sheet, "no 'Total:' row; expected one after the partner rows")
        check_total(file, sheet, total[0], total[1], body, years)
    out = []
    for number, row in body:
        unit = _text(row[4]).removeprefix(VALUE_PREFIX)
        for col, year in years.items():
            if period == "annual" and year >= query.download_date.year:
                if row[col - 1] != 0:
                    raise _error(
                        file,
                        sheet,
                        f"year {year} (the download year, incomplete) holds "
                        f"{row[col - 1]:,.0f}; expected 0 (full years only)",
                        number,
                        col,
                    )
                continue
            flag_col = suppressed.get(year)
            at = (number, flag_col)
            out.append(
                (
                    edition,
                    file,
                    sheet,
                    number,
                    get_column_letter(col),
                    query.flow,
                    measure,
                    period,
                    query.download_date,
                    _text(row[1]),
                    _text(row[2]),
                    _text(row[3]),
                    unit,
                    year,
                    row[col - 1],
                    None if flag_col is None else _number(file, sheet, row[flag_col - 1], *at),
                )
            )
    return out


def parse_workbook(path: Path, *, edition: int | None = None) -> dict[str, pl.DataFrame]:
    """period ('annual', 'ytd') -> the value cells of every data sheet of the workbook.
    ``edition``: default the download year."""
    path = Path(path)
    with open_workbook(path, source=SOURCE) as workbook:
        sheets = {}
        for sheet in workbook.worksheets:
            sheets[sheet.title] = list(sheet.iter_rows(values_only=True))
    if PARAMETERS_SHEET not in sheets:
        raise SourceDataError(SOURCE, path.name, f"no sheet {PARAMETERS_SHEET!r}")
    query = read_query(path.name, sheets.pop(PARAMETERS_SHEET))
    edition = edition or query.download_date.year
    unknown = [s for s in sheets if s.removesuffix(YTD_SUFFIX) not in MEASURES]
    if unknown:
        raise SourceDataError(
            SOURCE,
            path.name,
            f"unexpected sheet(s) {', '.join(map(repr, unknown))}; expected "
            f"{', '.join(MEASURES)} and their YTD sheets",
        )
    rows = {period: [] for period in PERIODS}
    for title, sheet_rows in sheets.items():
        period = "ytd" if title.endswith(YTD_SUFFIX) else "annual"
        rows[period] += parse_sheet(path.name, title, sheet_rows, query, edition)
    return {p: pl.DataFrame(r, schema=COLUMNS, orient="row") for p, r in rows.items()}
