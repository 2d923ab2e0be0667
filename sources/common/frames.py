"""Text columns to numbers with errors that name the file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from sources.common.errors import SourceDataError, preview


def cast_checked(
    frame: pl.DataFrame, casts: dict[str, pl.DataType], *, source: str, source_file: str
) -> pl.DataFrame:
    """Cast text columns; a non-empty cell that does not convert is an error naming its line.

    Floats must be finite: ``NaN``, ``inf``, ``Infinity`` (and overflowing values like 1e999)
    are errors too. `frame` must have a `line_number` column.
    """
    for column, dtype in casts.items():
        text = pl.col(column).str.strip_chars()
        converted = text.replace("", None).cast(dtype, strict=False)
        invalid = converted.is_null() & text.is_not_null() & (text != "")
        if dtype.is_float():
            invalid = invalid | (converted.is_not_null() & ~converted.is_finite())
        bad = frame.filter(invalid)
        if bad.height:
            first = bad.row(0, named=True)
            kind = "finite number" if dtype.is_float() else str(dtype)
            raise SourceDataError(
                source,
                source_file,
                f"value {preview(str(first[column]))} is not a {kind} ({bad.height} such cells)",
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


def read_csv_checked(source: str, data: Path | bytes, name: str, **kwargs: Any) -> pl.DataFrame:
    """``pl.read_csv`` whose failures (empty file, invalid UTF-8, ragged or cut-off text) are a
    :class:`SourceDataError` naming the source and file, with a capped message."""
    try:
        return pl.read_csv(data, **kwargs)
    except pl.exceptions.NoDataError as exc:
        raise SourceDataError(source, name, "empty file, expected CSV with a header") from exc
    except pl.exceptions.PolarsError as exc:
        text = str(exc)
        if "utf-8" in text.lower() or "utf8" in text.lower():
            raise SourceDataError(source, name, "text is not valid UTF-8") from exc
        raise SourceDataError(
            source, name, f"unreadable CSV: {type(exc).__name__}: {text}"
        ) from exc
