"""sources.wmd.download against a local server on 127.0.0.1 serving the bundled workbook."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wmd.download import LIVE_URL, PUBLISHER, download_table, file_name_of
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
