"""Industry-trends tables (T1-T7, figures): every cell kept, text flagged 'text'."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.usgs_mcs.cells import TRENDS_SCHEMA
from sources.usgs_mcs.table import Table, cell_of, unnamed_cells
from sources.usgs_mcs.values import parse_text_or_value


def trends_table_name(path: Path) -> str:
    """MCS2024_T5_Critical_Minerals_Salient.csv -> T5_Critical_Minerals_Salient."""
    return re.sub(r"^MCS\d{4}_", "", path.stem, flags=re.IGNORECASE)


def parse_trends_table(table: Table, edition: int, table_name: str) -> pl.DataFrame:
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
