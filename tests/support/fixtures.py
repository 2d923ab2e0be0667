"""Pytest fixtures shared by the source tests (import them from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.http_server import LocalHTTPServer


@pytest.fixture
def http_server() -> Iterator[LocalHTTPServer]:
    """A fresh local HTTP server on 127.0.0.1 (ephemeral port), stopped after the test."""
    with LocalHTTPServer() as server:
        yield server
