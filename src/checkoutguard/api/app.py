"""``create_app()``: the Starlette app ``checkoutguard serve`` runs, for mounting in any ASGI server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from checkoutguard.api.guards import BearerAuth, CatchAll, HeaderLimits, TimeBudget
from checkoutguard.api.openapi import openapi_document
from checkoutguard.api.problems import MEDIA_TYPE, Problem
from checkoutguard.api.readiness import DataState
from checkoutguard.api.routes import routes
from checkoutguard.api.settings import Settings

__all__ = ["app_from_env", "create_app"]


def _problem_response(request: Request, problem: Problem) -> Response:
    return JSONResponse(
        problem.to_dict(request.url.path),
        status_code=problem.status,
        headers=dict(problem.headers),
        media_type=MEDIA_TYPE,
    )


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return _problem_response(request, exc)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = {404: f"no endpoint at {request.url.path[:100]}", 405: f"{request.method[:20]} is not allowed here"}
    problem = Problem(exc.status_code, None, detail.get(exc.status_code, str(exc.detail)), headers=exc.headers or {})
    return _problem_response(request, problem)


def create_app(settings: Settings | None = None, *, wait_for_data: bool = False) -> Starlette:
    """The HTTP API as an ASGI app. Data loads in the background from start-up (``/readyz`` says when);
    ``wait_for_data`` loads it before returning instead."""
    settings = settings or Settings()
    state = DataState()
    if wait_for_data:
        state.load()
    openapi = json.dumps(openapi_document(bearer=bool(settings.tokens)), ensure_ascii=False).encode()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.start()
        yield

    middleware = [Middleware(CatchAll)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    middleware.append(Middleware(HeaderLimits, max_bytes=settings.max_header_bytes, max_count=settings.max_headers))
    if settings.tokens:
        middleware.append(Middleware(BearerAuth, tokens=settings.tokens))
    middleware.append(Middleware(TimeBudget, seconds=settings.time_budget))
    return Starlette(
        routes=routes(settings, state, openapi),
        middleware=middleware,
        exception_handlers={Problem: _on_problem, HTTPException: _on_http},
        lifespan=lifespan,
    )


def app_from_env() -> Starlette:
    """The app configured from ``CHECKOUTGUARD_API_*`` variables (uvicorn ``--factory``, one per worker)."""
    return create_app(Settings.from_env())
