"""Caches that make quotes fast must never let one quote's answer leak into another's.

Both cases were real bugs found while speeding up the engine (benchmarks/README.md): the explanation of an
estimated duty line was memoised under the ``id()`` of a row built per quote, so a later quote could show an
earlier quote's row; and a territory's VAT profile (a copy of its country's with another standard rate)
shared the country's component cache, so Jungholz got Austria's 20 % or Vienna got Jungholz's 19 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from checkoutguard.landed_cost import DutyTable, LandedCostCalculator, RatesBook
from checkoutguard.landed_cost.book import DutyRate, DutyRow

TODAY = date(2026, 11, 23)
SRC = "https://example.org/tariff"


def _order(country: str, hs: str, postal_code: str | None = None) -> dict[str, object]:
    ship_to: dict[str, str] = {"country": country}
    if postal_code is not None:
        ship_to["postal_code"] = postal_code
    return {
        "date": TODAY.isoformat(),
        "ship_from": {"country": "CN"},
        "ship_to": ship_to,
        "items": [{"id": "a", "price": {"amount": "400.00", "currency": "EUR"}, "hs_code": hs, "origin": "CN"}],
    }


def test_estimated_duty_lines_explain_their_own_row() -> None:
    rows = [
        DutyRow("640419", "shoes", DutyRate(ad_valorem=Decimal("0.17")), date(2020, 1, 1), None, f"{SRC}/64"),
        DutyRow("852872", "television sets", DutyRate(ad_valorem=Decimal("0.14")), date(2020, 1, 1), None, f"{SRC}/85"),
    ]
    book = RatesBook().with_duty_provider(DutyTable("EU", rows))
    calc = LandedCostCalculator(book)
    # Worth more than EUR 150, so the tariff applies. Neither code is in the table: each is estimated
    # from the highest rate of its own chapter.
    expected = {
        "640299": ("0.17", "estimate: highest rate in chapter 64 (640419)", f"{SRC}/64"),
        "852899": ("0.14", "estimate: highest rate in chapter 85 (852872)", f"{SRC}/85"),
    }
    for _ in range(50):  # alternate, so a recycled id would hand one chapter's text to the other
        for hs, (rate, why, source) in expected.items():
            (duty,) = calc.quote(_order("DE", hs), today=TODAY).lines_of("duty")
            assert (str(duty.rate), duty.source) == (rate, source)
            assert duty.explanation.endswith(f"({why})")


def test_territory_rate_does_not_leak_into_its_country_and_back() -> None:
    # rates/territories.json: Jungholz and Mittelberg (AT postcodes 6691, 6991-6993) pay 19 % instead of 20 %.
    for first, second in (("1010", "6691"), ("6691", "1010")):
        calc = LandedCostCalculator(RatesBook())
        rates = {}
        for postal in (first, second, first):
            (tax,) = calc.quote(_order("AT", "610910", postal), today=TODAY).lines_of("tax")
            rates.setdefault(postal, set()).add(tax.rate)
        assert rates == {"1010": {Decimal("0.20")}, "6691": {Decimal("0.19")}}
