"""Bytes to text with errors that say where a file stops being what it should be."""

from __future__ import annotations

from sources.common.errors import SourceDataError, preview


def decode_utf8(data: bytes, *, source: str, file: str) -> str:
    """``data`` as UTF-8 text (a leading byte-order mark dropped).

    A byte that is not UTF-8 is a :class:`SourceDataError` naming the line, the byte offset
    and the bytes around it. No other encoding is guessed: a latin-1 or cp1252 file decodes
    "successfully" to wrong names in either, so it is refused, to be saved again as UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)].rstrip(b"\r")
        raise SourceDataError(
            source,
            file,
            f"byte {exc.start:,} (byte {exc.start - line_start + 1} of the line, "
            f"{data[exc.start : exc.start + 1]!r}) is not UTF-8 ({exc.reason}); the line is "
            f"{preview(line)}; expected UTF-8 text (a latin-1 or cp1252 file must be saved "
            "again as UTF-8)",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from exc
