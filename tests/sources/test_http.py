"""Tests for sources.common.http against a local server (no internet)."""

from __future__ import annotations

import hashlib
import json
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sources.common.http import (
    DownloadError,
    RetryPolicy,
    download,
    get_json,
    is_cached,
    sidecar_path,
)
from tests.support.http_server import LocalHTTPServer

# Until tests/conftest.py imports it, load the shared http_server fixture as a plugin.

FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.05)
PROVENANCE = {
    "publisher": "Test Publisher",
    "licence": "Public domain",
    "dataset": "Test data release, https://doi.org/10.0000/TEST",
}
BODY = b"Source,Country,Type,Prod_t_2020\r\nMCS2022,Chile,Mine,1\r\n" * 50


def _fetch(server: LocalHTTPServer, dest: Path, path: str = "/data.csv", **kwargs) -> Path:
    return download(
        server.url(path), dest, provenance=PROVENANCE, retry=kwargs.pop("retry", FAST), **kwargs
    )


def test_retries_429_then_500_then_succeeds(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.add("/data.csv", BODY)
    http_server.queue("/data.csv", [(429, {"Retry-After": "0"}), 500])

    dest = _fetch(http_server, tmp_path / "data.csv")

    assert dest.read_bytes() == BODY
    assert [r.path for r in http_server.requests] == ["/data.csv"] * 3


def test_retry_after_is_capped(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.add("/data.csv", BODY)
    http_server.queue("/data.csv", [(429, {"Retry-After": "3600"})])

    started = time.monotonic()
    _fetch(http_server, tmp_path / "data.csv")

    assert time.monotonic() - started < 2.0


def test_gives_up_after_bound_naming_url_and_status(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    url = http_server.add("/data.csv", b"busy", status=503)

    with pytest.raises(DownloadError) as caught:
        _fetch(http_server, tmp_path / "data.csv")

    assert caught.value.status == 503
    assert url in str(caught.value)
    assert "HTTP 503" in str(caught.value)
    assert "expected HTTP 200" in str(caught.value)
    assert len(http_server.requests) == FAST.attempts
    assert not (tmp_path / "data.csv").exists()


def test_404_is_not_retried(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    url = http_server.url("/missing.csv")

    with pytest.raises(DownloadError) as caught:
        _fetch(http_server, tmp_path / "missing.csv", path="/missing.csv")

    assert caught.value.status == 404
    assert url in str(caught.value)
    assert len(http_server.requests) == 1


def test_failure_mid_stream_leaves_no_file(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.add("/data.csv", BODY, truncate_after=100)

    with pytest.raises(DownloadError) as caught:
        _fetch(http_server, tmp_path / "data.csv")

    assert caught.value.status is None
    assert "gave up after 3 attempts" in str(caught.value)
    assert len(http_server.requests) == FAST.attempts
    assert list(tmp_path.iterdir()) == []  # neither dest, nor sidecar, nor a .part file


def test_failed_refresh_keeps_previous_copy(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.add("/data.csv", BODY)
    dest = _fetch(http_server, tmp_path / "data.csv")
    http_server.add("/data.csv", BODY + b"more", truncate_after=10)

    with pytest.raises(DownloadError):
        _fetch(http_server, dest, force=True)

    assert dest.read_bytes() == BODY
    assert is_cached(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "data.csv.provenance.json"]


def test_cache_hit_makes_no_request(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.add("/data.csv", BODY)
    dest = _fetch(http_server, tmp_path / "data.csv")

    again = _fetch(http_server, tmp_path / "data.csv")

    assert again == dest
    assert len(http_server.requests) == 1


def test_changed_file_or_force_downloads_again(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    http_server.add("/data.csv", BODY)
    dest = _fetch(http_server, tmp_path / "data.csv")
    dest.write_bytes(b"tampered")

    _fetch(http_server, dest)
    _fetch(http_server, dest, force=True)

    assert dest.read_bytes() == BODY
    assert len(http_server.requests) == 3


def test_sidecar_records_url_hash_size_time_and_provenance(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    url = http_server.add("/data.csv", BODY)
    dest = _fetch(http_server, tmp_path / "data.csv")

    sidecar = sidecar_path(dest)
    meta = json.loads(sidecar.read_text(encoding="utf-8"))

    assert sidecar.name == "data.csv.provenance.json"
    assert meta["url"] == url
    assert meta["sha256"] == hashlib.sha256(BODY).hexdigest()
    assert meta["bytes"] == len(BODY)
    retrieved = datetime.fromisoformat(meta["retrieved_at"])
    assert retrieved.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - retrieved).total_seconds()) < 60
    for key, value in PROVENANCE.items():
        assert meta[key] == value


def test_provenance_cannot_override_recorded_fields(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    http_server.add("/data.csv", BODY)

    with pytest.raises(ValueError, match="sha256"):
        download(
            http_server.url("/data.csv"),
            tmp_path / "data.csv",
            provenance={"sha256": "forged"},
            retry=FAST,
        )
    assert http_server.requests == []


def test_get_json_retries_and_passes_params(http_server: LocalHTTPServer) -> None:
    http_server.add_json("/catalog/item/abc", {"id": "abc", "files": []})
    http_server.queue("/catalog/item/abc", [502])

    payload = get_json(http_server.url("/catalog/item/abc"), params={"format": "json"}, retry=FAST)

    assert payload == {"id": "abc", "files": []}
    assert [r.query for r in http_server.requests] == [{"format": "json"}] * 2


def test_get_json_rejects_a_non_json_body(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/page", "<html>maintenance</html>")

    with pytest.raises(DownloadError, match="not JSON") as caught:
        get_json(url, retry=FAST)

    assert caught.value.status == 200
    assert url in str(caught.value)


def test_connection_refused_is_retried_then_reported(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/data.csv"

    with pytest.raises(DownloadError) as caught:
        download(url, tmp_path / "data.csv", provenance=PROVENANCE, retry=FAST)

    assert caught.value.status is None
    assert url in str(caught.value)
    assert "gave up after 3 attempts" in str(caught.value)
