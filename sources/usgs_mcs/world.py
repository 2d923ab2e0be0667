"""The per-commodity world files of MCS2022-2024 (mcsYYYY-<code>_world.csv).

Header ``Source,Country,Type,<Prod|Cap|Reserves>[_<detail>]_<unit>[_est][_<year>]...`` with
``Prod_notes``/``Reserves_notes`` columns; one row per country x Type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from sources.usgs_mcs.alignment import realigned
from sources.usgs_mcs.cells import UNITS, WORLD_SCHEMA, ValueColumn, WorldRow, world_record
from sources.usgs_mcs.table import Table, cell_of, unnamed_cells

WORLD_HEADER = ("Source", "Country")
_NOTES_COLUMN = re.compile(r"^(?P<kind>Prod|Cap|Reserves)_notes?$")


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


def _world_columns(table: Table) -> Iterator[tuple[ValueColumn, int | None]]:
    """Value columns of a world table with the index of their notes column."""
    notes = {
        m["kind"]: i for i, name in enumerate(table.header) if (m := _NOTES_COLUMN.match(name))
    }
    for index, name in enumerate(table.header[3:], start=3):
        if not name or _NOTES_COLUMN.match(name):
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


def parse_world_table(table: Table, edition: int, commodity_code: str) -> pl.DataFrame:
    table = realigned(table)
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
