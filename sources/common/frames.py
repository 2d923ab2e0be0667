"""Text columns to numbers with errors that name the file, line and column."""

from __future__ import annotations

import polars as pl

from sources.common.errors import SourceDataError


def cast_checked(
    frame: pl.DataFrame, casts: dict[str, pl.DataType], *, source: str, source_file: str
) -> pl.DataFrame:
    """Cast text columns; a non-empty cell that does not convert is an error naming its line.

    `frame` must have a `line_number` column.
    """
    for column, dtype in casts.items():
        text = pl.col(column).str.strip_chars()
        converted = text.replace("", None).cast(dtype, strict=False)
        bad = frame.filter(converted.is_null() & text.is_not_null() & (text != ""))
        if bad.height:
            first = bad.row(0, named=True)
            raise SourceDataError(
                source,
                source_file,
                f"value {first[column]!r} is not a {dtype} ({bad.height} such cells)",
                line=first["line_number"],
                column=column,
            )
        frame = frame.with_columns(converted.alias(column))
    return frame


def require_columns(
    header: list[str], expected: list[str], *, source: str, source_file: str
) -> None:
    missing = [c for c in expected if c not in header]
    if missing:
        raise SourceDataError(
            source,
            source_file,
            f"missing column(s) {', '.join(missing)}; header is {','.join(header)}",
            line=1,
        )
