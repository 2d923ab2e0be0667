"""sources.iea.download against a local server on 127.0.0.1 serving the bundled workbook."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.iea.download import DEFAULT_URL, PUBLISHER, download_workbook
from sources.iea.load import SNAPSHOT_DIR, load_release

WORKBOOK = SNAPSHOT_DIR / "CM_Data_Explorer_May2024_resaved.xlsx"
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = "/assets/CM_Data_Explorer_May2024.xlsx"


def test_download_with_retry_sidecar_and_cache(http_server, tmp_path):
    url = http_server.add_file(PATH, WORKBOOK)
    http_server.queue(PATH, [503, 429])

    path = download_workbook(tmp_path, url=url, edition=2024, retry=FAST)

    body = WORKBOOK.read_bytes()
    assert path.read_bytes() == body
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    assert meta["url"] == url and meta["publisher"] == PUBLISHER and meta["edition"] == 2024
    assert meta["page"] == DEFAULT_URL
    assert len(http_server.requests_for(PATH)) == 3

    download_workbook(tmp_path, url=url, edition=2024, retry=FAST)
    assert len(http_server.requests_for(PATH)) == 3  # served from the cache

    release = load_release(tmp_path, edition=2024)  # no manifest: the edition is given
    assert release.tables["supply"].height == 388


def test_an_html_page_is_refused(http_server, tmp_path):
    url = http_server.add("/data-tools/critical-minerals-data-explorer", "<!doctype html><html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook") as error:
        download_workbook(tmp_path, url=url, retry=FAST)
    assert url in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_not_found_fails_at_once(http_server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_workbook(tmp_path, url=http_server.url("/missing.xlsx"), retry=FAST)
    assert len(http_server.requests) == 1


def test_download_folder_needs_an_edition(tmp_path):
    with pytest.raises(FileNotFoundError, match="pass the edition"):
        load_release(tmp_path)
