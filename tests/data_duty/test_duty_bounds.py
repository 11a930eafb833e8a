"""Duty held between a minimum and a maximum per unit, as TARIC writes it for watches
("4.50 % MIN 0.30 EUR/p/st MAX 0.80 EUR/p/st", read in the source cited by rates/duty/EU.json)."""

from __future__ import annotations

from decimal import Decimal

from checkoutguard.data import schemas
from checkoutguard.landed_cost import quote
from quote_builders import TODAY, item, order


def _duty(*items: dict[str, object]) -> list[tuple[str, Decimal]]:
    result = quote(order("DE", *items, day="2026-11-23"), today=TODAY)
    return [(line.item_id or "", line.amount) for line in result.lines_of("duty")]


def test_an_eu_watch_pays_the_maximum_not_four_and_a_half_percent() -> None:
    # EUR 200 > EUR 150, so the tariff applies: 4.5 % would be EUR 9.00; the cap is EUR 0.80 per watch.
    assert _duty(item("w", "200.00", "EUR", hs="910211", origin="CN")) == [("w", Decimal("0.80"))]
    # Two watches of EUR 100 (EUR 200 together): 4.5 % is EUR 9.00, the cap EUR 1.60.
    assert _duty(item("w", "100.00", "EUR", hs="910212", origin="CN", quantity=2)) == [("w", Decimal("1.60"))]


def test_a_cheap_watch_in_a_dear_parcel_pays_the_minimum() -> None:
    # A EUR 5 watch next to a EUR 300 laptop: 4.5 % of 5 is EUR 0.225, below the EUR 0.30 minimum.
    duties = dict(
        _duty(item("w", "5.00", "EUR", hs="910211", origin="CN"), item("l", "300.00", "EUR", hs="847130", origin="CN"))
    )
    assert duties["w"] == Decimal("0.30")


def test_a_bound_alone_is_not_a_rate() -> None:
    bound = {"amount": "0.30", "currency": "EUR", "unit": "unit"}
    table = {
        "jurisdiction": "EU",
        "name": "x",
        "countries": ["DE"],
        "currency": "EUR",
        "nomenclature": "CN",
        "rates": [
            {
                "hs": "9102",
                "description": "w",
                "rate": {"minimum": bound},
                "effective_from": "2026-01-01",
                "source": "https://example.org/t",
            }
        ],
        "reviewed": "2026-11-23",
        "review_by": "2027-01-01",
        "sources": [{"url": "https://example.org/t", "title": "a synthetic table"}],
    }
    assert schemas.errors(table, "duty")
    table["rates"][0]["rate"] = {"ad_valorem": "0.045", "minimum": bound, "maximum": dict(bound, amount="0.80")}
    assert not schemas.errors(table, "duty")
