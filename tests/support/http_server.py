"""A local HTTP server on 127.0.0.1 for tests that must never reach the internet.

Serves routes registered from bytes, text, JSON or a directory; can answer a path with a
queue of statuses first (e.g. 429, then 500, then the real body), can send a body with a
Content-Length, chunked, or delimited by closing the connection, cut it short, stay silent or
send a byte at a time, and records every request it receives.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

_CONTENT_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Response:
    """What the server answers for one route."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    truncate_after: int | None = None  # send full Content-Length, then only this many bytes
    send_length: bool = True  # False: no Content-Length; the body ends when the server closes
    stall_s: float = 0.0  # wait this long (silent) before answering at all
    byte_interval_s: float | None = None  # send the body one byte per interval
    chunked: bool = False  # Transfer-Encoding: chunked (cut short: no terminal chunk)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class _Route:
    path: str
    query: dict[str, str]
    response: Response
    queued: deque[Response] = field(default_factory=deque)


class LocalHTTPServer:
    """Threaded stdlib HTTP server on an ephemeral 127.0.0.1 port; use as a context manager."""

    def __init__(self) -> None:
        self._routes: list[_Route] = []
        self._directories: list[tuple[str, Path]] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # lifecycle -------------------------------------------------------------------------
    def start(self) -> LocalHTTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # routes ----------------------------------------------------------------------------
    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        truncate_after: int | None = None,
        send_length: bool = True,
        stall_s: float = 0.0,
        byte_interval_s: float | None = None,
        chunked: bool = False,
    ) -> str:
        """Serve ``body`` at ``path`` (``path`` may carry query params that must all match)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        parts = urlsplit(path)
        all_headers = {"Content-Type": _content_type(parts.path), **(headers or {})}
        route = _Route(
            path=parts.path,
            query=dict(parse_qsl(parts.query)),
            response=Response(
                data,
                status,
                all_headers,
                truncate_after,
                send_length and not chunked,
                stall_s,
                byte_interval_s,
                chunked,
            ),
        )
        with self._lock:
            self._routes = [
                r for r in self._routes if (r.path, r.query) != (route.path, route.query)
            ]
            self._routes.append(route)
        return self.url(parts.path)

    def add_json(self, path: str, payload: Any, *, status: int = 200) -> str:
        body = json.dumps(payload).encode("utf-8")
        return self.add(
            path, body, status=status, headers={"Content-Type": "application/json;charset=UTF-8"}
        )

    def add_file(self, path: str, file: Path, **kwargs: Any) -> str:
        return self.add(path, Path(file).read_bytes(), **kwargs)

    def serve_directory(self, prefix: str, directory: Path) -> str:
        """Serve every file under ``directory`` at ``prefix``/<relative path>."""
        prefix = "/" + prefix.strip("/")
        with self._lock:
            self._directories.append((prefix, Path(directory)))
        return self.url(prefix)

    def queue(self, path: str, statuses: list[int | tuple[int, dict[str, str]]]) -> None:
        """Answer ``path`` with these statuses (optionally with headers) before its route."""
        route = self._find(urlsplit(path).path, dict(parse_qsl(urlsplit(path).query)))
        if route is None:
            raise KeyError(f"no route registered for {path}")
        with self._lock:
            for item in statuses:
                status, headers = item if isinstance(item, tuple) else (item, {})
                body = f"queued HTTP {status}".encode()
                route.queued.append(
                    Response(body, status, {"Content-Type": "text/plain", **headers})
                )

    def requests_for(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    # request handling --------------------------------------------------------------------
    def _find(self, path: str, query: dict[str, str]) -> _Route | None:
        matches = [
            r
            for r in self._routes
            if r.path == path and all(query.get(k) == v for k, v in r.query.items())
        ]
        return max(matches, key=lambda r: len(r.query)) if matches else None

    def _respond(self, path: str, query: dict[str, str]) -> Response:
        with self._lock:
            route = self._find(path, query)
            if route is not None:
                return route.queued.popleft() if route.queued else route.response
            for prefix, directory in self._directories:
                if path.startswith(prefix + "/"):
                    file = (directory / path[len(prefix) + 1 :]).resolve()
                    if file.is_file() and directory.resolve() in file.parents:
                        content_type = _content_type(file.name)
                        return Response(file.read_bytes(), 200, {"Content-Type": content_type})
        return Response(f"no route for {path}".encode(), 404, {"Content-Type": "text/plain"})

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _content_type(path: str) -> str:
    return _CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def _handler_for(server: LocalHTTPServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def _serve(self, *, send_body: bool) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            server._record(RecordedRequest(self.command, parts.path, query, dict(self.headers)))
            response = server._respond(parts.path, query)
            if response.stall_s and server.stopping.wait(response.stall_s):
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif response.send_length:
                self.send_header("Content-Length", str(len(response.body)))
            if response.truncate_after is not None or not (
                response.send_length or response.chunked
            ):
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if not send_body:
                return
            body = response.body
            if response.truncate_after is not None:
                body = body[: response.truncate_after]
            try:
                if response.chunked:
                    self._write_chunks(body, whole=response.truncate_after is None)
                elif response.byte_interval_s is None:
                    self.wfile.write(body)
                else:
                    for index in range(len(body)):
                        if server.stopping.is_set():
                            return
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(response.byte_interval_s)
                self.wfile.flush()
            except OSError:  # the client gave up (a test of limits or deadlines)
                self.close_connection = True

        def _write_chunks(self, body: bytes, *, whole: bool, size: int = 4096) -> None:
            for start in range(0, len(body), size):
                piece = body[start : start + size]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            if whole:
                self.wfile.write(b"0\r\n\r\n")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
