"""The remembered parts of a quote (tariff answers per kind of item, texts, addresses) must answer for the
item and address actually quoted, also when quotes run in several threads at once; the shipping split must
stay the largest-remainder split its docstring promises."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, strategies as st

from checkoutguard.landed_cost import DutyTable, LandedCostCalculator, RatesBook
from checkoutguard.landed_cost.book import DutyRate, DutyRow, Preference
from checkoutguard.landed_cost.engine import _allocate

TODAY = date(2026, 11, 23)
SRC = "https://example.org/tariff"
CENT = Decimal("0.01")


def _table() -> DutyTable:
    rows = [DutyRow("610910", "T-shirts", DutyRate(ad_valorem=Decimal("0.12")), date(2020, 1, 1), None, f"{SRC}/61")]
    vn = Preference(
        "EU-VN",
        "EU-Vietnam FTA",
        frozenset({"VN"}),
        frozenset({"VN", "SG"}),
        ("61",),
        (),
        DutyRate(ad_valorem=Decimal("0.04")),
        date(2020, 8, 1),
        None,
        f"{SRC}/evfta",
        "",
    )
    return DutyTable("EU", rows, preferences=[vn])


def _order(origin: str, ship_from: str, description: str, *, claim: bool = True) -> dict[str, Any]:
    return {
        "date": TODAY.isoformat(),
        "ship_from": {"country": ship_from},
        "ship_to": {"country": "DE"},
        "claim_preferences": claim,
        "items": [
            {
                "id": "a",
                "description": description,
                "price": {"amount": "400.00", "currency": "EUR"},
                "hs_code": "610910",
                "origin": origin,
            }
        ],
    }


def test_tariff_answers_follow_origin_shipping_country_claim_and_description() -> None:
    calc = LandedCostCalculator(RatesBook().with_duty_provider(_table()))
    # EUR 400 of goods, no transport: duty = rate x 400. The preference needs origin VN shipped from VN or
    # SG, and a claim.
    cases = [
        (("VN", "VN", "Shirt", True), ("0.04", "16.00", f"{SRC}/evfta", "Duty on Shirt (HS 610910, 4 %)")),
        (("CN", "CN", "Shirt", True), ("0.12", "48.00", f"{SRC}/61", "Duty on Shirt (HS 610910, 12 %)")),
        (("VN", "CN", "Shirt", True), ("0.12", "48.00", f"{SRC}/61", "Duty on Shirt (HS 610910, 12 %)")),
        (("VN", "SG", "Shirt", True), ("0.04", "16.00", f"{SRC}/evfta", "Duty on Shirt (HS 610910, 4 %)")),
        (("CN", "SG", "Shirt", True), ("0.12", "48.00", f"{SRC}/61", "Duty on Shirt (HS 610910, 12 %)")),
        (("VN", "VN", "Shirt", False), ("0.12", "48.00", f"{SRC}/61", "Duty on Shirt (HS 610910, 12 %)")),
        (("VN", "VN", "Tee", True), ("0.04", "16.00", f"{SRC}/evfta", "Duty on Tee (HS 610910, 4 %)")),
    ]
    for _ in range(3):  # every kind of item asked again after the others: remembered answers must not mix
        for (origin, ship_from, description, claim), expected in cases:
            order = _order(origin, ship_from, description, claim=claim)
            (duty,) = calc.quote(order, today=TODAY).lines_of("duty")
            assert (str(duty.rate), str(duty.amount), duty.source, duty.label) == expected


def test_a_pinned_rate_is_not_remembered_as_the_tariff_answer() -> None:
    calc = LandedCostCalculator(RatesBook().with_duty_provider(_table()))
    plain = _order("CN", "CN", "Shirt")
    pinned = {**plain, "overrides": {"duty_rates": {"a": "0.02"}}}
    for order, rate, rule in ((plain, "0.12", "EU-CCT"), (pinned, "0.02", "override"), (plain, "0.12", "EU-CCT")):
        (duty,) = calc.quote(order, today=TODAY).lines_of("duty")
        assert (str(duty.rate), duty.rule) == (rate, rule)


def test_addresses_of_one_country_keep_their_own_territory() -> None:
    # rates/territories.json: Büsingen (DE 78266) is outside the EU VAT area; Berlin (10115) is not.
    calc = LandedCostCalculator(RatesBook())
    order = _order("CN", "CN", "Shirt")
    for postal in ("78266", "10115", "78266", "10115"):
        quote = calc.quote({**order, "ship_to": {"country": "DE", "postal_code": postal}}, today=TODAY)
        assert ("territory" in quote.destination) is (postal == "78266")


def _orders() -> list[dict[str, Any]]:
    orders = []
    for n, (country, postal) in enumerate(
        [("DE", None), ("DE", "78266"), ("AT", "6691"), ("AT", "1010"), ("FR", None), ("GB", None), ("US", None)]
    ):
        for origin in ("CN", "VN", "US"):
            order = _order(origin, origin, f"Item {n}")
            order["ship_to"] = {"country": country, **({"postal_code": postal} if postal else {})}
            order["items"][0]["price"] = {"amount": f"{20 + 37 * n}.50", "currency": "USD"}
            orders.append(order)
    return orders


def test_quotes_in_threads_equal_quotes_one_by_one() -> None:
    orders = _orders()
    alone = LandedCostCalculator(RatesBook())
    expected = [json.dumps(alone.quote(o, today=TODAY).to_dict()) for o in orders]
    shared = LandedCostCalculator(RatesBook())  # cold caches, filled by the threads at the same time

    def run(offset: int) -> list[str]:
        picked = orders[offset:] + orders[:offset]
        return [json.dumps(shared.quote(o, today=TODAY).to_dict()) for o in picked * 5]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(8)))
    for offset, got in enumerate(results):
        want = expected[offset:] + expected[:offset]
        assert got == want * 5


def _reference_split(total: Decimal, weights: list[Decimal], step: Decimal) -> list[Decimal]:
    """Largest remainder in whole minor units, ties to the earlier item (written from the docstring)."""
    units = int(total / step)
    ints = [int(w / step) for w in weights]
    if sum(ints) <= 0:
        ints = [1] * len(weights)
    whole = sum(ints)
    shares = [units * w // whole for w in ints]
    left = units - sum(shares)
    ranked = sorted(range(len(ints)), key=lambda i: (-(units * ints[i] % whole), i))
    for i in ranked[:left]:
        shares[i] += 1
    return [step * n for n in shares]


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=12),
)
def test_allocate_is_the_largest_remainder_split(total_units: int, weight_units: list[int]) -> None:
    total = Decimal(total_units) * CENT
    weights = [Decimal(w) * CENT for w in weight_units]
    parts = _allocate(total, weights, CENT)
    assert sum(parts) == total
    if total:
        assert parts == _reference_split(total, weights, CENT)


def test_allocate_breaks_ties_towards_the_earlier_item() -> None:
    # 0.10 over three equal weights: 3 cents each and one cent left, which goes to the first item.
    expected = [Decimal("0.04"), Decimal("0.03"), Decimal("0.03")]
    assert _allocate(Decimal("0.10"), [Decimal("1.00")] * 3, CENT) == expected
    # 0.05 over weights 1, 2, 1 (units 5 x w / 4): floors 1, 2, 1; remainders 1, 2, 1: the middle item first.
    weights = [Decimal("0.01"), Decimal("0.02"), Decimal("0.01")]
    assert _allocate(Decimal("0.05"), weights, CENT) == [Decimal("0.01"), Decimal("0.03"), Decimal("0.01")]
