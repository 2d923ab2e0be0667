"""Edit a cell of a real workbook in place, byte for byte elsewhere: openpyxl cannot write
some publishers' workbooks back (WMD's tables), so the sheet's XML is patched in the zip."""

import re
import zipfile
from pathlib import Path, PurePosixPath

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding ``sheet``'s XML (xl/worksheets/sheetN.xml)."""
    from xml.etree import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{RELS}Relationship")}
    for element in workbook.iter(f"{MAIN}sheet"):
        if element.get("name") == sheet:
            target = targets[element.get(f"{DOC_RELS}id")]
            return str(PurePosixPath("xl") / target.removeprefix("/xl/"))
    raise KeyError(sheet)


def set_number(path: Path, sheet: str, cell: str, value: float) -> None:
    """Write the number ``value`` into ``sheet``!``cell`` (a cell that holds a number)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet)
        members = [(info, archive.read(info)) for info in archive.infolist()]
    # the main namespace may carry a prefix (<x:c>, written by .NET's Open XML SDK)
    pattern = re.compile(
        rf'(<((?:\w+:)?)c r="{cell}"[^>]*>(?:<\2f>[^<]*</\2f>)?<\2v>)[^<]*(</\2v>)'.encode()
    )
    patched = []
    for info, data in members:
        if info.filename == part:
            data, found = pattern.subn(rb"\g<1>" + str(value).encode() + rb"\g<3>", data)
            assert found == 1, f"{sheet}!{cell} holds no number in {path.name}"
        patched.append((info, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in patched:
            archive.writestr(info, data)
