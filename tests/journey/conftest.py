"""A real Redis for the journey tests: Debian's redis-server on a free loopback port, in memory only.

Readiness is its own log line ("Ready to accept connections"), read from its output: no sleeps. Where
redis-server is not installed the Redis tests skip, saying so, unless CHECKOUTGUARD_REQUIRE_REDIS is set
(CI sets it after installing the package, so there they fail instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from journey.servers import free_port, stop, wait_for_line

_READY = b"Ready to accept connections"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CHECKOUTGUARD_REQUIRE_REDIS"):
            pytest.fail("redis-server is required (apt-get install -y redis-server)")
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    args += ["--dir", str(workdir), "--protected-mode", "yes", "--loglevel", "notice"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    reader = None
    try:
        reader = wait_for_line(process, _READY, timeout=30)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process, reader)
