"""sources.usgs_myb.download against a local server on 127.0.0.1 serving the snapshot files."""

from __future__ import annotations

import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.usgs_myb.download import download_file, download_release, snapshot_files
from sources.usgs_myb.load import SNAPSHOT_DIR, load_release
from sources.usgs_myb.source import HOST, SOURCE

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
FOLDER = "/assets/palladium/production/s3fs-public/media/files"


def test_live_urls_are_usgs_file_host():
    assert HOST == "https://d9-wret.s3.us-west-2.amazonaws.com" + FOLDER
    assert SOURCE.url == f"{HOST}/myb1-2019-cobal-adv.xlsx"
    assert len(snapshot_files()) == 39
    assert len(snapshot_files(2020)) == 9 and len(snapshot_files(2016)) == 16


def test_download_edition_2020_with_retry_then_load(http_server, tmp_path):
    names = snapshot_files(2020)
    for name in names:
        http_server.add_file(f"{FOLDER}/{name}", SNAPSHOT_DIR / name)
    first = sorted(names)[0]
    http_server.queue(f"{FOLDER}/{first}", [503])
    url = http_server.url(f"{FOLDER}/myb1-2019-cobal-adv.xlsx")  # the record's URL form

    folder = download_release(tmp_path, url=url, edition=2020)

    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".xls", ".xlsx")) == sorted(
        names
    )
    meta = json.loads(sidecar_path(folder / first).read_text(encoding="utf-8"))
    assert meta["sha256"] == names[first] and meta["publisher"] == SOURCE.publisher
    release = load_release(folder)  # no manifest: editions from the file names
    table = release.tables["world"]
    assert release.editions() == [2020]
    china = table.filter(
        (table["source_file"] == "myb1-2020-galli-ERT.xlsx")
        & (table["country_raw"] == "China")
        & (table["year"] == 2020)
        & (table["table_id"] == "T6")
    )
    assert china["value"].to_list() == [317_000]


def test_an_xls_is_fetched_and_checked(http_server, tmp_path):
    name = "myb1-2016-raree.xls"
    url = http_server.add_file(f"{FOLDER}/{name}", SNAPSHOT_DIR / name)
    path = download_file(tmp_path, name, host=url.rsplit("/", 1)[0], retry=FAST)
    assert path.read_bytes() == (SNAPSHOT_DIR / name).read_bytes()


def test_a_changed_file_is_refused(http_server, tmp_path):
    name = "myb1-2016-raree.xls"
    url = http_server.add(f"{FOLDER}/{name}", b"\xd0\xcf\x11\xe0 not the USGS bytes")
    with pytest.raises(DownloadError, match="sha256"):
        download_file(tmp_path, name, host=url.rsplit("/", 1)[0], retry=FAST)
    assert list(tmp_path.iterdir()) == []


def test_an_html_page_is_refused(http_server, tmp_path):
    name = "myb1-2019-raree-adv.xlsx"
    url = http_server.add(f"{FOLDER}/{name}", "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_file(tmp_path, name, host=url.rsplit("/", 1)[0], retry=FAST)
