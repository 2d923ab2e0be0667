"""The combined world file USGS publishes for MCS2025 (MCS2025_World_Data.csv).

One row per commodity x country x TYPE, units in words in UNIT_MEAS, value columns such as
PROD_2023, PROD_EST_ 2024 (stray space as published), CAP_..., RESERVES_2024. Rows become the
same long cells as the per-commodity world files, so everything downstream is shared.
Commodity codes are those of the per-commodity files (cells.commodity_code).

MCS2025 leaves a withheld, unavailable or not-computable cell blank and puts its code in the
measure's NOTES column instead ("W for 23-24", "NA", "XX", "Large", "Included with Other
countries"); an estimate of the first year is a note too ("estimated 2023"). Those notes set
the cell's flag, as the code in the cell does in the other layouts.
"""

from __future__ import annotations

import re
from dataclasses import replace

import polars as pl

from sources.usgs_mcs.alignment import realigned
from sources.usgs_mcs.cells import (
    UNIT_WORDS,
    WORLD_SCHEMA,
    ValueColumn,
    WorldRow,
    check_codes_unambiguous,
    commodity_code,
    name_key,
    unit_code,
    world_record,
)
from sources.usgs_mcs.table import Row, Table, cell_of, clean_text
from sources.usgs_mcs.values import ParsedValue, parse_value

COMBINED_WORLD_HEADER = ("SOURCE", "COMMODITY", "COUNTRY")
MEASURES = {"PROD": "Prod", "CAP": "Cap", "RESERVE": "Reserves", "RESERVES": "Reserves"}
_VALUE = re.compile(r"^(?P<kind>PROD|CAP|RESERVES)(?P<est>_EST)?_(?P<year>\d{4})$")
_NOTES = re.compile(r"^(?P<kind>PROD|CAP|RESERVES?)_NOTES$")
_NOTE_CODE = re.compile(r"^(?P<code>W|NA|XX)\b", re.IGNORECASE)
_NOTE_ESTIMATED = re.compile(r"^estimated(?: for)? (?P<year>\d{4})$", re.IGNORECASE)

__all__ = ["COMBINED_WORLD_HEADER", "UNIT_WORDS", "commodity_code", "parse_combined_world_table"]


def normalised(name: str) -> str:
    """'PROD_EST_ 2024' -> 'PROD_EST_2024'."""
    return re.sub(r"\s+", "", name).upper()


def _columns(table: Table) -> tuple[list[ValueColumn], dict[str, int]]:
    values, notes = [], {}
    for index, name in enumerate(table.header):
        key = normalised(name)
        if match := _VALUE.match(key):
            values.append(
                ValueColumn(
                    index, name, MEASURES[match["kind"]], "", bool(match["est"]), int(match["year"])
                )
            )
        elif match := _NOTES.match(key):
            notes[MEASURES[match["kind"]]] = index
    if not values:
        raise table.error("no PROD_/CAP_/RESERVES_<year> value column", line=1)
    return values, notes


def noted_value(raw: str, notes: str, column: ValueColumn) -> ParsedValue | None:
    """The cell's value when its notes carry its code or estimate flag, else None."""
    notes = clean_text(notes)
    if not raw.strip():
        if match := _NOTE_CODE.match(notes):
            return parse_value(match["code"].upper())
        try:
            return parse_value(notes.rstrip("."))
        except ValueError:
            return None
    estimated = _NOTE_ESTIMATED.match(notes)
    if estimated and int(estimated["year"]) == column.year:
        try:
            return parse_value(raw, estimated_column=True)
        except ValueError:
            return None
    return None


def _type_key(row: Row) -> tuple[str, str]:
    return name_key(cell_of(row, 1)), name_key(cell_of(row, 3))


def _units_by_type(table: Table, unit_index: int) -> dict[tuple[str, str], str]:
    """(COMMODITY, TYPE) -> UNIT_MEAS where all rows that give one agree."""
    seen: dict[tuple[str, str], set[str]] = {}
    for row in table.rows:
        if words := clean_text(cell_of(row, unit_index)):
            seen.setdefault(_type_key(row), set()).add(words.lower())
    return {key: next(iter(words)) for key, words in seen.items() if len(words) == 1}


def parse_combined_world_table(table: Table, edition: int) -> pl.DataFrame:
    table = realigned(table, first_value=5)
    columns, notes = _columns(table)
    header = [normalised(h) for h in table.header]
    if "UNIT_MEAS" not in header:
        raise table.error(f"no UNIT_MEAS column; header is {','.join(table.header)}", line=1)
    unit_index = header.index("UNIT_MEAS")
    names: dict[str, int] = {}
    for row in table.rows:
        names.setdefault(cell_of(row, 1), row.line)
    check_codes_unambiguous(table, names)
    units = _units_by_type(table, unit_index)
    records = []
    for row in table.rows:
        words = cell_of(row, unit_index)
        if not words.strip():  # one published row has no unit: its TYPE's only unit, if any
            words = units.get(_type_key(row), "")
        unit = unit_code(table, row, table.header[unit_index], words)
        where = WorldRow(cell_of(row, 2), cell_of(row, 3), commodity_code(cell_of(row, 1)))
        for column in columns:
            notes_index = notes.get(column.measure)
            notes_text = cell_of(row, notes_index) if notes_index else ""
            with_unit = replace(column, unit=unit)
            value = noted_value(cell_of(row, column.index), notes_text, column)
            records.append(world_record(table, row, edition, where, with_unit, notes_text, value))
    return pl.DataFrame(records, schema=WORLD_SCHEMA, orient="row")
