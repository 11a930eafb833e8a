from __future__ import annotations

from typing import Any

import pytest

from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCountry, UnknownCurrency
from checkoutguard.landed_cost import parse_order
from quote_builders import item, order


def _error(document: dict[str, Any]) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_order(document)
    return info.value


def test_defaults_follow_the_contract() -> None:
    doc = order("FR", item())
    del doc["date"]
    parsed = parse_order(doc)
    assert parsed.incoterm == "DDP"
    assert parsed.buyer_type == "consumer"
    assert parsed.currency is None
    assert parsed.items[0].category == "general"
    assert parsed.transport == "courier"


def test_hs_code_dots_are_removed() -> None:
    assert parse_order(order("FR", item(hs="6109.10.00"))).items[0].hs_code == "61091000"


@pytest.mark.parametrize(
    ("mutate", "path", "error"),
    [
        (lambda d: d["ship_to"].update(country="XX"), "ship_to.country", UnknownCountry),
        (lambda d: d["ship_to"].update(subdivision="ZZ"), "ship_to.subdivision", UnknownCountry),
        (lambda d: d["items"][0]["price"].update(amount="-5"), "items[0].price.amount", InvalidInput),
        (lambda d: d["items"][0]["price"].update(amount=5.5), "items[0].price.amount", InvalidInput),
        (lambda d: d["items"][0]["price"].update(currency="BGN"), "items[0].price.currency", UnknownCurrency),
        (lambda d: d["items"][0].update(quantity=0), "items[0].quantity", InvalidInput),
        (lambda d: d["items"][0].update(hs_code="61A9"), "items[0].hs_code", InvalidInput),
        (lambda d: d["items"][0].pop("price"), "items[0].price", InvalidInput),
        (lambda d: d["items"].append(dict(d["items"][0])), "items[1].id", InvalidInput),
        (lambda d: d.update(incoterm="EXW"), "incoterm", InvalidInput),
        (lambda d: d.update(date="2023-12-31"), "date", InvalidInput),
        (lambda d: d.update(surprise=1), "surprise", InvalidInput),
        (lambda d: d.update(overrides={"fx": {"USDCAD": "1.3"}}), "overrides.fx.USDCAD", InvalidInput),
        (lambda d: d.update(overrides={"duty_rates": {"nope": "0.1"}}), "overrides.duty_rates", InvalidInput),
        (lambda d: d.update(merchant={"registrations": ["ioss"]}), "merchant.registrations[0]", InvalidInput),
    ],
)
def test_bad_input_names_the_field(mutate: Any, path: str, error: type[Exception]) -> None:
    doc = order("FR", item(), day="2026-03-02")
    mutate(doc)
    failure = _error(doc)
    assert isinstance(failure, error)
    assert failure.path == path
    assert path in str(failure)


def test_amount_without_currency_is_refused_unless_the_order_names_one() -> None:
    doc = order("FR", item())
    doc["items"][0]["price"] = "10.00"
    assert _error(doc).path == "items[0].price.currency"
    doc["currency"] = "EUR"
    assert parse_order(doc).items[0].price_currency == "EUR"


def test_item_count_is_bounded() -> None:
    doc = order("FR", *[item(f"i{n}") for n in range(1001)])
    with pytest.raises(LimitExceeded):
        parse_order(doc)


def test_subdivision_accepts_short_and_full_codes() -> None:
    assert parse_order(order("CA", item(), subdivision="on")).subdivision == "CA-ON"
    assert parse_order(order("CA", item(), subdivision="CA-QC")).subdivision == "CA-QC"


def test_money_objects_are_accepted() -> None:
    import moneyed

    doc = order("FR", item())
    doc["items"][0]["price"] = moneyed.Money("12.30", "USD")
    parsed = parse_order(doc)
    assert (str(parsed.items[0].price), parsed.items[0].price_currency) == ("12.30", "USD")
