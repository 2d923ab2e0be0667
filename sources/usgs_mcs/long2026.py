"""The MCS2026 long commodities file (MCS2026_Commodities_Data.csv): one value per row.

Windows-1252 without a BOM; header ``MCS chapter,Section,Commodity,Country,Statistics,
Statistics_detail,Unit,Year,Value,Notes,Is critical mineral 2025,Other notes``. Every row
becomes exactly one cell of one table, chosen by its Section:

* ``World ...`` sections -> world cells (WORLD_SCHEMA), as the per-commodity world files;
* ``Salient Statistics—United States`` -> salient cells (SALIENT_SCHEMA);
* ``Import Sources`` -> import-source shares (IMPORT_SOURCES_SCHEMA), a table new in 2026.

World cells: commodity_code from the chapter (cells.commodity_code: RARE EARTHS -> raree);
measure from Statistics (Production -> Prod, Capacity -> Cap, Reserves -> Reserves); unit from
the Unit words; type_name is Statistics_detail without its ``: rounded`` suffix (world totals
are published as "<detail>: rounded"), prefixed with ``<Commodity>: `` when the row's
Commodity is not the chapter and the detail does not name it (helium chapter: the same
detail ``Rare gases production, (million liters)`` for Krypton, Neon and Xenon). A note
starting "Estimated" marks a number estimated.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.usgs_mcs.cells import (
    IMPORT_SOURCES_SCHEMA,
    SALIENT_SCHEMA,
    WORLD_SCHEMA,
    ValueColumn,
    WorldRow,
    check_codes_unambiguous,
    commodity_code,
    name_key,
    unit_code,
    world_record,
)
from sources.usgs_mcs.table import Row, Table, cell_of, clean_country, clean_text, read_table
from sources.usgs_mcs.values import EXPECTED, ParsedValue, parse_value

ENCODING = "cp1252"
HEADER = (
    "MCS chapter",
    "Section",
    "Commodity",
    "Country",
    "Statistics",
    "Statistics_detail",
    "Unit",
    "Year",
    "Value",
    "Notes",
    "Is critical mineral 2025",
    "Other notes",
)
SALIENT_SECTION = "Salient Statistics—United States"
IMPORT_SECTION = "Import Sources"
WORLD_MEASURES = {"production": "Prod", "capacity": "Cap", "reserves": "Reserves"}
VALUE_COLUMN = "Value"

_ROUNDED = re.compile(r"\s*[:,]\s*rounded$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_PERIOD = re.compile(r"^(?P<start>\d{4})\s*[–-]\s*(?P<end>\d{2}|\d{4})$")
_LOST_SIGN = re.compile(r"^\?(?P<num>\d[\d,]*(?:\.\d+)?)$")
_COL = {name: index for index, name in enumerate(HEADER)}


def is_commodities_header(header: list[str]) -> bool:
    return tuple(header[:2]) == HEADER[:2]


def read_commodities_table(path: Path) -> Table:
    return read_table(path, encoding=ENCODING)


def section_kind(section: str) -> str | None:
    if section == SALIENT_SECTION:
        return "salient"
    if section == IMPORT_SECTION:
        return "import_sources"
    if section.startswith("World"):
        return "world"
    return None


def _get(row: Row, name: str) -> str:
    return cell_of(row, _COL[name])


def _value(table: Table, row: Row) -> ParsedValue:
    """Value with its flag; 'Estimated...' notes mark numbers estimated.

    USGS codes as parse_value reads them, plus two seen only in this file: ``s`` (its note
    says "Less than ½ unit.": an upper bound of 0.5) and ``?<n>`` (a minus sign lost when the
    file was saved as Windows-1252, on two stockpile-shipment rows whose note says "If
    negative, ..."): kept as the range -n..n, the sign being unknown.
    """
    raw = _get(row, VALUE_COLUMN)
    text = raw.strip()
    if text == "s":
        return ParsedValue(None, 0.0, 0.5, "upper_bound")
    if match := _LOST_SIGN.match(text):
        magnitude = float(match["num"].replace(",", ""))
        return ParsedValue(None, -magnitude, magnitude, "range")
    estimated = clean_text(_get(row, "Notes")).lower().startswith("estimated")
    try:
        return parse_value(raw, estimated_column=estimated)
    except ValueError:
        raise table.error(
            f"value {raw!r} is not {EXPECTED}, 's' or '?<number>'",
            line=row.line,
            column=VALUE_COLUMN,
        ) from None


def _year(table: Table, row: Row) -> int:
    year = clean_text(_get(row, "Year"))
    if not _YEAR.match(year):
        raise table.error(f"Year {year!r} is not a year (YYYY)", line=row.line, column="Year")
    return int(year)


def _period(table: Table, row: Row) -> tuple[int, int]:
    period = clean_text(_get(row, "Year"))
    match = _PERIOD.match(period)
    if not match:
        raise table.error(
            f"Year {period!r} is not a period such as 2021–24", line=row.line, column="Year"
        )
    start, end = match["start"], match["end"]
    end = start[:2] + end if len(end) == 2 else end
    return int(start), int(end)


def world_type_name(chapter: str, commodity: str, detail: str) -> str:
    """Statistics_detail without ': rounded', prefixed by a sub-commodity the detail omits."""
    type_name = _ROUNDED.sub("", clean_text(detail))
    commodity = clean_text(commodity)
    if name_key(commodity) != name_key(chapter) and name_key(commodity) not in name_key(detail):
        type_name = f"{commodity}: {type_name}"
    return type_name


def _world(table: Table, row: Row, edition: int, code: str) -> dict:
    statistic = clean_text(_get(row, "Statistics"))
    measure = WORLD_MEASURES.get(statistic.lower())
    if measure is None:
        raise table.error(
            f"Statistics {statistic!r} in a World section is not one of "
            f"{', '.join(s.title() for s in WORLD_MEASURES)}",
            line=row.line,
            column="Statistics",
        )
    unit = unit_code(table, row, "Unit", _get(row, "Unit"))
    value = _value(table, row)
    estimated = value.flag == "estimated"
    column = ValueColumn(
        _COL[VALUE_COLUMN], VALUE_COLUMN, measure, unit, estimated, _year(table, row)
    )
    detail = _get(row, "Statistics_detail")
    where = WorldRow(
        _get(row, "Country"),
        detail,
        code,
        world_type_name(_get(row, "MCS chapter"), _get(row, "Commodity"), detail),
    )
    return world_record(table, row, edition, where, column, _get(row, "Notes"), value)


def _salient(table: Table, row: Row, edition: int, code: str) -> dict:
    statistic = clean_text(_get(row, "Statistics"))
    detail = clean_text(_get(row, "Statistics_detail"))
    value = _value(table, row)
    return {
        "edition": edition,
        "source_file": table.name,
        "line_number": row.line,
        "commodity_code": code,
        "commodity": clean_text(_get(row, "Commodity")),
        "year": _year(table, row),
        "year_raw": clean_text(_get(row, "Year")),
        "column_name": f"{statistic}: {detail}" if detail else statistic,
        "statistic": statistic,
        "detail": detail,
        "unit": clean_text(_get(row, "Unit")),
        "value_raw": _get(row, VALUE_COLUMN),
        "value": value.value,
        "value_lower": value.lower,
        "value_upper": value.upper,
        "value_flag": value.flag,
    }


def _import_source(table: Table, row: Row, edition: int, code: str) -> dict:
    start, end = _period(table, row)
    value = _value(table, row)
    return {
        "edition": edition,
        "source_file": table.name,
        "line_number": row.line,
        "chapter": clean_text(_get(row, "MCS chapter")),
        "commodity": clean_text(_get(row, "Commodity")),
        "commodity_code": code,
        "country_raw": _get(row, "Country"),
        "country_name": clean_country(_get(row, "Country")),
        "detail": clean_text(_get(row, "Statistics_detail")),
        "period_raw": clean_text(_get(row, "Year")),
        "year_start": start,
        "year_end": end,
        "unit": clean_text(_get(row, "Unit")),
        "value_raw": _get(row, VALUE_COLUMN),
        "value": value.value,
        "value_lower": value.lower,
        "value_upper": value.upper,
        "value_flag": value.flag,
        "notes": clean_text(_get(row, "Notes")),
    }


_BUILDERS = {"world": _world, "salient": _salient, "import_sources": _import_source}
SCHEMAS = {
    "world": WORLD_SCHEMA,
    "salient": SALIENT_SCHEMA,
    "import_sources": IMPORT_SOURCES_SCHEMA,
}


def parse_commodities_table(table: Table, edition: int) -> dict[str, pl.DataFrame]:
    """Every row to exactly one of the world, salient and import_sources frames."""
    if tuple(table.header) != HEADER:
        raise table.error(f"header is not {','.join(HEADER)}", line=1)
    chapters: dict[str, int] = {}
    for row in table.rows:
        chapters.setdefault(clean_text(_get(row, "MCS chapter")), row.line)
    check_codes_unambiguous(table, chapters)
    records: dict[str, list[dict]] = {kind: [] for kind in _BUILDERS}
    for row in table.rows:
        if len(row.cells) > len(HEADER):
            raise table.error(
                f"row has {len(row.cells)} cells, the header {len(HEADER)}",
                line=row.line,
                column=f"#{len(HEADER) + 1}",
            )
        section = clean_text(_get(row, "Section"))
        kind = section_kind(section)
        if kind is None:
            raise table.error(
                f"Section {section!r} is not 'World ...', {SALIENT_SECTION!r} or "
                f"{IMPORT_SECTION!r}",
                line=row.line,
                column="Section",
            )
        code = commodity_code(_get(row, "MCS chapter"))
        records[kind].append(_BUILDERS[kind](table, row, edition, code))
    return {
        kind: pl.DataFrame(rows, schema=SCHEMAS[kind], orient="row")
        for kind, rows in records.items()
    }
