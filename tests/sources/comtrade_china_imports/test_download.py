"""sources.comtrade_china_imports.download against a local server on 127.0.0.1 answering the
32 preview API calls of manifest.json with the snapshot's year files."""

from __future__ import annotations

import json

from sources.common.http import RetryPolicy, sidecar_path
from sources.comtrade_china_imports.download import LIVE_URL, download_years, year_calls
from sources.comtrade_china_imports.load import SNAPSHOT_DIR, load_release

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
ENDPOINT = "/public/v1/preview/C/A/HS"


def test_the_calls_are_the_manifests():
    calls = year_calls()
    manifest = json.loads((SNAPSHOT_DIR / "manifest.json").read_bytes())["files"]
    assert LIVE_URL == "https://comtradeapi.un.org" + ENDPOINT
    assert [f"{LIVE_URL}?{calls[e['file']]}" for e in manifest] == [e["url"] for e in manifest]
    assert sorted(calls) == [f"{year}.json" for year in range(1993, 2025)]


def test_download_retries_and_lands_the_same_records(http_server, tmp_path):
    for name, query in year_calls().items():
        http_server.add(f"{ENDPOINT}?{query}", (SNAPSHOT_DIR / name).read_bytes())
    http_server.queue(f"{ENDPOINT}?{year_calls()['2018.json']}", [429])

    paths = download_years(tmp_path, url=http_server.url(ENDPOINT), retry=FAST)

    assert len(paths) == 32 and len(http_server.requests) == 33  # one 429 retried
    asked = {r.query["period"]: r.query for r in http_server.requests}
    assert asked["1993"]["reporterCode"] == "156" and asked["2024"]["cmdCode"] == "2846"
    assert {q["flowCode"] for q in asked.values()} == {"M"}
    meta = json.loads(sidecar_path(paths[0]).read_text(encoding="utf-8"))
    assert meta["url"].startswith(http_server.url(ENDPOINT)) and "period=1993" in meta["url"]
    live = load_release(tmp_path)  # no MANIFEST.csv, no manifest.json: the World check only
    assert live.tables["records"].equals(load_release().tables["records"])
