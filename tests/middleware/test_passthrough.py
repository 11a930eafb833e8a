"""What the guard must not touch: websockets, lifespan, bodiless statuses; and the app gets the server's own
``receive`` and ``send`` wherever the guard has nothing to do."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from checkoutguard.middleware import CheckoutGuardMiddleware, GuardStats
from middleware.servers import Reports, fetch, serve


@pytest.mark.parametrize("kind", ["websocket", "lifespan"])
@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_websocket_and_lifespan_scopes_reach_the_app_with_the_servers_own_channels(kind: str, mode: str) -> None:
    seen: list[tuple[Any, Any, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope, receive, send))

    async def receive() -> dict[str, Any]:
        return {}

    async def send(message: Any) -> None:
        return None

    stats = GuardStats()
    scope = {"type": kind, "path": "/checkout/live", "headers": [(b"cf-ipcountry", b"DE")]}
    asyncio.run(CheckoutGuardMiddleware(app, mode=mode, stats=stats)(scope, receive, send))
    assert seen == [(scope, receive, send)] and "state" not in scope
    assert stats.snapshot()["requests"] == 0


def test_unguarded_http_requests_get_the_servers_own_channels() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(send)

    async def send(message: Any) -> None:
        return None

    scope = {"type": "http", "method": "GET", "path": "/products", "headers": []}
    asyncio.run(CheckoutGuardMiddleware(app, mode="fix")(scope, send, send))
    assert seen == [send] and "state" not in scope


@pytest.mark.server
@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_bodiless_and_partial_statuses_pass_through(mode: str, reports: Reports) -> None:
    async def no_content(request: Any) -> Response:
        return Response(status_code=204)

    async def not_modified(request: Any) -> Response:
        return Response(status_code=304, headers={"etag": '"v1"'})

    async def partial(request: Any) -> Response:
        return Response(b"<input type=checkbox checked>", 206, media_type="text/html")

    def app() -> Starlette:
        routes = [Route("/checkout/204", no_content), Route("/checkout/304", not_modified)]
        return Starlette(routes=[*routes, Route("/checkout/206", partial)])

    stats = GuardStats()
    guard = CheckoutGuardMiddleware(app(), mode=mode, on_report=reports, stats=stats, default_country="DE")
    with serve(app()) as bare, serve(guard) as url, httpx.Client() as client:
        for path in ("/checkout/204", "/checkout/304", "/checkout/206"):
            assert fetch(client, "GET", f"{url}{path}") == fetch(client, "GET", f"{bare}{path}")
    assert stats.snapshot()["skipped"] == {"status": 3} and reports.items == []
