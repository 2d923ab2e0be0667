"""Row checks shared by the BACI CSV subsets (sources/baci_panels, sources/baci_asean)."""

from __future__ import annotations

import polars as pl

from sources.common.errors import SourceDataError, preview

QUANTITY_FLAGS = ("reported", "missing", "zero_unknown")


def check_header(columns: list[str], expected: tuple[str, ...], source: str, name: str) -> None:
    if tuple(columns) != expected:
        raise SourceDataError(
            source, name, f"header is {','.join(columns)}, expected {','.join(expected)}", line=1
        )


def refuse_rows(
    frame: pl.DataFrame, bad: pl.Expr, column: str, expected: str, source: str, name: str
) -> None:
    """An error naming the first row where ``bad`` holds: its line, column and value."""
    rows = frame.filter(bad).sort("line_number")
    if rows.height:
        row = rows.row(0, named=True)
        raise SourceDataError(
            source,
            name,
            f"{column} {preview(str(row[column]))}: expected {expected} ({rows.height} such rows)",
            line=row["line_number"],
            column=column,
        )


def quantity_flag(quantity: str) -> pl.Expr:
    """missing (empty), zero_unknown (BACI's 0 t: unknown) or reported."""
    return (
        pl.when(pl.col(quantity).is_null())
        .then(pl.lit("missing"))
        .when(pl.col(quantity) == 0)
        .then(pl.lit("zero_unknown"))
        .otherwise(pl.lit("reported"))
    )


def quantity_t(quantity: str) -> pl.Expr:
    """The quantity in t, null where the file has none or BACI's 0 (unknown)."""
    return pl.when(pl.col(quantity) != 0).then(pl.col(quantity)).alias("quantity_t")


def quantity_null_iff_flagged(data) -> pl.LazyFrame:
    """pandera check body: a quantity is null exactly when not flagged reported."""
    return data.lazyframe.select(
        pl.col("quantity_t").is_null() == (pl.col("quantity_flag") != "reported")
    )
