"""A real demo server for the tests: ``python -m checkoutguard demo --port 0`` on 127.0.0.1.

The command prints its URL only once uvicorn accepts connections, so waiting for that line is the
readiness check (no sleeps, no port guessing: the OS picks a free port). Stopped with SIGINT, as Ctrl-C would.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"http://127\.0\.0\.1:\d+/")
START_TIMEOUT = 60  # seconds: a cold start imports the data on a busy 2-core machine


@dataclass
class DemoProcess:
    process: subprocess.Popen[str]
    url: str
    stderr: list[str] = field(default_factory=list)  # drained as it comes, so a chatty log never blocks the server
    readers: list[threading.Thread] = field(default_factory=list)

    def stop(self, timeout: float = 30) -> int:  # float-ok: seconds
        """SIGINT, as Ctrl-C sends; the exit code once the process and its output are done."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout)
        for reader in self.readers:
            reader.join(timeout)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()
        return code


def start_demo(*args: str, cwd: Path = ROOT, command: list[str] | None = None) -> DemoProcess:
    """Start the demo and return once it printed its URL; ``command`` replaces the default command line."""
    argv = command or [sys.executable, "-m", "checkoutguard", "demo", "--port", "0", "--quiet", *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    errors: list[str] = []

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            errors.append(line)

    readers = [threading.Thread(target=pump, daemon=True), threading.Thread(target=drain, daemon=True)]
    for reader in readers:
        reader.start()
    seen: list[str] = []
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            DemoProcess(process, "", errors, readers).stop()
            raise AssertionError(f"the demo printed no URL within {START_TIMEOUT}s: {seen}") from None
        if line is None:
            DemoProcess(process, "", errors, readers).stop()
            raise AssertionError(f"the demo exited before printing its URL: {seen} {errors}")
        seen.append(line)
        found = URL.search(line)
        if found:
            return DemoProcess(process, found.group(0), errors, readers)
