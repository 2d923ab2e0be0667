"""A WGI CSV that is not UTF-8 is a SourceDataError naming file, line and byte (issue 16,
item 11), not a bare UnicodeDecodeError; a UTF-8 file with a byte-order mark still reads."""

from __future__ import annotations

import pytest

from sources.common.errors import SourceDataError
from sources.wgi.parse import parse_csv

HEADER = (
    "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,"
    "pctranklower,pctrankupper\n"
)
ROWS = (
    "CHNpv2022,CHN,China,2022,pv,-0.44,0.2,8,30,20,40\n"
    "STPpv2022,STP,São Tomé and Príncipe,2022,pv,0.26,0.3,4,60,50,70\n"
)


def test_a_latin1_csv_names_file_line_and_byte(tmp_path):
    path = tmp_path / "wgidataset.csv"
    path.write_bytes((HEADER + ROWS).encode("latin-1"))

    with pytest.raises(SourceDataError) as caught:
        parse_csv(path, edition=2024)

    offset = len((HEADER + ROWS.splitlines()[0] + "\nSTPpv2022,STP,S").encode())
    assert str(caught.value) == (
        f"wgi: wgidataset.csv line 3: byte {offset} (byte 16 of the line, b'\\xe3') is not "
        "UTF-8 (invalid continuation byte); the line is b'STPpv2022,STP,S\\xe3o Tom\\xe9 and "
        "Pr\\xedncipe,2022,pv,0.26,0.3,4,60,50,70'; expected UTF-8 text (a latin-1 or cp1252 "
        "file must be saved again as UTF-8)"
    )


def test_a_utf8_csv_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "wgidataset.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"))

    frame = parse_csv(path, edition=2024)

    assert "São Tomé and Príncipe" in frame["country_name"].to_list()
