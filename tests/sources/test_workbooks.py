"""Workbooks are checked before openpyxl parses them (issue 16, items 7 and 11): a sheet that
inflates past its cap, a compression bomb, a sheet declaring or reaching billions of cells, and
a corrupt workbook are a SourceDataError naming the source, file and sheet, through every
parser that reads xlsx."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from sources.common.errors import SourceDataError
from sources.common.workbook import (
    WorkbookLimits,
    check_workbook,
    open_workbook,
    sheet_extent,
)
from sources.iea.parse import parse_supply
from sources.usgs_mcs.table import read_xlsx_table
from sources.wgi.parse import parse_workbook as parse_wgi
from sources.wmd.parse import parse_workbook as parse_wmd
from sources.wmd_history.parse import SHEET as WMD_HISTORY_SHEET
from sources.wmd_history.parse import parse_workbook as parse_wmd_history

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_WORKBOOKS = sorted(ROOT.glob("sources/*/snapshot/**/*.xlsx"))
SHEET_PART = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)

# each parser that reads an xlsx, given a file whose only sheet is named ``WMD_HISTORY_SHEET``
PARSERS = {
    "wmd": partial(parse_wmd, edition=2020),
    "wmd_history": parse_wmd_history,
    "usgs_mcs": read_xlsx_table,
    "iea": partial(parse_supply, edition=2024, sheet_name=WMD_HISTORY_SHEET),
    "wgi": partial(parse_wgi, edition=2023),
}


def _sheet_xml(rows: str, dimension: str | None = "A1") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{_HEAD}{dim}<sheetData>{rows}</sheetData></worksheet>".encode()


def _xlsx(path: Path, sheet_xml: bytes) -> Path:
    """A real openpyxl workbook (one sheet, named like the WMD history sheet) whose sheet part
    is replaced by ``sheet_xml``."""
    book = openpyxl.Workbook()
    book.active.title = WMD_HISTORY_SHEET
    book.active["A1"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(path, "w") as out:
        for info in original.infolist():
            data = sheet_xml if info.filename == SHEET_PART else original.read(info)
            out.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _bomb(path: Path, megabytes: int = 4) -> Path:
    """One cell holding ``megabytes`` MB of zeros: a ~25 KB file (ratio ~1,000)."""
    text = "0" * (megabytes << 20)
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return _xlsx(path, _sheet_xml(cell))


def _numbers(rows: int) -> str:
    """Rows of two numeric cells: deflates ~5-10 times, like real sheets."""
    return "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r * 7919 % 100003}</v></c>'
        f'<c r="B{r}"><v>{r * 104729 % 1000003}.{r % 97}</v></c></row>'
        for r in range(1, rows + 1)
    )


# the real workbooks pass, with room to spare ----------------------------------------------


@pytest.mark.parametrize("path", SNAPSHOT_WORKBOOKS, ids=lambda p: p.name)
def test_every_bundled_workbook_passes_the_checks(path):
    check_workbook(path, source="test")


# item 7: caps before parsing, through every parser -----------------------------------------


@pytest.mark.parametrize("source", PARSERS)
def test_a_compression_bomb_is_refused_before_parsing(source, tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 200_000

    with pytest.raises(SourceDataError) as caught:
        PARSERS[source](path)

    assert str(caught.value).startswith(
        f"{source}: bomb.xlsx: sheet '{WMD_HISTORY_SHEET}' (xl/worksheets/sheet1.xml) inflates "
    )
    assert "expected at most 100 times (a decompression bomb?)" in str(caught.value)


@pytest.mark.parametrize("source", PARSERS)
def test_a_sheet_declaring_millions_of_cells_is_refused_before_parsing(source, tmp_path):
    # openpyxl pads every row to the declared width and every gap to the declared height
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(tmp_path / "wide.xlsx", _sheet_xml(rows, dimension="A1:CV30000"))

    with pytest.raises(SourceDataError) as caught:
        PARSERS[source](path)

    assert str(caught.value) == (
        f"{source}: wide.xlsx: sheet '{WMD_HISTORY_SHEET}' (xl/worksheets/sheet1.xml) spans "
        "A1:CV30000 (3,000,000 cells), expected at most 2,000,000 cells "
        "(WorkbookLimits.max_sheet_cells; a sheet bomb?)"
    )


def test_a_sheet_past_the_size_cap_is_refused_naming_sheet_size_and_cap(tmp_path):
    path = _xlsx(tmp_path / "big.xlsx", _sheet_xml(_numbers(30_000)))
    size = zipfile.ZipFile(path).getinfo(SHEET_PART).file_size
    limits = WorkbookLimits(max_part_bytes=1 << 20)

    with pytest.raises(SourceDataError) as caught:
        check_workbook(path, source="wmd", limits=limits)

    assert str(caught.value) == (
        f"wmd: big.xlsx: sheet '{WMD_HISTORY_SHEET}' (xl/worksheets/sheet1.xml) declares "
        f"{size:,} bytes, expected at most 1,048,576"
    )


def test_a_workbook_past_the_total_cap_is_refused(tmp_path):
    path = _xlsx(tmp_path / "big.xlsx", _sheet_xml(_numbers(30_000)))

    with pytest.raises(
        SourceDataError,
        match=r"wmd: big.xlsx: parts declare [\d,]+ bytes in all, expected at most 1,048,576 "
        r"\(WorkbookLimits.max_total_bytes\)",
    ):
        check_workbook(path, source="wmd", limits=WorkbookLimits(max_total_bytes=1 << 20))


def test_the_whole_sheet_bomb_is_refused_at_once(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    path = _xlsx(tmp_path / "max.xlsx", _sheet_xml(rows, dimension="A1:XFD1048576"))

    with pytest.raises(SourceDataError, match=r"spans A1:XFD1048576 \(17,179,869,184 cells\)"):
        check_workbook(path, source="wgi")


def test_a_sheet_without_dimension_is_measured_by_its_references(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="3000000"><c r="A3000000"><v>2</v></c></row>'
    )
    path = _xlsx(tmp_path / "tall.xlsx", _sheet_xml(rows, dimension=None))

    with pytest.raises(SourceDataError, match=r"spans A1:A3000000 \(3,000,000 cells\)"):
        check_workbook(path, source="wgi")


def test_a_dimension_smaller_than_the_cells_does_not_hide_them(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="ZZZ9"><v>2</v></c></row>'
    path = _xlsx(tmp_path / "lie.xlsx", _sheet_xml(rows, dimension="A1"))

    limits = WorkbookLimits(max_sheet_cells=100_000)
    with pytest.raises(SourceDataError, match=r"spans A1:ZZZ9 \(164,502 cells\)"):
        check_workbook(path, source="wgi", limits=limits)


def test_a_reference_cut_between_two_blocks_is_still_read():
    blocks = [
        b'<dimension ref="A1:B2"/><row r="1"><c r="B1"/></row><row r="12',
        b'"><c r="C1',
        b'2"/>',
    ]

    extent = sheet_extent(blocks)

    assert (extent.declared.rows, extent.declared.columns) == (2, 2)
    assert (extent.reached.rows, extent.reached.columns) == (12, 3)
    assert extent.understated


def test_cells_past_the_declared_dimension_are_read_not_dropped(tmp_path):
    # USITC DataWeb workbooks declare A1 over 477 rows: openpyxl alone reads one row
    path = _xlsx(tmp_path / "short.xlsx", _sheet_xml(_numbers(3), dimension="A1"))

    with open_workbook(path, source="wmd") as workbook:
        rows = list(workbook.active.iter_rows(values_only=True))

    assert [len(r) for r in rows] == [2, 2, 2]
    assert [r[0] for r in rows] == [7919, 15838, 23757]


def test_an_ordinary_workbook_opens_and_reads(tmp_path):
    path = _xlsx(tmp_path / "ok.xlsx", _sheet_xml(_numbers(3), dimension="A1:B3"))

    with open_workbook(path, source="wmd") as workbook:
        rows = list(workbook.active.iter_rows(values_only=True))

    assert [r[0] for r in rows] == [7919, 15838, 23757]


# item 11: a corrupt workbook is a SourceDataError naming the file ---------------------------


@pytest.mark.parametrize("source", PARSERS)
def test_a_file_that_is_not_a_zip_names_source_and_file(source, tmp_path):
    whole = _xlsx(tmp_path / "whole.xlsx", _sheet_xml(_numbers(3), dimension="A1:B3"))
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[:-200])  # the central directory is gone

    with pytest.raises(SourceDataError) as caught:
        PARSERS[source](cut)

    assert str(caught.value) == (
        f"{source}: cut.xlsx: not a readable xlsx workbook (BadZipFile: File is not a zip "
        "file); expected an Office Open XML workbook (a complete zip with its workbook and "
        "sheet parts)"
    )


def test_a_corrupt_sheet_part_is_refused_naming_it(tmp_path):
    path = _xlsx(tmp_path / "crc.xlsx", _sheet_xml(_numbers(300)))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET_PART)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 100 : start + 110] = b"\xff" * 10  # inside the deflated sheet
    path.write_bytes(bytes(data))

    with pytest.raises(SourceDataError) as caught:
        parse_wmd(path, edition=2020)

    assert str(caught.value) == (
        f"wmd: crc.xlsx: sheet '{WMD_HISTORY_SHEET}' (xl/worksheets/sheet1.xml) is unreadable: "
        "BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'; expected a complete, "
        "uncorrupted member"
    )


def test_a_zip_without_a_workbook_part_names_the_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")

    with pytest.raises(SourceDataError, match="wgi: empty.xlsx: not a readable xlsx workbook"):
        parse_wgi(path, edition=2023)
