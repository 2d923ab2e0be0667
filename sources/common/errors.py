"""Errors that say what went wrong, where, and what was expected.

Every message is capped (:func:`shorten`): an offending value of 200 million characters must not
become a 200 MB exception, log line or Dagster event.
"""

from __future__ import annotations

MAX_MESSAGE_CHARS = 600  # the whole "what went wrong" part of a message
MAX_WHERE_CHARS = 300  # a file name or URL


def shorten(text: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` as a string of at most about ``limit`` characters (head ... tail)."""
    text = str(text)
    if len(text) <= limit:
        return text
    keep = max(limit - 40, 20)
    head, tail = text[: keep * 2 // 3], text[-(keep // 3) :]
    return f"{head} ...[{len(text) - len(head) - len(tail):,} characters cut]... {tail}"


def preview(value: bytes | str, limit: int = 80) -> str:
    """A short repr of a (possibly huge) offending value: never formats the whole value."""
    if len(value) <= limit:
        return repr(value)
    unit = "bytes" if isinstance(value, bytes) else "characters"
    return f"{value[:limit]!r}... ({len(value):,} {unit})"


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
        self.file = shorten(file, MAX_WHERE_CHARS)
        self.line = line
        self.column = None if column is None else shorten(column, 100)
        where = self.file
        if line is not None:
            where += f" line {line}"
        if self.column is not None:
            where += f" column {self.column}"
        super().__init__(f"{source}: {where}: {shorten(message)}")
