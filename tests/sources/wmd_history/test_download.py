"""sources.wmd_history.download against a local server on 127.0.0.1 serving the snapshot file."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wmd_history.download import (
    COMMIT,
    FILE_NAME,
    LIVE_URL,
    PUBLISHER,
    REPO_PATH,
    SHA256,
    download_table,
)
from sources.wmd_history.load import SNAPSHOT_DIR, load_release

WORKBOOK = SNAPSHOT_DIR / FILE_NAME
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = f"/repolly/EW_MFA_UN_IRP_Update_v3/{COMMIT}/{REPO_PATH}"


def test_live_url_and_known_digest():
    assert LIVE_URL == "https://raw.githubusercontent.com" + PATH
    assert hashlib.sha256(WORKBOOK.read_bytes()).hexdigest() == SHA256


def test_download_with_retry_sidecar_and_cache(http_server, tmp_path):
    body = WORKBOOK.read_bytes()
    http_server.add(PATH, body)
    url = http_server.url(PATH)
    http_server.queue(PATH, [503])

    path = download_table(tmp_path, url=url, retry=FAST)

    assert path.name == FILE_NAME and path.read_bytes() == body
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == SHA256 and meta["url"] == url and meta["publisher"] == PUBLISHER
    assert meta["commit"] == COMMIT
    download_table(tmp_path, url=url, retry=FAST)
    assert len(http_server.requests) == 2  # one 503, one 200, then the cache

    release = load_release(tmp_path)  # no manifest: edition 2019
    assert release.editions() == [2019]
    assert release.tables["production"].height == 92786
    assert release.files == {FILE_NAME: SHA256}


def test_a_changed_workbook_is_refused(http_server, tmp_path):
    url = http_server.add_file(PATH, WORKBOOK)  # a valid workbook, but not the known bytes
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_table(tmp_path, url=url, retry=FAST, sha256="0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_a_non_workbook_is_refused(http_server, tmp_path):
    url = http_server.add(PATH, "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_table(tmp_path, url=url, retry=FAST)
    assert list(tmp_path.iterdir()) == []
