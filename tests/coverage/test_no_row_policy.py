"""A code with no duty row is never quoted at another chapter's rate (issue #14: a Norwegian wooden window
was quoted at the clothing rate); a territory that levies no duty on whole chapters says so in its data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.errors import RateUnavailable, UnknownHSCode
from checkoutguard.landed_cost.book import RatesBook

RATES = Path(__file__).resolve().parents[2] / "rates"


def _window(country: str, hs: str = "441820", **extra: Any) -> dict[str, Any]:
    return {
        "date": "2026-12-01",
        "ship_from": {"country": "DE"},
        "ship_to": {"country": country},
        "items": [{"id": "window", "price": {"amount": "800.00", "currency": "EUR"}, "hs_code": hs, "origin": "DE"}],
        **extra,
    }


@pytest.fixture(scope="module")
def book() -> RatesBook:
    return RatesBook(validate_files=True)


def test_norway_window_is_duty_free_by_its_chapter_rule_not_the_clothing_rate(book: RatesBook) -> None:
    chapters = {row["hs"][:2] for row in json.loads((RATES / "duty" / "NO.json").read_text())["rates"]}
    assert "44" not in chapters  # no row of its own: the territory's chapter policy answers, not chapter 61's 10.7 %
    result = quote(_window("NO"), book=book)
    duty = result.lines_of("duty")
    assert [(d.rate, d.amount, d.estimated) for d in duty] == [(Decimal("0"), Decimal("0.00"), False)]
    assert "DUTY_ESTIMATED" not in {w.code for w in result.warnings}


def test_norway_textiles_with_no_row_fail_naming_code_territory_and_chapters(book: RatesBook) -> None:
    # chapter 63 (towels) keeps its duty in Norway and the table has no row for it: never borrow 61's rate
    with pytest.raises(UnknownHSCode) as info:
        quote(_window("NO", hs="630260"), book=book)
    message = str(info.value)
    assert "HS code 630260 in the NO tariff data" in message
    assert "chapter 63 has no row and no chapter rule" in message
    assert "chapters 25, 26" in message and "61, 62, 64" in message  # rows and the chapter rule, listed
    assert (info.value.item_id, info.value.hs_code) == ("window", "630260")


def test_norway_window_quotes_once_the_merchant_pins_the_rate(book: RatesBook) -> None:
    result = quote(_window("NO", hs="630260", overrides={"duty_rates": {"window": "0"}}), book=book)
    assert [(line.rule, line.amount) for line in result.lines_of("duty")] == [("override", Decimal("0.00"))]


def test_item_without_hs_code_keeps_the_table_wide_estimate(book: RatesBook) -> None:
    order = _window("NO")
    del order["items"][0]["hs_code"]
    result = quote(order, book=book)
    duty = result.lines_of("duty")
    # the highest ad valorem rate in the NO table is the clothing rate, 10.7 %: flagged as an estimate
    assert [(d.rate, d.estimated) for d in duty] == [(Decimal("0.107"), True)]
    assert "DUTY_ESTIMATED" in {w.code for w in result.warnings}


def test_japanese_leather_shoes_quote_at_the_per_pair_floor(book: RatesBook) -> None:
    # HS 640399 failed after the first version of this policy: Japan now has a 6403 row (30 %, min JPY 4,300/pair)
    order = {
        "date": "2026-12-01",
        "ship_from": {"country": "IT"},
        "ship_to": {"country": "JP"},
        "currency": "JPY",
        "items": [
            {"id": "shoes", "price": {"amount": "20000", "currency": "JPY"}, "hs_code": "640399", "origin": "IT"}
        ],
    }
    result = quote(order, book=book)
    duty = result.lines_of("duty")
    assert len(duty) == 1 and not duty[0].estimated
    # a private import is valued at 60 % of the price (JPY 12,000, above the JPY 10,000 relief); 30 % of that
    # is JPY 3,600, under the floor, so the floor decides: JPY 4,300 for one pair
    assert duty[0].amount == Decimal("4300")


def test_switzerland_window_is_duty_free_by_its_chapter_rule(book: RatesBook) -> None:
    result = quote(_window("CH"), book=book)
    duty = result.lines_of("duty")
    assert [(d.amount, d.estimated) for d in duty] == [(Decimal("0.00"), False)]
    assert "DUTY_ESTIMATED" not in {w.code for w in result.warnings}
    assert duty[0].source == "https://bazg.admin.ch/bazg/en/home/topics/aufhebung_industriezoelle.html"


def test_switzerland_agricultural_chapters_keep_no_blanket_rule(book: RatesBook) -> None:
    # chapters 35 and 38 hold goods Switzerland treats as agricultural (dextrins, albumins): no 0 % for them
    with pytest.raises(RateUnavailable, match="HS code 350510"):
        quote(_window("CH", hs="350510"), book=book)
