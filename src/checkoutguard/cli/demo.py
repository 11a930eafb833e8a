"""``checkoutguard demo [--host 127.0.0.1] [--port 8000]``: serve the demo storefront and print its URL.

The URL is printed once the server accepts connections (so a script can wait on that line), and Ctrl-C
stops it cleanly: uvicorn finishes open requests, then the command exits 0 without a traceback.
``--port 0`` lets the system pick a free port.
"""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from checkoutguard.errors import InvalidInput

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="serve the demo storefront (offline) and print its URL",
        description="Serve a small storefront whose checkout runs behind CheckoutGuardMiddleware (see docs/demo.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind; 0 picks a free one (default: 8000)")
    parser.add_argument("--quiet", action="store_true", help="no access log")
    parser.set_defaults(handler=run)


def _bind(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise InvalidInput(f"{port} is not a port", path="--port", accepted="0 to 65535 (0: any free port)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InvalidInput(
            f"cannot resolve {host!r}: {exc}", path="--host", accepted="an address or host name"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InvalidInput(
            f"cannot listen on {host}:{port}: {exc.strerror}", path="--port", accepted="a free port"
        ) from None
    return sock


def run(args: argparse.Namespace) -> int:
    import uvicorn  # the server is only needed by this command; the other commands start without it

    from checkoutguard.demo import create_app

    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                print(f"checkoutguard demo: http://{shown}:{port}/  (Ctrl-C stops it)", flush=True)

    config = uvicorn.Config(create_app(), log_level="warning" if args.quiet else "info", access_log=not args.quiet)
    server = _Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down gracefully, then re-raised the signal it caught
        pass
    finally:
        sock.close()
    print("checkoutguard demo: stopped", file=sys.stderr, flush=True)
    return 0
