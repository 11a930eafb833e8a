"""Fail open: whatever breaks inside the guard, the buyer gets exactly what the app alone would send.

Every case runs the same request against the bare app and the guarded app (real uvicorn, httpx) and
compares status, headers (but ``date``) and the raw body bytes, including how a broken-off transfer ends.
"""

from __future__ import annotations

import logging

import httpx
import pytest

from checkoutguard.middleware import (
    CheckoutGuardMiddleware,
    GuardStats,
    auditor as auditor_module,
    responder as responder_module,
)
from middleware.apps import gate, starlette_app
from middleware.pages import BAD, BAD_FIXED
from middleware.servers import Reports, fetch, serve

pytestmark = pytest.mark.server

DE = {"accept-language": "de-DE", "accept": "application/json"}
MODES = ["report", "fix", "enforce"]
PAGES = ["/checkout/bad", "/checkout/gzip", "/checkout/json", "/checkout/big-stream"]


def compare(guard: CheckoutGuardMiddleware, paths: list[str]) -> None:
    with serve(starlette_app()) as bare, serve(guard) as url, httpx.Client() as client:
        for path in paths:
            expected = fetch(client, "GET", f"{bare}{path}", headers=DE)
            got = fetch(client, "GET", f"{url}{path}", headers=DE)
            assert got == expected, path


@pytest.mark.parametrize("mode", MODES)
def test_app_exceptions_before_and_after_the_response_starts_propagate_unchanged(mode: str, reports: Reports) -> None:
    stats = GuardStats()
    guard = CheckoutGuardMiddleware(starlette_app(), mode=mode, on_report=reports, stats=stats)
    with serve(starlette_app()) as bare, serve(guard) as url, httpx.Client() as client:
        for path in ("/checkout/raise-before", "/checkout/raise-after"):
            expected = fetch(client, "GET", f"{bare}{path}", headers=DE)
            got = fetch(client, "GET", f"{url}{path}", headers=DE)
            assert got == expected
        assert expected[0] == 200 and expected[3] and BAD.startswith(expected[2])  # raise-after broke off
        assert fetch(client, "GET", f"{url}/checkout/raise-before", headers=DE)[0] == 500
    with serve(guard) as url, httpx.Client() as client:  # uvicorn closes a connection whose app raised
        assert client.get(f"{url}/checkout/clean", headers=DE).status_code == 200
    assert stats.snapshot()["failures"] == {}


@pytest.mark.parametrize("mode", MODES)
def test_a_rules_bug_leaves_every_response_as_the_app_sent_it(
    mode: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, reports: Reports
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a rules bug")

    monkeypatch.setattr(auditor_module, "audit", broken)
    stats = GuardStats()
    guard = CheckoutGuardMiddleware(starlette_app(), mode=mode, on_report=reports, stats=stats, max_body=400_000)
    with caplog.at_level(logging.DEBUG, logger="checkoutguard.middleware"):
        compare(guard, PAGES)
        reports.wait(len(PAGES))
    assert stats.snapshot()["failures"] == {"audit": len(PAGES)}
    assert all(r.reason == "guard-error" and not r.audited for r in reports.items)
    traced = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert len(traced) == 1 and "ZeroDivisionError" in traced[0].getMessage()  # once, with its stack trace


@pytest.mark.parametrize("mode", MODES)
def test_a_report_callback_that_raises_changes_nothing(mode: str, reports: Reports) -> None:
    def callback(report: object) -> None:
        reports(report)  # type: ignore[arg-type]
        raise RuntimeError("the merchant's callback failed")

    stats = GuardStats()
    guard = CheckoutGuardMiddleware(starlette_app(), mode=mode, on_report=callback, stats=stats)
    with serve(guard) as url, serve(starlette_app()) as bare, httpx.Client() as client:
        got = fetch(client, "GET", f"{url}/checkout/bad", headers=DE)
        reports.wait(1)
        if mode == "report":
            assert got == fetch(client, "GET", f"{bare}/checkout/bad", headers=DE)
        elif mode == "fix":
            assert got[2] == BAD_FIXED
        else:
            assert got[0] == 500
    assert stats.snapshot()["failures"] == {"on_report": 1}


@pytest.mark.parametrize("mode", MODES)
def test_a_failing_context_resolver_falls_back(mode: str, reports: Reports) -> None:
    def buyer_type(scope: object) -> str:
        raise KeyError("session store down")

    stats = GuardStats()
    guard = CheckoutGuardMiddleware(
        starlette_app(), mode=mode, on_report=reports, stats=stats, buyer_type=buyer_type, default_country="DE"
    )
    with serve(guard) as url, httpx.Client() as client:
        context = client.get(f"{url}/checkout/context/1?format=json", headers={"accept-language": "fr-FR"}).json()
    assert context["country"] == "DE" and context["buyer_type"] == "consumer" and context["source"] == "default"
    assert stats.snapshot()["failures"] == {"context": 1}


def test_a_failing_fixer_sends_the_original(monkeypatch: pytest.MonkeyPatch, reports: Reports) -> None:
    def broken(page: bytes, encoding: str) -> bytes:
        raise ValueError("cannot recompress")

    monkeypatch.setattr(responder_module.body, "encode", broken)
    stats = GuardStats()
    compare(CheckoutGuardMiddleware(starlette_app(), mode="fix", on_report=reports, stats=stats), ["/checkout/gzip"])
    assert stats.snapshot()["failures"] == {"fix": 1}
    (report,) = reports.wait(1)
    assert report.action == "none" and report.reason == "guard-error"


def test_a_failing_refusal_sends_the_original(monkeypatch: pytest.MonkeyPatch, reports: Reports) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("template bug")

    monkeypatch.setattr(responder_module, "refusal", broken)
    stats = GuardStats()
    compare(CheckoutGuardMiddleware(starlette_app(), mode="enforce", on_report=reports, stats=stats), ["/checkout/bad"])
    assert stats.snapshot()["failures"] == {"enforce": 1}


@pytest.mark.parametrize("mode", MODES)
def test_a_client_that_disconnects_mid_response_is_handled(mode: str, reports: Reports) -> None:
    release = gate("slow-stream")
    release.clear()
    stats = GuardStats()
    guard = CheckoutGuardMiddleware(starlette_app(), mode=mode, on_report=reports, stats=stats)
    with serve(guard) as url:
        if mode == "report":  # the first chunk reaches the client before the app sends the second
            with httpx.Client(timeout=10) as client, client.stream("GET", f"{url}/checkout/slow-stream") as response:
                next(response.iter_raw())
        else:  # the guard holds the page: the client gives up waiting
            with httpx.Client(timeout=httpx.Timeout(10, read=0.2)) as client, pytest.raises(httpx.ReadTimeout):
                client.get(f"{url}/checkout/slow-stream", headers=DE)
        release.set()
        with httpx.Client() as client:  # the server and the guard carry on
            assert client.get(f"{url}/checkout/clean", headers=DE).status_code == 200
        reports.wait(1)
    assert stats.snapshot()["failures"] == {}
