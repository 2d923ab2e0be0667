"""sources.wits_china_exports.download against a local server on 127.0.0.1 serving the
snapshot workbooks at the repository's raw paths."""

from __future__ import annotations

import json

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.wits_china_exports.download import LIVE_URL, WORKBOOKS, download_workbooks
from sources.wits_china_exports.load import SNAPSHOT_DIR, load_release
from sources.wits_china_exports.source import COMMIT

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
FOLDER = f"/semenko-vladimir/china-ree-export-policy/{COMMIT}/data/"


def test_live_url_is_the_repository_folder_at_the_commit():
    assert LIVE_URL == "https://raw.githubusercontent.com" + FOLDER
    assert sorted(WORKBOOKS) == sorted(p.name for p in SNAPSHOT_DIR.glob("*.xlsx"))


def test_download_retries_records_provenance_and_lands_the_same_tables(http_server, tmp_path):
    for name in WORKBOOKS:
        http_server.add_file(FOLDER + name, SNAPSHOT_DIR / name)
    first = FOLDER + next(iter(WORKBOOKS))
    http_server.queue(first, [503])

    paths = download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)

    assert [p.read_bytes() for p in paths] == [(SNAPSHOT_DIR / n).read_bytes() for n in WORKBOOKS]
    meta = json.loads(sidecar_path(paths[0]).read_text(encoding="utf-8"))
    assert meta["sha256"] == WORKBOOKS[paths[0].name] and meta["commit"] == COMMIT
    assert len(http_server.requests) == 4  # one 503, then three workbooks
    live, bundled = load_release(tmp_path), load_release()
    for kind, table in bundled.tables.items():
        assert live.tables[kind].equals(table)


def test_a_workbook_with_other_bytes_is_refused(http_server, tmp_path):
    names = list(WORKBOOKS)
    for name in names:  # each name serves another workbook: valid xlsx, wrong sha256
        http_server.add_file(FOLDER + name, SNAPSHOT_DIR / names[(names.index(name) + 1) % 3])
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_workbooks(tmp_path, url=http_server.url(FOLDER), retry=FAST)
    assert list(tmp_path.iterdir()) == []
