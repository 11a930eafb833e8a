"""``parse_order`` remembers item texts and prices that passed their checks; a document whose remembered parts
are valid and whose other parts are not must get exactly the error a first parse gives (same type, message,
path and accepted values), and valid documents the same ``Order``."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from checkoutguard.errors import InvalidInput
from checkoutguard.landed_cost import order as order_module
from checkoutguard.landed_cost.order import parse_order
from quote_builders import TODAY, item, order


def _good() -> dict[str, Any]:
    doc = order("DE", item("a", "19.99", "USD", description="Tee"), item("b", "5.00", "EUR", hs="420292"))
    doc["items"][0]["weight_kg"] = "0.2"
    return doc


def _break(change: str) -> dict[str, Any]:
    doc = _good()
    first = doc["items"][0]
    if change == "price amount":
        first["price"]["amount"] = "19,99"
    elif change == "price currency":
        first["price"]["currency"] = "XXX"
    elif change == "price field":
        first["price"]["note"] = "x"
    elif change == "price missing":
        del first["price"]
    elif change == "quantity":
        first["quantity"] = 0
    elif change == "weight":
        first["weight_kg"] = 0.2
    elif change == "price and quantity":
        first["price"]["amount"] = "-1"
        first["quantity"] = "2"
    elif change == "bare price":
        first["price"] = "19.99"
    elif change == "price as bool":
        first["price"]["amount"] = True
    return doc


def _error(doc: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    with pytest.raises(InvalidInput) as caught:
        parse_order(doc, today=TODAY)
    exc = caught.value
    return type(exc).__name__, str(exc), exc.path, exc.accepted


CHANGES = [
    "price amount",
    "price currency",
    "price field",
    "price missing",
    "quantity",
    "weight",
    "price and quantity",
    "bare price",
    "price as bool",
]


@pytest.mark.parametrize("change", CHANGES)
def test_remembered_parts_do_not_change_the_error(change: str) -> None:
    order_module._CHECKED_ITEMS.clear()
    order_module._CHECKED_MONEY.clear()
    first = _error(_break(change))  # nothing remembered
    parse_order(_good(), today=TODAY)  # remembers the items and prices of the good document
    assert _error(_break(change)) == first


def test_remembered_parts_give_the_same_order() -> None:
    order_module._CHECKED_ITEMS.clear()
    order_module._CHECKED_MONEY.clear()
    doc = _good()
    fresh = parse_order(copy.deepcopy(doc), today=TODAY)
    assert order_module._CHECKED_ITEMS and order_module._CHECKED_MONEY
    again = parse_order(doc, today=TODAY)
    assert again == fresh and repr(again) == repr(fresh)
    other = _good()
    other["items"][0]["quantity"] = 3
    other["items"][0]["price"]["amount"] = "7.50"
    parsed = parse_order(other, today=TODAY)
    assert (parsed.items[0].quantity, str(parsed.items[0].price)) == (3, "7.50")


def test_a_currency_remembered_for_one_day_is_checked_again_on_another() -> None:
    order_module._CHECKED_MONEY.clear()
    doc = order("DE", item("a", "10.00", "BGN"), day="2025-12-31")  # the lev's last day
    assert parse_order(doc, today=TODAY).items[0].price_currency == "BGN"
    doc["date"] = "2026-01-01"  # Bulgaria uses the euro
    with pytest.raises(InvalidInput, match="withdrawn") as caught:
        parse_order(doc, today=TODAY)
    assert caught.value.path == "items[0].price.currency"
