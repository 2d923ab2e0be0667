"""The USGS downloader against a hostile ScienceBase on 127.0.0.1 (issue items 4, 9 and 12):
nothing is written outside the destination folder, and zip bombs are refused unread."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sources.common.archive import ArchiveLimits
from sources.common.errors import SourceDataError
from sources.common.http import DownloadError
from sources.usgs_mcs.download import EDITIONS, download_edition
from tests.sources.usgs_mcs.test_download import FAST, FakeScienceBase, _zip
from tests.support.http_server import LocalHTTPServer

CSV = b"Source,Country,Type,Prod_t_2022\nMCS2023,Chile,Mine,1\n"
ITEM = EDITIONS[2023]["item"]


@pytest.fixture
def sciencebase(http_server: LocalHTTPServer) -> FakeScienceBase:
    return FakeScienceBase(http_server)


def _files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _serve(sciencebase: FakeScienceBase, entries: list[tuple[str, bytes, str]]) -> None:
    files = [sciencebase.file_entry(ITEM, name, body, ctype) for name, body, ctype in entries]
    sciencebase.item(ITEM, "Mineral Commodity Summaries 2023 Data Release", files)


@pytest.mark.parametrize(
    "name",
    [
        "/tmp/owned_world.csv",
        "x/../../../owned_world.csv",
        "x\\..\\..\\owned_world.csv",
        "../../owned.zip",
        "C:evil_world.csv",
    ],
)
def test_a_file_name_from_the_server_cannot_leave_the_folder(
    sciencebase, http_server, tmp_path, name
):
    body = _zip({"mcs2023-cobal_world.csv": CSV}) if name.endswith(".zip") else CSV
    _serve(sciencebase, [(name, body, "text/csv")])
    dest = tmp_path / "dest"

    with pytest.raises(DownloadError, match="not a plain file name") as caught:
        download_edition(2023, dest, base_url=http_server.base_url, retry=FAST)

    assert f"/catalog/item/{ITEM}" in str(caught.value)
    assert _files_under(tmp_path) == set()  # nothing written anywhere, inside or out
    assert not Path("/tmp/owned_world.csv").exists()


@pytest.mark.parametrize(
    "member", ["../../mcs2023-cobal_world.csv", "/abs/mcs2023-cobal_world.csv", "C:/x_world.csv"]
)
def test_a_zip_member_path_cannot_leave_the_folder(sciencebase, http_server, tmp_path, member):
    _serve(sciencebase, [("world.zip", _zip({member: CSV}), "application/zip")])

    with pytest.raises(SourceDataError, match="world.zip: member name") as caught:
        download_edition(2023, tmp_path / "dest", base_url=http_server.base_url, retry=FAST)

    assert "expected a relative path inside the archive" in str(caught.value)
    assert not any(p.name.endswith("_world.csv") for p in tmp_path.rglob("*"))


def test_a_zip_bomb_is_refused_before_it_is_inflated(sciencebase, http_server, tmp_path):
    bomb = _zip({"world/mcs2023-cobal_world.csv": b"0" * (20 << 20)})  # ~20 KB -> 20 MB
    _serve(sciencebase, [("world.zip", bomb, "application/zip")])

    with pytest.raises(SourceDataError, match="declares 20,971,520 bytes, expected at most"):
        download_edition(
            2023,
            tmp_path,
            base_url=http_server.base_url,
            retry=FAST,
            archive_limits=ArchiveLimits(max_member_bytes=5 << 20),
        )
    assert not [p for p in tmp_path.rglob("*_world.csv") if p.is_file()]

    with pytest.raises(SourceDataError, match="inflates 1,0\\d\\d times"):  # the ratio, by default
        download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)
    assert not [p for p in tmp_path.rglob("*_world.csv") if p.is_file()]


def test_the_listed_size_is_verified(sciencebase, http_server, tmp_path):
    entry = sciencebase.file_entry(ITEM, "mcs2023-cobal_world.csv", CSV, "text/csv")
    entry["size"] = len(CSV) + 10  # ScienceBase lists more than arrives
    sciencebase.item(ITEM, "Mineral Commodity Summaries 2023 Data Release", [entry])

    with pytest.raises(DownloadError, match=f"got {len(CSV)} bytes, the publisher lists"):
        download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)
    assert _files_under(tmp_path) == set()


def test_an_html_page_instead_of_a_zip_is_not_unpacked(sciencebase, http_server, tmp_path):
    page = b"<!doctype html><html><body>ScienceBase maintenance</body></html>"
    _serve(sciencebase, [("world.zip", page, "text/html")])

    with pytest.raises(DownloadError, match="not a zip archive") as caught:
        download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert "/catalog/file/get/" in str(caught.value)
    assert _files_under(tmp_path) == set()


def test_extracted_members_and_bad_zips_name_the_archive(sciencebase, http_server, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mcs2023-cobal_world.csv", CSV)
    _serve(sciencebase, [("world.zip", buffer.getvalue(), "application/zip")])

    written = download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert written == [tmp_path / "mcs2023/world/mcs2023-cobal_world.csv"]
    assert oct(written[0].stat().st_mode & 0o777) == "0o644"
