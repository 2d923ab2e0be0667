"""The per-commodity US salient-statistics files (mcsYYYY-<code>_salient.csv/.xlsx).

Header ``DataSource,Commodity,Year,<Statistic>_<detail>_<unit>...`` (MCS2025 bauxite says
``Source`` for ``DataSource``); one row per year, one cell per statistic.
"""

from __future__ import annotations

import re

import polars as pl

from sources.usgs_mcs.alignment import realigned
from sources.usgs_mcs.cells import SALIENT_SCHEMA
from sources.usgs_mcs.table import Table, cell_of, clean_text, parsed_cell, unnamed_cells
from sources.usgs_mcs.values import parse_text_or_value

SALIENT_HEADERS = (("DataSource", "Commodity", "Year"), ("Source", "Commodity", "Year"))
_YEAR_CELL = re.compile(r"^(?P<year>\d{4})(?P<rest>.*)$")


def salient_column(name: str) -> tuple[str, str, str]:
    """USprod_Compounds-Metals_t -> ('USprod', 'Compounds-Metals', 't')."""
    parts = name.split("#")[0].split("_")
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], "_".join(parts[1:-1]), parts[-1]


def parse_salient_table(table: Table, edition: int, commodity_code: str) -> pl.DataFrame:
    table = realigned(table)
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
                value, (statistic, detail, unit) = parse_text_or_value(raw), ("unnamed", "", "")
            else:
                value = parsed_cell(table, row, name, raw, estimated_year)
                statistic, detail, unit = salient_column(name)
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
