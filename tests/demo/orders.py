"""The demo's cart as order documents, written out by hand from the shop's published catalogue (products, HS
codes, origins, the shop's registrations and shipping), so tests compare the demo with ``checkoutguard.quote``
and not with the demo's own order builder."""

from __future__ import annotations

from typing import Any

REGISTRATIONS = ["EU-IOSS", "NO-VOEC", "AU-GST", "BR-REMESSA", "CH-VAT"]
JUMPER = {
    "id": "jumper",
    "price": {"amount": "89.00", "currency": "GBP"},
    "quantity": 1,
    "hs_code": "611011",
    "origin": "PT",
    "weight_kg": "0.45",
}
MUG = {
    "id": "mug",
    "price": {"amount": "18.00", "currency": "GBP"},
    "quantity": 1,
    "hs_code": "691200",
    "origin": "GB",
    "weight_kg": "0.40",
}
TEE = {
    "id": "tee",
    "price": {"amount": "25.00", "currency": "GBP"},
    "quantity": 1,
    "hs_code": "610910",
    "origin": "IN",
    "weight_kg": "0.18",
}
SHIP_TO = {"NL": {"country": "NL"}, "BR": {"country": "BR", "subdivision": "BR-SP"}, "US": {"country": "US"}}


def order(country: str, day: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "date": day,
        "ship_from": {"country": "GB"},
        "ship_to": SHIP_TO[country],
        "merchant": {"registrations": REGISTRATIONS},
        "items": items,
        "shipping": {"amount": "9.50", "currency": "GBP"},
        **extra,
    }
