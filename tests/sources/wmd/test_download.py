"""sources.wmd.download against a local server on 127.0.0.1 serving the bundled workbook."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wmd.download import (
    ARCHIVED,
    LIVE_URL,
    PUBLISHER,
    Archived,
    download_release,
    download_table,
    file_name_of,
)
from sources.wmd.load import SNAPSHOT_DIR, load_release

WORKBOOK = SNAPSHOT_DIR / "wmd_raw_2020-07-17.xlsx"
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = (
    "/wmd/downloads/XLS/"
    "6.4.%20Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
)


def test_live_file_name():
    assert file_name_of(LIVE_URL) == (
        "6.4. Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
    )


def test_download_with_retry_sidecar_and_cache(http_server, tmp_path):
    body = WORKBOOK.read_bytes()
    http_server.add(PATH, body)
    url = http_server.url(PATH)
    http_server.queue(PATH, [500])

    path = download_table(tmp_path, url=url, retry=FAST)

    assert path.name == file_name_of(LIVE_URL)
    assert path.read_bytes() == body
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    assert meta["url"] == url and meta["publisher"] == PUBLISHER
    download_table(tmp_path, url=url, retry=FAST)
    assert len(http_server.requests) == 2  # one 500, one 200, then the cache

    release = load_release(tmp_path)  # no manifest: the edition comes from the years
    assert release.editions() == [2020]
    assert release.tables["production"].height == 9940


def test_a_non_workbook_is_refused(http_server, tmp_path):
    url = http_server.add("/wmd/downloads/XLS/table.xlsx", "<html>moved</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_table(tmp_path, url=url, retry=FAST)
    assert list(tmp_path.iterdir()) == []


def test_archived_editions_are_the_bundled_files():
    """Each archived URL names the bundled file at its recorded commit, with its sha256."""
    manifest = {
        row["path"]: row
        for row in csv.DictReader((SNAPSHOT_DIR / "MANIFEST.csv").open(encoding="utf-8"))
    }
    provenance = (SNAPSHOT_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    assert sorted(ARCHIVED) == [2020, 2021, 2022, 2024]
    for edition, archived in ARCHIVED.items():
        entry = manifest[file_name_of(archived.url)]
        assert int(entry["edition"]) == edition
        assert entry["sha256"] == archived.sha256
        assert archived.url.startswith("https://raw.githubusercontent.com/")
        commit = archived.url.split("/")[5]
        assert len(commit) == 40 and commit in provenance


@pytest.mark.parametrize(
    ("edition", "kind", "rows"), [(2021, "production", 9900), (2024, "shares", 1869)]
)
def test_archived_edition_download(http_server, tmp_path, monkeypatch, edition, kind, rows):
    archived = ARCHIVED[edition]
    path = "/archive/" + archived.url.rsplit("/", 1)[1]
    body = (SNAPSHOT_DIR / file_name_of(archived.url)).read_bytes()
    http_server.add(path, body)
    local = Archived(http_server.url(path), archived.sha256)
    monkeypatch.setitem(ARCHIVED, edition, local)

    folder = download_release(tmp_path, url=LIVE_URL, edition=edition)

    assert (folder / file_name_of(archived.url)).read_bytes() == body
    release = load_release(folder)  # no manifest: edition from the years, table from the title
    assert release.editions() == [edition]
    assert list(release.tables) == [kind] and release.tables[kind].height == rows


def test_an_archived_edition_with_other_bytes_is_refused(http_server, tmp_path, monkeypatch):
    path = "/archive/wmd_raw_2021-04-07.xlsx"
    http_server.add(path, WORKBOOK.read_bytes())  # the 2020 edition's bytes under 2021's name
    monkeypatch.setitem(ARCHIVED, 2021, Archived(http_server.url(path), ARCHIVED[2021].sha256))
    with pytest.raises(DownloadError, match="sha256"):
        download_release(tmp_path, url=LIVE_URL, edition=2021)
    assert not (tmp_path / "wmd_raw_2021-04-07.xlsx").exists()
