"""Quote invariants on orders the QA kit generates: exact sums, determinism, no negative line,
monotonic within a regime, FX round trips, and the outcome of every value threshold in the data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, strategies as st

from checkoutguard.fx import embedded_fx
from checkoutguard.landed_cost import Quote, default_book, quote
from checkoutguard.money import CONTEXT, quantum, round_money
from checkoutguard.snapshot import current_data
from checkoutguard.testing.assertions import assert_quote_consistent
from checkoutguard.testing.facts import Threshold, covered_destinations, fx_window, thresholds
from checkoutguard.testing.strategies import amounts, currencies, orders
from properties.profile import QA, budget

TODAY = date(2026, 11, 23)


def run(doc: dict[str, Any]) -> Quote:
    return quote(doc, today=TODAY)


@QA
@given(orders())
def test_every_generated_order_quotes_and_its_lines_add_up_exactly(doc: dict[str, Any]) -> None:
    result = run(doc)
    assert_quote_consistent(result)
    assert_quote_consistent(result.to_dict())  # the JSON form says the same


@budget(2)
@given(orders())
def test_the_same_order_gives_the_same_quote(doc: dict[str, Any]) -> None:
    assert run(doc).to_dict() == run(doc).to_dict()


@QA
@given(orders(max_items=1), st.data())
def test_duty_and_tax_never_fall_when_the_price_rises_within_a_regime(doc: dict[str, Any], data: st.DataObject) -> None:
    item = doc["items"][0]
    code = item["price"]["currency"]
    rise = data.draw(amounts(code, min_value=quantum(code), max_value=500, edges=False), label="rise")
    first = run(doc)
    item["price"]["amount"] = str(Decimal(item["price"]["amount"]) + rise)
    second = run(doc)
    if first.regime["id"] != second.regime["id"]:
        return  # a threshold was crossed: a step is the law there (tested at each threshold below)
    assert second.total_of("duty") >= first.total_of("duty"), (first.to_dict(), second.to_dict())
    assert second.total_of("tax") >= first.total_of("tax"), (first.to_dict(), second.to_dict())


@QA
@given(st.dates(*fx_window()), st.data())
def test_an_fx_round_trip_lands_within_one_minor_unit_of_each_currency(day: date, data: st.DataObject) -> None:
    """x -> y (rounded) -> back (rounded) strays by at most one minor unit of the source plus one minor
    unit of the target, valued back in the source: two roundings, each of at most half a unit."""
    source = data.draw(currencies(convertible=True, on=day), label="source")
    target = data.draw(currencies(convertible=True, on=day), label="target")
    fx = embedded_fx()
    amount = data.draw(amounts(source, max_value=10_000), label="amount")
    there = fx.rate(source, target, day).rate
    back = fx.rate(target, source, day).rate
    converted = round_money(CONTEXT.multiply(amount, there), target)
    returned = round_money(CONTEXT.multiply(converted, back), source)
    bound = CONTEXT.add(quantum(source), CONTEXT.multiply(quantum(target), back))
    assert abs(returned - amount) <= bound, (amount, converted, returned, bound)


def _rule(threshold: Threshold) -> Any:
    regime = default_book().regimes[threshold.jurisdiction]
    return next(r for r in (*regime.tax_rules, *regime.duty_rules, *regime.fees) if r.id == threshold.rule)


def _day(rule: Any) -> date | None:
    """The last day the rule is in force, up to TODAY (None: it ended before orders can be dated)."""
    day = min(rule.end or TODAY, TODAY)
    return day if day >= max(rule.start, date(2024, 1, 1)) else None


def _boundary_cases() -> list[Threshold]:
    """Every value threshold (not the tax waivers, which bound a tax, not a value) on a day it is in force.
    With no shipping or insurance the goods alone make the customs and CIF values too."""
    return [t for t in thresholds() if t.bound != "waive" and _day(_rule(t)) is not None]


def _order_for(threshold: Threshold, amount: Decimal) -> dict[str, Any]:
    rule = _rule(threshold)
    regime = default_book().regimes[threshold.jurisdiction]
    when = rule.when
    countries = sorted(when.countries or regime.countries)
    place = next(p for p in covered_destinations() if p.country in countries and p.territory is None)
    doc: dict[str, Any] = {
        "date": str(_day(rule)),
        "ship_from": {"country": sorted(when.ship_from or {"CN"})[0]},
        "ship_to": place.ship_to(),
        "buyer": {"type": sorted(when.buyer or {"consumer"})[0]},
        "merchant": {"registrations": sorted(when.registrations_any or ())},
        "items": [
            {
                "id": "x",
                "price": {"amount": str(amount), "currency": threshold.currency},
                "hs_code": "950300",
                "origin": sorted(when.origins or {"CN"})[0],
            }
        ],
        "overrides": {"duty_rates": {"x": "0.05"}},
    }
    if regime.currency not in current_data().fx.currencies:
        doc["currency"] = threshold.currency  # CLP has no reference rate: quote in the threshold's currency
    if when.buyer_tax_id:
        doc["buyer"]["tax_id"] = "X123"
    if when.transport:
        doc["transport"] = sorted(when.transport)[0]
    return doc


@pytest.mark.parametrize("threshold", _boundary_cases(), ids=lambda t: f"{t.rule}-{t.bound}-{t.limit}{t.currency}")
def test_every_threshold_flips_exactly_at_its_limit(threshold: Threshold) -> None:
    """One minor unit either side of each limit in the data: the rule's value test passes on one side only."""
    rule = _rule(threshold)
    regime = default_book().regimes[threshold.jurisdiction]
    buyer = sorted(rule.when.buyer or {"consumer"})[0]
    factor = regime.valuation_basis(_day(rule), buyer)[1] if rule.when.value.basis != "intrinsic" else Decimal(1)
    # Prices whose value (price x the share valued: 60 % of the price in Japan) is exact in minor units, so
    # no rounding of the value can blur the side: one such step either side of the limit.
    step = quantum(threshold.currency) * Fraction(factor).denominator
    limit_price = threshold.limit / factor
    at_most = (limit_price / step).to_integral_value("ROUND_FLOOR") * step  # value <= limit
    if threshold.bound == "max" and threshold.inclusive:
        inside, outside = at_most, at_most + step
    elif threshold.bound == "max":  # value < limit
        below = at_most - step if at_most == limit_price else at_most
        inside, outside = below, below + step
    else:  # "min": value > limit
        inside, outside = at_most + step, at_most
    for amount, expected in ((inside, True), (outside, False)):
        result = run(_order_for(threshold, amount))
        outcomes = {t["passed"] for t in result.regime["tests"] if t["rule"] == threshold.rule}
        assert outcomes == {expected}, (threshold.rule, str(amount), result.regime["tests"])
        assert_quote_consistent(result)
