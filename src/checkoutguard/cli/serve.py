"""``checkoutguard serve``: the HTTP API on uvicorn, bound to 127.0.0.1 unless told otherwise.

Tokens come from ``CHECKOUTGUARD_API_TOKENS`` or ``--token-file`` (never a flag value); every worker
builds its app from the same ``CHECKOUTGUARD_API_*`` variables (see docs/api.md).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from checkoutguard.errors import InvalidInput

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the HTTP API (OpenAPI at /openapi.json)",
        description="Serve the JSON API: POST /v1/quote, /v1/quotes, /v1/audit; GET|POST /v1/payment-methods; "
        "GET /v1/coverage, /v1/rates/{country}, /healthz, /readyz, /openapi.json.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default 8000; 0 picks a free one)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--token-file", default=None, help="require a bearer token: one per line in this file")
    parser.add_argument("--cors-origin", action="append", default=[], help="allow this browser origin (repeatable)")
    parser.add_argument("--max-body-bytes", type=int, default=None, help="bound on JSON bodies (default 1 MiB)")
    parser.add_argument("--time-budget", type=float, default=None, help="seconds per request (default 10)")
    parser.add_argument("--access-log", action="store_true", help="log every request (off: it costs throughput)")
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from checkoutguard.api.settings import ENV_PREFIX, Settings

    if not 0 <= args.port <= 65535:
        raise InvalidInput(f"port {args.port} is out of range", path="--port", accepted="0 to 65535")
    if not 1 <= args.workers <= 64:
        raise InvalidInput(f"{args.workers} workers", path="--workers", accepted="1 to 64")
    if args.token_file:
        os.environ[ENV_PREFIX + "TOKEN_FILE"] = args.token_file
    if args.cors_origin:
        os.environ[ENV_PREFIX + "CORS_ORIGINS"] = ",".join(args.cors_origin)
    if args.max_body_bytes is not None:
        os.environ[ENV_PREFIX + "MAX_BODY_BYTES"] = str(args.max_body_bytes)
    if args.time_budget is not None:
        os.environ[ENV_PREFIX + "TIME_BUDGET"] = str(args.time_budget)
    Settings.from_env()  # a bad token file or bound stops here, with exit code 2, not in every worker
    uvicorn.run(
        "checkoutguard.api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        log_level=args.log_level,
        server_header=False,
        proxy_headers=False,
    )
    return 0
