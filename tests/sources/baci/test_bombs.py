"""Decompression bombs and runaway lines in a BACI release zip (issue items 7 and 12).

Every crafted zip is small; the limits are lowered where needed so that no test inflates more
than a few MB: the point is that reading stops at the cap, whatever the cap is.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from sources.baci.load import load_release_zip
from sources.baci.year_file import read_year
from sources.common.errors import SourceDataError
from tests.sources.baci.test_year_file import (
    MEMBER,
    NEW_DICTIONARY,
    PRODUCTS,
    WANTED,
    YEAR,
    flow_rows,
)

ZEROS_20MB = b"0" * (20 << 20)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    path.write_bytes(buffer.getvalue())
    return path


def _release(tmp_path: Path, year_text: bytes, dictionary: bytes = NEW_DICTIONARY.encode()):
    return _zip(
        tmp_path / "BACI_HS17_V202601.zip",
        {
            MEMBER: year_text,
            "country_codes_V202601.csv": dictionary,
            "product_codes_HS17_V202601.csv": PRODUCTS.encode(),
        },
    )


def _declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip lie: record ``size`` as the member's inflated size (both headers)."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local header
    name = member.encode()
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:  # central directory entry
        if data[at + 46 : at + 46 + len(name)] == name:
            struct.pack_into("<I", data, at + 24, size)
        start = at + 4
    path.write_bytes(bytes(data))


def test_a_line_longer_than_the_cap_names_member_and_line(tmp_path):
    text = b"t,i,j,k,v,q\n" + "\n".join(flow_rows(5)).encode() + b"\n" + b"9" * (3 << 20)
    path = _release(tmp_path, text)

    with pytest.raises(SourceDataError) as caught:
        read_year(path, YEAR, WANTED, max_ratio=None)  # the ratio check would stop it first

    error = caught.value
    assert (error.file, error.line) == (MEMBER, 7)
    assert "line longer than 1,048,576 bytes" in str(error)
    assert len(str(error)) < 400


def test_a_long_line_after_several_chunks_is_numbered_from_the_start_of_the_member(tmp_path):
    """Lines are counted by the reader, not the inflating thread: the number must still add up."""
    rows = flow_rows(120_000)  # several MB: the long line comes after more than one chunk
    text = b"t,i,j,k,v,q\n" + "\n".join(rows).encode() + b"\n" + b"9" * (3 << 20)
    path = _release(tmp_path, text)

    with pytest.raises(SourceDataError) as caught:
        read_year(path, YEAR, WANTED, max_ratio=None)

    assert (caught.value.file, caught.value.line) == (MEMBER, len(rows) + 2)


def test_a_member_that_inflates_far_more_than_text_does_is_refused_unread(tmp_path):
    path = _release(tmp_path, b"t,i,j,k,v,q\n" + ZEROS_20MB)
    assert path.stat().st_size < 100_000

    with pytest.raises(SourceDataError, match=r"inflates [\d,]+ times .* at most 100 times"):
        read_year(path, YEAR, WANTED)


def test_a_member_larger_than_the_cap_is_refused(tmp_path):
    path = _release(tmp_path, ("t,i,j,k,v,q\n" + "\n".join(flow_rows(2000))).encode())

    with pytest.raises(SourceDataError, match="declares .* bytes, expected at most 10,000"):
        read_year(path, YEAR, WANTED, max_member_bytes=10_000)


def test_a_lying_declared_size_stops_inflating_at_that_size(tmp_path):
    text = ("t,i,j,k,v,q\n" + "\n".join(flow_rows(200_000))).encode()  # ~6 MB
    path = _release(tmp_path, text)
    _declare_size(path, MEMBER, 100_000)

    with pytest.raises(SourceDataError, match="inflates past its declared 100,000 bytes"):
        read_year(path, YEAR, WANTED)


def test_a_country_dictionary_above_its_cap_is_refused(tmp_path):
    padding = b"".join(b"%d,Name,XX,XXX\n" % (1000 + n) for n in range(400_000))  # ~7 MB
    path = _release(tmp_path, b"t,i,j,k,v,q\n", dictionary=NEW_DICTIONARY.encode() + padding)

    with pytest.raises(SourceDataError, match="declares .* bytes, expected at most 5,000,000"):
        read_year(path, YEAR, WANTED, max_dictionary_bytes=5_000_000)
    with pytest.raises(SourceDataError, match="country_codes_V202601.csv"):
        load_release_zip(  # the loader's dictionaries go through the same check (16 MiB cap)
            _release(tmp_path, b"t,i,j,k,v,q\n", dictionary=ZEROS_20MB), [YEAR], WANTED
        )


def test_empty_dictionary_and_not_a_zip_name_the_file(tmp_path):
    with pytest.raises(SourceDataError, match="country_codes_V202601.csv: empty file"):
        read_year(_release(tmp_path, b"t,i,j,k,v,q\n", dictionary=b""), YEAR, WANTED)

    not_zip = tmp_path / "BACI_HS17_V202601.zip"
    not_zip.write_bytes(b"<html>not a zip</html>")
    with pytest.raises(SourceDataError, match="baci: BACI_HS17_V202601.zip: not a readable zip"):
        read_year(not_zip, YEAR, WANTED)


def test_a_truncated_member_names_the_member(tmp_path):
    path = _release(tmp_path, ("t,i,j,k,v,q\n" + "\n".join(flow_rows(3000))).encode())
    info = zipfile.ZipFile(path).getinfo(MEMBER)
    data = path.read_bytes()
    cut = info.header_offset + 30 + len(MEMBER) + info.compress_size // 2
    # drop the second half of the member's deflate stream, keep the directory: "unexpected end"
    path.write_bytes(
        data[:cut]
        + b"\0" * (info.compress_size - info.compress_size // 2)
        + data[info.header_offset + 30 + len(MEMBER) + info.compress_size :]
    )

    with pytest.raises(SourceDataError) as caught:
        read_year(path, YEAR, WANTED)
    assert caught.value.file == MEMBER


def test_an_unsafe_member_name_is_refused(tmp_path):
    path = _zip(
        tmp_path / "BACI_HS17_V202601.zip",
        {"../../BACI_HS17_Y2022_V202601.csv": b"t,i,j,k,v,q\n"},
    )

    with pytest.raises(SourceDataError, match=r"climbs out with '\.\.'"):
        read_year(path, YEAR, WANTED)
