"""Rows longer than their header: re-align them when the surplus is unambiguous, else fail.

A value is never read from another column. Two repairs are made, each only when it accounts
for the whole surplus of a row:

* a stray cell holding only white space (``" "``) is dropped (mcs2024-felds_salient.csv);
* an unquoted thousands separator that split a number (``1,200`` -> ``1`` | ``200``) is joined.

Header defects that no rule can see (a missing or merged header name) are fixed by a reviewed
list, ``header_corrections.csv`` (file, position, published name, corrected name, reason), which
is applied first and must match the published header exactly. Anything else is an error naming
the file, line and the first surplus column.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from sources.usgs_mcs.table import Row, Table

CORRECTIONS_FILE = Path(__file__).parent / "header_corrections.csv"
_GROUP_HEAD = re.compile(r"^[+-]?\d{1,3}$")
_GROUP_TAIL = re.compile(r"^\d{3}(\.\d+)?$")


@cache
def header_corrections() -> dict[str, list[dict[str, str]]]:
    with CORRECTIONS_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["source_file"], []).append(row)
    return found


def corrected_header(table: Table) -> Table:
    """Apply the reviewed corrections of this file's header (if any)."""
    fixes = header_corrections().get(table.name)
    if not fixes:
        return table
    header = list(table.header)
    for fix in fixes:
        index = int(fix["position"]) - 1
        header += [""] * (index + 1 - len(header))
        if header[index] != fix["published_name"]:
            raise table.error(
                f"header_corrections.csv expects {fix['published_name']!r} at position "
                f"{index + 1}, the file has {header[index]!r}: the file changed, review the "
                "correction",
                line=1,
                column=f"#{index + 1}",
            )
        header[index] = fix["corrected_name"]
    note = f"header corrected at positions {', '.join(f['position'] for f in fixes)}"
    return replace(table, header=header, notes=[*table.notes, note])


def _stray_blanks(cells: list[str], first_value: int) -> list[int]:
    return [i for i, c in enumerate(cells) if i >= first_value and c and not c.strip()]


def _split_numbers(cells: list[str], first_value: int) -> list[int]:
    """Positions of the tail of a number split by an unquoted thousands separator."""
    return [
        i + 1
        for i in range(first_value, len(cells) - 1)
        if _GROUP_HEAD.match(cells[i].strip()) and _GROUP_TAIL.match(cells[i + 1].strip())
    ]


def realigned_row(table: Table, row: Row, first_value: int) -> Row:
    surplus = len(row.cells) - len(table.header)
    if surplus <= 0:
        return row
    blanks = _stray_blanks(row.cells, first_value)
    if len(blanks) == surplus:
        return Row(row.line, [c for i, c in enumerate(row.cells) if i not in blanks])
    tails = _split_numbers(row.cells, first_value)
    if len(tails) == surplus:
        cells = list(row.cells)
        for tail in reversed(tails):
            cells[tail - 1] = f"{cells[tail - 1].strip()},{cells[tail].strip()}"
            del cells[tail]
        return Row(row.line, cells)
    raise table.error(
        f"row has {len(row.cells)} cells but the header names {len(table.header)}; the "
        f"{surplus} surplus cell(s) are not stray blanks ({len(blanks)} found) nor numbers "
        f"split by a thousands separator ({len(tails)} found), so no column can be trusted: "
        "fix the header in header_corrections.csv after review",
        line=row.line,
        column=f"#{len(table.header) + 1}",
    )


def realigned(table: Table, first_value: int = 3) -> Table:
    """The table with its reviewed header and every over-long row re-aligned (or an error)."""
    table = corrected_header(table)
    rows = [realigned_row(table, row, first_value) for row in table.rows]
    changed = [r.line for r, o in zip(rows, table.rows, strict=True) if r is not o]
    if not changed:
        return table
    note = f"re-aligned lines {', '.join(map(str, changed))}"
    return replace(table, rows=rows, notes=[*table.notes, note])
