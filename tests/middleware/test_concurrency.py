"""Hundreds of simultaneous checkouts for different countries: no context or report is ever mixed up."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from checkoutguard.middleware import CheckoutGuardMiddleware, GuardStats
from middleware.apps import starlette_app
from middleware.pages import page
from middleware.servers import Reports, serve

pytestmark = pytest.mark.server

COUNTRIES = ["DE", "FR", "NL", "BE", "AT", "IT", "ES", "PL", "SE", "GB", "US", "CA", "AU", "JP", "BR", "CH", "NO", "IE"]
#: Where pre-ticked consent or a pre-selected paid add-on is unlawful (EEA, UK; add-ons also BR): fix mode unticks.
FIXED_IN = {"DE", "FR", "NL", "BE", "AT", "IT", "ES", "PL", "SE", "GB", "NO", "IE", "BR"}
REQUESTS = 300


async def burst(url: str) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        return await asyncio.gather(
            *(
                client.get(f"{url}/checkout/context/{n}", headers={"cf-ipcountry": COUNTRIES[n % len(COUNTRIES)]})
                for n in range(REQUESTS)
            )
        )


@pytest.mark.parametrize("mode", ["report", "fix"])
def test_simultaneous_requests_keep_their_own_context_and_report(mode: str, reports: Reports) -> None:
    stats = GuardStats()
    guard = CheckoutGuardMiddleware(
        starlette_app(), mode=mode, on_report=reports, stats=stats, trust_geo=["cloudflare"]
    )
    with serve(guard) as url:
        responses = asyncio.run(burst(url))
        got = reports.wait(REQUESTS, timeout=120)
    for n, response in enumerate(responses):
        country = COUNTRIES[n % len(COUNTRIES)]
        expected = page(preticked=True, marker=f"country={country}")
        assert response.status_code == 200
        if mode == "report" or country not in FIXED_IN:
            assert response.content == expected
        else:
            assert f"country={country}".encode() in response.content
            assert response.content != expected and len(response.content) < len(expected)
    by_path = {r.path: r for r in got}
    assert len(by_path) == REQUESTS
    for n in range(REQUESTS):
        report = by_path[f"/checkout/context/{n}"]
        country = COUNTRIES[n % len(COUNTRIES)]
        assert report.buyer.country == country
        assert report.audit is not None and report.audit.buyer["country"] == country
        assert report.audited
    snapshot = stats.snapshot()
    assert (snapshot["requests"], snapshot["audited"], snapshot["failures"]) == (REQUESTS, REQUESTS, {})
    if mode == "fix":
        assert snapshot["fixed"] == sum(COUNTRIES[n % len(COUNTRIES)] in FIXED_IN for n in range(REQUESTS))
