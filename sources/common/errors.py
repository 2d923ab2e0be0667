"""Errors that say what went wrong, where, and what was expected."""

from __future__ import annotations


class SourceDataError(ValueError):
    """Bad input in a source file: names the source, file, line, column and expectation."""

    def __init__(
        self,
        source: str,
        file: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.source = source
        self.file = file
        self.line = line
        self.column = column
        where = file
        if line is not None:
            where += f" line {line}"
        if column is not None:
            where += f" column {column}"
        super().__init__(f"{source}: {where}: {message}")
