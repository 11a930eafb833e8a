"""Servers for the journey tests: uvicorn in a thread or in another process, redis-server helpers.

Every server gets a socket that is already listening (or a port the OS just said is free), and the tests
wait on readiness (the first answer, or a log line), never on time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn


def free_port() -> int:
    """A port the OS says is free on 127.0.0.1 (for servers that cannot be handed a bound socket)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_line(process: subprocess.Popen[bytes], needle: bytes, timeout: float) -> threading.Thread:
    """Read ``process``'s output until a line holds ``needle``; raise with the output if it does not come
    within ``timeout`` seconds. The reader thread goes on draining the output until the process ends."""
    seen: list[bytes] = []
    found = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if len(seen) < 1_000:
                seen.append(line)
            if needle in line:
                found.set()
        found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    found.wait(timeout)
    output = b"".join(seen)
    if needle not in output:
        raise RuntimeError(f"the server did not get ready: {output.decode(errors='replace')[-2000:]}")
    return reader


def stop(process: subprocess.Popen[bytes], reader: threading.Thread | None = None) -> None:
    """Terminate ``process`` (kill it if it does not stop in 10 s) and close its output."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if reader is not None:
        reader.join(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


@contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a socket that already listens, so the first request
    waits in the backlog until the server takes it (readiness without polling); yield the base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


@contextmanager
def serve_in_process(redis_url: str | None) -> Iterator[str]:
    """Run the checkout app in another Python process (``journey.serve_checkout``) on a listening socket
    it inherits; with ``redis_url`` its journeys live in that Redis. Yields the base URL; stops it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    tests = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")]))}
    args = [sys.executable, "-m", "journey.serve_checkout", str(sock.fileno()), redis_url or ""]
    process = subprocess.Popen(
        args, pass_fds=[sock.fileno()], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    sock.close()  # the child holds its own copy
    reader = threading.Thread(target=lambda: process.stdout and process.stdout.read(), daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, reader)
