"""The storefront the middleware tests guard: one Starlette app (and a FastAPI twin) with every kind of
response a checkout route can give: clean, bad, JSON, compressed, streamed, event streams, redirects,
background tasks, and errors before and after the response starts."""

from __future__ import annotations

import gzip
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
import brotli
from fastapi import FastAPI, Request as FastAPIRequest
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from middleware.pages import BAD, BAD_JSON, CLEAN, page

#: Set by a test to let ``/checkout/slow-stream`` send its second chunk, and by the background task.
gates: dict[str, threading.Event] = {}


def gate(name: str) -> threading.Event:
    return gates.setdefault(name, threading.Event())


def html(body: bytes, **kwargs: Any) -> Response:
    return Response(body, media_type="text/html; charset=utf-8", **kwargs)


async def bad(request: Request) -> Response:
    return html(BAD)


async def clean(request: Request) -> Response:
    return html(CLEAN)


async def bad_json(request: Request) -> Response:
    return Response(BAD_JSON, media_type="application/json")


async def bad_gzip(request: Request) -> Response:
    body = gzip.compress(BAD, mtime=0)
    return html(body, headers={"content-encoding": "gzip", "etag": '"v1"', "vary": "Accept-Encoding"})


async def bad_br(request: Request) -> Response:
    return html(brotli.compress(BAD), headers={"content-encoding": "br"})


async def big_stream(request: Request) -> Response:
    """A bad page of ~300 KB in 10 KB chunks, with no Content-Length: beyond a 64 KB bound."""
    body = page(preticked=True, padding=300_000)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 10_000):
            yield body[start : start + 10_000]

    return StreamingResponse(chunks(), media_type="text/html")


async def slow_stream(request: Request) -> Response:
    """Two chunks; the second waits until the test has received the first (report mode must not buffer)."""

    async def chunks() -> AsyncIterator[bytes]:
        yield BAD[:200]
        await anyio.to_thread.run_sync(gate("slow-stream").wait, 20)
        yield BAD[200:]

    return StreamingResponse(chunks(), media_type="text/html")


async def events(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"data: one\n\n"
        yield b"data: two\n\n"

    return StreamingResponse(chunks(), media_type="text/event-stream")


async def background(request: Request) -> Response:
    """The task waits until the test has the response: a guard that sent only after the app returned would hang."""

    def task() -> None:
        gate("background-release").wait(20)
        gate("background-done").set()

    return html(BAD, background=BackgroundTask(task))


async def raise_before(request: Request) -> Response:
    raise RuntimeError("the app failed before responding")


async def raise_after(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        yield BAD[:300]
        raise RuntimeError("the app failed mid-response")

    return StreamingResponse(chunks(), media_type="text/html")


async def redirect(request: Request) -> Response:
    return RedirectResponse("/checkout/clean", status_code=303)


async def image(request: Request) -> Response:
    return Response(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), media_type="image/png")


async def context(request: Request) -> Response:
    """The buyer context the guard resolved, and the page marked with the country (concurrency tests)."""
    state = request.state.checkoutguard
    if request.query_params.get("format") == "json":
        return JSONResponse(
            {
                "country": state.country,
                "subdivision": state.subdivision,
                "currency": state.currency,
                "locale": state.locale,
                "buyer_type": state.buyer_type,
                "source": state.context.source,
            }
        )
    return html(page(preticked=True, marker=f"country={state.country}"))


async def priced(request: Request) -> Response:
    """The one-line helpers: an all-in price and the payment methods for this buyer."""
    state = request.state.checkoutguard
    quote = state.quote(
        {
            "ship_from": {"country": "CN"},
            "incoterm": "DAP",
            "items": [{"id": "a", "price": {"amount": "100.00", "currency": "EUR"}, "hs_code": "610910"}],
            "shipping": {"amount": "10.00", "currency": "EUR"},
        }
    )
    methods = state.payment_methods(str(quote.totals.checkout))
    return JSONResponse(
        {
            "currency": quote.currency,
            "destination": quote.destination["country"],
            "checkout": str(quote.totals.checkout),
            "delivery": str(quote.totals.delivery),
            "methods": list(methods.ids[:3]),
        }
    )


async def priced_page(request: Request) -> Response:
    """A page that calls quote() and then hides the duties due on delivery: the audit gets the quote."""
    state = request.state.checkoutguard
    state.quote(
        {
            "ship_from": {"country": "CN"},
            "incoterm": "DAP",
            "items": [{"id": "a", "price": {"amount": "100.00", "currency": "EUR"}, "hs_code": "610910"}],
            "shipping": {"amount": "10.00", "currency": "EUR"},
        }
    )
    return html(CLEAN)


async def products(request: Request) -> Response:
    return html(BAD, headers={"x-app": "products"})


ROUTES = [
    Route("/checkout/bad", bad, methods=["GET", "HEAD"]),
    Route("/checkout/clean", clean),
    Route("/checkout/json", bad_json),
    Route("/checkout/gzip", bad_gzip),
    Route("/checkout/br", bad_br),
    Route("/checkout/big-stream", big_stream),
    Route("/checkout/slow-stream", slow_stream),
    Route("/checkout/events", events),
    Route("/checkout/background", background),
    Route("/checkout/raise-before", raise_before),
    Route("/checkout/raise-after", raise_after),
    Route("/checkout/redirect", redirect),
    Route("/checkout/image.png", image),
    Route("/checkout/context/{n}", context),
    Route("/checkout/priced", priced),
    Route("/checkout/priced-page", priced_page),
    Route("/products", products),
]


def starlette_app() -> Starlette:
    return Starlette(routes=list(ROUTES))


def fastapi_app() -> FastAPI:
    app = FastAPI()

    @app.get("/checkout/bad")
    async def fastapi_bad() -> Response:
        return html(BAD)

    @app.get("/checkout/context/{n}")
    async def fastapi_context(n: int, request: FastAPIRequest) -> Response:
        return await context(request)

    @app.get("/products")
    async def fastapi_products() -> Response:
        return html(BAD, headers={"x-app": "products"})

    return app
