"""sources.atlas_flows.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import json

import pytest

from sources.atlas_flows.atlas import COMMIT, REPOSITORY
from sources.atlas_flows.download import FILES, LIVE_URL, download_release
from sources.atlas_flows.load import SNAPSHOT_DIR, load_release
from sources.common.http import DownloadError, RetryPolicy, sidecar_path

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PREFIX = f"/{REPOSITORY}/{COMMIT}/out"


def test_live_url_is_the_recorded_commit_and_every_year_is_known():
    assert LIVE_URL == "https://raw.githubusercontent.com" + PREFIX
    assert sorted(FILES) == [f"flows_{year}.json" for year in range(2002, 2025)]


def test_download_retries_checks_and_loads_like_the_snapshot(http_server, tmp_path):
    for name in FILES:
        http_server.add_file(f"{PREFIX}/{name}", SNAPSHOT_DIR / "flows_json" / name)
    url = http_server.url(PREFIX)
    http_server.queue(f"{PREFIX}/flows_2010.json", [503])

    folder = download_release(tmp_path, url=url, retry=FAST)

    assert sorted(p.name for p in folder.glob("flows_????.json")) == sorted(FILES)
    meta = json.loads(sidecar_path(folder / "flows_2010.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == FILES["flows_2010.json"] and meta["commit"] == COMMIT
    assert len(http_server.requests) == len(FILES) + 1  # one 503, then each file once
    download_release(tmp_path, url=url, retry=FAST)
    assert len(http_server.requests) == len(FILES) + 1  # the cache: no new request

    live = load_release(folder).tables["flows"]
    bundled = load_release().tables["flows"]
    assert live.drop("source_file").equals(bundled.drop("source_file"))


def test_a_changed_file_is_refused_and_nothing_is_kept(http_server, tmp_path):
    for name in FILES:
        http_server.add_file(f"{PREFIX}/{name}", SNAPSHOT_DIR / "flows_json" / "flows_2002.json")
    with pytest.raises(DownloadError, match=r"flows_2003\.json.*sha256 .* does not match"):
        download_release(tmp_path, url=http_server.url(PREFIX), retry=FAST)
    # the first file (the right bytes) is kept; the changed one never lands
    assert sorted(p.name for p in tmp_path.glob("flows_????.json")) == ["flows_2002.json"]
