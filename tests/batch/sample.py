"""A catalogue sample that crosses value thresholds, regimes and currencies, and the single quote of a row."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.landed_cost import LandedCostCalculator

DAY = date(2026, 11, 23)
DESTINATIONS = ["DE", "GB", "US", "CA-ON", "AU", "CH", "JP"]
SHIPPING = {"std": {"*": {"amount": "4.90", "currency": "EUR"}, "US": {"amount": "7.00", "currency": "USD"}}}
OPTIONS: dict[str, Any] = {
    "ship_from": "CN",
    "date": DAY.isoformat(),
    "today": DAY,
    "registrations": ["EU-IOSS"],
    "shipping": SHIPPING,
}


def catalog(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Few kinds of item, many prices each: bands with thresholds inside (EUR 150, GBP 135, CAD 20, AUD 1000)."""
    rng = random.Random(seed)
    kinds = [
        ("EUR", "610910", "CN", "general", 1, "std"),
        ("EUR", "847130", "US", "books", 1, None),
        ("USD", "640399", "VN", "general", 2, "std"),
        ("GBP", "910211", "CN", "general", 1, "std"),  # watches: a minimum and maximum per item in the EU
        ("JPY", "950300", "CN", "children_clothing", 1, None),
    ]
    rows: list[dict[str, Any]] = [  # edges: spaces, sub-cent digits, yen with decimals, beyond int64, quantity
        {"id": "edge-space", "price": " 19.90 ", "currency": "EUR", "hs_code": "610910", "origin": "CN"},
        {"id": "edge-mills", "price": "149.995", "currency": "EUR", "hs_code": "610910", "origin": "CN"},
        {"id": "edge-yen", "price": "1500.5", "currency": "JPY", "hs_code": "950300", "origin": "CN"},
        {"id": "edge-huge", "price": "999999999999999.99", "currency": "USD", "hs_code": "847130", "origin": "CN"},
        {"id": "edge-huge-2", "price": "9999999999999.5", "currency": "USD", "hs_code": "847130", "origin": "CN"},
        {"id": "edge-huge-3", "price": "88888888888888.01", "currency": "USD", "hs_code": "847130", "origin": "CN"},
        {"id": "edge-many", "price": "0.07", "currency": "GBP", "hs_code": "610910", "origin": "VN", "quantity": 999},
    ]
    for row in rows:
        row.update({"category": "general", "weight_kg": "1", "shipping_rule": "std"})
        row.setdefault("quantity", 1)
    for i in range(count):
        code, hs, origin, category, quantity, rule = kinds[i % len(kinds)]
        cents = rng.choice([rng.randint(1, 400_00), rng.randint(120_00, 190_00), rng.randint(1, 3000_00)])
        price = str(cents) if code == "JPY" else f"{cents // 100}.{cents % 100:02d}"
        row = {"id": f"sku-{i}", "price": price, "currency": code, "hs_code": hs, "origin": origin}
        weight = rng.choice(["0.4", "1.5", "2.25"])
        row.update({"category": category, "weight_kg": weight, "quantity": quantity, "shipping_rule": rule})
        rows.append(row)
    return rows


def single_quote(
    calculator: LandedCostCalculator, row: dict[str, Any], destination: str, incoterm: str = "DDP"
) -> dict[str, Any]:
    """What ``checkoutguard.quote`` says for one catalogue row, in the batch output's terms."""
    country, _, sub = destination.partition("-")
    item = {k: row[k] for k in ("id", "hs_code", "origin", "category", "weight_kg", "quantity")}
    item["price"] = {"amount": row["price"], "currency": row["currency"]}
    document: dict[str, Any] = {
        "date": DAY.isoformat(),
        "ship_from": {"country": "CN"},
        "ship_to": {"country": country, **({"subdivision": destination} if sub else {})},
        "merchant": {"registrations": ["EU-IOSS"]},
        "incoterm": incoterm,
        "items": [item],
    }
    if row["shipping_rule"]:
        rules = SHIPPING[row["shipping_rule"]]
        document["shipping"] = rules.get(country, rules["*"])
    result = calculator.quote(document, today=DAY)
    step = Decimal(1).scaleb(-len(str(result.totals.grand).partition(".")[2]))

    def units(amount: Decimal) -> int:
        return int(amount / step)

    return {
        "currency": result.currency,
        "total_minor": units(result.totals.grand),
        "checkout_minor": units(result.totals.checkout),
        "delivery_minor": units(result.totals.delivery),
        "goods_minor": units(result.total_of("goods")),
        "duty_minor": units(result.total_of("duty")),
        "tax_minor": units(result.total_of("tax")),
        "fees_minor": units(result.total_of("fee")),
        "regime": result.regime["id"],
        "warnings": " ".join(sorted({w.code for w in result.warnings})),
    }


COMPARED = (
    "currency",
    "total_minor",
    "checkout_minor",
    "delivery_minor",
    "goods_minor",
    "duty_minor",
    "tax_minor",
    "fees_minor",
    "regime",
    "warnings",
)
