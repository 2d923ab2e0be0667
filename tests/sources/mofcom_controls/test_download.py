"""sources.mofcom_controls.download against a local server on 127.0.0.1 serving a JS item list
written from the bundled CSV (tests/sources/mofcom_controls/js_fixture.py)."""

from __future__ import annotations

import json

import pytest

from sources.common.errors import SourceDataError
from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.mofcom_controls.download import (
    COMMIT,
    JS_NAME,
    LIVE_URL,
    REPO_PATH,
    download_items,
    js_items,
)
from sources.mofcom_controls.load import FILE_NAME, SNAPSHOT_DIR, load_release
from tests.sources.mofcom_controls.js_fixture import csv_rows, js_text

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PATH = f"/aidehaomj-rgb/critical-minerals-intelligence-system/{COMMIT}/{REPO_PATH}"


def test_live_url_is_the_recorded_commit():
    assert LIVE_URL == "https://raw.githubusercontent.com" + PATH
    assert COMMIT == "466ab65123e920cf8264ee0cf99104b30da5f52a"


def test_js_items_reads_every_item_in_order():
    rows = csv_rows()
    live = js_items(js_text(rows))
    assert live.height == 130
    germanium = live.filter(live["notice_zh"] == "2023年第23号公告").row(8, named=True)
    assert germanium["item_zh"] == rows[8]["item_zh"] == "金属锗（单质）"
    assert germanium["cn_hs_as_given"] == "8112921010、8112921090、8112991000"


def test_download_checks_and_lands_the_table(http_server, tmp_path):
    http_server.add(PATH, js_text(csv_rows()))
    http_server.queue(PATH, [503])
    url = http_server.url(PATH)

    folder = download_items(tmp_path, url=url, retry=FAST)

    meta = json.loads(sidecar_path(folder / JS_NAME).read_text(encoding="utf-8"))
    assert meta["commit"] == COMMIT and meta["url"] == url
    assert (folder / FILE_NAME).read_bytes() == (SNAPSHOT_DIR / FILE_NAME).read_bytes()
    assert len(http_server.requests) == 2  # one 503, then the file
    release = load_release(folder)  # no manifest: the checked copy
    assert release.tables["items"].height == 130


def test_a_release_with_a_changed_item_is_refused(http_server, tmp_path):
    rows = csv_rows()
    rows[9]["cn_hs_as_given"] = "8112921090、8112921099"  # 2023-23 item 9 (区熔锗锭)
    del rows[50]  # 2025-10 item 20 (the last of its notice)
    url = http_server.add(PATH, js_text(rows))
    with pytest.raises(SourceDataError, match="differ from the bundled") as caught:
        download_items(tmp_path, url=url, retry=FAST)
    message = str(caught.value)
    assert "2023年第23号公告 item 9: cn_hs_as_given live '8112921090、8112921099'" in message
    assert "2025年第10号公告 item 20: in the bundled table, not in the live file" in message
    assert not (tmp_path / FILE_NAME).exists()


def test_an_html_page_is_refused(http_server, tmp_path):
    url = http_server.add(PATH, "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match="HTML page"):
        download_items(tmp_path, url=url, retry=FAST)
    assert not (tmp_path / FILE_NAME).exists()
