"""Real servers for the middleware tests: uvicorn on 127.0.0.1, a port the OS picks, readiness waited on."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from checkoutguard.middleware import GuardReport


@contextmanager
def serve(app: Any, *, http: str = "httptools", proxy_headers: bool = True) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread; yield its base URL; stop it and wait for the thread.

    ``proxy_headers=False`` stops uvicorn applying ``X-Forwarded-Proto`` itself (it trusts 127.0.0.1)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, http=http, lifespan="off", log_level="critical", access_log=False, proxy_headers=proxy_headers
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # readiness: uvicorn sets this once it listens
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


class Reports:
    """Collects ``on_report`` calls from the server thread; ``wait(n)`` blocks until n have arrived."""

    def __init__(self) -> None:
        self.items: list[GuardReport] = []
        self._cond = threading.Condition()

    def __call__(self, report: GuardReport) -> None:
        with self._cond:
            self.items.append(report)
            self._cond.notify_all()

    def wait(self, count: int = 1, timeout: float = 20) -> list[GuardReport]:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.items) >= count, timeout):
                raise AssertionError(f"{len(self.items)} of {count} reports arrived")
            return list(self.items)


def fetch(
    client: httpx.Client, method: str, url: str, **kwargs: Any
) -> tuple[int | None, list[tuple[str, str]], bytes, str]:
    """Status, headers (without ``date``), the raw body bytes as sent (no decoding), and the error if the
    transfer broke off: what a byte-for-byte comparison of two servers needs."""
    chunks: list[bytes] = []
    status = None
    headers: list[tuple[str, str]] = []
    try:
        with client.stream(method, url, **kwargs) as response:
            status = response.status_code
            headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "date"]
            for chunk in response.iter_raw():
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        return status, headers, b"".join(chunks), type(exc).__name__
    return status, headers, b"".join(chunks), ""
