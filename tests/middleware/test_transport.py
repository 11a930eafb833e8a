"""Transport trust over a real uvicorn server: plain HTTP, insecure posts, mixed content, HSTS, CSP, trusted proxies.

The pages are written here by hand; each test names the finding it expects and why. uvicorn runs with
``proxy_headers=False`` so the guard, not the server, decides whether to believe a forwarded scheme.
"""

from __future__ import annotations

import httpx
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from checkoutguard.audit import audit
from checkoutguard.errors import InvalidInput
from checkoutguard.middleware import (
    BuyerContext,
    CheckoutGuardMiddleware,
    GuardReport,
    GuardStats,
    stats as stats_module,
)
from checkoutguard.middleware.transport import TransportPolicy
from middleware.pages import BAD, CLEAN
from middleware.servers import Reports, serve

DE = {"accept-language": "de-DE"}
SECURE = {
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "content-security-policy": "default-src 'self'; script-src 'self' https://js.stripe.com",
}

MIXED = b"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<script src="http://cdn.example.net/tracker.js"></script>
<link rel="stylesheet" href="http://cdn.example.net/shop.css">
<script>var s = '<img src="http://inside.example/not-a-tag.png">';</script>
</head><body>
<img src="http://img.example.net/logo.png" alt="Logo">
<img src="https://img.example.net/safe.png" alt="">
<form method="post" action="http://shop.example/checkout/place">
  <input name="email" type="email">
  <button type="submit">Zahlungspflichtig bestellen</button>
</form>
<iframe src="http://pay.example.net/hosted-fields" title="Secure card payment"></iframe>
<!-- <script src="http://commented.example/out.js"></script> -->
</body></html>"""

CARD = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>
<form method="post" action="/checkout/pay">
  <input name="card" autocomplete="cc-number" inputmode="numeric">
  <input name="exp" autocomplete="cc-exp">
  <button type="submit">Pay now</button>
</form></body></html>"""

CARD_META_CSP = CARD.replace(
    b'<meta charset="utf-8">',
    b'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="script-src \'self\'">',
)


def _app() -> Starlette:
    async def page(request: Request) -> Response:
        which = request.path_params["which"]
        body = {"clean": CLEAN, "mixed": MIXED, "card": CARD, "card-meta": CARD_META_CSP}[which]
        headers = dict(SECURE) if request.query_params.get("secure") else {}
        if request.query_params.get("report_only"):
            headers["content-security-policy-report-only"] = headers.pop(
                "content-security-policy", "default-src 'self'"
            )
        return Response(body, media_type="text/html; charset=utf-8", headers=headers)

    return Starlette(routes=[Route("/checkout/{which}", page)])


def _ids(report: GuardReport) -> dict[str, tuple[str, ...]]:
    return {finding.id: finding.where for finding in report.transport}


def _get(
    guard: CheckoutGuardMiddleware, reports: Reports, paths: list[str], headers: dict[str, str]
) -> list[GuardReport]:
    with serve(guard, proxy_headers=False) as url, httpx.Client() as client:
        for path in paths:
            assert client.get(f"{url}{path}", headers=headers).status_code == 200
        return reports.wait(len(paths))


@pytest.mark.server
def test_plain_http_checkout_without_hsts_is_reported(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports)
    (report,) = _get(guard, reports, ["/checkout/clean"], DE)
    found = _ids(report)
    assert set(found) == {"transport-plain-http", "transport-no-hsts"}
    assert found["transport-plain-http"][0].startswith("http://127.0.0.1:")
    (plain,) = [f for f in report.transport if f.id == "transport-plain-http"]
    assert plain.impact == "critical" and "HTTPS" in plain.fix and "trusted_proxies" in plain.fix
    assert report.to_dict()["transport"][0]["id"] in found and "transport:" in report.summary()
    assert report.audited and report.audit is not None and not report.audit.violations  # the page itself is clean


@pytest.mark.server
def test_mixed_content_and_insecure_posts_are_reported_with_where(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports)
    (report,) = _get(guard, reports, ["/checkout/mixed?secure=1"], DE)
    found = _ids(report)
    assert set(found) == {"transport-plain-http", "transport-mixed-content", "transport-insecure-post"}
    assert found["transport-mixed-content"] == (
        '<script src="http://cdn.example.net/tracker.js">',
        '<link rel="stylesheet" href="http://cdn.example.net/shop.css">',
        '<img src="http://img.example.net/logo.png">',
    )  # not the <img> inside the script's string, not the commented-out script, not the https image
    assert found["transport-insecure-post"] == (
        '<form action="http://shop.example/checkout/place">',
        '<iframe src="http://pay.example.net/hosted-fields">',
    )
    impacts = {f.id: f.impact for f in report.transport}
    assert impacts["transport-mixed-content"] == "serious" and impacts["transport-insecure-post"] == "critical"


@pytest.mark.server
def test_trusted_proxy_saying_https_clears_the_same_page(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports, trusted_proxies=["127.0.0.1/32"])
    forwarded = {**DE, "x-forwarded-proto": "https"}
    first, second = _get(guard, reports, ["/checkout/clean?secure=1", "/checkout/card?secure=1"], forwarded)
    assert first.transport == () and second.transport == ()
    rfc7239 = Reports()
    guard = CheckoutGuardMiddleware(_app(), on_report=rfc7239, trusted_proxies=["127.0.0.0/8"])
    (third,) = _get(guard, rfc7239, ["/checkout/clean?secure=1"], {**DE, "forwarded": 'for=192.0.2.60;proto="https"'})
    assert third.transport == ()


@pytest.mark.server
def test_forwarded_scheme_from_an_untrusted_peer_is_ignored(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports, trusted_proxies=["10.0.0.0/8"])
    (report,) = _get(guard, reports, ["/checkout/clean?secure=1"], {**DE, "x-forwarded-proto": "https"})
    assert set(_ids(report)) == {"transport-plain-http"}


@pytest.mark.server
def test_card_fields_need_a_csp_header_or_meta(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports, trusted_proxies=["127.0.0.1"])
    https = {**DE, "x-forwarded-proto": "https"}
    paths = ["/checkout/card?secure=1&report_only=1", "/checkout/card-meta?secure=1", "/checkout/card?secure=1"]
    report_only, meta, header = _get(guard, reports, paths, https)
    assert _ids(report_only) == {"transport-no-csp": ('<input name="card">', "Content-Security-Policy: (absent)")}
    assert meta.transport == () and header.transport == ()


@pytest.mark.server
def test_transport_check_can_be_turned_off(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(_app(), on_report=reports, check_transport=False)
    (report,) = _get(guard, reports, ["/checkout/mixed"], DE)
    assert report.transport == ()


@pytest.mark.server
def test_counters_by_buyer_country_and_rule_in_snapshot_and_prometheus(reports: Reports) -> None:
    stats = GuardStats()
    registry = CollectorRegistry()
    stats.register_prometheus(registry)
    guard = CheckoutGuardMiddleware(_app(), on_report=reports, stats=stats, country_query="ship_to")
    paths = ["/checkout/clean?ship_to=DE", "/checkout/mixed?ship_to=DE&secure=1", "/checkout/clean?ship_to=FR&secure=1"]
    _get(guard, reports, paths, {})
    snap = stats.snapshot()
    assert snap["by_country"] == {
        "DE": {
            "pages": 2,
            "findings": {
                "transport-insecure-post": 1,
                "transport-mixed-content": 1,
                "transport-no-hsts": 1,
                "transport-plain-http": 2,
            },
        },
        "FR": {"pages": 1, "findings": {"transport-plain-http": 1}},
    }
    assert snap["transport"]["transport-plain-http"] == 3
    text = generate_latest(registry).decode()
    assert 'checkoutguard_country_pages_total{country="DE"} 2.0' in text
    assert 'checkoutguard_country_findings_total{country="FR",rule="transport-plain-http"} 1.0' in text
    assert 'checkoutguard_transport_findings_total{rule="transport-no-hsts"} 1.0' in text


def test_audit_violations_are_counted_by_country_too() -> None:
    stats = GuardStats()
    buyer = BuyerContext("DE", None, "EUR", "de-DE", "consumer", "query")
    bad = audit(BAD, country="DE")
    stats.reported(GuardReport("GET", "/checkout", 200, "report", buyer, True, None, bad))
    assert stats.snapshot()["by_country"] == {
        "DE": {"pages": 1, "findings": {"addon-preselected": 1, "consent-preticked": 1}}
    }


def test_country_series_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_module, "MAX_COUNTRY_SERIES", 2)
    stats = GuardStats()
    for country in ("DE", "FR", "IT", "ES"):
        buyer = BuyerContext(country, None, "EUR", None, "consumer", "query")
        stats.reported(GuardReport("GET", "/checkout", 200, "report", buyer, False, "too-large", None))
    assert stats.snapshot()["by_country"] == {
        "DE": {"pages": 1, "findings": {}},
        "FR": {"pages": 1, "findings": {}},
        "other": {"pages": 2, "findings": {}},
    }


def test_trusted_proxies_must_be_addresses() -> None:
    with pytest.raises(InvalidInput) as caught:
        CheckoutGuardMiddleware(_app(), trusted_proxies=["proxy.internal"])
    assert caught.value.path == "trusted_proxies"
    assert TransportPolicy(["10.0.0.1", "fd00::/8"]).proxies[1].prefixlen == 8
