"""Parse one USGS Mineral Commodity Summaries data-release file: detect its layout, dispatch.

Each layout has its own module (world, salient, combined, long2026, trends); text reading is
in table, the landed columns in cells. Imports go one way: this module imports the layouts,
none of them imports it. The kind is detected from the header, not from the file name (three
MCS2024 "salient" files hold world-production tables).

Names that callers imported from here before the split are re-exported.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.usgs_mcs.cells import (  # noqa: F401  (re-exported)
    SALIENT_SCHEMA,
    TRENDS_SCHEMA,
    UNITS,
    WORLD_SCHEMA,
    ValueColumn,
    WorldRow,
    world_record,
)
from sources.usgs_mcs.combined import COMBINED_WORLD_HEADER, parse_combined_world_table
from sources.usgs_mcs.long2026 import (
    is_commodities_header,
    parse_commodities_table,
    read_commodities_table,
)
from sources.usgs_mcs.salient import SALIENT_HEADERS, parse_salient_table
from sources.usgs_mcs.table import (  # noqa: F401  (re-exported)
    SOURCE,
    Row,
    Table,
    cell_of,
    clean_country,
    clean_text,
    commodity_code_of,
    edition_of,
    read_table,
    read_xlsx_table,
)
from sources.usgs_mcs.trends import parse_trends_table, trends_table_name
from sources.usgs_mcs.world import WORLD_HEADER, parse_value_column, parse_world_table  # noqa: F401

KINDS = ("world", "salient", "trends", "import_sources")


def detect_kind(table: Table) -> str:
    """'world', 'salient' or 'combined_world' from the header; anything else is an error."""
    head = tuple(table.header)
    if head[:2] == WORLD_HEADER and len(head) >= 4:
        return "world"
    if head[:3] in SALIENT_HEADERS:
        return "salient"
    if tuple(h.upper() for h in head[:3]) == COMBINED_WORLD_HEADER:
        return "combined_world"
    raise table.error(
        f"header {','.join(head[:4])}... is neither the world layout "
        f"({','.join(WORLD_HEADER)},Type,Prod_<unit>_<year>...), the salient layout "
        f"({','.join(SALIENT_HEADERS[0])},...), the MCS2025 combined world layout "
        f"({','.join(COMBINED_WORLD_HEADER)},...) nor the MCS2026 commodities layout",
        line=1,
    )


def _is_commodities_file(path: Path) -> bool:
    with path.open("rb") as handle:
        first = handle.readline().decode("cp1252", errors="replace").lstrip("\ufeff")
    return is_commodities_header([c.strip() for c in first.split(",")])


def parse_file(path: Path) -> list[tuple[str, pl.DataFrame]]:
    """Parse one data-release file into (kind, long frame) pairs, kind one of KINDS.

    One pair for every layout but the MCS2026 commodities file, which gives a world, a
    salient and an import_sources frame (every row in exactly one of them).
    """
    edition = edition_of(path)
    if "industry_trends" in path.parts:
        table = read_table(path)
        return [("trends", parse_trends_table(table, edition, trends_table_name(path)))]
    if path.suffix.lower() == ".csv" and _is_commodities_file(path):
        frames = parse_commodities_table(read_commodities_table(path), edition)
        return list(frames.items())
    table = read_xlsx_table(path) if path.suffix.lower() == ".xlsx" else read_table(path)
    kind = detect_kind(table)
    if kind == "world":
        return [(kind, parse_world_table(table, edition, commodity_code_of(path)))]
    if kind == "salient":
        return [(kind, parse_salient_table(table, edition, commodity_code_of(path)))]
    return [("world", parse_combined_world_table(table, edition))]
