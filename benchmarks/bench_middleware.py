"""CheckoutGuardMiddleware under load: uvicorn (httptools, uvloop where installed, 1 worker) and wrk on loopback.

Run: .venv/bin/python benchmarks/bench_middleware.py [--seconds 5] [--rounds 3] [--connections 16]
Needs ``wrk`` (Debian: ``apt-get install wrk``). Results and how to read them: benchmarks/README-middleware.md.

Three servers from one app (a Starlette storefront serving the ~100 KB checkout page of ``bench_audit.py``,
which has pre-ticked consent and a pre-selected paid extra, so fix mode rewrites it, on ``/checkout`` and, as
a page the guard does not watch, on ``/products``):

* ``bare``: no middleware, the floor every ratio is taken to, measured in the same run;
* ``report``: the guard in report mode on ``/checkout*`` (``/products`` is unguarded);
* ``fix``: the guard in fix mode on ``/checkout*``.

Two loads, each a bounded ``wrk`` window per (server, path), servers rotated in every round:

* **throughput**: ``-c N`` connections as fast as they go: requests/s, and the server's CPU time per request
  read from ``/proc/<pid>/stat`` before and after the window;
* **latency**: 2 connections pacing themselves (a 5 ms pause between requests, well under capacity), the way
  checkouts arrive; p50/p99 from wrk's ``--latency``. The audit CPU per page is what the guard's own counters
  (``audit_seconds_total``, thread CPU time) say, read from an unguarded ``/__stats`` route.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
THROUGHPUT_ROWS = [
    ("bare", "/products"),
    ("report", "/products"),
    ("bare", "/checkout"),
    ("report", "/checkout"),
    ("fix", "/checkout"),
]
PACE_LUA = "function delay()\n  return 5\nend\n"


def build_app(variant: str) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    sys.path.insert(0, str(HERE))
    from bench_audit import _reference_page
    from checkoutguard.middleware import CheckoutGuardMiddleware, GuardStats

    page = _reference_page()
    stats = GuardStats()

    async def checkout(request: Any) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def products(request: Any) -> Response:  # the same bytes on a route the guard does not watch
        return Response(page, media_type="text/html; charset=utf-8")

    async def stats_route(request: Any) -> Response:
        return JSONResponse(stats.snapshot())

    app: Any = Starlette(
        routes=[Route("/checkout", checkout), Route("/products", products), Route("/__stats", stats_route)]
    )
    if variant != "bare":
        app = CheckoutGuardMiddleware(app, paths=["/checkout*"], mode=variant, default_country="DE", stats=stats)
    return app


def serve(variant: str, fd: int) -> None:
    import uvicorn

    # The guard logs each page with violations at WARNING; a merchant ships those records somewhere, the
    # benchmark measures the guard, not a terminal.
    logging.getLogger("checkoutguard.middleware").setLevel(logging.ERROR)
    loop = "uvloop" if _has("uvloop") else "asyncio"
    app = build_app(variant)
    uvicorn.run(app, fd=fd, http="httptools", loop=loop, workers=1, log_level="warning", access_log=False)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, connections: int, script: str | None) -> dict[str, float]:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        args += ["-s", script]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}

    def latency(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([0-9.]+)(us|ms|s)\s*$", out, re.M)
        assert found, out
        return float(found.group(1)) * scale[found.group(2)]

    requests = re.search(r"([0-9]+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: ([0-9]+)|Socket errors: (.*)", out)
    assert requests and rate, out
    return {
        "requests": int(requests.group(1)),
        "rps": float(rate.group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": 1.0 if errors else 0.0,
    }


def fetch_stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/__stats", timeout=30) as response:
        return dict(json.loads(response.read()))


def in_process(calls: int, rounds: int) -> None:
    """CPU per request of each server's app called in-process (no sockets, no client): immune to other load on
    the machine, since it counts only this process's CPU time. Report mode's audits run on a thread; the
    process clock counts them, and each batch waits for its audits before the clock is read."""
    import asyncio

    logging.getLogger("checkoutguard.middleware").setLevel(logging.ERROR)
    apps = {variant: build_app(variant) for variant in ("bare", "report", "fix")}
    sent: list[int] = []

    async def call(app: Any, path: str) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"shop.example"), (b"accept", b"text/html")],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(len(message.get("body", b"")))

        await app(scope, receive, send)

    async def batch(app: Any, path: str) -> float:
        started = time.process_time()
        for _ in range(calls):
            await call(app, path)
        return (time.process_time() - started) * 1e6 / calls

    cases = [("bare", "/products"), ("report", "/products"), ("bare", "/checkout"), ("report", "/checkout")]
    cases.append(("fix", "/checkout"))
    timings: dict[tuple[str, str], list[float]] = {case: [] for case in cases}

    async def run() -> None:
        for variant, path in cases:
            await batch(apps[variant], path)  # warm-up
        for _ in range(rounds):
            for variant, path in cases:
                timings[(variant, path)].append(await batch(apps[variant], path))

    try:
        import uvloop

        uvloop.run(run())
    except ImportError:
        asyncio.run(run())
    print(f"\nin process ({rounds} rounds x {calls} calls; process CPU µs per request, median of rounds):\n")
    print("| app | path | CPU µs/req | over bare µs |")
    print("|---|---|---:|---:|")
    for variant, path in cases:
        value = statistics.median(timings[(variant, path)])
        floor = statistics.median(timings[("bare", path)])
        print(f"| {variant} | {path} | {value:.1f} | {value - floor:+.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--in-process", action="store_true", help="only the in-process CPU measurement")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.fd)
        return 0
    if args.in_process:
        in_process(300, args.rounds)
        return 0
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    servers: dict[str, tuple[subprocess.Popen[bytes], str, socket.socket]] = {}
    pace = Path(tempfile.mkdtemp()) / "pace.lua"
    pace.write_text(PACE_LUA)
    try:
        for variant in ("bare", "report", "fix"):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sock.listen(1024)
            command = [sys.executable, __file__, "--serve", variant, "--fd", str(sock.fileno())]
            process = subprocess.Popen(command, pass_fds=[sock.fileno()])
            servers[variant] = (process, f"http://127.0.0.1:{sock.getsockname()[1]}", sock)
        for _, base, _ in servers.values():  # readiness: the first answer (the socket queues until then)
            fetch_stats(base)
        cases = [("bare", "/products"), ("report", "/products"), ("bare", "/checkout"), ("report", "/checkout")]
        cases.append(("fix", "/checkout"))
        for variant, path in cases:  # warm-up: memos, first audit of the template, JIT-free but cache-warm
            wrk(servers[variant][1] + path, 1, 4, None)
        results: dict[tuple[str, str, str], list[dict[str, float]]] = {}
        for round_ in range(args.rounds):
            order = cases[round_ % len(cases) :] + cases[: round_ % len(cases)]
            for load in ("throughput", "latency"):
                for variant, path in order:
                    process, base, _ = servers[variant]
                    before_cpu, before = cpu_seconds(process.pid), fetch_stats(base)
                    if load == "throughput":
                        result = wrk(base + path, args.seconds, args.connections, None)
                    else:
                        result = wrk(base + path, args.seconds, 2, str(pace))
                    result["cpu_us"] = (cpu_seconds(process.pid) - before_cpu) * 1e6 / max(result["requests"], 1)
                    after = fetch_stats(base)
                    audited = after["audited"] - before["audited"]
                    seconds = after["audit_seconds_total"] - before["audit_seconds_total"]
                    result["audit_us"] = seconds * 1e6 / audited if audited else 0.0
                    result["audited"] = audited
                    results.setdefault((load, variant, path), []).append(result)
                    print(f"round {round_ + 1} {load:10} {variant:6} {path:10} {json.dumps(result)}", flush=True)
        report(results, args)
    finally:
        for process, _, sock in servers.values():
            process.terminate()
            process.wait(timeout=30)
            sock.close()
    return 0


def report(results: dict[tuple[str, str, str], list[dict[str, float]]], args: argparse.Namespace) -> None:
    def med(load: str, variant: str, path: str, key: str) -> float:
        return statistics.median(r[key] for r in results[(load, variant, path)])

    def ratio(load: str, variant: str, path: str, key: str) -> float:
        """Median over rounds of the per-round ratio to bare (same round, same path)."""
        pairs = zip(results[(load, variant, path)], results[(load, "bare", path)], strict=True)
        return statistics.median(r[key] / b[key] for r, b in pairs)

    print(
        f"\npython {sys.version.split()[0]}, uvicorn httptools + {'uvloop' if _has('uvloop') else 'asyncio'}, "
        f"1 worker; wrk -t1; {args.rounds} rounds x {args.seconds} s; medians; ratios per round to bare\n"
    )
    print(f"throughput (wrk -c{args.connections}):\n")
    print("| server | path | req/s | × bare | p50 ms | server CPU µs/req | CPU over bare µs | audit CPU µs/page |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for variant, path in THROUGHPUT_ROWS:
        over = med("throughput", variant, path, "cpu_us") - med("throughput", "bare", path, "cpu_us")
        print(
            f"| {variant} | {path} | {med('throughput', variant, path, 'rps'):,.0f} "
            f"| {ratio('throughput', variant, path, 'rps'):.3f} | {med('throughput', variant, path, 'p50_ms'):.2f} "
            f"| {med('throughput', variant, path, 'cpu_us'):.0f} | {over:+.0f} "
            f"| {med('throughput', variant, path, 'audit_us'):.0f} |"
        )
    print("\nlatency (wrk -c2, 5 ms pause between requests per connection):\n")
    print("| server | path | p50 ms | × bare | p99 ms | × bare | server CPU µs/req | audit CPU µs/page |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for variant, path in [("bare", "/checkout"), ("report", "/checkout"), ("fix", "/checkout")]:
        print(
            f"| {variant} | {path} | {med('latency', variant, path, 'p50_ms'):.3f} "
            f"| {ratio('latency', variant, path, 'p50_ms'):.3f} | {med('latency', variant, path, 'p99_ms'):.3f} "
            f"| {ratio('latency', variant, path, 'p99_ms'):.3f} | {med('latency', variant, path, 'cpu_us'):.0f} "
            f"| {med('latency', variant, path, 'audit_us'):.0f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
