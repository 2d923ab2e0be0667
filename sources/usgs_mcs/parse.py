"""Parsers for the USGS Mineral Commodity Summaries data-release files.

Plain functions from a path to a long polars frame; one row per value cell, each keeping its
raw text, parsed number or bounds, and a flag. The file kind is detected from the header, not
from the file name (three MCS2024 "salient" files hold world-production tables).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.usgs_mcs.values import ParsedValue, parse_text_or_value, parse_value

SOURCE = "usgs_mcs"

WORLD_HEADER = ("Source", "Country")
SALIENT_HEADER = ("DataSource", "Commodity", "Year")
COMBINED_WORLD_HEADER = ("SOURCE", "COMMODITY", "COUNTRY")

UNITS = ("t", "kt", "kg", "mt", "Mt", "mmt", "mct", "kct", "mcm")
_WORLD_NOTES_COLUMN = re.compile(r"^(?P<kind>Prod|Cap|Reserves)_notes?$")
_EDITION = re.compile(r"mcs\s?(\d{4})", re.IGNORECASE)
_COMMODITY_CODE = re.compile(r"^mcs\d{4}-?(?P<code>[a-z]+(?:-[a-z]+)*)_(world|salient)\.", re.I)
_YEAR_CELL = re.compile(r"^(?P<year>\d{4})(?P<rest>.*)$")
_TRAILING_FOOTNOTE_DIGITS = re.compile(r"\d+$")

WORLD_SCHEMA = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "line_number": pl.Int64,
    "source_label": pl.String,
    "commodity_code": pl.String,
    "country_raw": pl.String,
    "country_name": pl.String,
    "type_raw": pl.String,
    "type_name": pl.String,
    "column_name": pl.String,
    "measure": pl.String,
    "unit": pl.String,
    "year": pl.Int64,
    "is_estimate_column": pl.Boolean,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_lower": pl.Float64,
    "value_upper": pl.Float64,
    "value_flag": pl.String,
    "notes": pl.String,
}

SALIENT_SCHEMA = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "line_number": pl.Int64,
    "commodity_code": pl.String,
    "commodity": pl.String,
    "year": pl.Int64,
    "year_raw": pl.String,
    "column_name": pl.String,
    "statistic": pl.String,
    "detail": pl.String,
    "unit": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_lower": pl.Float64,
    "value_upper": pl.Float64,
    "value_flag": pl.String,
}

TRENDS_SCHEMA = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "table_name": pl.String,
    "line_number": pl.Int64,
    "column_name": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_lower": pl.Float64,
    "value_upper": pl.Float64,
    "value_flag": pl.String,
}


@dataclass(frozen=True)
class ValueColumn:
    """A world value column header such as Prod_Sponge_t_Est_2022."""

    index: int
    name: str
    measure: str
    unit: str
    is_estimate: bool
    year: int | None


def parse_value_column(index: int, name: str) -> ValueColumn | None:
    """<Prod|Cap|Reserves>[_<detail>...]_<unit>[_est][_<year>], or None if it is not one."""
    tokens = name.split("_")
    if tokens[0] not in ("Prod", "Cap", "Reserves"):
        return None
    unit_at = next((i for i, t in enumerate(tokens[1:], start=1) if t in UNITS), None)
    if unit_at is None:
        return None
    rest = tokens[unit_at + 1 :]
    is_estimate = bool(rest) and rest[0].lower() == "est"
    rest = rest[1:] if is_estimate else rest
    if len(rest) > 1 or (rest and not re.fullmatch(r"\d{4}", rest[0])):
        return None
    year = int(rest[0]) if rest else None
    return ValueColumn(index, name, "_".join(tokens[:unit_at]), tokens[unit_at], is_estimate, year)


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """A delimited file as text: its name (for messages), header and rows with line numbers."""

    name: str
    header: list[str]
    rows: list[Row]

    def error(self, message: str, *, line: int | None = None, column: str | None = None):
        return SourceDataError(SOURCE, self.name, message, line=line, column=column)


def clean_text(text: str) -> str:
    """Non-breaking spaces to spaces, runs of white space folded, ends stripped."""
    return " ".join(text.replace("\u00a0", " ").split())


def clean_country(text: str) -> str:
    """clean_text, then footnote digits glued to the end dropped ("New Caledonia11")."""
    return clean_text(_TRAILING_FOOTNOTE_DIGITS.sub("", clean_text(text)))


def edition_of(path: Path) -> int:
    match = _EDITION.search(path.name) or _EDITION.search(path.parent.as_posix())
    if not match:
        raise SourceDataError(SOURCE, path.name, "no edition (mcsYYYY) in the file name or folder")
    return int(match.group(1))


def commodity_code_of(path: Path) -> str:
    match = _COMMODITY_CODE.match(path.name)
    if not match:
        raise SourceDataError(
            SOURCE, path.name, "file name is not mcsYYYY-<commodity>_world|salient.csv"
        )
    return match["code"].lower()


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceDataError(
            SOURCE,
            path.name,
            f"byte {exc.start} is not UTF-8 ({exc.reason})",
            line=line,
        ) from exc


def _distinct(header: list[str]) -> list[str]:
    """A header name seen before gets its position appended: real files repeat names."""
    seen: set[str] = set()
    names = []
    for index, name in enumerate(header):
        names.append(f"{name}#{index + 1}" if name and name in seen else name)
        seen.add(name)
    return names


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def read_table(path: Path, *, name: str | None = None) -> Table:
    """Read a CSV: BOM, CRLF, trailing empty columns and all-empty rows handled.

    A file cut inside a quoted field, or one with no data rows, is an error.
    """
    name = name or path.name
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] | None = None
    try:
        start = 1
        for cells in reader:
            if header is None:
                header = _distinct([clean_text(c) for c in _trim(cells)])
            elif any(c.strip() for c in cells):
                rows.append(Row(start, _trim(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceDataError(
            SOURCE,
            name,
            f"{exc}: the file is truncated or a quote is unbalanced",
            line=reader.line_num,
        ) from exc
    if header is None or not rows:
        raise SourceDataError(SOURCE, name, "no data rows after the header (truncated file?)")
    return Table(name, header, rows)


def read_xlsx_table(path: Path) -> Table:
    """The sheet of a workbook whose header is the salient layout (USGS shipped two as .xlsx)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
        header = [clean_text(_cell_text(v)) for v in (first or ())]
        if tuple(header[:3]) != SALIENT_HEADER:
            continue
        rows = [
            Row(number, _trim([_cell_text(v) for v in cells]))
            for number, cells in enumerate(values, start=2)
            if any(_cell_text(v).strip() for v in cells)
        ]
        return Table(f"{path.name} sheet {sheet.title}", _distinct(_trim(header)), rows)
    raise SourceDataError(
        SOURCE, path.name, f"no sheet has the salient header {','.join(SALIENT_HEADER)}"
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def detect_kind(table: Table) -> str:
    """'world', 'salient' or 'combined_world' from the header; anything else is an error."""
    head = tuple(table.header)
    if head[:2] == WORLD_HEADER and len(head) >= 4:
        return "world"
    if head[:3] == SALIENT_HEADER:
        return "salient"
    if tuple(h.upper() for h in head[:3]) == COMBINED_WORLD_HEADER:
        return "combined_world"
    raise table.error(
        f"header {','.join(head[:4])}... is neither the world layout "
        f"({','.join(WORLD_HEADER)},Type,Prod_<unit>_<year>...) nor the salient layout "
        f"({','.join(SALIENT_HEADER)},...)",
        line=1,
    )


def cell_of(row: Row, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def unnamed_cells(table: Table, row: Row) -> Iterator[tuple[str, str]]:
    """Non-empty cells under an empty or missing header, as ('#<position>', raw).

    Real files have them (shifted rows, a duplicated reserves column); they are kept and
    flagged, never dropped.
    """
    for index, raw in enumerate(row.cells):
        named = index < len(table.header) and table.header[index]
        if not named and raw.strip():
            yield f"#{index + 1}", raw


def parsed_cell(table: Table, row: Row, column: str, raw: str, estimated: bool) -> ParsedValue:
    try:
        return parse_value(raw, estimated_column=estimated)
    except ValueError as exc:
        raise table.error(str(exc), line=row.line, column=column) from exc


def _world_columns(table: Table) -> Iterator[tuple[ValueColumn, int | None]]:
    """Value columns of a world table with the index of their notes column."""
    notes = {
        m["kind"]: i
        for i, name in enumerate(table.header)
        if (m := _WORLD_NOTES_COLUMN.match(name))
    }
    for index, name in enumerate(table.header[3:], start=3):
        if not name or _WORLD_NOTES_COLUMN.match(name):
            continue
        column = parse_value_column(index, name)
        if column is None:
            raise table.error(
                f"header {name!r} is not <Prod|Cap|Reserves>[_<detail>]_<unit>[_est][_<year>] "
                f"with unit one of {', '.join(UNITS)}",
                line=1,
                column=name,
            )
        yield column, notes.get(column.measure.split("_")[0])


@dataclass(frozen=True)
class WorldRow:
    """Where a world row's identifying cells are: positions differ between the layouts."""

    country: str
    kind: str
    commodity_code: str


def world_record(
    table: Table, row: Row, edition: int, where: WorldRow, column: ValueColumn, notes: str
) -> dict:
    """One world cell (WORLD_SCHEMA), shared by the per-commodity and combined layouts."""
    raw = cell_of(row, column.index)
    if column.measure == "unnamed":
        value = parse_text_or_value(raw)
    else:
        value = parsed_cell(table, row, column.name, raw, column.is_estimate)
    return {
        "edition": edition,
        "source_file": table.name,
        "line_number": row.line,
        "source_label": clean_text(cell_of(row, 0)),
        "commodity_code": where.commodity_code,
        "country_raw": where.country,
        "country_name": clean_country(where.country),
        "type_raw": where.kind,
        "type_name": clean_text(where.kind),
        "column_name": column.name,
        "measure": column.measure,
        "unit": column.unit,
        "year": column.year,
        "is_estimate_column": column.is_estimate,
        "value_raw": raw,
        "value": value.value,
        "value_lower": value.lower,
        "value_upper": value.upper,
        "value_flag": value.flag,
        "notes": clean_text(notes),
    }


def parse_world_table(table: Table, edition: int, commodity_code: str) -> pl.DataFrame:
    columns = list(_world_columns(table))
    if not columns:
        raise table.error("the world table has no Prod_/Cap_/Reserves_ value column", line=1)
    records = []
    for row in table.rows:
        if len(row.cells) < 3 or not row.cells[1].strip():
            raise table.error(
                f"row has {len(row.cells)} cells and no Country; expected Source,Country,Type "
                "then values (truncated file?)",
                line=row.line,
                column="Country",
            )
        where = WorldRow(cell_of(row, 1), cell_of(row, 2), commodity_code)
        for column, notes_index in columns:
            notes = cell_of(row, notes_index) if notes_index else ""
            records.append(world_record(table, row, edition, where, column, notes))
        for name, _ in unnamed_cells(table, row):
            column = ValueColumn(int(name[1:]) - 1, name, "unnamed", "", False, None)
            records.append(world_record(table, row, edition, where, column, ""))
    return pl.DataFrame(records, schema=WORLD_SCHEMA, orient="row")


def _salient_column(name: str) -> tuple[str, str, str]:
    """USprod_Compounds-Metals_t -> ('USprod', 'Compounds-Metals', 't')."""
    parts = name.split("#")[0].split("_")
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], "_".join(parts[1:-1]), parts[-1]


def parse_salient_table(table: Table, edition: int, commodity_code: str) -> pl.DataFrame:
    records = []
    value_columns = [(i, n) for i, n in enumerate(table.header[3:], start=3) if n]
    for row in table.rows:
        year_raw = clean_text(cell_of(row, 2))
        year = _YEAR_CELL.match(year_raw)
        if not year:
            raise table.error(
                f"Year {year_raw!r} is not a year (YYYY, optionally followed by e.g. 'e')",
                line=row.line,
                column="Year",
            )
        estimated_year = bool(year["rest"].strip())
        cells = [(name, cell_of(row, index)) for index, name in value_columns]
        for name, raw in cells + list(unnamed_cells(table, row)):
            if name.startswith("#"):
                value, (statistic, detail, unit) = (
                    parse_text_or_value(raw),
                    ("unnamed", "", ""),
                )
            else:
                value = parsed_cell(table, row, name, raw, estimated_year)
                statistic, detail, unit = _salient_column(name)
            records.append(
                {
                    "edition": edition,
                    "source_file": table.name,
                    "line_number": row.line,
                    "commodity_code": commodity_code,
                    "commodity": clean_text(cell_of(row, 1)),
                    "year": int(year["year"]),
                    "year_raw": year_raw,
                    "column_name": name,
                    "statistic": statistic,
                    "detail": detail,
                    "unit": unit,
                    "value_raw": raw,
                    "value": value.value,
                    "value_lower": value.lower,
                    "value_upper": value.upper,
                    "value_flag": value.flag,
                }
            )
    return pl.DataFrame(records, schema=SALIENT_SCHEMA, orient="row")


def parse_trends_table(table: Table, edition: int, table_name: str) -> pl.DataFrame:
    """Industry-trends tables mix text and numbers: every cell is kept, text flagged 'text'."""
    records = []
    for row in table.rows:
        cells = [(name, cell_of(row, i)) for i, name in enumerate(table.header) if name]
        for name, raw in cells + list(unnamed_cells(table, row)):
            value = parse_text_or_value(raw)
            records.append(
                {
                    "edition": edition,
                    "source_file": table.name,
                    "table_name": table_name,
                    "line_number": row.line,
                    "column_name": name,
                    "value_raw": raw,
                    "value": value.value,
                    "value_lower": value.lower,
                    "value_upper": value.upper,
                    "value_flag": value.flag,
                }
            )
    return pl.DataFrame(records, schema=TRENDS_SCHEMA, orient="row")


def trends_table_name(path: Path) -> str:
    """MCS2024_T5_Critical_Minerals_Salient.csv -> T5_Critical_Minerals_Salient."""
    return re.sub(r"^MCS\d{4}_", "", path.stem, flags=re.IGNORECASE)


def parse_file(path: Path) -> tuple[str, pl.DataFrame]:
    """Parse one data-release file; returns its detected kind and its long frame."""
    edition = edition_of(path)
    if "industry_trends" in path.parts:
        table = read_table(path)
        return "trends", parse_trends_table(table, edition, trends_table_name(path))
    table = read_xlsx_table(path) if path.suffix.lower() == ".xlsx" else read_table(path)
    kind = detect_kind(table)
    if kind == "world":
        return kind, parse_world_table(table, edition, commodity_code_of(path))
    if kind == "salient":
        return kind, parse_salient_table(table, edition, commodity_code_of(path))
    from sources.usgs_mcs.combined import parse_combined_world_table

    return "world", parse_combined_world_table(table, edition)
