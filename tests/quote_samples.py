"""A seeded sample of order documents for differential checks (``benchmarks/golden.py`` and
``tests/landed_cost/test_plan_differential.py``): the shipped examples varied in destination, subdivision,
postal code, origin, amounts, quantities, currencies, dates, terms, parties, fees, categories and overrides,
and the same shapes again with other amounts, so that remembered decisions meet amounts on both sides of
every value test."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
DESTINATIONS = [
    *["DE", "FR", "GB", "US", "CA", "AU", "CH", "NO", "JP", "NL", "IT", "ES", "SE", "IE", "AT", "BE", "PL"],
    *["CZ", "DK", "FI", "PT", "GR", "NZ", "SG", "KR", "IN", "BR", "MX", "ZA", "IS", "LU", "AE", "CN", "HK"],
    *["IL", "SA", "TR", "LI", "MT", "CY", "HR", "RO", "BG", "CL", "TW"],
]
SUBDIVISIONS = {
    "CA": ["ON", "QC", "BC", "CA-AB", "XX", "NS"],
    "US": ["NY", "CA", "US-TX", "OR", "WA", "DE"],
    "ES": ["ES-CN", "MD", "ES-CE"],
    "FR": ["FR-GP", "FR-RE"],
    "PT": ["PT-20"],
}
POSTAL = {"DE": ["78266", "27498", "10115"], "IT": ["23041", "00100"], "FI": ["22100"], "GR": ["63086"]}
ORIGINS = ["CN", "US", "DE", "GB", "JP", "VN", "IN", "TR", "FR", "CH", "MX", "KR"]
CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "CNY"]
AMOUNTS = ["0.50", "3.00", "19.99", "24.00", "75.00", "135.00", "149.99", "150.00", "400.00", "1000.00", "12500.00"]
SCALES = ["0.01", "0.1", "0.5", "2", "7", "40"]
CATEGORIES = ["general", "general", "books", "food", "children_clothing", "alcohol", "unknown_thing"]
REGISTRATIONS = ["EU-IOSS", "GB-VAT", "AU-GST", "NO-VOEC", "CH-VAT", "NZ-GST", "SG-OVR", "CA-GST", "US-NY"]
DAYS = [0, 0, 1, 30, 200, 400, 700, -30, -200]


def examples() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*.json"))]


def vary(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with some of its fields changed at random."""
    doc = copy.deepcopy(base)
    if rng.random() < 0.7:
        country = rng.choice(DESTINATIONS)
        doc["ship_to"] = {"country": country}
        if country in SUBDIVISIONS and rng.random() < 0.6:
            doc["ship_to"]["subdivision"] = rng.choice(SUBDIVISIONS[country])
        if country in POSTAL and rng.random() < 0.5:
            doc["ship_to"]["postal_code"] = rng.choice(POSTAL[country])
    if rng.random() < 0.4:
        doc["ship_from"] = {"country": rng.choice(ORIGINS)}
    if rng.random() < 0.3:
        doc["incoterm"] = rng.choice(["DDP", "DAP"])
    if rng.random() < 0.2:
        doc["buyer"] = {"type": rng.choice(["consumer", "business"])}
        if rng.random() < 0.5:
            doc["buyer"]["tax_id"] = "DE123456789"
    if rng.random() < 0.15:
        doc["merchant"] = {"registrations": rng.sample(REGISTRATIONS, rng.randrange(0, 3))}
    money_currency = rng.choice(CURRENCIES) if rng.random() < 0.3 else None
    for item in doc.get("items", []):
        if rng.random() < 0.5:
            item["price"]["amount"] = rng.choice(AMOUNTS)
        if money_currency:
            item["price"]["currency"] = money_currency
        if rng.random() < 0.4:
            item["quantity"] = rng.choice([1, 2, 3, 7, 40])
        if rng.random() < 0.2:
            item["origin"] = rng.choice(ORIGINS)
        if rng.random() < 0.1:
            item["category"] = rng.choice(CATEGORIES)
    if rng.random() < 0.3 and doc.get("items"):
        doc["items"].append(copy.deepcopy(rng.choice(doc["items"])) | {"id": f"extra-{rng.randrange(1000)}"})
    if "shipping" in doc and rng.random() < 0.4:
        doc["shipping"]["amount"] = rng.choice(AMOUNTS)
    if rng.random() < 0.1:
        doc["insurance"] = {"amount": rng.choice(AMOUNTS), "currency": rng.choice(CURRENCIES)}
    if rng.random() < 0.1:
        doc["fees"] = [{"label": "Handling", "amount": {"amount": "4.90", "currency": "EUR"}}]
    if rng.random() < 0.1:
        doc["currency"] = rng.choice(CURRENCIES)
    if rng.random() < 0.05:
        doc["transport"] = "post"
    if rng.random() < 0.05:
        doc["claim_preferences"] = False
    if rng.random() < 0.05:
        doc["unknown_hs"] = rng.choice(["error", "exclude"])
    if rng.random() < 0.08 and doc.get("items"):
        doc["overrides"] = {"duty_rates": {doc["items"][0]["id"]: rng.choice(["0", "0.05", "0.3"])}}
    if rng.random() < 0.08:
        doc.setdefault("overrides", {})["fx"] = {"USD/EUR": rng.choice(["0.8", "0.95", "1.1"])}
    if rng.random() < 0.3:
        doc["date"] = (TODAY - timedelta(days=rng.choice(DAYS))).isoformat()
    return doc


def rescale(doc: dict[str, Any], factor: str) -> dict[str, Any]:
    """The same shape with every item price and the shipping multiplied by ``factor``: the amounts differ,
    nothing else does."""
    out = copy.deepcopy(doc)
    for item in out.get("items", []):
        price = item.get("price")
        if isinstance(price, dict) and isinstance(price.get("amount"), str):
            price["amount"] = f"{(Decimal(price['amount']) * Decimal(factor)).quantize(Decimal('0.01')):f}"
    shipping = out.get("shipping")
    if isinstance(shipping, dict) and isinstance(shipping.get("amount"), str):
        shipping["amount"] = f"{(Decimal(shipping['amount']) * Decimal(factor)).quantize(Decimal('0.01')):f}"
    return out


def documents(count: int, seed: int = 20261207) -> Iterator[dict[str, Any]]:
    """The examples, then varied documents; about half are followed by the same shape at other amounts."""
    rng = random.Random(seed)
    shipped = examples()
    for index in range(count):
        doc = shipped[index] if index < len(shipped) else vary(rng, rng.choice(shipped))
        yield doc
        if rng.random() < 0.5:
            for factor in rng.sample(SCALES, 2):
                yield rescale(doc, factor)
