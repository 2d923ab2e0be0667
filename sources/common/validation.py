"""Run a pandera schema and turn its failures into one readable error."""

from __future__ import annotations

import pandera.errors
import polars as pl

from sources.common.errors import shorten

MAX_LISTED = 10


class ValidationFailed(ValueError):
    """pandera found rows that break the schema; the message lists where."""

    def __init__(self, source: str, table: str, failures: list[str], total: int) -> None:
        self.source = source
        self.table = table
        self.failures = failures
        more = f" (and {total - len(failures)} more)" if total > len(failures) else ""
        lines = "\n".join(f"  - {f}" for f in failures)
        super().__init__(f"{source}: table {table} failed validation{more}:\n{lines}")


def _where(frame: pl.DataFrame, index: int | None) -> str:
    if index is None or index >= frame.height:
        return "whole table"
    row = frame.row(index, named=True)
    parts = [str(row[k]) for k in ("source_file",) if k in row]
    if "line_number" in row:
        parts.append(f"line {row['line_number']}")
    if "column_name" in row:
        parts.append(f"column {row['column_name']}")
    return " ".join(parts) or f"row {index}"


def validate(source: str, table: str, schema, frame: pl.DataFrame) -> pl.DataFrame:
    """Validate lazily (all failures at once); raise ValidationFailed naming file/line/column."""
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        failures = [
            shorten(
                f"{_where(frame, case['index'])}: {shorten(case['check'], 200)} "
                f"(column {case['column']}, got {shorten(repr(case['failure_case']), 200)})",
                400,
            )
            for case in cases.head(MAX_LISTED).iter_rows(named=True)
        ]
        raise ValidationFailed(source, table, failures, cases.height) from exc


def missing_iff_flagged(data, column: str = "value") -> pl.LazyFrame:
    """pandera check body: a cell has no value exactly when it is flagged 'missing'."""
    return data.lazyframe.select(pl.col(column).is_null() == (pl.col("value_flag") == "missing"))
