"""HTTP API throughput: ``POST /v1/quote`` (3-item order) next to a bare Starlette JSON endpoint.

Run: .venv/bin/python benchmarks/bench_api.py [--duration 10] [--connections 16] [--validators]

Both servers run the same way, one after the other: one uvicorn worker (httptools; uvloop where
installed), access log off, pinned to CPU 0; ``wrk`` (Debian package ``wrk``) loads them over loopback
from CPU 1 with the same body. The floor is the bare endpoint: it reads the same request body and
answers a small JSON object, so the ratio is what checking, quoting and serialising an order cost.
The batch endpoint is measured in orders per second (100 orders per request). ``--validators`` times
the request validators this API could use on the same order (the reason for jsonschema-rs).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_quote import ORDERS  # noqa: E402

ORDER: dict[str, Any] = ORDERS["DE import, 3 tariff lines, DAP"]
BATCH = 100


def bare_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def endpoint(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"ok": True, "currency": "EUR", "total": "0.00"})

    return Starlette(routes=[Route("/bare", endpoint, methods=["POST"]), Route("/readyz", endpoint, methods=["GET"])])


def api_app() -> Any:
    from checkoutguard.api import create_app

    return create_app()


def _serve(which: str, port: int) -> None:
    import uvicorn

    loop = "uvloop" if shutil.which("true") and _has("uvloop") else "asyncio"
    app = bare_app() if which == "bare" else api_app()
    uvicorn.run(app, host="127.0.0.1", port=port, http="httptools", loop=loop, access_log=False, log_level="warning")


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("server did not become ready")


def _wrk(url: str, body: bytes, duration: int, connections: int, vary: bool = False) -> dict[str, float]:
    """``vary``: every request gets its own body (the first item's id carries a counter), so no answer
    is ever served from the quote memo."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        payload = json.dumps(body.decode())
        varying = ""
        if vary:
            head, tail = body.decode().split('"id": "a"', 1)
            varying = (
                "counter = 0\n"
                "request = function()\n"
                "  counter = counter + 1\n"
                f"  local b = {json.dumps(head)} .. '\"id\": \"a-' .. counter .. '\"' .. {json.dumps(tail)}\n"
                "  return wrk.format(nil, nil, nil, b)\n"
                "end\n"
            )
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = {payload}\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
            f"{varying}"
            "done = function(summary, latency, requests)\n"
            '  io.write(string.format("non2xx %d\\n", summary.errors.status))\n'
            "end\n"
        )
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "1", *command]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    non2xx = int(re.search(r"non2xx (\d+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non2xx": non2xx}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _measure(
    which: str, path: str, body: bytes, duration: int, connections: int, vary: bool = False
) -> dict[str, float]:
    port = _free_port()
    command = [sys.executable, __file__, "--serve", which, "--port", str(port)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    process = subprocess.Popen(command)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url, process)
        _wrk(url + path, body, 2, connections, vary)  # warm-up
        return _wrk(url + path, body, duration, connections, vary)
    finally:
        process.terminate()
        process.wait(timeout=30)


def validators() -> None:
    from datetime import date

    import jsonschema_rs

    from checkoutguard.data.schemas import schema, validator
    from checkoutguard.landed_cost import parse_order

    compiled_rs = jsonschema_rs.validator_for(schema("order"))
    text = json.dumps(ORDER)
    candidates: dict[str, Any] = {
        "jsonschema (Draft7Validator)": lambda: validator("order").validate(ORDER),
        "jsonschema-rs": lambda: compiled_rs.is_valid(ORDER),
        "parse_order (the library parser)": lambda: parse_order(ORDER, today=date(2026, 11, 23)),
        "json.loads of the body (floor)": lambda: json.loads(text),
    }
    if _has("fastjsonschema"):
        import fastjsonschema

        compiled_fast = fastjsonschema.compile(schema("order"))
        candidates["fastjsonschema"] = lambda: compiled_fast(ORDER)
    for name, call in candidates.items():
        number = 200 if name.startswith("jsonschema (") else 5000
        best = min(timeit.repeat(call, number=number, repeat=5)) / number
        print(f"{name:36} {best * 1e6:9.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--validators", action="store_true")
    parser.add_argument("--serve", choices=("bare", "api"))
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.port)
        return
    if args.validators:
        validators()
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    body = json.dumps(ORDER).encode()
    batch = json.dumps({"orders": [ORDER] * BATCH}).encode()
    print(f"uvicorn 1 worker, httptools, {'uvloop' if _has('uvloop') else 'asyncio'}; wrk -t1 -c{args.connections}")
    bare = _measure("bare", "/bare", body, args.duration, args.connections, vary=True)
    quote = _measure("api", "/v1/quote", body, args.duration, args.connections, vary=True)
    repeat = _measure("api", "/v1/quote", body, args.duration, args.connections)
    batches = _measure("api", "/v1/quotes", batch, args.duration, 4)
    rows = (
        ("bare Starlette JSON", bare),
        ("POST /v1/quote, new", quote),
        ("POST /v1/quote, same", repeat),
        ("POST /v1/quotes x100", batches),
    )
    for name, result in rows:
        print(
            f"{name:22} {result['rps']:9.0f} req/s  p50 {result['p50_ms']:7.2f} ms  p99 {result['p99_ms']:7.2f} ms"
            f"  non-2xx {result['non2xx']:.0f}"
        )
    print(f"quote / bare, every order new: {quote['rps'] / bare['rps']:.2f}x (goal >= 0.5x)")
    print(f"quote / bare, the same order again (memo): {repeat['rps'] / bare['rps']:.2f}x")
    print(f"batch: {batches['rps'] * BATCH:.0f} orders/s")


if __name__ == "__main__":
    main()
