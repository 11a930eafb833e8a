"""The app in-process (httpx's ASGI transport): readiness, bearer tokens, CORS, the catch-all 500 and
the time budget, each on the smallest app that shows it."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from checkoutguard.api import Settings, create_app
from checkoutguard.api.guards import BearerAuth, CatchAll, TimeBudget
from checkoutguard.api.readiness import DataState
from checkoutguard.cli import main
from checkoutguard.errors import InvalidInput

TOKEN = "t0ken-" + "x" * 26
ORDER = {
    "date": "2026-11-23",
    "ship_from": {"country": "CN"},
    "ship_to": {"country": "DE"},
    "items": [{"id": "a", "price": {"amount": "10.00", "currency": "EUR"}}],
}


def _run(app: Any, call: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            return await call(client)

    return asyncio.run(go())


def test_not_ready_until_the_data_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # The loading waits for the test's word: with warm caches (earlier tests in the process) it would otherwise
    # finish before the first /readyz, and the test would depend on timing.
    release = threading.Event()
    load = DataState.load

    def gated(self: DataState) -> None:
        release.wait(60)
        load(self)

    monkeypatch.setattr(DataState, "load", gated)
    app = create_app()  # no lifespan runs under the ASGI transport: the first request starts the loading

    async def calls(client: httpx.AsyncClient) -> list[httpx.Response]:
        first = [await client.get("/healthz"), await client.get("/readyz"), await client.post("/v1/quote", json=ORDER)]
        release.set()
        deadline = time.monotonic() + 60
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "the data never loaded"
            await asyncio.sleep(0.02)  # poll interval
        return [*first, await client.post("/v1/quote", json=ORDER)]

    health, ready, quote, later = _run(app, calls)
    assert health.status_code == 200
    for response in (ready, quote):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "1"
        assert response.json()["type"] == "urn:checkoutguard:problem:not-ready"
    assert later.status_code == 200


def test_bearer_tokens() -> None:
    app = create_app(Settings(tokens=(TOKEN, "another-token-" + "y" * 20)), wait_for_data=True)

    async def calls(client: httpx.AsyncClient) -> list[httpx.Response]:
        return [
            await client.post("/v1/quote", json=ORDER),
            await client.post("/v1/quote", json=ORDER, headers={"Authorization": "Bearer wrong"}),
            await client.post("/v1/quote", json=ORDER, headers={"Authorization": f"Basic {TOKEN}"}),
            await client.post("/v1/quote", json=ORDER, headers={"Authorization": f"Bearer {TOKEN}"}),
            await client.get("/healthz"),
            await client.get("/openapi.json"),
        ]

    missing, wrong, basic, right, health, openapi = _run(app, calls)
    for refused in (missing, wrong, basic):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.json()["type"] == "urn:checkoutguard:problem:unauthorized"
    assert right.status_code == 200
    assert health.status_code == 200
    assert openapi.json()["security"] == [{"bearer": []}]


def test_token_check_looks_at_every_token() -> None:
    guard = BearerAuth(lambda *a: None, tokens=["a" * 20, "b" * 20])  # type: ignore[arg-type,return-value]
    assert guard.allowed(b"Bearer " + b"b" * 20)
    assert guard.allowed(b"bearer " + b"a" * 20)
    assert not guard.allowed(b"Bearer " + b"c" * 20)
    assert not guard.allowed(None)


def test_cors_is_off_unless_configured() -> None:
    preflight = {"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"}

    async def call(client: httpx.AsyncClient) -> httpx.Response:
        return await client.options("/v1/quote", headers=preflight)

    closed = _run(create_app(wait_for_data=True), call)
    assert "access-control-allow-origin" not in closed.headers
    opened = _run(create_app(Settings(cors_origins=("https://shop.example",)), wait_for_data=True), call)
    assert opened.status_code == 200
    assert opened.headers["access-control-allow-origin"] == "https://shop.example"


async def _broken(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("secret internals /etc/passwd")


def test_a_bug_is_a_500_problem_whose_id_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def call(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/anything")

    with caplog.at_level(logging.ERROR, logger="checkoutguard.api"):
        response = _run(CatchAll(_broken), call)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:checkoutguard:problem:internal-error"
    assert "secret" not in response.text and "Traceback" not in response.text
    assert len(body["id"]) == 32
    assert body["id"] in caplog.text and "secret internals" in caplog.text


async def _never_answers(scope: Scope, receive: Receive, send: Send) -> None:
    while (await receive()).get("more_body", False):
        pass
    await asyncio.Event().wait()


def test_work_past_the_time_budget_is_503() -> None:
    async def call(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post("/slow", content=b"{}")

    response = _run(TimeBudget(_never_answers, seconds=0.05), call)
    assert response.status_code == 503
    assert response.json()["type"] == "urn:checkoutguard:problem:time-budget"


def test_settings_from_the_environment(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# ops team\n{TOKEN}\n\n")
    settings = Settings.from_env(
        {
            "CHECKOUTGUARD_API_TOKENS": "env-token-" + "z" * 16,
            "CHECKOUTGUARD_API_TOKEN_FILE": str(tokens),
            "CHECKOUTGUARD_API_CORS_ORIGINS": "https://a.example, https://b.example",
            "CHECKOUTGUARD_API_TIME_BUDGET": "2.5",
        }
    )
    assert settings.tokens == ("env-token-" + "z" * 16, TOKEN)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.time_budget == 2.5
    assert settings.max_body_bytes == 1024 * 1024
    assert Settings.from_env({}) == Settings()
    with pytest.raises(InvalidInput, match="unusable"):
        Settings.from_env({"CHECKOUTGUARD_API_TOKENS": "short"})
    with pytest.raises(InvalidInput, match="not a number"):
        Settings.from_env({"CHECKOUTGUARD_API_TIME_BUDGET": "soon"})
    with pytest.raises(InvalidInput, match="cannot read token file"):
        Settings.from_env({"CHECKOUTGUARD_API_TOKEN_FILE": str(tmp_path / "missing")})


def test_serve_refuses_bad_arguments_before_binding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
    assert main(["serve", "--workers", "0"]) == 2
