"""Read a legacy Excel 97-2003 (BIFF8 ``.xls``) workbook only after it passes a size guard.

The counterpart of :func:`sources.common.workbook.open_workbook` for ``.xls`` files (xlrd):
the file is at most ``max_file_bytes``, starts with the OLE2 compound-document signature,
and every sheet's extent (rows x columns) is at most ``max_sheet_cells``; sheets are loaded
on demand, one at a time. Formula cells are read as their cached values (xlrd never
recalculates). Errors are :class:`SourceDataError` naming the source, the file, the sheet and
the cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sources.common.errors import SourceDataError, preview

_MIB = 1 << 20
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


@dataclass(frozen=True)
class XlsLimits:
    """What one .xls workbook may hold (the largest bundled .xls is 0.36 MB, 531 rows)."""

    max_file_bytes: int = 32 * _MIB
    max_sheet_cells: int = 2_000_000  # as WorkbookLimits.max_sheet_cells


XLS_LIMITS = XlsLimits()


@contextmanager
def open_xls(path: Path, *, source: str, limits: XlsLimits = XLS_LIMITS) -> Iterator[object]:
    """The xlrd Book at ``path``, checked (see the module docstring), released on leaving."""
    import xlrd

    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise SourceDataError(
            source,
            path.name,
            f"{size:,} bytes, expected at most {limits.max_file_bytes:,} "
            "(XlsLimits.max_file_bytes)",
        )
    with path.open("rb") as handle:
        head = handle.read(len(OLE2_SIGNATURE))
    if head != OLE2_SIGNATURE:
        raise SourceDataError(
            source,
            path.name,
            f"starts with {preview(head)}, expected an Excel 97-2003 (BIFF8) workbook "
            "(an OLE2 compound document)",
        )
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except (xlrd.XLRDError, AssertionError, EOFError, ValueError, IndexError, KeyError) as exc:
        raise SourceDataError(
            source,
            path.name,
            f"not a readable .xls workbook ({type(exc).__name__}: {exc}); expected a BIFF8 "
            "workbook",
        ) from exc
    try:
        yield book
    finally:
        book.release_resources()


def xls_rows(book, name: str, *, source: str, file: str, limits: XlsLimits = XLS_LIMITS):
    """The rows of sheet ``name`` as lists of values (None for empty and blank cells; numbers
    as floats, text as str), after checking the sheet's extent."""
    import xlrd

    sheet = book.sheet_by_name(name)
    cells = sheet.nrows * sheet.ncols
    if cells > limits.max_sheet_cells:
        raise SourceDataError(
            source,
            file,
            f"sheet {preview(name)} spans {sheet.nrows:,} rows x {sheet.ncols:,} columns "
            f"({cells:,} cells), expected at most {limits.max_sheet_cells:,} "
            "(XlsLimits.max_sheet_cells)",
        )
    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR)
    for r in range(sheet.nrows):
        yield [
            None if sheet.cell_type(r, c) in empty else sheet.cell_value(r, c)
            for c in range(sheet.ncols)
        ]
