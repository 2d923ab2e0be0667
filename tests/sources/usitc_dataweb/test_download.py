"""sources.usitc_dataweb.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.usitc_dataweb.download import COMMIT, FILES, LIVE_URL, download_workbooks
from sources.usitc_dataweb.load import SNAPSHOT_DIR, load_release

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
FOLDER = f"/therealjameswilson/critical-minerals-records-stage-v3/{COMMIT}/data/raw/"


def test_live_url_and_known_digests():
    assert LIVE_URL == "https://raw.githubusercontent.com" + FOLDER
    for name, sha256 in FILES.items():
        assert hashlib.sha256((SNAPSHOT_DIR / name).read_bytes()).hexdigest() == sha256


def test_download_with_retry_sidecar_cache_and_load(http_server, tmp_path):
    for name in FILES:
        http_server.add_file(FOLDER + name, SNAPSHOT_DIR / name)
    first = FOLDER + next(iter(FILES))
    http_server.queue(first, [503])

    paths = download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)

    assert [p.name for p in paths] == list(FILES)
    for path in paths:
        assert path.read_bytes() == (SNAPSHOT_DIR / path.name).read_bytes()
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        assert meta["sha256"] == FILES[path.name] and meta["commit"] == COMMIT
    download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)
    assert len(http_server.requests) == 3  # one 503, two 200s, then the cache

    release = load_release(tmp_path)  # no manifest: the edition is the download year
    assert release.editions() == [2026]
    assert release.files == FILES
    annual = release.tables["annual"]
    assert (annual["year"].min(), annual["year"].max()) == (1993, 2025)
    assert set(annual["source_file"]) == set(FILES)


def test_a_changed_workbook_is_refused(http_server, tmp_path):
    names = list(FILES)
    for name in names:  # each file served under the other's name: a valid xlsx, wrong bytes
        other = names[1 - names.index(name)]
        http_server.add_file(FOLDER + name, SNAPSHOT_DIR / other)
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)
    assert not any(p.suffix == ".xlsx" for p in tmp_path.iterdir())


def test_a_non_workbook_is_refused(http_server, tmp_path):
    http_server.add(FOLDER + next(iter(FILES)), "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)
