"""``checkoutguard demo`` and ``make demo``: the URL is printed when the server is ready, Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from demo.demo_server import ROOT, start_demo

pytestmark = pytest.mark.server


def _refused(url: str) -> bool:
    try:
        httpx.get(url, timeout=5)
    except httpx.ConnectError:
        return True
    return False


def test_ctrl_c_stops_the_demo_cleanly() -> None:
    server = start_demo()
    assert httpx.get(server.url + "healthz", timeout=30).text == "ok"
    assert server.stop() == 0
    log = "".join(server.stderr)
    assert "Traceback" not in log and "KeyboardInterrupt" not in log
    assert log.rstrip().endswith("checkoutguard demo: stopped")
    assert _refused(server.url)


@pytest.mark.skipif(
    shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "checkoutguard").exists(),
    reason="make demo runs the checkout's own .venv, which this run does not have",
)
def test_make_demo_prints_its_url_and_stops_on_ctrl_c() -> None:
    # -o: take the installed .venv as it is, whatever the age of pyproject.toml; PORT=0: a free port.
    server = start_demo(command=["make", "-s", "-o", ".venv/.installed", "demo", "PORT=0"])
    assert "Northwind Supply Co." in httpx.get(server.url, timeout=30).text
    os.killpg(server.process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    assert server.stop() in (0, -signal.SIGINT)  # make re-raises the interrupt; the server itself exits 0
    log = "".join(server.stderr)
    assert "Traceback" not in log and "checkoutguard demo: stopped" in log
    assert _refused(server.url)


def test_a_busy_port_is_a_usage_error_naming_the_option() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "checkoutguard", "demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert "--port" in done.stderr and "in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_impossible_port_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "demo", "--port", "70000"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and "--port" in done.stderr and "0 to 65535" in done.stderr
