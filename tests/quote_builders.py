"""Builders for order documents used by the landed-cost tests."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from checkoutguard.landed_cost import Quote, quote

TODAY = date(2026, 11, 23)


def item(
    item_id: str = "sku-1",
    amount: str = "100.00",
    currency: str = "EUR",
    *,
    hs: str | None = "610910",
    origin: str | None = "CN",
    quantity: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": item_id, "price": {"amount": amount, "currency": currency}, "quantity": quantity}
    if hs is not None:
        doc["hs_code"] = hs
    if origin is not None:
        doc["origin"] = origin
    doc.update(extra)
    return doc


def order(
    to: str,
    *items: dict[str, Any],
    day: str = "2026-03-02",
    ship_from: str = "CN",
    shipping: tuple[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "date": day,
        "ship_from": {"country": ship_from},
        "ship_to": {"country": to},
        "items": [copy.deepcopy(i) for i in items] or [item()],
    }
    if shipping is not None:
        doc["shipping"] = {"amount": shipping[0], "currency": shipping[1]}
    for key, value in extra.items():
        if key == "subdivision":
            doc["ship_to"]["subdivision"] = value
        elif key == "registrations":
            doc["merchant"] = {"registrations": list(value)}
        elif key == "buyer":
            doc["buyer"] = value
        else:
            doc[key] = value
    return doc


def run(document: dict[str, Any]) -> Quote:
    return quote(document, today=TODAY)


def lines(result: Quote, kind: str) -> list[tuple[str, str]]:
    return [(line.rule or "", str(line.amount)) for line in result.lines if line.type == kind]
