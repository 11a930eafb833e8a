"""Starting a real ``checkoutguard serve`` process on 127.0.0.1 for the HTTP tests.

The port is a free one the OS hands out; ``start`` waits by polling ``/readyz`` (no fixed sleep), and
``stop`` terminates and waits for the process. Its output goes to a temporary file (a pipe could fill
and block a chatty server), which ``output()`` reads back.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import IO

import httpx

#: Short enough that the slow-body test is quick; a quote takes well under a millisecond.
TIME_BUDGET = 3.0
_START_DEADLINE = 90.0


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(extra_env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> Server:
    """A ready server; tried again on another port if the free port was taken before the server bound it."""
    for attempt in range(3):
        try:
            return _start_once(extra_env, args)
        except _PortTaken:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class _PortTaken(RuntimeError):
    pass


def _start_once(extra_env: dict[str, str] | None, args: tuple[str, ...]) -> Server:
    port = _free_port()
    env = {**os.environ, "CHECKOUTGUARD_API_TIME_BUDGET": str(TIME_BUDGET), **(extra_env or {})}
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "checkoutguard", "serve", "--port", str(port), "--log-level", "warning", *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + _START_DEADLINE
    with httpx.Client(base_url=server.url, timeout=5.0) as client:
        while True:
            if process.poll() is not None:
                output = server.output()
                log.close()
                if "address already in use" in output.lower():
                    raise _PortTaken(output)
                raise RuntimeError(f"checkoutguard serve exited with {process.returncode}:\n{output}")
            try:
                if client.get("/readyz").status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                stop(server)
                raise RuntimeError("checkoutguard serve did not become ready")
            time.sleep(0.05)  # the poll interval while the process starts, not a wait for an outcome


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.log.close()
