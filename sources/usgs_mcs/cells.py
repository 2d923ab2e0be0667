"""The long frames every layout produces (one row per value cell), and what they share.

WORLD_SCHEMA, SALIENT_SCHEMA, TRENDS_SCHEMA and IMPORT_SOURCES_SCHEMA are the column sets of
the landed tables; `world_record` builds one world cell for every world layout; `unit_code`
and `commodity_code` turn the words of the MCS2025+ files into the codes of the older ones.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sources.usgs_mcs.table import Row, Table, cell_of, clean_country, clean_text, parsed_cell
from sources.usgs_mcs.values import ParsedValue, parse_text_or_value

COMMODITY_CODES_FILE = Path(__file__).parent / "commodity_codes.csv"

UNITS = ("t", "kt", "kg", "mt", "Mt", "mmt", "mct", "kct", "mcm", "kdt", "mlit")

# Unit words of the MCS2025 combined file and the MCS2026 long file -> the codes of the
# per-commodity column names (usgs_units.csv converts them). "tons" is metric in the MCS.
UNIT_WORDS = {
    "metric tons": "t",
    "tons": "t",
    "thousand metric tons": "kt",
    "million metric tons": "Mt",
    "kilograms": "kg",
    "thousand carats": "kct",
    "thousands of carats": "kct",
    "million carats": "mct",
    "million cubic meters": "mcm",
    "thousand metric dry tons": "kdt",
    "million liters": "mlit",
}

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

IMPORT_SOURCES_SCHEMA = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "line_number": pl.Int64,
    "chapter": pl.String,
    "commodity": pl.String,
    "commodity_code": pl.String,
    "country_raw": pl.String,
    "country_name": pl.String,
    "detail": pl.String,
    "period_raw": pl.String,
    "year_start": pl.Int64,
    "year_end": pl.Int64,
    "unit": pl.String,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_lower": pl.Float64,
    "value_upper": pl.Float64,
    "value_flag": pl.String,
    "notes": pl.String,
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


@dataclass(frozen=True)
class WorldRow:
    """Where a world row's identifying cells are: positions differ between the layouts."""

    country: str
    kind: str
    commodity_code: str
    type_name: str | None = None  # None: clean_text(kind)


def world_record(
    table: Table,
    row: Row,
    edition: int,
    where: WorldRow,
    column: ValueColumn,
    notes: str,
    value: ParsedValue | None = None,
) -> dict:
    """One world cell (WORLD_SCHEMA), shared by all world layouts."""
    raw = cell_of(row, column.index)
    if value is None and column.measure == "unnamed":
        value = parse_text_or_value(raw)
    elif value is None:
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
        "type_name": clean_text(where.kind) if where.type_name is None else where.type_name,
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


def unit_code(table: Table, row: Row, column: str, words: str) -> str:
    """'thousand metric tons' -> 'kt'; unknown words are an error naming line and column."""
    key = clean_text(words).lower()
    if key not in UNIT_WORDS:
        raise table.error(
            f"unit {key!r} is not one of {', '.join(UNIT_WORDS)}", line=row.line, column=column
        )
    return UNIT_WORDS[key]


def name_key(name: str) -> str:
    """How commodity names are compared: white space folded, case folded."""
    return clean_text(name).casefold()


@cache
def reviewed_commodity_codes() -> dict[str, str]:
    """Commodity names whose code is not their first five letters (commodity_codes.csv)."""
    with COMMODITY_CODES_FILE.open(newline="", encoding="utf-8") as handle:
        return {name_key(r["name"]): r["commodity_code"] for r in csv.DictReader(handle)}


def commodity_code(name: str) -> str:
    """The USGS file code of a commodity name: the reviewed list, else its first five letters.

    'Copper ' -> coppe, 'RARE EARTHS' -> raree, 'Iron Ore' -> feore (reviewed), as the
    per-commodity files of MCS2022-2024 name them.
    """
    reviewed = reviewed_commodity_codes().get(name_key(name))
    return reviewed or re.sub(r"[^a-z]", "", name_key(name))[:5]


def check_codes_unambiguous(table: Table, names: dict[str, int]) -> None:
    """Two commodity names of one file must not fall on one code by the five-letter rule.

    `names`: name -> first line. Names in the reviewed list are deliberate (aliases such as
    'Talc, crude' -> talc), so only two unreviewed names sharing a code are an error.
    """
    reviewed = reviewed_commodity_codes()
    by_code: dict[str, str] = {}
    for name, line in names.items():
        if name_key(name) in reviewed:
            continue
        code = commodity_code(name)
        other = by_code.setdefault(code, name)
        if name_key(other) != name_key(name):
            raise table.error(
                f"commodity names {other!r} and {name!r} both give code {code!r}; add them "
                f"to {COMMODITY_CODES_FILE.name} (reviewed name -> code list)",
                line=line,
            )
