"""``python -m journey.serve_checkout FD [REDIS_URL]``: the test checkout under uvicorn on an inherited socket."""

from __future__ import annotations

import socket
import sys

import uvicorn

from checkoutguard.journey.stores import RedisJourneyStore
from journey.checkout_app import build_app


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    redis_url = sys.argv[2] if len(sys.argv) > 2 else ""
    store = RedisJourneyStore(redis_url, prefix="test:two-processes:") if redis_url else None
    app, _ = build_app(store)
    uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)).run(sockets=[sock])


if __name__ == "__main__":
    main()
