"""The live server answers every kind of request, and every hostile one with the right 4xx problem."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

import checkoutguard
from api.live_server import TIME_BUDGET, Server

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = "application/problem+json"


def _order() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((ROOT / "examples" / "de-laptop-dap.json").read_text())
    document["date"] = "2026-11-23"
    return document


def _problem(response: httpx.Response, status: int, slug: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == (f"urn:checkoutguard:problem:{slug}" if slug else "about:blank")
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def test_probes_and_openapi(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["data_version"].startswith("sha256:")
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/v1/quote",
        "/v1/quotes",
        "/v1/payment-methods",
        "/v1/audit",
        "/v1/coverage",
        "/v1/rates/{country}",
        "/healthz",
        "/readyz",
    }


def test_quote_of_the_worked_example(client: httpx.Client) -> None:
    response = client.post("/v1/quote", json=_order())
    assert response.status_code == 200
    body = response.json()
    # tests/integration/test_quote_then_audit.py works this order out by hand: EUR 186.01 due on delivery.
    assert body["totals"]["delivery"] == "186.01"
    assert body["incoterm"] == "DAP"


def test_batch_answers_each_order_in_order(client: httpx.Client) -> None:
    bad = _order()
    bad["items"][0]["price"]["amount"] = "-3"
    unknown = _order()
    unknown["currency"] = "XYZ"
    response = client.post("/v1/quotes", json={"orders": [_order(), bad, unknown, _order()]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert "quote" in results[0] and "quote" in results[3]
    assert results[1]["error"]["errors"][0]["path"] == "$.orders[1].items[0].price"
    assert results[2]["error"]["errors"][0]["path"] == "$.orders[2].currency"
    assert results[2]["error"]["status"] == 422


def test_batch_is_bounded(client: httpx.Client) -> None:
    body = _problem(client.post("/v1/quotes", json={"orders": [_order()] * 101}), 422, "invalid-input")
    assert body["errors"][0]["path"] == "$.orders"


def test_payment_methods_by_query_and_by_body(client: httpx.Client) -> None:
    by_query = client.get("/v1/payment-methods", params={"country": "NL", "currency": "EUR", "amount": "50.00"})
    by_body = client.post("/v1/payment-methods", json={"country": "NL", "currency": "EUR", "amount": "50.00"})
    assert by_query.status_code == by_body.status_code == 200
    assert by_query.json() == by_body.json()
    assert by_query.json()["methods"][0]["id"] == "ideal"  # the Dutch bank redirect leads in NL
    body = _problem(
        client.get(
            "/v1/payment-methods", params={"country": "NL", "currency": "EUR", "amount": "50", "allow": "idael"}
        ),
        422,
        "invalid-input",
    )
    assert body["errors"][0]["path"] == "$.allow[0]"
    assert "ideal" in body["errors"][0]["message"]  # the suggestion


def test_audit_fix_mode_returns_the_fixed_page(client: httpx.Client) -> None:
    page = (ROOT / "examples" / "checkout-de.html").read_text()
    response = client.post("/v1/audit", json={"country": "DE", "mode": "fix", "page": page})
    assert response.status_code == 200
    report = response.json()
    assert "consent-preticked" in [v["id"] for v in report["violations"]]
    assert report["fixed"] is True
    fixed = report["fixed_body"]
    assert 'name="newsletter" value="1" checked>' in page
    assert 'name="newsletter" value="1" checked>' not in fixed
    assert len(fixed) < len(page) + 100  # the rest of the page is untouched


def test_audit_of_a_document(client: httpx.Client) -> None:
    document = {
        "version": 1,
        "currency": "EUR",
        "consents": [{"purpose": "marketing", "label": "News", "checked": True}],
    }
    response = client.post("/v1/audit", json={"country": "DE", "document": document, "include_document": False})
    assert response.status_code == 200, response.text
    report = response.json()
    assert "document" not in report
    assert [v["id"] for v in report["violations"]] == ["consent-preticked"]
    bad = client.post("/v1/audit", json={"country": "DE", "document": {"version": 1, "lines": "no"}})
    assert _problem(bad, 422, "invalid-input")["errors"][0]["path"] == "$.document.lines"
    quote = {"currency": "EUR", "lines": "no"}
    bad = client.post("/v1/audit", json={"country": "DE", "document": document, "landed_cost": quote})
    assert _problem(bad, 422, "invalid-input")["errors"][0]["path"].startswith("$.landed_cost")


def test_coverage_and_rates(client: httpx.Client) -> None:
    coverage = client.get("/v1/coverage").json()
    assert coverage["summary"]["quotable_countries"] > 20
    de = client.get("/v1/rates/de").json()
    assert de["country"] == "DE" and de["vat"]["standard_rate"] == "0.19" and de["regime"]["jurisdiction"] == "EU"
    assert de["data_version"] == coverage["data_version"]
    body = _problem(client.get("/v1/rates/UK"), 422, "invalid-input")
    assert body["errors"][0]["path"] == "$.country"


def test_unknown_route_and_wrong_method(client: httpx.Client) -> None:
    _problem(client.get("/v2/quote"), 404, None)
    wrong = client.get("/v1/quote")
    _problem(wrong, 405, None)
    assert wrong.headers["allow"] == "POST"


def test_wrong_media_type(client: httpx.Client) -> None:
    _problem(client.post("/v1/quote", content=b"<order/>", headers={"content-type": "text/xml"}), 415, None)


@pytest.mark.parametrize(
    ("body", "slug", "status"),
    [
        (b"{", "invalid-json", 400),
        (b"", "invalid-json", 400),
        (b"\xff\xfe", "invalid-json", 400),
        (b"[" * 100_000 + b"]" * 100_000, "invalid-json", 400),
        (b'{"a": ' + b"9" * 5000 + b"}", "invalid-json", 400),
        (b"NaN", "invalid-json", 400),
    ],
    ids=["truncated", "empty", "not-utf8", "deep-arrays", "huge-integer", "nan"],
)
def test_unreadable_bodies_are_400(client: httpx.Client, body: bytes, slug: str, status: int) -> None:
    _problem(client.post("/v1/quote", content=body, headers={"content-type": "application/json"}), status, slug)


def test_deep_json_inside_an_order_is_refused(client: httpx.Client) -> None:
    order = _order()
    order["items"][0]["sku"] = json.loads("[" * 400 + "]" * 400)
    body = _problem(client.post("/v1/quote", json=order), 422, "too-deep")
    assert body["limit"] == 255


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda o: o["items"][0].__setitem__("quantity", 10**40), "$.items[0].quantity"),
        (lambda o: o["items"][0]["price"].__setitem__("amount", "9" * 30), "$.items[0].price"),
        (lambda o: o["items"][0]["price"].__setitem__("amount", 12.5), "$.items[0].price"),
        (lambda o: o["items"][0].__setitem__("quantity", "2"), "$.items[0].quantity"),
        (lambda o: o.__setitem__("items", {"id": "a"}), "$.items"),
        (lambda o: o.__setitem__("ship_to", None), "$.ship_to"),
        (lambda o: o["ship_to"].__setitem__("country", "ZZ"), "$.ship_to.country"),
        (lambda o: o.__setitem__("date", "2026-02-30"), "$.date"),
        (lambda o: o.__setitem__("surprise", 1), "$.surprise"),
        (lambda o: o.pop("items"), "$.items"),
    ],
    ids=[
        "huge-quantity",
        "huge-amount",
        "float-amount",
        "quantity-as-string",
        "items-as-object",
        "null-ship-to",
        "unknown-country",
        "impossible-date",
        "unknown-field",
        "missing-items",
    ],
)
def test_wrong_fields_are_422_with_their_path(client: httpx.Client, change: Any, path: str) -> None:
    order = _order()
    change(order)
    body = _problem(
        client.post("/v1/quote", content=json.dumps(order), headers={"content-type": "application/json"}),
        422,
        "invalid-input",
    )
    assert path in [error["path"] for error in body["errors"]]
    assert len(json.dumps(body)) < 10_000


def test_ten_megabyte_body_is_413_before_it_is_read(client: httpx.Client) -> None:
    body = _problem(
        client.post("/v1/quote", content=b" " * (10 * 1024 * 1024), headers={"content-type": "application/json"}),
        413,
        "body-too-large",
    )
    assert body["limit"] == 1024 * 1024


def test_chunked_body_over_the_bound_is_413(client: httpx.Client) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b" " * (64 * 1024)

    response = client.post("/v1/quote", content=chunks(), headers={"content-type": "application/json"})
    _problem(response, 413, "body-too-large")


def test_audit_reads_pages_up_to_its_own_limit(client: httpx.Client) -> None:
    page = "<p>" + "x" * (2 * 1024 * 1024) + "</p>"
    response = client.post("/v1/audit", json={"country": "DE", "page": page, "include_document": False})
    assert response.status_code == 200
    _problem(
        client.post("/v1/audit", content=b" " * (10 * 1024 * 1024), headers={"content-type": "application/json"}),
        413,
        "body-too-large",
    )


def test_headers_are_bounded(client: httpx.Client) -> None:
    _problem(client.get("/healthz", headers={"x-big": "a" * 20_000}), 431, "headers-too-large")
    many = {f"x-h{i}": "1" for i in range(150)}
    _problem(client.get("/healthz", headers=many), 431, "headers-too-large")


def test_slow_body_gets_408_within_the_time_budget(server: Server) -> None:
    """A client that sends headers and part of a body, then stalls, is answered and not waited on."""
    address = urlsplit(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=TIME_BUDGET * 5) as sock:
        sock.sendall(
            b"POST /v1/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        )
        received = b""
        while b"\r\n\r\n" not in received or not received.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), received[:200]
    assert json.loads(body)["type"] == "urn:checkoutguard:problem:request-timeout"


def test_tokens_from_a_file_reach_every_worker(tmp_path: Path) -> None:
    """``--token-file`` with two worker processes: each worker builds its app from the same settings."""
    from api.live_server import start, stop

    token = "s3cret-" + "k" * 30
    (tmp_path / "tokens").write_text(f"# rotated 2026-11\n{token}\n")
    running = start(args=("--workers", "2", "--token-file", str(tmp_path / "tokens")))
    try:
        with httpx.Client(base_url=running.url, timeout=30.0) as http:
            answered = 0
            deadline = time.monotonic() + 90
            while answered < 6:  # new connections, so both workers answer; 503 while a worker still loads
                assert time.monotonic() < deadline, "the workers never became ready"
                with httpx.Client(base_url=running.url, timeout=30.0) as fresh:
                    allowed = fresh.post("/v1/quote", json=_order(), headers={"Authorization": f"Bearer {token}"})
                if allowed.status_code == 503:
                    continue
                assert allowed.status_code == 200
                refused = http.post("/v1/quote", json=_order())
                assert refused.status_code == 401
                assert refused.headers["www-authenticate"].startswith("Bearer")
                answered += 1
            assert http.get("/openapi.json").json()["security"] == [{"bearer": []}]
        assert token not in running.output()  # the token is never logged
    finally:
        stop(running)


def test_echoed_input_is_cut_short(client: httpx.Client) -> None:
    order = _order()
    order["x" * 10_000] = 1
    order["items"][0]["description"] = "d" * 200_000
    body = _problem(client.post("/v1/quote", json=order), 422, "invalid-input")
    assert {e["path"] for e in body["errors"]} == {'$["' + "x" * 63 + '…"]', "$.items[0].description"}
    assert len(json.dumps(body)) < 3_000


def test_the_same_order_twice_gets_the_same_answer(client: httpx.Client) -> None:
    first = client.post("/v1/quote", json=_order())
    second = client.post("/v1/quote", json=_order())
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.json() == json.loads(json.dumps(checkoutguard.quote(_order()).to_dict()))
