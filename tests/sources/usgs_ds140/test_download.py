"""sources.usgs_ds140.download against a local server on 127.0.0.1 serving the snapshot files."""

from __future__ import annotations

import json

import polars as pl
import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.usgs_ds140.download import (
    LIBRARY_URL,
    WORKBOOKS,
    download_library,
    download_workbooks,
    library_digests,
)
from sources.usgs_ds140.load import SNAPSHOT_DIR, load_release
from sources.usgs_ds140.source import LIBRARY_COMMIT, LIBRARY_REPOSITORY

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
LIBRARY = f"/{LIBRARY_REPOSITORY}/{LIBRARY_COMMIT}/data/usgs-ds140/"
BUNDLED_AS = {  # USGS's name -> the bundled copy
    "ds140-lithium-2021.xlsx": "workbooks/ds140-lithium-2021.xlsx",
    "ds140-rare-earths-2020.xlsx": "workbooks/usgs_ds140_rare_earths_2020.xlsx",
}


def test_live_urls_and_known_digests():
    assert LIBRARY_URL == "https://raw.githubusercontent.com" + LIBRARY
    digests = library_digests()
    assert len(digests) == 93  # catalog.json and the 92 commodity files of the library
    manifest = {
        e["path"]: e["sha256"] for e in pl.read_csv(SNAPSHOT_DIR / "MANIFEST.csv").to_dicts()
    }
    library = {p: sha for p, sha in manifest.items() if p.endswith(".json")}
    assert len(library) == 86 and all(digests[p] == sha for p, sha in library.items())
    for name, (url, sha) in WORKBOOKS.items():
        assert url.endswith("/" + name) and url.startswith("https://d9-wret.s3.us-west-2")
        assert manifest[BUNDLED_AS[name]] == sha


@pytest.fixture
def served(http_server):
    http_server.serve_directory(LIBRARY, SNAPSHOT_DIR)
    workbooks = {}
    for name, (_, sha) in WORKBOOKS.items():
        workbooks[name] = (
            http_server.add_file(f"/usgs/{name}", SNAPSHOT_DIR / BUNDLED_AS[name]),
            sha,
        )
    return http_server, http_server.url(LIBRARY), workbooks


def test_download_with_retry_sidecar_cache_and_load(served, tmp_path):
    server, url, workbooks = served
    lithium = LIBRARY + "commodities/lithium.json"
    server.add_file(lithium, SNAPSHOT_DIR / "commodities/lithium.json")
    server.queue(lithium, [503])

    files = download_library(tmp_path, url=url, commodities=["lithium", "rare-earths"], retry=FAST)
    download_workbooks(tmp_path, workbooks=workbooks, retry=FAST)

    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "catalog.json",
        "commodities/lithium.json",
        "commodities/rare-earths.json",
    ]
    meta = json.loads(sidecar_path(files[1]).read_text(encoding="utf-8"))
    assert (
        meta["commit"] == LIBRARY_COMMIT
        and meta["sha256"] == library_digests()["commodities/lithium.json"]
    )
    assert len(server.requests_for(lithium)) == 2  # one 503, then the file
    requests = len(server.requests)
    download_library(tmp_path, url=url, commodities=["lithium", "rare-earths"], retry=FAST)
    assert len(server.requests) == requests  # the cache: no second request

    release = load_release(tmp_path)  # no manifest: library 2026, workbooks by their name
    assert release.editions() == [2020, 2021, 2026]
    observations = release.tables["observations"]
    assert set(observations["source_file"]) == {
        "commodities/lithium.json",
        "commodities/rare-earths.json",
        "workbooks/ds140-lithium-2021.xlsx",
        "workbooks/ds140-rare-earths-2020.xlsx",
    }
    rare_earths = observations.filter(pl.col("source_file").str.contains("rare-earths-2020"))
    assert set(rare_earths["commodity"]) == {"rare-earths"}
    assert observations.filter(pl.col("commodity") == "lithium").height == 352 + 122 * 9


def test_a_changed_library_file_is_refused(served, tmp_path):
    server, url, _ = served
    server.add(LIBRARY + "commodities/cobalt.json", b'{"schema_version": 1}')
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_library(tmp_path, url=url, commodities=["cobalt"], retry=FAST)
    assert not (tmp_path / "commodities/cobalt.json").exists()


def test_a_commodity_not_in_the_catalog_is_refused(served, tmp_path):
    _, url, _ = served
    with pytest.raises(ValueError, match=r"commodities \['unobtainium'\] are not in catalog.json"):
        download_library(tmp_path, url=url, commodities=["unobtainium"], retry=FAST)


def test_a_non_workbook_is_refused(http_server, tmp_path):
    url = http_server.add("/usgs/x.xlsx", "<html>404: Not Found</html>")
    with pytest.raises(DownloadError, match="not an xlsx workbook"):
        download_workbooks(tmp_path, workbooks={"ds140-lithium-2021.xlsx": (url, None)}, retry=FAST)
    assert not (tmp_path / "workbooks/ds140-lithium-2021.xlsx").exists()
