"""sources.baci_asean.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.baci_asean.download import LIVE_URL, SHA256, download_table
from sources.baci_asean.load import FILE_NAME, SNAPSHOT_DIR, load_release
from sources.baci_asean.source import COMMIT, REPO_PATH
from sources.common.http import DownloadError, RetryPolicy, sidecar_path

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = f"/ccmdesign/bfna-indopacific/{COMMIT}/{REPO_PATH}"


def test_live_url_and_known_digest():
    assert LIVE_URL == "https://raw.githubusercontent.com" + PATH
    assert hashlib.sha256((SNAPSHOT_DIR / FILE_NAME).read_bytes()).hexdigest() == SHA256


def test_download_with_retry_sidecar_cache_and_load(http_server, tmp_path):
    url = http_server.add_file(PATH, SNAPSHOT_DIR / FILE_NAME)
    http_server.queue(PATH, [503])

    path = download_table(tmp_path, url=url, retry=FAST)

    assert path.read_bytes() == (SNAPSHOT_DIR / FILE_NAME).read_bytes()
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == SHA256 and meta["url"] == url and meta["commit"] == COMMIT
    download_table(tmp_path, url=url, retry=FAST)
    assert len(http_server.requests) == 2  # one 503, one 200, then the cache
    release = load_release(tmp_path)  # no manifest: edition 2026
    assert release.editions() == [2026]
    assert release.tables["flows"].equals(load_release().tables["flows"])


def test_a_changed_file_is_refused(http_server, tmp_path):
    url = http_server.add_file(PATH, SNAPSHOT_DIR / FILE_NAME)
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_table(tmp_path, url=url, retry=FAST, sha256="0" * 64)
    assert not (tmp_path / FILE_NAME).exists()
