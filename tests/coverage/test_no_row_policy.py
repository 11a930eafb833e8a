"""A code with no duty row is never quoted at another chapter's rate (issue #14: a Norwegian wooden window
was quoted at the clothing rate); a territory that levies no duty on whole chapters says so in its data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.errors import RateUnavailable
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


def test_norway_window_is_not_quoted_at_the_clothing_rate(book: RatesBook) -> None:
    chapters = {row["hs"][:2] for row in json.loads((RATES / "duty" / "NO.json").read_text())["rates"]}
    assert "44" not in chapters  # nothing in chapter 44 to estimate from: the quote must say so
    with pytest.raises(RateUnavailable, match="HS code 441820"):
        quote(_window("NO"), book=book)


def test_norway_window_quotes_once_the_merchant_pins_the_rate(book: RatesBook) -> None:
    result = quote(_window("NO", overrides={"duty_rates": {"window": "0"}}), book=book)
    assert [(line.rule, line.amount) for line in result.lines_of("duty")] == [("override", Decimal("0.00"))]


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
