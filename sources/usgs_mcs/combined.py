"""The combined world file USGS publishes from MCS2025 on (MCS2025_World_Data.csv).

One row per commodity x country x TYPE, units in words in UNIT_MEAS, value columns such as
PROD_2023, PROD_EST_ 2024 (stray space as published), CAP_..., RESERVES_2024. Rows become the
same long cells as the per-commodity world files, so everything downstream is shared.
"""

from __future__ import annotations

import re
from dataclasses import replace

import polars as pl

from sources.usgs_mcs.parse import (
    WORLD_SCHEMA,
    Table,
    ValueColumn,
    WorldRow,
    cell_of,
    clean_text,
    world_record,
)

UNIT_WORDS = {
    "metric tons": "t",
    "thousand metric tons": "kt",
    "million metric tons": "Mt",
    "kilograms": "kg",
    "thousand carats": "kct",
    "million carats": "mct",
    "million cubic meters": "mcm",
}
MEASURES = {"PROD": "Prod", "CAP": "Cap", "RESERVE": "Reserves", "RESERVES": "Reserves"}
_VALUE = re.compile(r"^(?P<kind>PROD|CAP|RESERVES)(?P<est>_EST)?_(?P<year>\d{4})$")
_NOTES = re.compile(r"^(?P<kind>PROD|CAP|RESERVES?)_NOTES$")


def normalised(name: str) -> str:
    """'PROD_EST_ 2024' -> 'PROD_EST_2024'."""
    return re.sub(r"\s+", "", name).upper()


def commodity_code(name: str) -> str:
    """USGS file codes are the commodity's first five letters (Copper -> coppe)."""
    return re.sub(r"[^a-z]", "", clean_text(name).lower())[:5]


def _columns(table: Table) -> tuple[list[ValueColumn], dict[str, int]]:
    values, notes = [], {}
    for index, name in enumerate(table.header):
        key = normalised(name)
        if match := _VALUE.match(key):
            values.append(
                ValueColumn(
                    index,
                    name,
                    MEASURES[match["kind"]],
                    "",
                    bool(match["est"]),
                    int(match["year"]),
                )
            )
        elif match := _NOTES.match(key):
            notes[MEASURES[match["kind"]]] = index
    if not values:
        raise table.error("no PROD_/CAP_/RESERVES_<year> value column", line=1)
    return values, notes


def parse_combined_world_table(table: Table, edition: int) -> pl.DataFrame:
    columns, notes = _columns(table)
    unit_index = [normalised(h) for h in table.header].index("UNIT_MEAS")
    records = []
    for row in table.rows:
        unit_words = clean_text(cell_of(row, unit_index)).lower()
        if unit_words not in UNIT_WORDS:
            raise table.error(
                f"unit {unit_words!r} is not one of {', '.join(UNIT_WORDS)}",
                line=row.line,
                column=table.header[unit_index],
            )
        where = WorldRow(cell_of(row, 2), cell_of(row, 3), commodity_code(cell_of(row, 1)))
        for column in columns:
            notes_index = notes.get(column.measure)
            notes_text = cell_of(row, notes_index) if notes_index else ""
            with_unit = replace(column, unit=UNIT_WORDS[unit_words])
            records.append(world_record(table, row, edition, where, with_unit, notes_text))
    return pl.DataFrame(records, schema=WORLD_SCHEMA, orient="row")
