"""sources.atlas_baci.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import pytest

from sources.atlas_baci.download import FILES, LIVE_URL, download_release
from sources.atlas_baci.load import SNAPSHOT_DIR, load_release
from sources.atlas_flows.atlas import COMMIT, REPOSITORY
from sources.common.http import DownloadError, RetryPolicy

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = f"/{REPOSITORY}/{COMMIT}/reconcile/fixtures/reconcile/baci_2022.csv"


def test_live_url_is_the_recorded_commit():
    assert LIVE_URL + "/baci_2022.csv" == "https://raw.githubusercontent.com" + PATH
    assert list(FILES) == ["baci_2022.csv"]


def test_download_then_load_like_the_snapshot(http_server, tmp_path):
    http_server.add_file(PATH, SNAPSHOT_DIR / "baci_2022.csv")
    http_server.queue(PATH, [500])
    folder = download_release(tmp_path, url=http_server.url(PATH.rsplit("/", 1)[0]), retry=FAST)
    assert len(http_server.requests) == 2
    assert load_release(folder).tables["flows"].equals(load_release().tables["flows"])


def test_an_html_page_is_refused(http_server, tmp_path):
    http_server.add(PATH, "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match=r"baci_2022\.csv"):
        download_release(tmp_path, url=http_server.url(PATH.rsplit("/", 1)[0]), retry=FAST)
    assert list(tmp_path.iterdir()) == []
