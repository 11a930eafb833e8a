"""A real ``checkoutguard serve`` process on 127.0.0.1, shared by the HTTP tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.live_server import Server, start, stop


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = start()
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30.0) as http:
        yield http
