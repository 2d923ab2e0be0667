"""Open an xlsx workbook only after its zip says it is a workbook of a sane size.

openpyxl reads what a file declares: a 48 MB xlsx whose sheet inflates to 482 MB is parsed for
minutes, and a sheet whose ``<dimension ref="A1:XFD1048576">`` is 17 billion cells is padded to
that many by ``iter_rows``. :func:`open_workbook` refuses such a file before openpyxl parses it:

* the zip: readable (else "not a readable xlsx workbook"), at most ``max_parts`` parts and
  ``max_total_bytes`` inflated in all (:func:`sources.common.archive.check_archive`);
* every part (sheet, shared strings...): at most ``max_part_bytes`` inflated and a compression
  ratio of at most ``max_ratio`` (:func:`sources.common.archive.check_member`); each part is
  inflated once under those caps, so a corrupt part (bad CRC, cut deflate data) is refused here,
  naming it, not half-way through a parse;
* every sheet: its extent (last row x last column), the larger of what its ``<dimension>``
  declares and what its row and cell references reach, at most ``max_sheet_cells``. Where the
  cells reach past the declared range, openpyxl (which stops there) measures the sheet itself.

Errors are :class:`SourceDataError` naming the source, the file, the sheet, what was found and
the cap. The caps (:data:`WORKBOOK_LIMITS`) leave headroom over every real workbook we read or
plan to (measured 2026-12: the largest sheet part is 4.3 MB, a WITS export; the largest
workbook 8.7 MB inflated, WGI 2023; the largest extent 110,403 cells, World Bank CMO prices;
ratios at most 31 (WMD), most below 20).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from openpyxl.utils.exceptions import InvalidFileException

from sources.common.archive import check_member, member_blocks
from sources.common.errors import SourceDataError, preview

if TYPE_CHECKING:
    from openpyxl import Workbook

_MIB = 1 << 20
# <row r="7"> and <c r="B7">; a literal start is 3-4 times faster than a word boundary, and
# an attribute ending in "r" (firstPageNumber="1") can only widen the extent, never hide cells
_NUMBER = re.compile(rb'r="[A-Z]{0,3}([0-9]{1,10})"')
_COLUMN = re.compile(rb'r="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'r="[A-Z]{1,3}([0-9]{1,10})"')
_ROW_TAG = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")  # rows without r="..." count too
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?([0-9]{1,10})?(?::([A-Z]{1,3})([0-9]{1,10}))?"'
)
SHEETS_FOLDER = "xl/worksheets/"
_HEAD_BYTES = 4096  # the <dimension> element comes before the cells, near the start
_OVERLAP = 64  # bytes of a block kept to match a reference cut by the block boundary
_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, ParseError)  # while parsing a part


@dataclass(frozen=True)
class WorkbookLimits:
    """What one xlsx workbook may hold (sizes inflated)."""

    max_part_bytes: int = 64 * _MIB  # a sheet or shared-strings part: 15x the largest seen
    max_total_bytes: int = 256 * _MIB  # 30x WGI's 8.7 MB
    max_ratio: float = 100.0  # parts above 1 MiB; real parts deflate at most ~31 times
    max_sheet_cells: int = 2_000_000  # last row x last column: 18x CMO's 110,403
    max_parts: int = 5_000  # WMD's 65 sheets make ~140 parts


WORKBOOK_LIMITS = WorkbookLimits()


@dataclass(frozen=True)
class Extent:
    """The last row and column a sheet declares or reaches."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def covers(self, other: Extent) -> bool:
        return self.rows >= other.rows and self.columns >= other.columns

    def union(self, other: Extent) -> Extent:
        return Extent(max(self.rows, other.rows), max(self.columns, other.columns))

    def ref(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"A1:{get_column_letter(min(self.columns, 18278))}{self.rows}"


@contextmanager
def open_workbook(
    path: Path, *, source: str, limits: WorkbookLimits = WORKBOOK_LIMITS
) -> Iterator[Workbook]:
    """The workbook at ``path`` (openpyxl, read-only, cached values), checked first (see the
    module docstring) and closed on leaving; a part found unreadable while the caller parses
    it is a :class:`SourceDataError` too."""
    import openpyxl

    path = Path(path)
    extents = check_workbook(path, source=source, limits=limits)
    workbook = _guarded(
        path, source, lambda: openpyxl.load_workbook(path, read_only=True, data_only=True)
    )
    try:
        _repair_dimensions(workbook, extents)
        yield workbook
    except _CORRUPT as exc:
        raise _unreadable(source, path, exc) from exc
    finally:
        workbook.close()


def check_workbook(
    path: Path, *, source: str, limits: WorkbookLimits = WORKBOOK_LIMITS
) -> dict[str, SheetExtent]:
    """Refuse a workbook whose zip, parts or sheet extents are beyond ``limits``; the extent
    of every sheet, by title.

    Order: the part count; the declared size and ratio of every part but the sheets (so that
    the manifest and workbook parts, read to name the sheets, are small), then of the sheets,
    named; the total; then every part is inflated once, under the same caps, and each sheet's
    extent measured."""
    path = Path(path)
    with _guarded(path, source, lambda: zipfile.ZipFile(path)) as archive:
        parts = archive.infolist()
        _check_count(parts, path, source, limits)
        is_sheet = [p.filename.startswith(SHEETS_FOLDER) for p in parts]
        for part in (p for p, sheet in zip(parts, is_sheet, strict=True) if not sheet):
            _check_part(part, _label(part, {}), path, source, limits)
        titles = _guarded(path, source, lambda: _sheet_titles(path))
        for part in (p for p, sheet in zip(parts, is_sheet, strict=True) if sheet):
            _check_part(part, _label(part, titles), path, source, limits)
        _check_total(parts, path, source, limits)
        extents: dict[str, SheetExtent] = {}
        for part in parts:
            label = _label(part, titles)
            blocks = member_blocks(
                archive,
                part,
                source=source,
                archive_name=path.name,
                max_bytes=limits.max_part_bytes,
                max_ratio=limits.max_ratio,
                label=label,
            )
            if part.filename in titles:
                extents[titles[part.filename]] = sheet_extent(blocks)
                _check_extent(extents[titles[part.filename]], label, path, source, limits)
            else:
                for _ in blocks:  # inflated to check its CRC-32
                    pass
    return extents


def _check_count(
    parts: list[zipfile.ZipInfo], path: Path, source: str, limits: WorkbookLimits
) -> None:
    if len(parts) > limits.max_parts:
        raise SourceDataError(
            source,
            path.name,
            f"{len(parts):,} parts, expected at most {limits.max_parts:,} "
            "(WorkbookLimits.max_parts)",
        )


def _check_part(
    part: zipfile.ZipInfo, label: str, path: Path, source: str, limits: WorkbookLimits
) -> None:
    check_member(
        part,
        source=source,
        archive=path.name,
        max_bytes=limits.max_part_bytes,
        max_ratio=limits.max_ratio,
        label=label,
    )


def _check_total(
    parts: list[zipfile.ZipInfo], path: Path, source: str, limits: WorkbookLimits
) -> None:
    total = sum(p.file_size for p in parts)
    if total > limits.max_total_bytes:
        raise SourceDataError(
            source,
            path.name,
            f"parts declare {total:,} bytes in all, expected at most "
            f"{limits.max_total_bytes:,} (WorkbookLimits.max_total_bytes)",
        )


@dataclass(frozen=True)
class SheetExtent:
    """What a sheet's ``<dimension>`` declares (None: nothing), what its rows and cells reach
    (their ``r`` numbers, or the count of rows without one), and what its cells reach (rows
    without cells, kept for their height or style, left out)."""

    declared: Extent | None
    reached: Extent
    cells: Extent

    @property
    def largest(self) -> Extent:
        return self.reached.union(self.declared or self.reached)

    @property
    def understated(self) -> bool:
        """True if cells reach past the declared range (openpyxl would stop at it)."""
        return self.declared is not None and not self.declared.covers(self.cells)


def sheet_extent(blocks: Iterable[bytes]) -> SheetExtent:
    """The extent a sheet's XML declares and the one its rows and cells reach."""
    declared, rows, cell_rows, columns = None, 0, 0, 0
    tail, first = b"", True
    for block in blocks:
        text = tail + block
        if first and (found := _DIMENSION.search(text, 0, _HEAD_BYTES)):
            declared = _declared(found)
        first = False
        numbers = set(_NUMBER.findall(text))  # distinct: a few thousand rows, not every cell
        rows = max(rows, len(_ROW_TAG.findall(text)), max(map(int, numbers), default=0))
        cell_rows = max(cell_rows, max(map(int, set(_CELL_ROW.findall(text))), default=0))
        letters = set(_COLUMN.findall(text))
        columns = max(columns, max(map(_column_index, letters), default=0))
        tail = text[-_OVERLAP:]  # a reference cut by the block boundary is matched next time
    reached = Extent(rows, max(columns, 1 if rows else 0))
    return SheetExtent(declared, reached, Extent(cell_rows, columns))


def _declared(found: re.Match[bytes]) -> Extent:
    first_col, first_row, last_col, last_row = found.groups()
    col = last_col or first_col or b"A"
    row = last_row or first_row or b"1"
    return Extent(int(row), _column_index(col))


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index


def _check_extent(
    sheet: SheetExtent, label: str, path: Path, source: str, limits: WorkbookLimits
) -> None:
    extent = sheet.largest
    if extent.cells > limits.max_sheet_cells:
        raise SourceDataError(
            source,
            path.name,
            f"{label} spans {extent.ref()} ({extent.cells:,} cells), expected at most "
            f"{limits.max_sheet_cells:,} cells (WorkbookLimits.max_sheet_cells; a sheet bomb?)",
        )


def _repair_dimensions(workbook: Workbook, extents: dict[str, SheetExtent]) -> None:
    """Where a sheet's cells reach past its declared ``<dimension>`` (USITC DataWeb exports
    declare ``A1`` over 477 rows), openpyxl's read-only mode would stop at the declared range:
    measure the sheet instead (openpyxl's own remedy; one more pass over that sheet only)."""
    for sheet in workbook.worksheets:
        extent = extents.get(sheet.title)
        if extent is not None and extent.understated:
            sheet.reset_dimensions()
            sheet.calculate_dimension(force=True)


def _sheet_titles(path: Path) -> dict[str, str]:
    """Sheet part -> sheet title, from the workbook's manifest and workbook part only."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(str(path), read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        return {rel.target: sheet.name for sheet, rel in reader.parser.find_sheets()}
    finally:
        reader.archive.close()


def _label(info: zipfile.ZipInfo, sheets: dict[str, str]) -> str:
    title = sheets.get(info.filename)
    if title is None:
        return f"part {preview(info.filename)}"
    return f"sheet {preview(title)} ({info.filename})"


def _guarded(path: Path, source: str, action):
    try:
        return action()
    except SourceDataError:
        raise
    except (*_CORRUPT, KeyError, OSError, TypeError, ValueError, InvalidFileException) as exc:
        raise _unreadable(source, path, exc) from exc


def _unreadable(source: str, path: Path, exc: BaseException) -> SourceDataError:
    return SourceDataError(
        source,
        path.name,
        f"not a readable xlsx workbook ({type(exc).__name__}: {exc}); expected an Office Open "
        "XML workbook (a complete zip with its workbook and sheet parts)",
    )
