"""A BACI release zip in CEPII's layout, served locally, downloaded and read one year at a time."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

import polars as pl
import pytest

from sources.baci.download import download_release, release_name
from sources.baci.year_file import OUTPUT_SCHEMA, read_year
from sources.common import zip_stream
from sources.common.errors import SourceDataError
from sources.common.http import RetryPolicy, sidecar_path
from tests.support.http_server import LocalHTTPServer

FAST = RetryPolicy(attempts=2, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
YEAR = 2022
WANTED = ["010121", "260300", "283691"]
MEMBER = "BACI_HS17_Y2022_V202601.csv"
# numeric code -> ISO3 in the V2026 layout (490 has a BACI-made ISO3)
COUNTRIES = {4: "AFG", 36: "AUS", 156: "CHN", 490: "S19", 842: "USA"}
NEW_DICTIONARY = "country_code,country_name,country_iso2,country_iso3\n" + "".join(
    f'{code},"Name, {code}",{iso[:2]},{iso}\n' for code, iso in COUNTRIES.items()
)
# the V2022 layout: BOM, CRLF, two names, and N/A for codes without an ISO code
OLD_DICTIONARY = "\ufeffcountry_code,country_name_abbreviation,country_name_full,"
OLD_DICTIONARY += "iso_2digit_alpha,iso_3digit_alpha\r\n" + "".join(
    f"{code},N{code},Name {code},{'N/A' if code == 490 else iso[:2]},"
    f"{'N/A' if code == 490 else iso}\r\n"
    for code, iso in COUNTRIES.items()
)
PRODUCTS = '"code","description"\n"10121","Horses"\n"260300","Copper ores"\n'
K_CYCLE = ["10121", "260300", "283691", "999999", "850511", "71320", "260300"]
Q_CYCLE = ["", "NA", "          NA", "   ", "12.5", " 3.250"]  # 6 and 7: all pairs occur
CODES = sorted(COUNTRIES)


def flow_rows(n: int = 300) -> list[str]:
    """n data lines: every k of K_CYCLE, blank/NA/padded q, codes of both dictionaries."""
    rows = []
    for r in range(n):
        i, j = CODES[r % 5], CODES[(r + 1 + r // 5) % 5]
        value = f"{r * 1.5 + 0.001:.3f}" if r % 4 else f"   {r + 0.5}"
        rows.append(f"{YEAR},{i},{j},{K_CYCLE[r % 7]},{value},{Q_CYCLE[r % 6]}")
    return rows


def expected(rows: list[str], iso3: dict[int, str | None]) -> pl.DataFrame:
    """What read_year must return for ``rows`` (line 1 is the header)."""
    records = []
    for line, row in enumerate(rows, start=2):
        t, i, j, k, v, q = row.split(",")
        if k.zfill(6) in WANTED:
            q = q.strip()
            records.append(
                {
                    "source_file": MEMBER,
                    "line_number": line,
                    "release": "V202601",
                    "hs_revision": "HS17",
                    "year": int(t),
                    "exporter_code": int(i),
                    "exporter_iso3": iso3[int(i)],
                    "importer_code": int(j),
                    "importer_iso3": iso3[int(j)],
                    "hs6": k.zfill(6),
                    "value_kusd": float(v),
                    "quantity_t": None if q in ("", "NA") else float(q),
                }
            )
    return pl.DataFrame(records, schema=OUTPUT_SCHEMA)


def baci_zip(
    rows: list[str],
    *,
    header: str = "t,i,j,k,v,q",
    dictionary: tuple[str, str] = ("country_codes_V202601.csv", NEW_DICTIONARY),
    member: str = MEMBER,
    newline: str = "\n",
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A release zip laid out like CEPII's: the year, the country and product dictionaries."""
    text = newline.join([header, *rows]) + newline
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(member, text)
        archive.writestr(dictionary[0], dictionary[1])
        archive.writestr("product_codes_HS17_V202601.csv", PRODUCTS)
    return buffer.getvalue()


def write_zip(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "BACI_HS17_V202601.zip"
    path.write_bytes(data)
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of a few lines, so that line numbering crosses many chunk boundaries."""
    monkeypatch.setattr(zip_stream, "READ_BYTES", 29)
    monkeypatch.setattr(zip_stream, "CHUNK_BYTES", 200)


def test_download_then_read_a_year(http_server: LocalHTTPServer, tmp_path, small_chunks):
    rows = flow_rows()
    http_server.add("/baci/BACI_HS17_V202601.zip", baci_zip(rows))

    path = download_release("17", "202601", tmp_path, base_url=http_server.url("/baci"), retry=FAST)
    again = download_release("HS17", "V202601", tmp_path, base_url=http_server.url("/baci/"))
    frame = read_year(path, YEAR, WANTED)

    assert path == again == tmp_path / "BACI_HS17_V202601.zip"
    assert len(http_server.requests) == 1  # the second call was served by the sidecar cache
    sidecar = json.loads(sidecar_path(path).read_text())
    assert sidecar["publisher"] == "CEPII"
    assert sidecar["dataset"].startswith("BACI HS17 V202601, Gaulier & Zignago (2010)")
    assert sidecar["licence"] == "Etalab Open Licence 2.0 (attribution)"
    assert frame.schema == pl.Schema(OUTPUT_SCHEMA)
    assert frame.equals(expected(rows, COUNTRIES))
    assert set(frame["hs6"]) == set(WANTED)  # 10121 padded; other products dropped
    assert frame.filter(hs6="010121")["line_number"].head(2).to_list() == [2, 9]
    blank_q = [
        r for r in rows if r.split(",")[3].zfill(6) in WANTED and Q_CYCLE.index(r.split(",")[5]) < 4
    ]
    assert frame["quantity_t"].null_count() == len(blank_q) > 0  # "", NA, padded NA, spaces


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_old_dictionary_layout_and_crlf(tmp_path, small_chunks, compression):
    rows = flow_rows(120)
    dictionary = ("country_codes_V202601.csv", OLD_DICTIONARY)
    path = write_zip(
        tmp_path, baci_zip(rows, dictionary=dictionary, newline="\r\n", compression=compression)
    )

    frame = read_year(path, YEAR, WANTED, release="V202601")

    iso3 = {**COUNTRIES, 490: None}  # "N/A" in the old layout: known code, no ISO3
    assert frame.equals(expected(rows, iso3))


def test_bom_blank_lines_and_no_final_line_break(tmp_path, small_chunks):
    rows = flow_rows(57)  # the last row has k 10121: wanted
    rows[10] = ""  # a blank line carries no flow but still counts
    member_text = "\ufeff" + "\n".join(["t,i,j,k,v,q", *rows])  # no final line break
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MEMBER, member_text)
        archive.writestr("country_codes_V202601.csv", NEW_DICTIONARY)

    frame = read_year(write_zip(tmp_path, buffer.getvalue()), YEAR, WANTED)

    assert frame.equals(expected([r if r else "0,0,0,0,0,0" for r in rows], COUNTRIES))
    assert frame["line_number"][-1] == 58  # the last line, unterminated, is kept


def test_stdlib_zlib_gives_the_same_rows(tmp_path, monkeypatch):
    rows = flow_rows()
    path = write_zip(tmp_path, baci_zip(rows))
    monkeypatch.setattr(zip_stream, "_zlib", zlib)

    assert read_year(path, YEAR, WANTED).equals(expected(rows, COUNTRIES))


def test_no_wanted_rows_gives_an_empty_typed_frame(tmp_path):
    path = write_zip(tmp_path, baci_zip(flow_rows(20)))

    frame = read_year(path, YEAR, ["720293"])

    assert frame.height == 0 and frame.schema == pl.Schema(OUTPUT_SCHEMA)


def _error(tmp_path: Path, data: bytes, **kwargs) -> SourceDataError:
    with pytest.raises(SourceDataError) as caught:
        read_year(write_zip(tmp_path, data), YEAR, WANTED, **kwargs)
    return caught.value


def test_non_numeric_value_names_member_line_and_column(tmp_path, small_chunks):
    rows = flow_rows(100)
    rows[57] = f"{YEAR},4,36,283691,12.3x,1.0"

    error = _error(tmp_path, baci_zip(rows))

    assert (error.file, error.line, error.column) == (MEMBER, 59, "v")
    assert f"baci: {MEMBER} line 59 column v: '12.3x' is not a number" in str(error)


def test_unknown_exporter_code(tmp_path, small_chunks):
    rows = flow_rows(100)
    rows[70] = f"{YEAR},999,36,260300,1.5,2.0"

    error = _error(tmp_path, baci_zip(rows))

    assert (error.file, error.line, error.column) == (MEMBER, 72, "i")
    assert "exporter code 999 is not in the zip's country dictionary" in str(error)


def test_unknown_importer_code(tmp_path):
    rows = flow_rows(30)
    rows[3] = f"{YEAR},36,998,10121,1.5,"

    error = _error(tmp_path, baci_zip(rows))

    assert (error.line, error.column) == (5, "j")


def test_missing_header_column(tmp_path):
    rows = [row.rsplit(",", 1)[0] for row in flow_rows(10)]

    error = _error(tmp_path, baci_zip(rows, header="t,i,j,k,v"))

    assert (error.file, error.line, error.column) == (MEMBER, 1, "q")
    assert "expected t,i,j,k,v,q" in str(error)


@pytest.mark.parametrize(
    ("row", "column"),
    [(f"{YEAR},4,36,260300,1.5", "q"), (f"{YEAR},4,36,260300,1.5,2.0,9", "q")],
)
def test_wrong_field_count_in_a_kept_row(tmp_path, row, column):
    rows = flow_rows(40)
    rows[30] = row

    error = _error(tmp_path, baci_zip(rows))

    assert (error.line, error.column) == (32, column)
    assert "fields, expected 6" in str(error)


@pytest.mark.parametrize(
    ("row", "column"),
    [(f"{YEAR},4,36,283691,1.5,n/a?", "q"), (f"{YEAR - 1},4,36,283691,1.5,1", "t")],
)
def test_bad_quantity_and_wrong_year(tmp_path, row, column):
    rows = flow_rows(20)
    rows[2] = row

    error = _error(tmp_path, baci_zip(rows))

    assert (error.line, error.column) == (4, column)


def test_missing_year_member_and_corrupt_zip(tmp_path):
    data = baci_zip(flow_rows(2000))
    with pytest.raises(
        SourceDataError, match=r"one BACI_HS\?\?_Y2023_V\?+\.csv member, found none"
    ):
        read_year(write_zip(tmp_path, data), 2023, WANTED)
    with pytest.raises(SourceDataError, match="V202501"):
        read_year(write_zip(tmp_path, data), YEAR, WANTED, release="202501")

    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(MEMBER)
    start = info.header_offset + 30 + len(MEMBER)
    middle = start + info.compress_size // 2
    corrupt = data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64])
    corrupt += data[middle + 64 :]
    with pytest.raises(SourceDataError, match=rf"baci: {MEMBER}: (corrupt|CRC-32)"):
        read_year(write_zip(tmp_path, corrupt), YEAR, WANTED)


def test_release_name():
    assert release_name("17", "202601") == "BACI_HS17_V202601.zip"
    assert release_name("hs92", "V202201") == "BACI_HS92_V202201.zip"
    with pytest.raises(ValueError):
        release_name("2017", "2026")
