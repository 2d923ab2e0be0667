"""Reading a USGS MCS file as text: a Table of rows with line numbers, and clean cell text.

Only text handling lives here (decoding, CSV/XLSX reading, cleaning names, error helpers);
what the cells mean is for the layout modules (world, salient, combined, long2026, trends).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sources.common.errors import SourceDataError
from sources.common.workbook import open_workbook
from sources.usgs_mcs.values import ParsedValue, parse_value

SOURCE = "usgs_mcs"
SALIENT_HEADER = ("DataSource", "Commodity", "Year")

_EDITION = re.compile(r"mcs\s?(\d{4})", re.IGNORECASE)
_COMMODITY_CODE = re.compile(r"^mcs\d{4}-?(?P<code>[a-z]+(?:-[a-z]+)*)_(world|salient)\.", re.I)
_TRAILING_FOOTNOTE_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """A delimited file as text: its name (for messages), header and rows with line numbers.

    `notes` records what was repaired while reading (e.g. a realigned row), for the reader.
    """

    name: str
    header: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

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


def decode(name: str, data: bytes, encoding: str = "utf-8-sig") -> str:
    """Bytes to text; a byte the encoding cannot read is an error naming its line."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceDataError(
            SOURCE, name, f"byte {exc.start} is not {encoding} ({exc.reason})", line=line
        ) from exc


def distinct(header: list[str]) -> list[str]:
    """A header name seen before gets its position appended: real files repeat names."""
    seen: set[str] = set()
    names = []
    for index, name in enumerate(header):
        names.append(f"{name}#{index + 1}" if name and name in seen else name)
        seen.add(name)
    return names


def trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def read_table(path: Path, *, name: str | None = None, encoding: str = "utf-8-sig") -> Table:
    """Read a CSV: BOM, CRLF, trailing empty columns and all-empty rows handled.

    A file cut inside a quoted field, or one with no data rows, is an error.
    """
    name = name or path.name
    text = decode(name, path.read_bytes(), encoding)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] | None = None
    try:
        start = 1
        for cells in reader:
            if header is None:
                header = distinct([clean_text(c) for c in trim(cells)])
            elif any(c.strip() for c in cells):
                rows.append(Row(start, trim(cells)))
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
    with open_workbook(path, source=SOURCE) as workbook:
        for sheet in workbook.worksheets:
            values = sheet.iter_rows(values_only=True)
            first = next(values, None)
            header = [clean_text(_cell_text(v)) for v in (first or ())]
            if tuple(header[:3]) != SALIENT_HEADER:
                continue
            rows = [
                Row(number, trim([_cell_text(v) for v in cells]))
                for number, cells in enumerate(values, start=2)
                if any(_cell_text(v).strip() for v in cells)
            ]
            return Table(f"{path.name} sheet {sheet.title}", distinct(trim(header)), rows)
    raise SourceDataError(
        SOURCE, path.name, f"no sheet has the salient header {','.join(SALIENT_HEADER)}"
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_of(row: Row, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def unnamed_cells(table: Table, row: Row) -> Iterator[tuple[str, str]]:
    """Non-empty cells under an empty or missing header, as ('#<position>', raw).

    Real files have them (a duplicated reserves column); they are kept and flagged, never
    dropped.
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
