"""sources.wgi.download against a local server on 127.0.0.1 serving the bundled workbook."""

from __future__ import annotations

import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wgi.download import PUBLISHER, download_dataset
from sources.wgi.load import SNAPSHOT_DIR, load_release

WORKBOOK = SNAPSHOT_DIR / "wgidataset_2023update.xlsx"
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = "/doc/wgidataset.xlsx"


def test_download_with_retry_sidecar_and_load(http_server, tmp_path):
    url = http_server.add_file(PATH, WORKBOOK)
    http_server.queue(PATH, [503])
    path = download_dataset(tmp_path, url=url, edition=2023, retry=FAST)
    assert path.read_bytes() == WORKBOOK.read_bytes()
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["publisher"] == PUBLISHER and meta["edition"] == 2023
    release = load_release(tmp_path, edition=2023)
    assert release.tables["indicators"].height == 214 * 24 * 6


def test_an_html_page_is_refused(http_server, tmp_path):
    url = http_server.add("/wgi", "<!doctype html><html>")
    with pytest.raises(DownloadError, match="not (an xlsx workbook|the WGI dataset)"):
        download_dataset(tmp_path, url=url, retry=FAST)
    assert list(tmp_path.iterdir()) == []
