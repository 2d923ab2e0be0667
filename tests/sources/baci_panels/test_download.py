"""sources.baci_panels.download against a local server on 127.0.0.1 serving the snapshot."""

from __future__ import annotations

import hashlib
import json

import pytest

from sources.baci_panels.download import LIVE_URL, SHA256, download_panels
from sources.baci_panels.load import SNAPSHOT_DIR, load_release
from sources.baci_panels.source import COMMIT, REPO_DIR
from sources.common.http import DownloadError, RetryPolicy, sidecar_path

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PREFIX = f"/Sidhrthg/causal-engine/{COMMIT}/{REPO_DIR}"


def serve(http_server) -> str:
    for name in SHA256:
        http_server.add_file(f"{PREFIX}/{name}", SNAPSHOT_DIR / name)
    return http_server.url(PREFIX + "/")


def test_live_url_and_known_digests():
    assert LIVE_URL == "https://raw.githubusercontent.com" + PREFIX + "/"
    for name, digest in SHA256.items():
        assert hashlib.sha256((SNAPSHOT_DIR / name).read_bytes()).hexdigest() == digest


def test_download_with_retry_sidecars_cache_and_load(http_server, tmp_path):
    url = serve(http_server)
    http_server.queue(f"{PREFIX}/cepii_lithium.csv", [503])

    paths = download_panels(tmp_path, url=url, retry=FAST)

    assert [p.name for p in paths] == list(SHA256)
    for path in paths:
        assert path.read_bytes() == (SNAPSHOT_DIR / path.name).read_bytes()
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        assert meta["sha256"] == SHA256[path.name] and meta["commit"] == COMMIT
    download_panels(tmp_path, url=url, retry=FAST)
    assert len(http_server.requests) == 4  # one 503, three 200s, then the cache

    release = load_release(tmp_path)  # no manifest: edition 2026
    assert release.editions() == [2026]
    assert release.tables["flows"].equals(load_release().tables["flows"])
    assert release.files == SHA256


def test_a_changed_file_is_refused(http_server, tmp_path):
    url = serve(http_server)
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download_panels(tmp_path, url=url, retry=FAST, sha256={"cepii_graphite.csv": "0" * 64})
    assert not (tmp_path / "cepii_graphite.csv").exists()


def test_a_missing_panel_is_named(http_server, tmp_path):
    http_server.add_file(f"{PREFIX}/cepii_graphite.csv", SNAPSHOT_DIR / "cepii_graphite.csv")
    download_panels(
        tmp_path,
        url=http_server.url(PREFIX + "/"),
        retry=FAST,
        sha256={"cepii_graphite.csv": SHA256["cepii_graphite.csv"]},
    )
    with pytest.raises(FileNotFoundError, match="cepii_lithium.csv, cepii_rare_earths.csv"):
        load_release(tmp_path)
