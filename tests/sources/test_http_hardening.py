"""The hardened HTTP layer against a hostile or careless server on 127.0.0.1 (issue items 5, 7,
8, 9, 12): limits, deadlines, verification, the cache, secrets, redirects, file modes."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import os
import stat
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from sources.common.errors import SourceDataError
from sources.common.http import (
    DownloadError,
    Limits,
    RetryPolicy,
    download,
    get_json,
    is_cached,
    sidecar_path,
)
from tests.support.http_server import LocalHTTPServer

FAST = RetryPolicy(attempts=2, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
PROVENANCE = {"publisher": "Test", "licence": "Public domain", "dataset": "Test data"}
CSV = b"Source,Country,Prod_t_2020\r\nMCS2022,Chile,1\r\n" * 40
SMALL = Limits(max_bytes=5 << 20, deadline_s=5.0, connect_timeout_s=2.0, read_timeout_s=2.0)


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


ZIP = _zip_bytes({"data.csv": CSV})


def _get(server: LocalHTTPServer, path: str, dest: Path, **kwargs) -> Path:
    kwargs.setdefault("retry", FAST)
    return download(server.url(path), dest, provenance=PROVENANCE, **kwargs)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# 7: a gzip body is inflated under the size cap ---------------------------------------------


def test_gzip_bomb_body_stops_at_the_size_cap(http_server, tmp_path):
    bomb = gzip.compress(b"0" * (20 << 20), compresslevel=9)  # ~20 KB -> 20 MB
    http_server.add("/big.csv", bomb, headers={"Content-Encoding": "gzip"})
    no_ratio = dataclasses.replace(SMALL, max_ratio=None)

    with pytest.raises(DownloadError, match="exceeds the 5,242,880-byte limit") as caught:
        _get(http_server, "/big.csv", tmp_path / "big.csv", limits=no_ratio)

    assert http_server.url("/big.csv") in str(caught.value)
    assert _leftovers(tmp_path) == []


def test_gzip_body_within_the_cap_is_decoded(http_server, tmp_path):
    http_server.add("/d.csv", gzip.compress(CSV), headers={"Content-Encoding": "gzip"})

    dest = _get(http_server, "/d.csv", tmp_path / "d.csv", limits=SMALL)

    assert dest.read_bytes() == CSV


# issue 16, item 8: a compressed body is capped by its ratio too, while streaming ------------


def _numbers_csv(lines: int) -> bytes:
    """CSV of varied numbers: gzips ~3-5 times, like a publisher's file."""
    rows = (f"{i},{i * 7919 % 100003},{i * 104729 % 1000003}.{i % 97}" for i in range(lines))
    return ("a,b,c\n" + "\n".join(rows) + "\n").encode()


def test_gzip_bomb_is_refused_by_its_ratio_while_streaming(http_server, tmp_path):
    bomb = gzip.compress(b"0" * (20 << 20), compresslevel=9)  # ~20 KB -> 20 MB of zeros
    http_server.add("/bomb.csv", bomb, headers={"Content-Encoding": "gzip"})
    started = time.monotonic()

    with pytest.raises(DownloadError) as caught:  # the csv default limits: 512 MiB
        _get(http_server, "/bomb.csv", tmp_path / "bomb.csv")

    message = str(caught.value)
    assert message.startswith(
        http_server.url("/bomb.csv") + ": the gzip body inflates more than 100 times ("
    )
    assert message.endswith(
        "decoded so far): a decompression bomb? (got HTTP 200; expected at most 100 times "
        "(raise Limits.max_ratio if genuine))"
    )
    assert time.monotonic() - started < 2.0
    assert len(http_server.requests) == 1  # not retried
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_body_of_a_real_ratio_is_accepted(http_server, tmp_path, encoding):
    body = _numbers_csv(60_000)  # ~1.6 MB
    packed = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
    assert 2 < len(body) / len(packed) < 10
    http_server.add("/n.csv", packed, headers={"Content-Encoding": encoding})

    dest = _get(http_server, "/n.csv", tmp_path / "n.csv")

    assert dest.read_bytes() == body


# issue 16, item 8: a body that cannot show it arrived whole is refused -----------------------


def test_body_without_length_or_chunks_is_refused_before_it_is_read(http_server, tmp_path):
    http_server.add("/d.csv", CSV, send_length=False)  # whole, but ended by closing

    with pytest.raises(DownloadError) as caught:
        _get(http_server, "/d.csv", tmp_path / "d.csv")

    assert str(caught.value) == (
        f"{http_server.url('/d.csv')}: the server sent neither a Content-Length nor a chunked "
        "body: the body would end when the connection closes, so a body cut short could not "
        "be told from a whole one (got HTTP 200; expected a Content-Length, chunked transfer "
        "encoding or a gzip/deflate body; or a zip/xlsx, or the publisher's size or checksum, "
        "to verify the file)"
    )
    assert len(http_server.requests) == 1
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "body", "options"),
    [
        ("r.zip", ZIP, {}),
        ("d.csv", CSV, {"expected_bytes": len(CSV)}),
        ("d.csv", CSV, {"sha256": hashlib.sha256(CSV).hexdigest()}),
    ],
)
def test_body_without_length_is_kept_when_it_can_be_verified(
    http_server, tmp_path, name, body, options
):
    http_server.add(f"/{name}", body, send_length=False)

    dest = _get(http_server, f"/{name}", tmp_path / name, **options)

    assert dest.read_bytes() == body


def test_gzip_body_without_length_is_kept_whole_and_refused_cut(http_server, tmp_path):
    packed = gzip.compress(CSV)
    http_server.add("/whole.csv", packed, send_length=False, headers={"Content-Encoding": "gzip"})
    http_server.add(
        "/cut.csv",
        packed,
        send_length=False,
        truncate_after=len(packed) - 8,  # without the trailer (CRC-32 and size)
        headers={"Content-Encoding": "gzip"},
    )

    assert _get(http_server, "/whole.csv", tmp_path / "whole.csv").read_bytes() == CSV
    with pytest.raises(DownloadError, match="gzip body ended before its end-of-stream marker"):
        _get(http_server, "/cut.csv", tmp_path / "cut.csv")
    assert len(http_server.requests_for("/cut.csv")) == FAST.attempts
    assert _leftovers(tmp_path) == ["whole.csv", "whole.csv.provenance.json"]


def test_chunked_body_is_kept_whole_and_refused_without_its_last_chunk(http_server, tmp_path):
    http_server.add("/whole.csv", CSV, chunked=True)
    http_server.add("/cut.csv", CSV, chunked=True, truncate_after=len(CSV) // 2)

    assert _get(http_server, "/whole.csv", tmp_path / "whole.csv").read_bytes() == CSV
    with pytest.raises(DownloadError, match="body ended early .*incomplete chunked read"):
        _get(http_server, "/cut.csv", tmp_path / "cut.csv")
    assert len(http_server.requests_for("/cut.csv")) == FAST.attempts
    assert _leftovers(tmp_path) == ["whole.csv", "whole.csv.provenance.json"]


def test_announced_length_above_the_cap_is_refused_before_reading(http_server, tmp_path):
    http_server.add("/big.zip", b"PK\x03\x04" + b"\0" * (6 << 20))

    with pytest.raises(DownloadError, match="Content-Length 6,291,460 exceeds"):
        _get(http_server, "/big.zip", tmp_path / "big.zip", limits=SMALL)
    assert _leftovers(tmp_path) == []


# 8: a total deadline ------------------------------------------------------------------------


def test_silent_server_ends_at_the_deadline(http_server, tmp_path):
    http_server.add("/silent.csv", CSV, stall_s=30)
    limits = Limits(max_bytes=1 << 20, deadline_s=1.0, read_timeout_s=0.4, connect_timeout_s=0.4)

    started = time.monotonic()
    with pytest.raises(DownloadError) as caught:
        _get(http_server, "/silent.csv", tmp_path / "s.csv", limits=limits, retry=RetryPolicy())

    assert time.monotonic() - started < 3.0
    assert http_server.url("/silent.csv") in str(caught.value)
    assert _leftovers(tmp_path) == []


def test_one_byte_per_interval_server_ends_at_the_deadline(http_server, tmp_path):
    http_server.add("/drip.csv", CSV, byte_interval_s=0.02)  # 2,000 bytes: 40 s
    limits = Limits(max_bytes=1 << 20, deadline_s=1.0, read_timeout_s=0.5, connect_timeout_s=0.5)

    started = time.monotonic()
    with pytest.raises(DownloadError, match="1 s deadline"):
        _get(http_server, "/drip.csv", tmp_path / "d.csv", limits=limits)

    assert time.monotonic() - started < 3.0
    assert _leftovers(tmp_path) == []


# 9: verification and the cache ---------------------------------------------------------------


def test_truncated_zip_without_content_length_is_not_kept(http_server, tmp_path):
    http_server.add("/r.zip", ZIP, send_length=False, truncate_after=len(ZIP) // 2)

    with pytest.raises(DownloadError, match="not a complete zip") as caught:
        _get(http_server, "/r.zip", tmp_path / "r.zip")

    assert http_server.url("/r.zip") in str(caught.value)
    assert len(http_server.requests) == FAST.attempts  # retried: it may be a network cut
    assert _leftovers(tmp_path) == []


def test_truncated_body_without_length_fails_the_publishers_size(http_server, tmp_path):
    http_server.add("/d.csv", CSV, send_length=False, truncate_after=100)

    with pytest.raises(DownloadError, match="got 100 bytes, the publisher lists 1,800"):
        _get(http_server, "/d.csv", tmp_path / "d.csv", expected_bytes=len(CSV))
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["d.csv", "d.json", "d.zip", "d.xlsx"])
def test_html_page_with_200_is_an_error_naming_the_url(http_server, tmp_path, name):
    url = http_server.add(f"/{name}", "<!DOCTYPE html>\n<html><body>Sign in</body></html>")

    with pytest.raises(DownloadError) as caught:
        _get(http_server, f"/{name}", tmp_path / name)

    assert url in str(caught.value) and "HTML page" in str(caught.value)
    assert caught.value.status == 200
    assert len(http_server.requests) == 1  # not retried
    assert _leftovers(tmp_path) == []


def test_checksums_are_verified(http_server, tmp_path):
    http_server.add("/d.csv", CSV)
    good = hashlib.sha256(CSV).hexdigest()

    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        _get(http_server, "/d.csv", tmp_path / "d.csv", sha256="0" * 64)
    with pytest.raises(DownloadError, match="md5 .* does not match"):
        _get(http_server, "/d.csv", tmp_path / "d.csv", md5="0" * 32)
    assert _leftovers(tmp_path) == []

    dest = _get(http_server, "/d.csv", tmp_path / "d.csv", sha256=good)
    assert dest.read_bytes() == CSV


def test_changing_the_url_never_reuses_the_old_copy(http_server, tmp_path):
    http_server.add("/v1/d.csv", CSV)
    http_server.add("/v2/d.csv", CSV + b"MCS2023,Peru,2\r\n")
    dest = _get(http_server, "/v1/d.csv", tmp_path / "d.csv")

    _get(http_server, "/v2/d.csv", dest)

    assert dest.read_bytes().endswith(b"Peru,2\r\n")
    assert json.loads(sidecar_path(dest).read_text())["url"] == http_server.url("/v2/d.csv")
    assert [r.path for r in http_server.requests] == ["/v1/d.csv", "/v2/d.csv"]


def test_a_bad_copy_cached_by_an_older_run_is_fetched_again(http_server, tmp_path):
    url = http_server.add("/r.zip", ZIP)
    dest = tmp_path / "r.zip"
    dest.write_bytes(ZIP[: len(ZIP) // 2])  # an older run kept a truncated body...
    sidecar_path(dest).write_text(  # ... with a sidecar that vouches for it
        json.dumps({"url": url, "sha256": hashlib.sha256(dest.read_bytes()).hexdigest()})
    )
    assert not is_cached(dest, url, kind="zip")

    _get(http_server, "/r.zip", dest)

    assert dest.read_bytes() == ZIP
    assert len(http_server.requests) == 1


def test_revalidate_sends_validators_and_304_keeps_the_copy(http_server, tmp_path):
    http_server.add("/d.csv", CSV, headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025"})
    dest = _get(http_server, "/d.csv", tmp_path / "d.csv")
    meta = json.loads(sidecar_path(dest).read_text())
    assert (meta["etag"], meta["last_modified"]) == ('"v1"', "Wed, 01 Jan 2025")
    http_server.add("/d.csv", b"", status=304)

    assert _get(http_server, "/d.csv", dest, revalidate=True) == dest

    conditional = http_server.requests[-1].headers
    assert conditional["If-None-Match"] == '"v1"'
    assert conditional["If-Modified-Since"] == "Wed, 01 Jan 2025"
    assert dest.read_bytes() == CSV


# 12: atomic writes, file modes, stale temp files ------------------------------------------


def test_downloaded_files_are_0644_and_no_part_file_stays(http_server, tmp_path):
    http_server.add("/d.csv", CSV)
    stale = tmp_path / ".d.csv.abc123.part"
    stale.write_bytes(b"left by a killed run")
    os.utime(stale, (time.time() - 7 * 3600,) * 2)
    fresh = tmp_path / ".d.csv.def456.part"  # another run's live download: untouched
    fresh.write_bytes(b"in progress")

    dest = _get(http_server, "/d.csv", tmp_path / "d.csv")

    assert stat.S_IMODE(dest.stat().st_mode) == 0o644
    assert stat.S_IMODE(sidecar_path(dest).stat().st_mode) == 0o644
    assert _leftovers(tmp_path) == [fresh.name, "d.csv", "d.csv.provenance.json"]


# 5 and 12: redirects and secrets -------------------------------------------------------------


def test_secret_headers_are_dropped_on_a_redirect_to_another_origin(http_server, tmp_path):
    with LocalHTTPServer() as other:
        target = other.add("/d.json", json.dumps({"ok": True}))
        http_server.add("/d.json", b"", status=302, headers={"Location": target})

        payload = get_json(http_server.url("/d.json"), headers={"X-Api-Key": "s3cret"}, retry=FAST)

        assert payload == {"ok": True}
        assert http_server.requests[0].headers.get("X-Api-Key") == "s3cret"
        [hop] = other.requests
        assert "s3cret" not in json.dumps(hop.headers)


def test_secret_headers_follow_a_redirect_on_the_same_origin(http_server):
    http_server.add("/new.json", json.dumps([1]))
    http_server.add("/old.json", b"", status=301, headers={"Location": "/new.json"})

    assert get_json(http_server.url("/old.json"), headers={"X-Api-Key": "k"}, retry=FAST) == [1]
    assert [r.headers.get("X-Api-Key") for r in http_server.requests] == ["k", "k"]


def test_redirect_loop_is_reported_with_the_url(http_server, tmp_path):
    http_server.add("/a.csv", b"", status=302, headers={"Location": "/b.csv"})
    http_server.add("/b.csv", b"", status=302, headers={"Location": "/a.csv"})

    with pytest.raises(DownloadError, match="redirect loop") as caught:
        _get(http_server, "/a.csv", tmp_path / "a.csv")

    assert http_server.url("/a.csv") in str(caught.value)
    assert _leftovers(tmp_path) == []


def test_get_json_refuses_nan_and_infinity(http_server):
    url = http_server.add("/d.json", '{"data": [{"primaryValue": NaN}]}')

    with pytest.raises(DownloadError, match="NaN") as caught:
        get_json(url, retry=FAST)
    assert url in str(caught.value)


# 7 and 12: error messages are capped ---------------------------------------------------------


def test_error_messages_are_capped():
    huge = "x" * 5_000_000
    data_error = SourceDataError("baci", "f" * 10_000, f"value {huge!r} is not a number", line=2)
    download_error = DownloadError("http://127.0.0.1/" + huge, huge, status=200, expected=huge)

    assert len(str(data_error)) < 1_200 and "characters cut" in str(data_error)
    assert len(str(download_error)) < 1_500
    assert str(download_error).startswith("http://127.0.0.1/xxx")


def test_csv_read_failures_name_the_file(tmp_path):
    from sources.common.frames import read_csv_checked

    empty, latin = tmp_path / "empty.csv", tmp_path / "latin.csv"
    empty.write_bytes(b"")
    latin.write_bytes("name\nS\xe3o Tom\xe9\n".encode("latin-1"))

    with pytest.raises(SourceDataError, match="comtrade: empty.csv: empty file"):
        read_csv_checked("comtrade", empty, empty.name)
    with pytest.raises(SourceDataError, match="comtrade: latin.csv: text is not valid UTF-8"):
        read_csv_checked("comtrade", latin, latin.name, encoding="utf8")
