"""HTTP fetching for source downloaders: retries, atomic downloads, provenance sidecars.

Framework-free (no dagster). Transient failures (connection errors, timeouts, HTTP 429 and
5xx) are retried with exponential backoff, honouring ``Retry-After`` up to a cap; any other
unexpected status fails at once with a :class:`DownloadError`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

USER_AGENT = "critical-minerals-warehouse/0.1 (open data; python-httpx)"
DEFAULT_TIMEOUT = httpx.Timeout(120.0, connect=20.0)
CHUNK_SIZE = 1 << 16
SIDECAR_SUFFIX = ".provenance.json"
_RESERVED_SIDECAR_KEYS = ("url", "sha256", "bytes", "retrieved_at")

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry transient failures."""

    attempts: int = 5
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0


DEFAULT_RETRY = RetryPolicy()


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
        self.url = url
        self.status = status
        self.expected = expected
        got = f"HTTP {status}" if status is not None else "no complete HTTP response"
        super().__init__(f"{url}: {message} (got {got}; expected {expected})")


class _TransientStatus(Exception):
    """A retryable HTTP status (429 or 5xx); carries the server's Retry-After, if any."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def sidecar_path(dest: Path) -> Path:
    """Where the provenance sidecar of ``dest`` lives."""
    return dest.with_name(dest.name + SIDECAR_SUFFIX)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


def read_sidecar(dest: Path) -> dict[str, Any] | None:
    """The sidecar of ``dest`` as a dict, or None if missing or unreadable."""
    try:
        data = json.loads(sidecar_path(dest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_cached(dest: Path) -> bool:
    """True if ``dest`` and its sidecar exist and the file's sha256 matches the sidecar."""
    meta = read_sidecar(dest)
    return bool(meta) and dest.is_file() and meta.get("sha256") == sha256_file(dest)


def atomic_write_chunks(dest: Path, chunks: Iterable[bytes]) -> tuple[str, int]:
    """Write ``chunks`` to a temp file beside ``dest``, then ``os.replace`` it onto ``dest``.

    Returns (sha256 hex, byte count). On any error the temp file is removed and ``dest`` is
    left as it was.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, dest)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return digest.hexdigest(), size


def write_sidecar(
    dest: Path,
    *,
    url: str,
    provenance: dict[str, Any],
    sha256: str | None = None,
    size: int | None = None,
) -> Path:
    """Write the provenance sidecar of ``dest`` (atomically); hashes ``dest`` if not given."""
    _check_provenance(provenance)
    record = {
        **provenance,
        "url": url,
        "sha256": sha256 or sha256_file(dest),
        "bytes": size if size is not None else dest.stat().st_size,
        "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    body = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    target = sidecar_path(dest)
    atomic_write_chunks(target, [body.encode("utf-8")])
    return target


def _check_provenance(provenance: dict[str, Any]) -> None:
    clash = sorted(set(provenance) & set(_RESERVED_SIDECAR_KEYS))
    if clash:
        raise ValueError(f"provenance must not set {clash}: those keys are recorded by download")


def download(
    url: str,
    dest: Path,
    *,
    provenance: dict[str, Any],
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
) -> Path:
    """Stream ``url`` to ``dest`` atomically and record a provenance sidecar beside it.

    A cached copy (``dest`` whose sha256 matches its sidecar) is returned without any request
    unless ``force``.
    """
    dest = Path(dest)
    _check_provenance(provenance)
    if not force and is_cached(dest):
        return dest
    with client_scope(client) as http:
        digest, size = _with_retries(url, retry, lambda: _stream_once(http, url, dest))
    write_sidecar(dest, url=url, provenance=provenance, sha256=digest, size=size)
    return dest


def get_json(
    url: str,
    *,
    client: httpx.Client | None = None,
    params: dict[str, Any] | None = None,
    retry: RetryPolicy | None = None,
) -> Any:
    """GET ``url`` and decode its JSON body, with the same retry policy as :func:`download`."""
    with client_scope(client) as http:
        response = _with_retries(url, retry, lambda: _get_once(http, url, params))
    try:
        return response.json()
    except ValueError as exc:
        raise DownloadError(
            str(response.url),
            f"response is not JSON ({exc})",
            status=response.status_code,
            expected="a JSON body",
        ) from exc


def new_client() -> httpx.Client:
    """A client with this project's User-Agent, timeouts and redirect following."""
    return httpx.Client(
        timeout=DEFAULT_TIMEOUT,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


@contextmanager
def client_scope(client: httpx.Client | None) -> Iterator[httpx.Client]:
    """Yield ``client``, or a new client (see :func:`new_client`) closed afterwards."""
    if client is not None:
        yield client
        return
    with new_client() as owned:
        yield owned


def _get_once(http: httpx.Client, url: str, params: dict[str, Any] | None) -> httpx.Response:
    response = http.get(url, params=params, follow_redirects=True)
    _check_status(response, url)
    return response


def _stream_once(http: httpx.Client, url: str, dest: Path) -> tuple[str, int]:
    with http.stream("GET", url, follow_redirects=True) as response:
        _check_status(response, url)
        digest, size = atomic_write_chunks(dest, _checked_body(response, url))
    return digest, size


def _checked_body(response: httpx.Response, url: str) -> Iterator[bytes]:
    """The response body; raises before the last chunk if it is shorter than announced."""
    yield from response.iter_bytes(CHUNK_SIZE)
    announced = response.headers.get("Content-Length")
    if announced and "Content-Encoding" not in response.headers:
        received = response.num_bytes_downloaded
        if received != int(announced):
            raise httpx.RemoteProtocolError(
                f"body ended after {received} of {announced} bytes from {url}"
            )


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


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _TransientStatus | httpx.TransportError)


def _wait_seconds(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _TransientStatus) and exc.retry_after is not None:
            return min(exc.retry_after, policy.retry_after_cap)
        backoff = policy.backoff_initial * 2 ** (state.attempt_number - 1)
        return min(backoff, policy.backoff_max)

    return wait


def _with_retries(url: str, retry: RetryPolicy | None, attempt: Callable[[], T]) -> T:
    policy = retry or DEFAULT_RETRY
    retrying = Retrying(
        stop=stop_after_attempt(max(1, policy.attempts)),
        wait=_wait_seconds(policy),
        retry=retry_if_exception(_is_transient),
        reraise=True,
    )
    tries = f"gave up after {max(1, policy.attempts)} attempts"
    try:
        return retrying(attempt)
    except _TransientStatus as exc:
        raise DownloadError(url, tries, status=exc.status) from exc
    except httpx.TransportError as exc:
        raise DownloadError(url, f"{tries}: {type(exc).__name__}: {exc}") from exc
