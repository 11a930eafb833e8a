"""The strategies generate what they promise: every currency shape, amounts on the data's thresholds,
every kind of destination, orders held to their constraints, checkouts for every rule, readable minima."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import find, given, settings, strategies as st
from hypothesis.errors import InvalidArgument

from checkoutguard.audit import RULES
from checkoutguard.landed_cost import default_book, parse_order
from checkoutguard.money import currency_table, quantum
from checkoutguard.testing.facts import covered_destinations, edge_amounts, rule_countries, thresholds
from checkoutguard.testing.strategies import (
    PLANTED,
    UNPLANTABLE,
    amounts,
    audited_countries,
    checkout_documents,
    checkout_pages,
    currencies,
    destinations,
    orders,
)

FEW = settings(max_examples=25, derandomize=True, database=None, deadline=None)


@pytest.mark.parametrize("units", [0, 2, 3])
def test_currencies_reach_every_minor_unit_shape(units: int) -> None:
    code = find(currencies(), lambda c: currency_table()[c].minor_units == units)
    assert currency_table()[code].minor_units == units


def test_currencies_shrink_to_eur_and_can_be_limited_to_one_shape() -> None:
    assert find(currencies(), lambda c: True) == "EUR"
    assert find(currencies(minor_units=[3]), lambda c: True) in {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}
    with pytest.raises(InvalidArgument):
        find(currencies(minor_units=[7]), lambda c: True)


@FEW
@given(st.sampled_from(["EUR", "JPY", "KWD", "GBP"]).flatmap(lambda c: st.tuples(st.just(c), amounts(c))))
def test_amounts_carry_exactly_the_minor_unit_and_stay_in_bounds(pair: tuple[str, Decimal]) -> None:
    code, amount = pair
    assert amount.as_tuple().exponent == quantum(code).as_tuple().exponent
    assert Decimal(0) <= amount <= Decimal(100_000)


def test_amounts_reach_every_threshold_of_their_currency_and_one_unit_either_side() -> None:
    gbp = [t for t in thresholds() if t.currency == "GBP"]
    assert gbp, "the data states a GBP threshold (the UK low-value regime)"
    for threshold in gbp:
        for offset in (-1, 0, 1):
            wanted = threshold.limit + offset * quantum("GBP")
            assert wanted in edge_amounts("GBP")
            assert find(amounts("GBP"), lambda a, w=wanted: a == w) == wanted


def test_amounts_shrink_to_the_lower_bound_and_refuse_an_empty_range() -> None:
    assert str(find(amounts("EUR"), lambda a: True)) == "0.00"
    assert str(find(amounts("JPY", min_value=5), lambda a: True)) == "5"
    with pytest.raises(InvalidArgument):
        find(amounts("EUR", min_value=10, max_value=5), lambda a: True)


def test_destinations_cover_countries_subdivisions_and_special_territories() -> None:
    assert find(destinations(), lambda d: d.get("subdivision") == "ES-CN") == {"country": "ES", "subdivision": "ES-CN"}
    assert find(destinations(), lambda d: d.get("postal_code") == "78266")["country"] == "DE"  # Büsingen
    assert find(destinations(), lambda d: d["country"] == "CA")["subdivision"].startswith("CA-")
    book = default_book()
    for place in covered_destinations():
        book.destination(place.country, place.subdivision, place.postal_code, default_book_day())


def default_book_day() -> Any:
    from datetime import date

    return date(2026, 3, 2)


@FEW
@given(orders(destination="GB", incoterm="DAP", buyer_type="business", registrations=["GB-VAT"], currency="GBP"))
def test_orders_hold_to_their_constraints_and_parse(doc: dict[str, Any]) -> None:
    assert doc["ship_to"]["country"] == "GB" and "postal_code" not in doc["ship_to"]
    assert (doc["incoterm"], doc["buyer"]["type"], doc["merchant"]["registrations"], doc["currency"]) == (
        "DAP",
        "business",
        ["GB-VAT"],
        "GBP",
    )
    order = parse_order(doc)
    assert 1 <= len(order.items) <= 3


def test_orders_shrink_to_one_readable_item() -> None:
    doc = find(orders(), lambda d: True)
    assert len(doc["items"]) == 1
    assert doc["items"][0]["price"]["amount"] in {"0.00", "0"}
    assert doc["items"][0]["quantity"] == 1


@pytest.mark.parametrize("rule", [rule for rule in RULES if rule not in UNPLANTABLE])
@given(data=st.data())
@settings(FEW, max_examples=5)
def test_checkout_documents_plant_every_rule_where_it_applies(rule: str, data: st.DataObject) -> None:
    doc = data.draw(checkout_documents(violation=rule))
    location = doc["buyer"].get("subdivision") or doc["buyer"]["country"]
    assert location in rule_countries(rule)
    assert PLANTED in repr(doc)


def test_checkout_documents_shrink_to_a_small_clean_checkout() -> None:
    doc = find(checkout_documents("DE"), lambda d: True)
    assert doc["buyer"] == {"country": "DE", "type": "consumer"}
    assert [line["kind"] for line in doc["lines"]] == ["goods", "shipping"]
    assert (doc["consents"], doc["add_ons"], doc["total"]["amount"]) == ([], [], "1.00")


def test_checkout_documents_refuse_an_unknown_rule_and_pages_refuse_the_quote_rule() -> None:
    with pytest.raises(InvalidArgument, match="unknown audit rule"):
        find(checkout_documents(violation="no-such-rule"), lambda d: True)
    with pytest.raises(InvalidArgument, match="cannot plant 'precontract-info'"):
        find(checkout_documents(violation="precontract-info"), lambda d: True)
    with pytest.raises(InvalidArgument, match="landed-cost quote"):
        checkout_pages("DE", violation="duties-undisclosed")


def test_checkout_pages_shrink_to_a_small_clean_page() -> None:
    page = find(checkout_pages("DE"), lambda p: True)
    assert page.startswith("<!doctype html>")
    assert 'data-checkoutguard-currency="EUR"' in page
    assert " checked" not in page.replace('id="pay-1" checked', "")  # only the chosen payment method


def test_audited_countries_shrink_to_germany_and_follow_each_rule() -> None:
    assert find(audited_countries(), lambda c: True) == "DE"
    assert find(audited_countries("total-incomplete"), lambda c: c.startswith("US")) == "US-CA"
    assert find(audited_countries("consent-preticked"), lambda c: c == "GB") == "GB"
