"""Helpers for tests that start servers: a free loopback port, and waiting for a line a server prints."""

from __future__ import annotations

import socket
import subprocess
import threading


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
