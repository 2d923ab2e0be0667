"""The one hardened HTTP layer of every downloader: nothing wrong is kept, nothing leaks.

Framework-free (no dagster). What every fetch gets:

* timeouts: connect and read timeouts, and a total deadline per download (all attempts and
  waits included), so a silent or a 1 byte/s server ends in a :class:`DownloadError`;
* retries: connection errors, timeouts, truncated bodies, HTTP 429 and 5xx are retried with
  exponential backoff, honouring ``Retry-After`` up to a cap; anything else fails at once;
* size limits: at most ``max_bytes`` of (decoded) body, checked against Content-Length before
  reading and while streaming; gzip/deflate bodies are inflated here, piece by piece, under the
  same cap and at most ``max_ratio`` times their compressed size (a 200 KB gzip never becomes a
  200 MB file: it is refused after about 1 MB);
* framing: a body must be able to show it arrived whole. Content-Length is compared with the
  bytes received, a chunked body must end with its last chunk (httpx raises otherwise), and a
  gzip/deflate body with its end-of-stream marker and checksum. A body with none of these ends
  when the server closes the connection, so a body cut short looks complete: it is accepted
  only for a kind that carries its own end (``zip``/``xlsx``: the central directory; JSON read
  by :func:`get_json` must parse whole) or when the publisher's size or checksum is given, and
  refused otherwise, before it is read;
* verification: Content-Length, format sniffing by expected kind (``zip``/``xlsx`` must be a
  complete zip starting with ``PK\\x03\\x04``; ``csv``/``json``/``xml``/``text`` must not be an
  HTML page), and the publisher's size, sha256 or md5 when known;
* atomic writes (:mod:`sources.common.files`): a temp file beside the target, fsync, rename,
  mode 0644; never a ``.part`` left behind (stale ones of a killed run are swept);
* a cache keyed by URL: a copy is reused only if its sidecar names the same URL and its sha256
  still matches; ``revalidate`` asks the server with ETag / Last-Modified (304: reuse);
* secrets: headers passed per call (API keys) and credential headers are sent only to the
  origin of the first URL; a redirect to another origin goes without them; redirect loops and
  chains longer than :data:`MAX_REDIRECTS` are errors naming the URL.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from sources.common.errors import MAX_WHERE_CHARS, preview, shorten
from sources.common.files import atomic_write, sha256_of

USER_AGENT = "critical-minerals-warehouse/0.1 (open data; python-httpx)"
CHUNK_SIZE = 1 << 16
SIDECAR_SUFFIX = ".provenance.json"
MAX_REDIRECTS = 10
SNIFF_BYTES = 1024
# never sent to another origin than the first URL's (compared lower-case)
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "ocp-apim-subscription-key", "x-api-key"}
)
_RESERVED_SIDECAR_KEYS = ("url", "sha256", "bytes", "retrieved_at", "etag", "last_modified")
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)
_MIB = 1 << 20
RATIO_FLOOR = _MIB  # below this much decoded output the compression ratio is not checked
SELF_DELIMITED_KINDS = ("zip", "xlsx")  # their end is checked (central directory)
_REDIRECTS = (301, 302, 303, 307, 308)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry transient failures."""

    attempts: int = 5
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0


DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Limits:
    """Bounds of one download: body size (decoded), how many times a gzip/deflate body may
    inflate (``None``: unchecked), total deadline and socket timeouts (s).

    ``max_ratio``: publishers' CSV, JSON and XML gzip 4-20 times (the bundled USGS, WGI and
    reference CSVs 4-9 times, Comtrade JSON ~12); a bomb of zeros ~1,000 times."""

    max_bytes: int = 256 * _MIB
    max_ratio: float | None = 100.0
    deadline_s: float = 1800.0
    connect_timeout_s: float = 15.0
    read_timeout_s: float = 60.0


# by expected kind (see KINDS); ``None``: unknown kind
DEFAULT_LIMITS: dict[str | None, Limits] = {
    "zip": Limits(max_bytes=2 << 30, deadline_s=4 * 3600.0),
    "xlsx": Limits(max_bytes=256 * _MIB, deadline_s=1800.0),
    "csv": Limits(max_bytes=512 * _MIB, deadline_s=1800.0),
    "json": Limits(max_bytes=256 * _MIB, deadline_s=900.0),
    "xml": Limits(max_bytes=64 * _MIB, deadline_s=900.0),
    "text": Limits(max_bytes=64 * _MIB, deadline_s=900.0),
    None: Limits(),
}
KINDS = tuple(k for k in DEFAULT_LIMITS if k)
_SUFFIX_KINDS = {
    ".zip": "zip",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
    ".xml": "xml",
    ".txt": "text",
}
_KIND_NAMES = {
    "zip": "a zip archive",
    "xlsx": "an xlsx workbook",
    "csv": "CSV text",
    "json": "JSON",
    "xml": "XML",
    "text": "text",
}


def limits_for(kind: str | None, limits: Limits | None = None) -> Limits:
    """``limits`` if given, else the defaults of ``kind``."""
    return limits or DEFAULT_LIMITS.get(kind, DEFAULT_LIMITS[None])


def kind_of(name: str | Path) -> str | None:
    """The expected kind of a file from its suffix (``None``: unknown)."""
    return _SUFFIX_KINDS.get(Path(str(name)).suffix.lower())


class DownloadError(RuntimeError):
    """A fetch failed: names the URL, the HTTP status (if any) and what was expected."""

    def __init__(
        self,
        url: str,
        message: str,
        *,
        status: int | None = None,
        expected: str = "HTTP 200",
    ) -> None:
        self.url = shorten(url, MAX_WHERE_CHARS)
        self.status = status
        self.expected = shorten(expected, 200)
        got = f"HTTP {status}" if status is not None else "no complete HTTP response"
        super().__init__(f"{self.url}: {shorten(message)} (got {got}; expected {self.expected})")


class _TransientStatus(Exception):
    """A retryable HTTP status (429 or 5xx); carries the server's Retry-After, if any."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class _Incomplete(Exception):
    """The body ended early (fewer bytes than announced, an incomplete zip): retryable."""


class _DeadlineExceeded(Exception):
    """The download's total deadline passed: not retried."""


class Deadline:
    """A total time budget (monotonic clock) shared by all attempts of one download."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise _DeadlineExceeded(f"no complete response within the {self.seconds:g} s deadline")

    def timeout(self, limits: Limits) -> httpx.Timeout:
        """Socket timeouts, never beyond the deadline."""
        self.check()
        left = max(self.remaining(), 0.001)
        read = min(limits.read_timeout_s, left)
        return httpx.Timeout(read, connect=min(limits.connect_timeout_s, left), pool=left)


# sidecars and the cache -------------------------------------------------------------------


def sidecar_path(dest: Path) -> Path:
    """Where the provenance sidecar of ``dest`` lives."""
    return dest.with_name(dest.name + SIDECAR_SUFFIX)


def read_sidecar(dest: Path) -> dict[str, Any] | None:
    """The sidecar of ``dest`` as a dict, or None if missing or unreadable."""
    try:
        data = json.loads(sidecar_path(dest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_cached(dest: Path, url: str | None = None, *, kind: str | None = None) -> bool:
    """True if ``dest`` and its sidecar exist, the file's sha256 matches the sidecar, the sidecar
    names ``url`` (when given) and the file is still of ``kind`` (when given)."""
    dest = Path(dest)
    meta = read_sidecar(dest)
    if not meta or not dest.is_file():
        return False
    if url is not None and meta.get("url") != url:
        return False
    if meta.get("sha256") != sha256_of(dest):
        return False
    if kind is not None:
        try:
            verify_file(dest, kind, url or str(dest))
        except DownloadError:
            return False
    return True


def write_sidecar(
    dest: Path,
    *,
    url: str,
    provenance: dict[str, Any],
    sha256: str | None = None,
    size: int | None = None,
    validators: dict[str, str] | None = None,
) -> Path:
    """Write the provenance sidecar of ``dest`` (atomically); hashes ``dest`` if not given."""
    _check_provenance(provenance)
    record = {
        **provenance,
        **(validators or {}),
        "url": url,
        "sha256": sha256 or sha256_of(dest),
        "bytes": size if size is not None else dest.stat().st_size,
        "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    body = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    target = sidecar_path(dest)
    atomic_write(target, body)
    return target


def _check_provenance(provenance: dict[str, Any]) -> None:
    clash = sorted(set(provenance) & set(_RESERVED_SIDECAR_KEYS))
    if clash:
        raise ValueError(f"provenance must not set {clash}: those keys are recorded by download")


# format checks ----------------------------------------------------------------------------


def check_head(head: bytes, kind: str | None, url: str, content_type: str = "") -> None:
    """Refuse a body whose first bytes (or Content-Type) are not of ``kind``."""
    if kind is None:
        return
    what = _KIND_NAMES.get(kind, kind)
    start = head.removeprefix(b"\xef\xbb\xbf")
    is_html = bool(_HTML.match(start)) or content_type.split(";")[0].strip().lower() == "text/html"
    if kind in ("zip", "xlsx"):
        if start[:4] != b"PK\x03\x04" or (kind == "zip" and head[:4] != b"PK\x03\x04"):
            page = "an HTML page" if is_html else "not a ZIP container"
            raise DownloadError(
                url,
                f"the body is not {what} ({page}; starts with {preview(head[:40])})",
                status=200,
                expected=f"{what} (starting with PK\\x03\\x04)",
            )
        return
    if is_html:
        raise DownloadError(
            url,
            f"the body is an HTML page, not {what} (starts with {preview(start[:60])})",
            status=200,
            expected=what,
        )
    if kind == "json" and start.strip()[:1] not in (b"{", b"[", b""):
        raise DownloadError(
            url,
            f"the body is not JSON (starts with {preview(start[:60])})",
            status=200,
            expected="a JSON object or array",
        )


def verify_file(path: Path, kind: str | None, url: str) -> None:
    """Check a complete file is of ``kind``; a zip must have its central directory."""
    with Path(path).open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    check_head(head, kind, url)
    if kind in ("zip", "xlsx"):
        try:
            with zipfile.ZipFile(path) as archive:
                archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise DownloadError(
                url,
                f"the body is not a complete zip ({exc}): truncated or corrupt",
                status=200,
                expected=f"{_KIND_NAMES[kind]} with its central directory",
            ) from exc


# downloads --------------------------------------------------------------------------------


def download(
    url: str,
    dest: Path,
    *,
    provenance: dict[str, Any],
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    kind: str | None = "auto",
    limits: Limits | None = None,
    expected_bytes: int | None = None,
    sha256: str | None = None,
    md5: str | None = None,
    headers: dict[str, str] | None = None,
    revalidate: bool = False,
) -> Path:
    """Stream ``url`` to ``dest`` atomically and record a provenance sidecar beside it.

    ``kind`` ("zip", "xlsx", "csv", "json", "xml", "text"; "auto": from ``dest``'s suffix;
    None: unchecked) is verified before the file replaces ``dest``, as are ``expected_bytes``,
    ``sha256`` and ``md5`` when given. ``limits`` defaults to :data:`DEFAULT_LIMITS` of the kind.
    A cached copy (same URL in its sidecar, sha256 intact, still of its kind, matching
    ``sha256`` if given) is returned without any request unless ``force``; with ``revalidate``
    the server is asked first (ETag / Last-Modified; 304 keeps the copy). ``headers`` are
    secrets (API keys): sent to ``url``'s origin only.
    """
    dest = Path(dest)
    _check_provenance(provenance)
    kind = kind_of(dest) if kind == "auto" else kind
    bounds = limits_for(kind, limits)
    cached = not force and is_cached(dest, url, kind=kind)
    if cached and sha256 and (read_sidecar(dest) or {}).get("sha256") != sha256.lower():
        cached = False
    if cached and not revalidate:
        return dest
    conditional = _conditional_headers(read_sidecar(dest) or {}) if cached else {}
    deadline = Deadline(bounds.deadline_s)

    def verify(path: Path, digest: str, size: int) -> None:
        _verify_body(path, digest, size, url, kind, expected_bytes, sha256, md5)

    def attempt(http: httpx.Client) -> tuple[str, int, dict[str, str]] | None:
        with _open(http, url, None, headers, conditional, bounds, deadline) as response:
            if response.status_code == 304 and conditional:
                return None
            _check_status(response, url)
            if not (kind in SELF_DELIMITED_KINDS or expected_bytes or sha256 or md5):
                _require_framing(response, url)
            ctype = response.headers.get("Content-Type", "")
            body = _sniffed(_body(response, url, bounds, deadline), kind, url, ctype)
            digest, size = atomic_write(dest, body, verify=verify)
            return digest, size, _validators(response)

    with client_scope(client) as http:
        outcome = _with_retries(url, retry, deadline, lambda: attempt(http))
    if outcome is None:  # 304 Not Modified: the cached copy stands
        return dest
    digest, size, validators = outcome
    write_sidecar(
        dest, url=url, provenance=provenance, sha256=digest, size=size, validators=validators
    )
    return dest


def get_json(
    url: str,
    *,
    client: httpx.Client | None = None,
    params: dict[str, Any] | None = None,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
    limits: Limits | None = None,
) -> Any:
    """GET ``url`` and decode its JSON body (strict: no NaN/Infinity), with the same retries,
    limits and secret handling as :func:`download`."""
    bounds = limits_for("json", limits)
    deadline = Deadline(bounds.deadline_s)

    def attempt(http: httpx.Client) -> tuple[bytes, int, str]:
        with _open(http, url, params, headers, {}, bounds, deadline) as response:
            _check_status(response, url)
            ctype = response.headers.get("Content-Type", "")
            body = _sniffed(_body(response, url, bounds, deadline), "json", url, ctype)
            return b"".join(body), response.status_code, str(response.url)

    with client_scope(client) as http:
        data, status, final_url = _with_retries(url, retry, deadline, lambda: attempt(http))
    try:
        return json.loads(data, parse_constant=_no_constant)
    except ValueError as exc:
        raise DownloadError(
            final_url, f"response is not JSON ({exc})", status=status, expected="a JSON body"
        ) from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def new_client() -> httpx.Client:
    """A client with this project's User-Agent and default timeouts (redirects are followed
    by this module, hop by hop)."""
    base = DEFAULT_LIMITS[None]
    return httpx.Client(
        timeout=httpx.Timeout(base.read_timeout_s, connect=base.connect_timeout_s),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


@contextmanager
def client_scope(client: httpx.Client | None) -> Iterator[httpx.Client]:
    """Yield ``client``, or a new client (see :func:`new_client`) closed afterwards."""
    if client is not None:
        yield client
        return
    with new_client() as owned:
        yield owned


# one request, hop by hop -----------------------------------------------------------------


def origin(url: httpx.URL | str) -> tuple[str, str, int | None]:
    u = httpx.URL(str(url))
    port = u.port or {"http": 80, "https": 443}.get(u.scheme)
    return u.scheme, u.host, port


@contextmanager
def _open(
    http: httpx.Client,
    url: str,
    params: dict[str, Any] | None,
    secrets: dict[str, str] | None,
    conditional: dict[str, str],
    limits: Limits,
    deadline: Deadline,
) -> Iterator[httpx.Response]:
    """The streamed response of ``url`` after following redirects; secrets stay on the first
    URL's origin (dropped for good once a hop leaves it)."""
    request = http.build_request(
        "GET",
        url,
        params=params,
        headers={"Accept-Encoding": "gzip, deflate", **(secrets or {}), **conditional},
        timeout=deadline.timeout(limits),
    )
    home, seen, crossed = origin(request.url), [str(request.url)], False
    secret_names = SECRET_HEADERS | {name.lower() for name in secrets or {}}
    for _ in range(MAX_REDIRECTS + 1):
        if crossed or origin(request.url) != home:
            crossed = True
            for name in [n for n in request.headers if n.lower() in secret_names]:
                del request.headers[name]
        response = http.send(request, stream=True, follow_redirects=False)
        if response.status_code not in _REDIRECTS or "Location" not in response.headers:
            try:
                yield response
            finally:
                response.close()
            return
        status = response.status_code
        target = request.url.join(response.headers["Location"])
        response.close()
        if str(target) in seen:
            raise DownloadError(
                url,
                f"redirect loop: {' -> '.join(seen[-3:])} -> {target}",
                status=status,
                expected="a redirect to a new URL, then HTTP 200",
            )
        seen.append(str(target))
        headers = request.headers.copy()
        del headers["Host"]
        request = http.build_request(
            "GET", target, headers=headers, timeout=deadline.timeout(limits)
        )
    raise DownloadError(
        url,
        f"more than {MAX_REDIRECTS} redirects (last to {seen[-1]})",
        status=status,
        expected=f"at most {MAX_REDIRECTS} redirects",
    )


def _body(
    response: httpx.Response, url: str, limits: Limits, deadline: Deadline
) -> Iterator[bytes]:
    """The decoded body, under ``limits.max_bytes`` and the deadline; raises _Incomplete if
    fewer bytes arrive than Content-Length announced."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    decoder = _Decoder(encoding, url, response.status_code)
    announced = response.headers.get("Content-Length", "").strip()
    expected_raw = int(announced) if announced.isdigit() else None
    if (
        expected_raw is not None
        and encoding in ("identity", "")
        and (expected_raw > limits.max_bytes)
    ):
        raise _too_big(url, f"Content-Length {expected_raw:,}", limits)
    received = produced = 0
    try:
        for raw in response.iter_raw():
            deadline.check()
            received += len(raw)
            for piece in decoder.feed(raw):
                produced += len(piece)
                if produced > limits.max_bytes:
                    raise _too_big(url, "the body", limits)
                _check_ratio(decoder, received, produced, url, limits)
                yield piece
    except httpx.RemoteProtocolError as exc:
        raise _Incomplete(f"body ended early after {received:,} bytes ({exc})") from exc
    for piece in decoder.flush():
        produced += len(piece)
        if produced > limits.max_bytes:
            raise _too_big(url, "the body", limits)
        yield piece
    if expected_raw is not None and received != expected_raw:
        raise _Incomplete(f"body ended after {received:,} of {expected_raw:,} bytes")


def _require_framing(response: httpx.Response, url: str) -> None:
    """Refuse a body that ends only when the connection closes and carries no end marker of
    its own: cut short, it would look complete."""
    headers = response.headers
    chunked = "chunked" in headers.get("Transfer-Encoding", "").lower()
    encoding = headers.get("Content-Encoding", "identity").strip().lower()
    if "Content-Length" in headers or chunked or encoding not in ("identity", ""):
        return
    raise DownloadError(
        url,
        "the server sent neither a Content-Length nor a chunked body: the body would end when "
        "the connection closes, so a body cut short could not be told from a whole one",
        status=response.status_code,
        expected="a Content-Length, chunked transfer encoding or a gzip/deflate body; or a "
        "zip/xlsx, or the publisher's size or checksum, to verify the file",
    )


def _too_big(url: str, what: str, limits: Limits) -> DownloadError:
    return DownloadError(
        url,
        f"{what} exceeds the {limits.max_bytes:,}-byte limit of this download",
        status=200,
        expected=f"at most {limits.max_bytes:,} bytes (raise Limits.max_bytes if genuine)",
    )


def _check_ratio(decoder: _Decoder, received: int, produced: int, url: str, limits: Limits) -> None:
    """Refuse, while streaming, a compressed body inflating more than ``limits.max_ratio``."""
    if limits.max_ratio is None or decoder.inflater is None or produced <= RATIO_FLOOR:
        return
    if produced > limits.max_ratio * received:
        raise DownloadError(
            url,
            f"the {decoder.encoding} body inflates more than {limits.max_ratio:g} times "
            f"({received:,} bytes received -> {produced:,} decoded so far): a decompression bomb?",
            status=decoder.status,
            expected=f"at most {limits.max_ratio:g} times (raise Limits.max_ratio if genuine)",
        )


class _Decoder:
    """Content-Encoding identity, gzip or deflate, inflated in bounded pieces."""

    def __init__(self, encoding: str, url: str, status: int) -> None:
        self.url, self.status, self.encoding = url, status, encoding
        if encoding in ("identity", ""):
            self.inflater = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self.inflater = zlib.decompressobj(47 if encoding != "deflate" else 15)
        else:
            raise DownloadError(
                url,
                f"unsupported Content-Encoding {preview(encoding, 40)}",
                status=status,
                expected="identity, gzip or deflate",
            )

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            if data:
                yield data
            return
        while data:
            try:
                out = self.inflater.decompress(data, CHUNK_SIZE * 4)
            except zlib.error as exc:
                raise DownloadError(
                    self.url,
                    f"corrupt {self.encoding} body: {exc}",
                    status=self.status,
                    expected=f"a valid {self.encoding} stream",
                ) from exc
            data = self.inflater.unconsumed_tail
            if self.inflater.eof and self.inflater.unused_data:  # concatenated gzip members
                data = self.inflater.unused_data
                self.inflater = zlib.decompressobj(47)
            if out:
                yield out

    def flush(self) -> Iterator[bytes]:
        if self.inflater is None:
            return
        if not self.inflater.eof:
            raise _Incomplete(f"{self.encoding} body ended before its end-of-stream marker")
        tail = self.inflater.flush()
        if tail:
            yield tail


def _sniffed(chunks: Iterator[bytes], kind: str | None, url: str, ctype: str) -> Iterator[bytes]:
    """Pass ``chunks`` through, checking the first bytes (and Content-Type) against ``kind``."""
    head: list[bytes] = []
    size, checked = 0, False
    for chunk in chunks:
        if checked:
            yield chunk
            continue
        head.append(chunk)
        size += len(chunk)
        if size >= SNIFF_BYTES:
            first, head, checked = b"".join(head), [], True
            check_head(first, kind, url, ctype)
            yield first
    if not checked:
        first = b"".join(head)
        check_head(first, kind, url, ctype)
        if first:
            yield first


def _verify_body(
    path: Path,
    digest: str,
    size: int,
    url: str,
    kind: str | None,
    expected_bytes: int | None,
    sha256: str | None,
    md5: str | None,
) -> None:
    if expected_bytes is not None and size != expected_bytes:
        raise _Incomplete(f"got {size:,} bytes, the publisher lists {expected_bytes:,}")
    if kind in ("zip", "xlsx"):
        try:
            verify_file(path, kind, url)
        except DownloadError as exc:
            raise _Incomplete(str(exc)) from exc
    if sha256 and digest != sha256.strip().lower():
        raise DownloadError(
            url,
            f"sha256 {digest} does not match the publisher's",
            status=200,
            expected=f"sha256 {shorten(sha256, 80)}",
        )
    if md5:
        actual = hashlib.md5(usedforsecurity=False)
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(_MIB), b""):
                actual.update(block)
        if actual.hexdigest() != md5.strip().lower():
            raise DownloadError(
                url,
                f"md5 {actual.hexdigest()} does not match the publisher's",
                status=200,
                expected=f"md5 {shorten(md5, 80)}",
            )


def _validators(response: httpx.Response) -> dict[str, str]:
    found = {
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
    }
    return {k: shorten(v, 200) for k, v in found.items() if v}


def _conditional_headers(meta: dict[str, Any]) -> dict[str, str]:
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = str(meta["etag"])
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = str(meta["last_modified"])
    return headers


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status == 200:
        return
    if status == 429 or status >= 500:
        raise _TransientStatus(status, _retry_after_seconds(response))
    raise DownloadError(url, "unexpected response", status=status)


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# retries ----------------------------------------------------------------------------------


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _TransientStatus | _Incomplete | httpx.TransportError)


def _wait_seconds(policy: RetryPolicy, deadline: Deadline) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _TransientStatus) and exc.retry_after is not None:
            seconds = min(exc.retry_after, policy.retry_after_cap)
        else:
            seconds = min(
                policy.backoff_initial * 2 ** (state.attempt_number - 1), policy.backoff_max
            )
        return max(0.0, min(seconds, deadline.remaining()))

    return wait


def _with_retries(
    url: str, retry: RetryPolicy | None, deadline: Deadline, attempt: Callable[[], T]
) -> T:
    policy = retry or DEFAULT_RETRY
    attempts = max(1, policy.attempts)
    retrying = Retrying(
        stop=stop_after_attempt(attempts) | (lambda _state: deadline.remaining() <= 0),
        wait=_wait_seconds(policy, deadline),
        retry=retry_if_exception(_is_transient),
        reraise=True,
    )
    tries = f"gave up after {attempts} attempts"
    try:
        return retrying(attempt)
    except _DeadlineExceeded as exc:
        raise DownloadError(url, str(exc), expected="a complete response in time") from exc
    except _TransientStatus as exc:
        raise DownloadError(url, _gave_up(tries, deadline), status=exc.status) from exc
    except _Incomplete as exc:
        raise DownloadError(url, f"{_gave_up(tries, deadline)}: {exc}") from exc
    except httpx.TimeoutException as exc:
        reason = f"{type(exc).__name__}: {exc}"
        if deadline.remaining() <= 0:
            reason = f"no complete response within the {deadline.seconds:g} s deadline ({reason})"
        raise DownloadError(url, f"{_gave_up(tries, deadline)}: {reason}") from exc
    except httpx.TransportError as exc:
        raise DownloadError(
            url, f"{_gave_up(tries, deadline)}: {type(exc).__name__}: {exc}"
        ) from exc


def _gave_up(tries: str, deadline: Deadline) -> str:
    if deadline.remaining() <= 0:
        return f"gave up at the {deadline.seconds:g} s deadline"
    return tries
