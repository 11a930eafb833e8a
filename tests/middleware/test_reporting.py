"""What the guard tells the merchant: counters, Prometheus, log records without personal data, limits named."""

from __future__ import annotations

import gzip
import json
import logging
import sys
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from checkoutguard.errors import InvalidInput
from checkoutguard.middleware import CheckoutGuardMiddleware, GuardStats
from middleware.apps import starlette_app
from middleware.pages import BAD
from middleware.servers import Reports, fetch, serve

DE = {"accept-language": "de-DE"}


@pytest.mark.server
def test_counters_and_prometheus_exposition(reports: Reports) -> None:
    stats = GuardStats()
    registry = CollectorRegistry()
    stats.register_prometheus(registry)
    guard = CheckoutGuardMiddleware(starlette_app(), mode="fix", on_report=reports, stats=stats)
    with serve(guard) as url, httpx.Client() as client:
        client.get(f"{url}/checkout/bad", headers=DE)
        client.get(f"{url}/checkout/clean", headers=DE)
        client.get(f"{url}/checkout/image.png", headers=DE)
        client.get(f"{url}/checkout/clean")  # no country: Accept-Language missing and no default
        client.get(f"{url}/products", headers=DE)
        reports.wait(3)
    snapshot = stats.snapshot()
    assert snapshot["requests"] == 4 and snapshot["audited"] == 2 and snapshot["fixed"] == 1
    assert snapshot["skipped"] == {"content-type": 1} and snapshot["not_audited"] == {"no-country": 1}
    assert snapshot["violations"] == {"consent-preticked": 1, "addon-preselected": 1}
    assert snapshot["pages_with_violations"] == 1 and snapshot["failures"] == {}
    assert 0 < snapshot["audit_seconds_max"] <= snapshot["audit_seconds_total"] < 5
    assert guard.stats() == stats.snapshot()
    text = generate_latest(registry).decode()
    assert "checkoutguard_requests_total 4.0" in text
    assert 'checkoutguard_violations_total{rule="consent-preticked"} 1.0' in text
    assert 'checkoutguard_not_audited_total{reason="no-country"} 1.0' in text


def test_prometheus_missing_is_a_clear_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    with pytest.raises(ImportError, match=r"checkoutguard\[prometheus\]"):
        GuardStats().register_prometheus()


@pytest.mark.server
def test_log_records_carry_no_body_cookie_or_query_value(caplog: pytest.LogCaptureFixture, reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(starlette_app(), on_report=reports, country_query="ship_to")
    with caplog.at_level(logging.DEBUG, logger="checkoutguard.middleware"), serve(guard) as url, httpx.Client() as c:
        c.get(f"{url}/checkout/bad?ship_to=DE&email=jane@example.com", headers={"cookie": "session=s3cr3t"})
        reports.wait(1)
    (record,) = [r for r in caplog.records if r.name == "checkoutguard.middleware"]
    assert record.levelno == logging.WARNING
    fields = record.checkoutguard  # type: ignore[attr-defined]
    assert fields["violations"] == ["addon-preselected", "consent-preticked"] and fields["country"] == "DE"
    text = record.getMessage() + json.dumps(fields)
    for secret in ("jane@example.com", "s3cr3t", "ship_to", "newsletter", "Wanderrucksack"):
        assert secret not in text


@pytest.mark.server
def test_async_report_callbacks_are_awaited() -> None:
    seen: list[str] = []

    reports = Reports()

    async def callback(report: Any) -> None:
        seen.append(report.path)
        reports(report)

    with serve(CheckoutGuardMiddleware(starlette_app(), on_report=callback)) as url, httpx.Client() as client:
        client.get(f"{url}/checkout/bad", headers=DE)
        reports.wait(1)
        client.get(f"{url}/checkout/clean", headers=DE)
        reports.wait(2)
    assert seen == ["/checkout/bad", "/checkout/clean"]


@pytest.mark.server
@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_an_undecodable_gzip_body_goes_out_untouched_and_says_so(mode: str, reports: Reports) -> None:
    broken = gzip.compress(BAD)[:-30]

    async def page(request: Any) -> Response:
        return Response(broken, media_type="text/html", headers={"content-encoding": "gzip"})

    app = Starlette(routes=[Route("/checkout", page)])
    with serve(CheckoutGuardMiddleware(app, mode=mode, on_report=reports)) as url, httpx.Client() as client:
        status, _, raw, _ = fetch(client, "GET", f"{url}/checkout", headers=DE)
        (report,) = reports.wait(1)
    assert (status, raw) == (200, broken)
    assert not report.audited and report.reason == "unreadable"


@pytest.mark.server
@pytest.mark.parametrize("mode", ["report", "fix"])
def test_a_gzip_bomb_stops_at_the_bound(mode: str, reports: Reports) -> None:
    bomb = gzip.compress(b"<p>" + b" " * 20_000_000)

    async def page(request: Any) -> Response:
        return Response(bomb, media_type="text/html", headers={"content-encoding": "gzip"})

    app = Starlette(routes=[Route("/checkout", page)])
    with serve(CheckoutGuardMiddleware(app, mode=mode, on_report=reports)) as url, httpx.Client() as client:
        _, _, raw, _ = fetch(client, "GET", f"{url}/checkout", headers=DE)
        (report,) = reports.wait(1)
    assert raw == bomb and report.reason == "too-large"


@pytest.mark.server
def test_report_mode_backlog_is_bounded_and_named(reports: Reports) -> None:
    stats = GuardStats()
    guard = CheckoutGuardMiddleware(starlette_app(), on_report=reports, stats=stats, max_pending=1)
    guard.pending = 1  # as if one audit were already waiting
    with serve(guard) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/bad", headers=DE).content == BAD
        (report,) = reports.wait(1)
    assert report.reason == "backlog" and stats.snapshot()["not_audited"] == {"backlog": 1}


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"mode": "block"}, "mode"),
        ({"fail_on": "severe"}, "fail_on"),
        ({"max_body": 0}, "max_body"),
        ({"max_body": 9 * 1024 * 1024}, "max_body"),
        ({"refusal_status": 200}, "refusal_status"),
        ({"max_pending": 0}, "max_pending"),
        ({"paths": ["checkout*"]}, "paths"),
        ({"paths": []}, "paths"),
        ({"on_report": "print"}, "on_report"),
        ({"trust_geo": ["cloud flare"]}, "trust_geo"),
    ],
)
def test_bad_options_are_refused_when_the_app_is_built(options: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        CheckoutGuardMiddleware(starlette_app(), **options)
    assert caught.value.path == path


@pytest.mark.server
@pytest.mark.parametrize("mode", ["report", "enforce"])
def test_a_page_the_audit_could_not_read_in_full_is_reported_incomplete(mode: str, reports: Reports) -> None:
    """2,100 checkboxes pass the audit's 2,000-control limit: never a pass; what was found still counts."""
    extra = b"".join(b"<input type=checkbox name=x%d>" % i for i in range(2100))
    crowded = BAD.replace(b"</form>", extra + b"</form>")

    async def page(request: Any) -> Response:
        return Response(crowded, media_type="text/html")

    app = Starlette(routes=[Route("/checkout", page)])
    with serve(CheckoutGuardMiddleware(app, mode=mode, on_report=reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout", headers={**DE, "accept": "application/json"})
        (report,) = reports.wait(1)
    assert not report.audited and report.reason == "incomplete"
    assert "limit controls" in report.detail
    assert report.audit is not None and {f.id for f in report.audit.violations} >= {"consent-preticked"}
    if mode == "report":
        assert response.content == crowded
    else:
        assert response.status_code == 500 and report.action == "refused"


def test_br_without_brotli_is_passed_through(monkeypatch: pytest.MonkeyPatch) -> None:
    from checkoutguard.middleware import body

    headers = [(b"content-type", b"text/html"), (b"content-encoding", b"br")]
    assert body.classify("GET", 200, headers) == ("html", "br")
    monkeypatch.setattr(body, "brotli", None)
    assert body.classify("GET", 200, headers) == ("skip", "encoding")
    assert body.classify("GET", 200, [(b"content-type", b"text/html"), (b"content-encoding", b"gzip, br")]) == (
        "skip",
        "encoding",
    )
