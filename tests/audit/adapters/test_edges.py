"""The edges get platform JSON through ``audit()``: the CLI's ``--format``, the HTTP API's ``/v1/audit`` and
the middleware auditing a JSON cart response."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from audit.adapters import payloads
from checkoutguard.api import create_app
from checkoutguard.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from checkoutguard.middleware import CheckoutGuardMiddleware

DAY = "2026-12-01"


def _file(tmp_path: Path, payload: dict[str, Any]) -> str:
    path = tmp_path / "cart.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return str(path)


def _route_protected_cart() -> dict[str, Any]:
    return payloads.add_shopify_item(
        payloads.shopify_cart("GBP"), "Route Package Protection", "Route", "Insurance", 295
    )


def test_cli_format_names_the_platform(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cart = _file(tmp_path, _route_protected_cart())
    code = main(["audit", cart, "--format", "shopify-cart", "--country", "GB", "--date", DAY])
    report = json.loads(capsys.readouterr().out)
    assert code == EXIT_FINDINGS
    assert report["source"]["format"] == "shopify-cart"
    assert [v["id"] for v in report["violations"]] == ["addon-preselected"]


def test_cli_auto_detects_and_a_wrong_format_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cart = _file(tmp_path, payloads.shopify_cart("GBP"))
    assert main(["audit", cart, "--country", "GB", "--date", DAY, "--format", "summary"]) == EXIT_OK
    assert "0 violation(s)" in capsys.readouterr().out
    assert main(["audit", cart, "--country", "GB", "--format", "woocommerce-store-api"]) == EXIT_USAGE
    assert "shape of a woocommerce-store-api payload" in capsys.readouterr().err
    both = ["audit", cart, "--country", "GB", "--format", "shopify-cart", "--input-format", "medusa-cart"]
    assert main(both) == EXIT_USAGE
    assert "disagree" in capsys.readouterr().err


def _post(body: dict[str, Any]) -> httpx.Response:
    app = create_app(wait_for_data=True)

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            return await client.post("/v1/audit", json=body)

    return asyncio.run(go())


def test_http_api_audits_a_platform_cart_and_names_its_bad_field() -> None:
    cart = payloads.add_woocommerce_fee(payloads.woocommerce_cart(), "Kreditkartengebühr", 150)
    response = _post({"country": "DE", "date": DAY, "document": cart, "include_document": False})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["source"]["format"] == "woocommerce-store-api"
    assert "payment-surcharge" in [v["id"] for v in report["violations"]]
    cart["totals"]["total_price"] = "-1"
    bad = _post({"country": "DE", "document": cart, "format": "woocommerce-store-api"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["path"] == "$.document.totals.total_price"
    unknown = _post({"country": "DE", "document": cart, "format": "magento"})
    assert unknown.status_code == 422


def _shop(payload: dict[str, Any]) -> Starlette:
    async def cart(request: Request) -> Response:
        return JSONResponse(payload)

    return Starlette(routes=[Route("/checkout/cart.js", cart)])


def test_middleware_audits_a_json_cart_response() -> None:
    reports: list[Any] = []
    guarded = CheckoutGuardMiddleware(
        _shop(_route_protected_cart()), paths=["/checkout*"], mode="enforce", on_report=reports.append
    )

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=guarded)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/checkout/cart.js", headers={"accept-language": "en-GB"})

    response = asyncio.run(go())
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert [v["rule"] for v in response.json()["violations"]] == ["addon-preselected"]
    (report,) = reports
    assert report.audit is not None and report.audit.source["format"] == "shopify-cart"
