"""Report, fix and enforce against a real uvicorn serving Starlette and FastAPI apps, driven over HTTP."""

from __future__ import annotations

import gzip
import json

import brotli
import httpx
import pytest
from starlette.middleware import Middleware

from checkoutguard.middleware import PROBLEM_TYPE, CheckoutGuardMiddleware, GuardStats
from middleware.apps import fastapi_app, gate, starlette_app
from middleware.pages import BAD, BAD_FIXED, BAD_JSON, CLEAN
from middleware.servers import Reports, fetch, serve

pytestmark = pytest.mark.server

DE = {"accept-language": "de-DE,de;q=0.9"}


def guarded(mode: str, reports: Reports | None = None, **options: object) -> CheckoutGuardMiddleware:
    return CheckoutGuardMiddleware(
        starlette_app(),
        paths=["/checkout*"],
        mode=mode,
        on_report=reports,
        **options,  # type: ignore[arg-type]
    )


def test_report_mode_sends_the_page_unchanged_and_reports_its_violations(reports: Reports) -> None:
    with serve(guarded("report", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/bad", headers=DE)
        assert response.status_code == 200
        assert response.content == BAD
        assert response.headers["content-length"] == str(len(BAD))
        (report,) = reports.wait(1)
    assert report.audited and report.action == "none"
    assert (report.method, report.path, report.status, report.mode) == ("GET", "/checkout/bad", 200, "report")
    assert report.buyer.country == "DE"
    assert report.audit is not None
    assert {f.id for f in report.audit.violations} == {"consent-preticked", "addon-preselected"}
    as_dict = report.to_dict()
    assert as_dict["audit"]["summary"]["violations"] == 2
    json.dumps(as_dict)  # JSON-ready


def test_report_mode_passes_each_chunk_through_before_the_app_sends_the_next(reports: Reports) -> None:
    release = gate("slow-stream")
    release.clear()
    with serve(guarded("report", reports)) as url, httpx.Client(timeout=10) as client:
        with client.stream("GET", f"{url}/checkout/slow-stream", headers=DE) as response:
            chunks = response.iter_raw()
            first = next(chunks)  # arrives while the app is still waiting: nothing is buffered
            assert BAD.startswith(first) and len(first) <= 200
            release.set()
            rest = b"".join(chunks)
        assert first + rest == BAD
        (report,) = reports.wait(1)
    assert report.audited and {f.id for f in report.audit.violations} == {"consent-preticked", "addon-preselected"}  # type: ignore[union-attr]


def test_fix_mode_unticks_and_corrects_content_length(reports: Reports) -> None:
    with serve(guarded("fix", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/bad", headers=DE)
        clean = client.get(f"{url}/checkout/clean", headers=DE)
        got = reports.wait(2)
    assert response.status_code == 200
    assert response.content == BAD_FIXED
    assert response.headers["content-length"] == str(len(BAD_FIXED))
    assert clean.content == CLEAN
    fixed = next(r for r in got if r.path == "/checkout/bad")
    assert fixed.action == "fixed"
    assert all(node.fixed for f in fixed.audit.violations for node in f.nodes)  # type: ignore[union-attr]
    assert next(r for r in got if r.path == "/checkout/clean").action == "none"


def test_fix_mode_recompresses_gzip_and_drops_the_stale_etag(reports: Reports) -> None:
    with serve(guarded("fix", reports)) as url, httpx.Client() as client:
        status, headers, raw, error = fetch(client, "GET", f"{url}/checkout/gzip", headers=DE)
        reports.wait(1)
    names = dict(headers)
    assert (status, error) == (200, "")
    assert names["content-encoding"] == "gzip"
    assert "etag" not in names
    assert names["vary"] == "Accept-Encoding"
    assert int(names["content-length"]) == len(raw)
    assert gzip.decompress(raw) == BAD_FIXED


def test_fix_mode_reads_and_rewrites_brotli(reports: Reports) -> None:
    with serve(guarded("fix", reports)) as url, httpx.Client() as client:
        _, headers, raw, _ = fetch(client, "GET", f"{url}/checkout/br", headers=DE)
        (report,) = reports.wait(1)
    assert dict(headers)["content-encoding"] == "br"
    assert brotli.decompress(raw) == BAD_FIXED
    assert report.action == "fixed"


def test_report_mode_reads_gzip(reports: Reports) -> None:
    with serve(guarded("report", reports)) as url, httpx.Client() as client:
        _, _, raw, _ = fetch(client, "GET", f"{url}/checkout/gzip", headers=DE)
        (report,) = reports.wait(1)
    assert gzip.decompress(raw) == BAD
    assert report.audited and len(report.audit.violations) == 2  # type: ignore[union-attr]


def test_enforce_refuses_with_problem_json_naming_rule_law_and_node(reports: Reports) -> None:
    with serve(guarded("enforce", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/bad", headers={**DE, "accept": "application/json"})
        (report,) = reports.wait(1)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEM_TYPE == "urn:checkoutguard:problem:checkout-violations"
    assert problem["status"] == 500 and problem["instance"] == "/checkout/bad"
    by_rule = {v["rule"]: v for v in problem["violations"]}
    assert set(by_rule) == {"consent-preticked", "addon-preselected"}
    consent = by_rule["consent-preticked"]
    assert any("GDPR" in law for law in consent["laws"])
    assert any('name="newsletter"' in (node["html"] or "") for node in consent["nodes"])
    assert report.action == "refused"


def test_enforce_refuses_with_an_html_page_for_browsers(reports: Reports) -> None:
    with serve(guarded("enforce", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/bad", headers={**DE, "accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "consent-preticked" in response.text and "addon-preselected" in response.text
    assert "GDPR" in response.text and "newsletter" in response.text
    assert int(response.headers["content-length"]) == len(response.content)


def test_enforce_lets_clean_pages_through_byte_for_byte(reports: Reports) -> None:
    with serve(guarded("enforce", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/clean", headers=DE)
        (report,) = reports.wait(1)
    assert response.status_code == 200 and response.content == CLEAN
    assert report.audited and report.action == "none"


def test_enforce_fail_on_critical_lets_serious_violations_through(reports: Reports) -> None:
    with serve(guarded("enforce", reports, fail_on="critical")) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/bad", headers=DE)
        (report,) = reports.wait(1)
    assert response.content == BAD
    assert report.audit is not None and report.audit.violations and report.action == "none"


def test_json_checkout_documents_are_audited(reports: Reports) -> None:
    with serve(guarded("enforce", reports)) as url, httpx.Client() as client:
        response = client.get(f"{url}/checkout/json", headers=DE)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"  # a JSON page gets JSON on a tie
    assert [v["rule"] for v in response.json()["violations"]] == ["consent-preticked"]


@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_streams_beyond_the_bound_pass_through_untouched_and_say_so(mode: str, reports: Reports) -> None:
    bare = starlette_app()
    with serve(bare) as bare_url, serve(guarded(mode, reports, max_body=64 * 1024)) as url, httpx.Client() as client:
        expected = fetch(client, "GET", f"{bare_url}/checkout/big-stream", headers=DE)
        got = fetch(client, "GET", f"{url}/checkout/big-stream", headers=DE)
        (report,) = reports.wait(1)
    assert got == expected and len(got[2]) > 300_000
    assert not report.audited and report.reason == "too-large" and report.audit is None


@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_head_event_streams_redirects_and_images_pass_through(mode: str, reports: Reports) -> None:
    stats = GuardStats()
    with (
        serve(starlette_app()) as bare_url,
        serve(guarded(mode, reports, stats=stats)) as url,
        httpx.Client() as client,
    ):
        for method, path in [
            ("HEAD", "/checkout/bad"),
            ("GET", "/checkout/events"),
            ("GET", "/checkout/redirect"),
            ("GET", "/checkout/image.png"),
        ]:
            assert fetch(client, method, f"{url}{path}", headers=DE) == fetch(
                client, method, f"{bare_url}{path}", headers=DE
            )
    assert stats.snapshot()["skipped"] == {"head": 1, "event-stream": 1, "status": 1, "content-type": 1}
    assert stats.snapshot()["audited"] == 0 and reports.items == []


@pytest.mark.parametrize("mode", ["report", "fix", "enforce"])
def test_unguarded_routes_are_byte_identical_to_the_app_alone(mode: str, reports: Reports) -> None:
    stats = GuardStats()
    with (
        serve(starlette_app()) as bare_url,
        serve(guarded(mode, reports, stats=stats)) as url,
        httpx.Client() as client,
    ):
        for method in ("GET", "HEAD"):
            got = fetch(client, method, f"{url}/products", headers=DE)
            assert got == fetch(client, method, f"{bare_url}/products", headers=DE)
            assert got[0] == 200
    assert stats.snapshot()["requests"] == 0 and reports.items == []


@pytest.mark.parametrize("mode", ["fix", "enforce"])
def test_background_tasks_do_not_hold_back_a_buffered_response(mode: str, reports: Reports) -> None:
    gate("background-release").clear()
    gate("background-done").clear()
    with serve(guarded(mode, reports)) as url, httpx.Client(timeout=10) as client:
        response = client.get(f"{url}/checkout/background", headers=DE)  # would hang if sent after the app returns
        assert response.status_code in (200, 500)
        gate("background-release").set()
        assert gate("background-done").wait(10)
        (report,) = reports.wait(1)
    assert report.audited


def test_starlette_add_middleware_mounts_in_three_lines(reports: Reports) -> None:
    app = starlette_app()
    app.add_middleware(CheckoutGuardMiddleware, paths=["/checkout*"], mode="fix", on_report=reports)
    with serve(app) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/bad", headers=DE).content == BAD_FIXED
        assert client.get(f"{url}/products", headers=DE).content == BAD
        (report,) = reports.wait(1)
    assert report.action == "fixed"


def test_starlette_middleware_list_works_too(reports: Reports) -> None:
    from starlette.applications import Starlette

    from middleware.apps import ROUTES

    app = Starlette(routes=ROUTES, middleware=[Middleware(CheckoutGuardMiddleware, mode="enforce", on_report=reports)])
    with serve(app) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/bad", headers=DE).status_code == 500


def test_fastapi_add_middleware_and_state(reports: Reports) -> None:
    app = fastapi_app()
    app.add_middleware(CheckoutGuardMiddleware, paths=["/checkout*"], mode="fix", on_report=reports)
    with serve(app) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/bad", headers=DE).content == BAD_FIXED
        context = client.get(f"{url}/checkout/context/1?format=json", headers={"accept-language": "fr-BE"}).json()
        products = client.get(f"{url}/products", headers=DE)
        reports.wait(2)
    assert (context["country"], context["currency"], context["locale"]) == ("BE", "EUR", "fr-BE")
    assert products.content == BAD and products.headers["x-app"] == "products"


def test_fastapi_wrapped_as_an_asgi_app(reports: Reports) -> None:
    app = CheckoutGuardMiddleware(fastapi_app(), mode="enforce", on_report=reports)
    with serve(app) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/bad", headers=DE).status_code == 500
        assert client.get(f"{url}/products", headers=DE).content == BAD


def test_bad_json_bytes_reach_the_audit_as_json(reports: Reports) -> None:
    with serve(guarded("report", reports)) as url, httpx.Client() as client:
        assert client.get(f"{url}/checkout/json", headers=DE).content == BAD_JSON
        (report,) = reports.wait(1)
    assert report.audit is not None and report.audit.source["type"] == "json"
