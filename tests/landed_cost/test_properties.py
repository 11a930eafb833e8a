"""Invariants of every quote, checked on generated orders (Hypothesis) and on every threshold in the data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checkoutguard.landed_cost import Quote, default_book
from checkoutguard.money import quantum
from checkoutguard.snapshot import current_data
from quote_builders import TODAY, run

BOOK = default_book()
PRICED = {*current_data().fx.currencies, "EUR"}  # CLP, VND...: no reference rate, a quote needs overrides.fx
DESTINATIONS = sorted(
    c for j in BOOK.regimes.values() for c in j.countries if (v := BOOK.vat(c)) is not None and v.currency in PRICED
)
SUBDIVISIONS = {
    code: sorted(profile.subdivisions)[:6] + (["CA-AB"] if code == "CA" else [])
    for code in DESTINATIONS
    if (profile := BOOK.vat(code)) is not None and profile.requires_subdivision
}
REGISTRATIONS = ["EU-IOSS", "GB-VAT", "AU-GST", "NO-VOEC", "CH-VAT", "BR-REMESSA", "SG-OVR", "NZ-GST", "CN-CBEC"]
CATEGORIES = ["general", "books", "food", "childrens_clothing", "medicines"]

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2).map(str)
rates = st.sampled_from(["0", "0.025", "0.12", "0.17", "0.32"])


@st.composite
def orders(draw: st.DrawFn, *, single: bool = False) -> dict[str, Any]:
    country = draw(st.sampled_from(DESTINATIONS))
    count = 1 if single else draw(st.integers(1, 4))
    price_currency = draw(st.sampled_from(["EUR", "USD", "GBP", "local"]))
    local = BOOK.vat(country).currency  # type: ignore[union-attr]
    code = local if price_currency == "local" else price_currency
    items = [
        {
            "id": f"i{n}",
            "price": {"amount": draw(amounts), "currency": code},
            "quantity": draw(st.integers(1, 5)),
            "hs_code": draw(st.sampled_from(["610910", "950300", "847130", "490199"])),
            "origin": draw(st.sampled_from(["CN", "US", "DE", "GB", "VN"])),
            "category": draw(st.sampled_from(CATEGORIES)),
        }
        for n in range(count)
    ]
    doc: dict[str, Any] = {
        "date": draw(st.sampled_from(["2024-03-01", "2025-06-15", "2026-03-02", "2026-08-03", "2026-11-23"])),
        "ship_from": {"country": draw(st.sampled_from(["CN", "US", "DE", "GB"]))},
        "ship_to": {"country": country},
        "buyer": {"type": draw(st.sampled_from(["consumer", "business"]))},
        "incoterm": draw(st.sampled_from(["DDP", "DAP"])),
        "transport": draw(st.sampled_from(["courier", "post"])),
        "merchant": {"registrations": draw(st.lists(st.sampled_from(REGISTRATIONS), unique=True, max_size=3))},
        "items": items,
        "shipping": {"amount": draw(st.decimals(min_value=0, max_value=80, places=2).map(str)), "currency": code},
        "overrides": {"duty_rates": {i["id"]: draw(rates) for i in items}},
    }
    if country in SUBDIVISIONS:
        doc["ship_to"]["subdivision"] = draw(st.sampled_from(SUBDIVISIONS[country]))
    if draw(st.booleans()):
        doc["currency"] = draw(st.sampled_from(["EUR", "USD", local]))
    return doc


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(orders())
def test_displayed_lines_add_up_exactly_to_the_totals(doc: dict[str, Any]) -> None:
    result = run(doc)
    step = quantum(result.currency)
    assert sum(line.amount for line in result.lines) == result.totals.grand
    assert result.totals.checkout + result.totals.delivery == result.totals.grand
    assert sum(line.amount for line in result.lines if line.payable == "delivery") == result.totals.delivery
    for line in result.lines:
        assert line.amount >= 0, line
        assert line.amount.as_tuple().exponent == step.as_tuple().exponent, line
    assert result.totals.grand.as_tuple().exponent == step.as_tuple().exponent


@SETTINGS
@given(orders())
def test_same_input_same_quote(doc: dict[str, Any]) -> None:
    assert run(doc).to_dict() == run(doc).to_dict()


@SETTINGS
@given(orders(single=True), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2))
def test_duty_and_tax_never_fall_when_the_price_rises_within_a_regime(doc: dict[str, Any], rise: Decimal) -> None:
    first = run(doc)
    doc["items"][0]["price"]["amount"] = str(Decimal(doc["items"][0]["price"]["amount"]) + rise)
    second = run(doc)
    if first.regime["id"] != second.regime["id"]:
        return  # crossed a threshold into another regime: a step is allowed there
    assert second.total_of("duty") >= first.total_of("duty")
    assert second.total_of("tax") >= first.total_of("tax")


def _value_tests() -> list[tuple[str, str, Any]]:
    cases = []
    for regime in BOOK.regimes.values():
        for rule in (*regime.tax_rules, *regime.duty_rules, *regime.fees):
            test = rule.when.value
            if test is None or test.basis != "intrinsic" or not rule.in_force(TODAY):
                continue
            country = sorted(rule.when.countries or regime.countries)[0]
            cases.append((regime.jurisdiction, country, rule))
    return cases


@pytest.mark.parametrize(("jurisdiction", "country", "rule"), _value_tests(), ids=lambda v: getattr(v, "id", v))
def test_every_threshold_holds_exactly_at_its_limit(jurisdiction: str, country: str, rule: Any) -> None:
    test = rule.when.value
    step = quantum(test.currency)
    at_limit = test.limit if test.inclusive else test.limit - step
    for amount, expected in ((at_limit, True), (at_limit + step, False)):
        doc: dict[str, Any] = {
            "date": TODAY.isoformat(),
            "ship_from": {"country": sorted(rule.when.ship_from or ["CN"])[0]},
            "ship_to": {"country": country},
            "buyer": {"type": sorted(rule.when.buyer or ["consumer"])[0]},
            "merchant": {"registrations": sorted(rule.when.registrations_any or [])},
            "items": [
                {
                    "id": "x",
                    "price": {"amount": str(amount), "currency": test.currency},
                    "hs_code": "950300",
                    "origin": "CN",
                }
            ],
            "overrides": {"duty_rates": {"x": "0.05"}},
        }
        if BOOK.regimes[jurisdiction].currency not in PRICED:
            doc["currency"] = test.currency  # CLP has no reference rate: quote in the threshold's currency
        if rule.when.buyer_tax_id:
            doc["buyer"]["tax_id"] = "X123"
        if rule.when.transport:
            doc["transport"] = sorted(rule.when.transport)[0]
        if country in SUBDIVISIONS:
            doc["ship_to"]["subdivision"] = SUBDIVISIONS[country][0]
        result: Quote = run(doc)
        outcomes = [t["passed"] for t in result.regime["tests"] if t["rule"] == rule.id]
        assert outcomes == [expected], (rule.id, str(amount), result.regime["tests"])
