"""Every duty table we ship answers the chapters e-commerce ships most (so a common code never reaches the
"no row" error), the new tables (Türkiye, South Africa) and fees quote as their rules say, worked by hand."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.landed_cost import Quote
from checkoutguard.landed_cost.book import RatesBook

RATES = Path(__file__).resolve().parents[2] / "rates"
TABLES = sorted(p.stem for p in (RATES / "duty").glob("*.json"))
#: cosmetics, bags, books, apparel, footwear, tableware, glassware, jewellery, kitchenware, electronics,
#: watches, furniture, toys and sports goods: one real code each
COMMON = {
    "33": "330499",
    "42": "420292",
    "49": "490199",
    "61": "610910",
    "62": "620342",
    "64": "640399",
    "69": "691200",
    "70": "701337",
    "71": "711719",
    "73": "732393",
    "84": "847130",
    "85": "851830",
    "91": "910211",
    "94": "940360",
    "95": "950300",
}
DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def book() -> RatesBook:
    return RatesBook(validate_files=True)


@pytest.mark.parametrize("jurisdiction", TABLES)
def test_every_table_answers_every_common_chapter_from_its_own_data(book: RatesBook, jurisdiction: str) -> None:
    table = book.duty(jurisdiction)
    assert table is not None
    for chapter, code in COMMON.items():
        row = table.lookup(code, DAY) or table.estimate(code, DAY)
        assert row is not None, f"{jurisdiction} has no row for chapter {chapter} ({code})"
        assert row.hs[:2] == chapter, f"{jurisdiction} {code} answered from chapter {row.hs[:2]}"
        assert row.source.startswith("http"), (jurisdiction, code)


@pytest.mark.parametrize("jurisdiction", TABLES)
def test_rows_added_without_confirmation_say_so(jurisdiction: str) -> None:
    document = json.loads((RATES / "duty" / f"{jurisdiction}.json").read_text())
    for row in document["rates"]:
        if row.get("confirmed") is False:
            assert "UNCONFIRMED" in row.get("note", ""), (jurisdiction, row["hs"])


def _order(country: str, price: str, currency: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "date": DAY.isoformat(),
        "currency": currency,
        "ship_from": {"country": extra.pop("ship_from", "US")},
        "ship_to": {"country": country},
        "items": list(items)
        or [{"id": "tee", "price": {"amount": price, "currency": currency}, "hs_code": "610910", "origin": "CN"}],
        **extra,
    }


def _lines(result: Quote, kind: str) -> list[tuple[str, Decimal]]:
    return [(line.rule, line.amount) for line in result.lines if line.type == kind]


def test_south_africa_tshirt_pays_45_percent_and_vat_on_the_uplifted_value(book: RatesBook) -> None:
    order = _order("ZA", "1000.00", "ZAR", shipping={"amount": "200.00", "currency": "ZAR"})
    result = quote(order, book=book)
    # FOB: the customs value leaves out the ZAR 200 freight; duty 45 % of 1,000 = 450;
    # VAT 15 % of (1,000 + 10 % uplift + 450 duty) = 15 % of 1,550 = 232.50 (VAT Act s. 13(2))
    assert [a for _, a in _lines(result, "duty")] == [Decimal("450.00")]
    assert [a for _, a in _lines(result, "tax")] == [Decimal("232.50")]


def test_turkey_charges_the_common_tariff_and_nothing_on_eu_goods(book: RatesBook) -> None:
    chinese = quote(_order("TR", "1000.00", "TRY"), book=book)
    assert [a for _, a in _lines(chinese, "duty")] == [Decimal("120.00")]  # 12 %, as the EU's CCT
    assert [a for _, a in _lines(chinese, "tax")] == [Decimal("224.00")]  # KDV 20 % of 1,120
    german = _order(
        "TR",
        "1000.00",
        "TRY",
        {"id": "tee", "price": {"amount": "1000.00", "currency": "TRY"}, "hs_code": "610910", "origin": "DE"},
        ship_from="DE",
    )
    result = quote(german, book=book)
    assert [a for _, a in _lines(result, "duty")] == [Decimal("0.00")]  # customs union, A.TR
    assert [a for _, a in _lines(result, "tax")] == [Decimal("200.00")]


def _fr(day: str) -> dict[str, Any]:
    items = [
        {"id": "tee", "price": {"amount": "10.00", "currency": "EUR"}, "quantity": 3, "hs_code": "610910"},
        {"id": "mug", "price": {"amount": "12.00", "currency": "EUR"}, "hs_code": "691200"},
    ]
    return {**_order("FR", "", "EUR", *items, ship_from="CN"), "date": day}


def test_france_charges_eur_2_per_article_from_march_2026(book: RatesBook) -> None:
    fees = _lines(quote(_fr("2026-03-01"), book=book), "fee")
    assert fees == [("FR-PETITS-COLIS", Decimal("4.00"))]  # two articles (3 T-shirts are one article)
    assert _lines(quote(_fr("2026-02-28"), book=book), "fee") == []
    # EUR 150 or more of intrinsic value: no French fee
    big = _fr("2026-03-01")
    big["items"][1]["price"]["amount"] = "120.00"
    assert _lines(quote(big, book=book), "fee") == []


@pytest.mark.parametrize(
    ("day", "price", "fees"),
    [
        ("2026-01-15", "2000.00", [("NZ-IETF-2025", Decimal("53.44")), ("NZ-BSEL", Decimal("53.36"))]),
        ("2025-06-30", "2000.00", [("NZ-IETF", Decimal("40.08")), ("NZ-BSEL", Decimal("53.36"))]),
        ("2026-01-15", "900.00", []),  # no import entry at NZD 1,000 or less
        ("2026-04-01", "2000.00", []),  # the levies that replace them are an open item (docs/coverage.md)
    ],
)
def test_new_zealand_entry_fees(book: RatesBook, day: str, price: str, fees: list[tuple[str, Decimal]]) -> None:
    order = {**_order("NZ", price, "NZD"), "date": day}
    assert _lines(quote(order, book=book), "fee") == fees
