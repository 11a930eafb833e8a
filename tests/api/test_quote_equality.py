"""The API's quote is the library's quote: the same order gives the same JSON, over a generated sample
that crosses de minimis thresholds, currencies, incoterms and buyer types (and the same errors)."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

import checkoutguard

pytestmark = pytest.mark.server

DESTINATIONS = [
    ("DE", None, "EUR"),
    ("FR", None, "EUR"),
    ("NL", None, "EUR"),
    ("IT", None, "EUR"),
    ("GB", None, "GBP"),
    ("US", "US-NY", "USD"),
    ("CA", "CA-ON", "CAD"),
    ("AU", "AU-NSW", "AUD"),
    ("CH", None, "CHF"),
    ("NO", None, "NOK"),
    ("JP", None, "JPY"),
    ("NZ", None, "NZD"),
]
PRICE_CURRENCIES = ["EUR", "USD", "GBP", "CAD", "AUD", "CHF", "JPY", "CNY"]
# Around the thresholds that switch regimes: EUR 150, GBP 135, CAD 20/40/150, AUD 1000, CHF 5 of tax,
# NOK 3000, JPY 10000, NZD 1000, USD 800.
PRICES = ["3.50", "19.99", "21.00", "39.00", "45.00", "120.00", "134.99", "135.01", "149.99", "150.00", "151.00"]
PRICES += ["700.00", "800.00", "999.99", "1001.00", "2900.00", "3100.00", "9999", "10001", "25000.00"]
HS_CODES = ["610910", "640411", "950300", "847130", "420292", "999999", None]
SAMPLE = 240


def _order(rng: random.Random, index: int) -> dict[str, Any]:
    country, subdivision, home = rng.choice(DESTINATIONS)
    currency = rng.choice([*PRICE_CURRENCIES, home])
    items = []
    for n in range(rng.randint(1, 4)):
        item: dict[str, Any] = {
            "id": f"sku-{index}-{n}",
            "price": {"amount": rng.choice(PRICES), "currency": currency},
            "quantity": rng.choice([1, 1, 2, 3]),
            "origin": rng.choice(["CN", "US", "DE", "VN", "GB"]),
        }
        hs = rng.choice(HS_CODES)
        if hs is not None:
            item["hs_code"] = hs
        items.append(item)
    order: dict[str, Any] = {
        "date": rng.choice(["2026-03-02", "2026-07-01", "2026-11-23"]),
        "ship_from": {"country": rng.choice(["CN", "US", "GB", "DE"])},
        "ship_to": {"country": country, **({"subdivision": subdivision} if subdivision else {})},
        "incoterm": rng.choice(["DDP", "DAP"]),
        "items": items,
        "shipping": {"amount": rng.choice(["0", "9.90", "25.00"]), "currency": currency},
    }
    if rng.random() < 0.5:
        order["currency"] = rng.choice([home, "EUR", "USD"])
    if rng.random() < 0.4:
        order["merchant"] = {"registrations": rng.sample(["EU-IOSS", "GB-VAT", "AU-GST", "NO-VOEC", "CH-VAT"], 2)}
    if rng.random() < 0.2:
        order["buyer"] = {"type": "business", "tax_id": "DE123456789"}
    if rng.random() < 0.1:
        order["overrides"] = {"fx": {f"{currency}/{home}": "1.2"}} if currency != home else {}
    return order


def _library(order: dict[str, Any]) -> dict[str, Any]:
    try:
        result: dict[str, Any] = json.loads(json.dumps(checkoutguard.quote(order).to_dict()))
        return {"quote": result}
    except checkoutguard.CheckoutGuardError as exc:
        return {"error": exc}


def test_api_quotes_equal_library_quotes(client: httpx.Client) -> None:
    rng = random.Random(20261123)
    orders = [_order(rng, i) for i in range(SAMPLE)]
    answers: list[dict[str, Any]] = []
    for start in range(0, SAMPLE - 20, 100):
        response = client.post("/v1/quotes", json={"orders": orders[start : start + 100]})
        assert response.status_code == 200
        answers.extend(response.json()["results"])
    for order in orders[len(answers) :]:  # the rest one by one through POST /v1/quote
        response = client.post("/v1/quote", json=order)
        answers.append({"quote": response.json()} if response.status_code == 200 else {"error": response.json()})
    assert len(answers) == SAMPLE

    regimes, currencies, payable, errors = set(), set(), set(), 0
    for order, answer in zip(orders, answers, strict=True):
        expected = _library(order)
        if "quote" in expected:
            assert answer.get("quote") == expected["quote"], order
            regimes.add(expected["quote"]["regime"]["id"])
            currencies.add(expected["quote"]["currency"])
            payable.update(line["payable"] for line in expected["quote"]["lines"])
        else:
            errors += 1
            problem = answer["error"]
            assert problem["status"] == 422
            if isinstance(expected["error"], checkoutguard.InvalidInput) and expected["error"].path:
                assert problem["errors"][0]["path"].endswith(expected["error"].path.split(".")[-1])
    # The sample really crosses what it claims to: many regimes, currencies, both payment moments.
    assert len(regimes) >= 15, regimes
    assert len(currencies) >= 6, currencies
    assert payable == {"checkout", "delivery"}
    assert errors < SAMPLE // 4
