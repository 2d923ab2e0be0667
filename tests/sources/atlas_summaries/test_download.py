"""sources.atlas_summaries.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import json

import pytest

from sources.atlas_summaries.download import LIVE_URL, download_summaries
from sources.atlas_summaries.load import SNAPSHOT_DIR, load_release
from sources.atlas_summaries.source import FILES
from sources.common.http import DownloadError, RetryPolicy, sidecar_path

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
ROOT = "/Varcolacus/critical-materials-atlas/"


def test_live_urls_are_pinned_to_commits():
    assert LIVE_URL == "https://raw.githubusercontent.com" + ROOT
    assert {name: commit for name, (commit, _) in FILES.items()} == {
        "cobalt_trade.json": "cbd19feb31128e138c85112816c22b23faaf4994",
        "lithium_trade.json": "930efa01090f62685a31d50a86270676b6064b3c",
    }


def test_download_with_retry_sidecar_and_load(http_server, tmp_path):
    for name, (commit, path) in FILES.items():
        http_server.add_file(f"{ROOT}{commit}/{path}", SNAPSHOT_DIR / name)
    commit, path = FILES["cobalt_trade.json"]
    http_server.queue(f"{ROOT}{commit}/{path}", [503])

    paths = download_summaries(tmp_path, url=http_server.url(ROOT), retry=FAST)

    for target in paths:
        assert target.read_bytes() == (SNAPSHOT_DIR / target.name).read_bytes()
        meta = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
        assert meta["commit"] == FILES[target.name][0]
    release = load_release(tmp_path)
    assert release.editions() == [2026]
    assert release.tables["world_totals"].height == load_release().tables["world_totals"].height


def test_an_html_page_is_refused(http_server, tmp_path):
    commit, path = FILES["cobalt_trade.json"]
    http_server.add(f"{ROOT}{commit}/{path}", "<!DOCTYPE html><html>Not Found</html>")
    with pytest.raises(DownloadError, match="HTML"):
        download_summaries(tmp_path, url=http_server.url(ROOT), retry=FAST)
