"""sources.wb_pink_sheet.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wb_pink_sheet.download import FILE_NAME, LIVE_URL, download_release
from sources.wb_pink_sheet.load import SNAPSHOT_DIR, load_release
from sources.wb_pink_sheet.source import SOURCE

WORKBOOK = SNAPSHOT_DIR / FILE_NAME
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = "/en/doc/18675f1d1639c7a34d463f59263ba0a2-0050012025/related/" + FILE_NAME


def test_live_url_is_the_world_banks():
    assert LIVE_URL == "https://thedocs.worldbank.org" + PATH == SOURCE.url


def test_download_with_retry_sidecar_and_cache(http_server, tmp_path):
    body = WORKBOOK.read_bytes()
    http_server.add(PATH, body)
    url = http_server.url(PATH)
    http_server.queue(PATH, [503])

    folder = download_release(tmp_path, url=url)

    path = folder / FILE_NAME
    assert path.read_bytes() == body
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(body).hexdigest() and meta["url"] == url
    assert meta["publisher"] == SOURCE.publisher and meta["licence"] == SOURCE.licence
    download_release(tmp_path, url=url)
    assert len(http_server.requests) == 2  # one 503, one 200, then the cache

    release = load_release(folder)  # no manifest: the edition is the release date's year
    assert release.editions() == [2025]
    assert release.tables["monthly_prices"].height == 56161
    assert release.files == {FILE_NAME: hashlib.sha256(body).hexdigest()}


def test_an_html_page_is_refused(http_server, tmp_path):
    url = http_server.add(PATH, "<html>Page moved</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_release(tmp_path, url=url)
    assert list(tmp_path.iterdir()) == []
