"""The session's demo server (see demo_server.py): started once, stopped with SIGINT at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demo.demo_server import DemoProcess, start_demo


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoProcess]:
    server = start_demo()
    try:
        yield server
    finally:
        server.stop()
