"""The researched regimes added for issue #14 (Chile, Thailand, Vietnam): each 2025-2026 change, dated, with
expected amounts worked out by hand from the rules the sources state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.errors import RateUnavailable
from checkoutguard.landed_cost import Quote
from checkoutguard.landed_cost.book import RatesBook


@pytest.fixture(scope="module")
def book() -> RatesBook:
    return RatesBook(validate_files=True)


def _order(country: str, day: str, price: str, price_currency: str, **extra: Any) -> dict[str, Any]:
    return {
        "date": day,
        "ship_from": {"country": "CN"},
        "ship_to": {"country": country},
        "items": [
            {"id": "tee", "price": {"amount": price, "currency": price_currency}, "hs_code": "610910", "origin": "CN"}
        ],
        **extra,
    }


def _amounts(result: Quote, kind: str) -> list[Decimal]:
    return [line.amount for line in result.lines_of(kind)]  # type: ignore[arg-type]


def test_chile_sii_example_usd_30_costs_usd_35_70_at_checkout(book: RatesBook) -> None:
    # SII (2025-10-02): "a product of USD 30 will have a final value of USD 35.7 with 19 % VAT"
    order = _order("CL", "2025-11-03", "30.00", "USD", currency="USD", merchant={"registrations": ["CL-SII"]})
    result = quote(order, book=book)
    assert _amounts(result, "tax") == [Decimal("5.70")]
    assert result.totals.checkout == Decimal("35.70")
    assert _amounts(result, "duty") == [Decimal("0.00")]
    assert [r["id"] for r in result.regime["tax"]] == ["CL-REMOTE-SALE-VAT"]
    assert "DEFAULT_RULES" not in {w.code for w in result.warnings}


def test_chile_unregistered_seller_pays_6_percent_duty_and_vat_at_import(book: RatesBook) -> None:
    order = _order("CL", "2026-12-01", "80.00", "USD", currency="USD", shipping={"amount": "10.00", "currency": "USD"})
    result = quote(order, book=book)
    assert _amounts(result, "duty") == [Decimal("5.40")]  # 6 % of CIF USD 90
    assert _amounts(result, "tax") == [Decimal("18.13")]  # 19 % of (90 + 5.40) = 18.126


def test_chile_registered_seller_above_usd_500_falls_to_the_border_rules(book: RatesBook) -> None:
    order = _order("CL", "2026-12-01", "600.00", "USD", currency="USD", merchant={"registrations": ["CL-SII"]})
    result = quote(order, book=book)
    assert _amounts(result, "duty") == [Decimal("36.00")]
    assert _amounts(result, "tax") == [Decimal("120.84")]  # 19 % of 636


def test_chile_usd_41_exemption_ended_on_2025_10_25(book: RatesBook) -> None:
    before = quote(_order("CL", "2025-10-24", "40.00", "USD", currency="USD"), book=book)
    assert _amounts(before, "duty") == [Decimal("0.00")]
    assert sum(_amounts(before, "tax")) == Decimal("0.00")
    after = quote(_order("CL", "2025-10-25", "40.00", "USD", currency="USD"), book=book)
    assert _amounts(after, "duty") == [Decimal("2.40")]  # 6 % of 40
    assert _amounts(after, "tax") == [Decimal("8.06")]  # 19 % of 42.40 = 8.056


def test_thailand_low_value_parcel_paid_vat_only_in_2025(book: RatesBook) -> None:
    result = quote(_order("TH", "2025-12-31", "1000.00", "THB"), book=book)
    assert _amounts(result, "duty") == [Decimal("0.00")]
    assert _amounts(result, "tax") == [Decimal("70.00")]  # 7 % of THB 1,000


def test_thailand_low_value_parcel_pays_duty_from_2026(book: RatesBook) -> None:
    on_new_year = _order("TH", "2026-01-01", "1000.00", "THB")
    with pytest.raises(RateUnavailable, match="no duty data for TH"):
        quote(on_new_year, book=book)  # duty is now due and there is no table to estimate it from
    pinned = quote({**on_new_year, "overrides": {"duty_rates": {"tee": "0.30"}}}, book=book)
    assert _amounts(pinned, "duty") == [Decimal("300.00")]
    assert _amounts(pinned, "tax") == [Decimal("91.00")]  # 7 % of (1,000 + 300)


def test_thailand_before_july_2024_low_value_parcel_was_free(book: RatesBook) -> None:
    result = quote(_order("TH", "2024-07-04", "1000.00", "THB"), book=book)
    assert _amounts(result, "duty") == [Decimal("0.00")]
    assert sum(_amounts(result, "tax")) == Decimal("0.00")


def test_vietnam_express_exemption_ended_on_2025_02_18(book: RatesBook) -> None:
    before = quote(_order("VN", "2025-02-17", "900000", "VND", transport="courier"), book=book)
    assert _amounts(before, "duty") == [Decimal("0")]
    assert sum(_amounts(before, "tax")) == Decimal("0")
    after = _order("VN", "2025-02-18", "900000", "VND", transport="courier", overrides={"duty_rates": {"tee": "0.20"}})
    result = quote(after, book=book)
    assert _amounts(result, "duty") == [Decimal("180000")]
    assert _amounts(result, "tax") == [Decimal("86400")]  # 8 % (reduced rate to 2026-12-31) of 1,080,000


def test_vietnam_post_parcel_never_had_the_express_exemption(book: RatesBook) -> None:
    order = _order("VN", "2025-02-17", "900000", "VND", transport="post", overrides={"duty_rates": {"tee": "0.20"}})
    assert _amounts(quote(order, book=book), "duty") == [Decimal("180000")]


def _ph(price: str, shipping: str, **extra: Any) -> dict[str, Any]:
    order = _order("PH", "2026-12-01", price, "PHP", currency="PHP", **extra)
    return {**order, "shipping": {"amount": shipping, "currency": "PHP"}, "ship_from": {"country": "US"}}


def test_philippines_de_minimis_is_on_the_fob_value_not_cif(book: RatesBook) -> None:
    # CMTA s. 423: FOB PHP 9,500 is under PHP 10,000 even though CIF (with PHP 1,500 freight) is above it
    result = quote(_ph("9500.00", "1500.00"), book=book)
    assert _amounts(result, "duty") == [Decimal("0.00")]
    assert _amounts(result, "tax") == [Decimal("0.00")]
    assert [r["id"] for r in result.regime["tax"]] == ["PH-DE-MINIMIS-VAT"]
    assert "DEFAULT_RULES" not in {w.code for w in result.warnings}
    at_limit = quote(_ph("10000.00", "0.00"), book=book)  # "PHP 10,000.00 or below": the limit itself is exempt
    assert sum(_amounts(at_limit, "tax")) == Decimal("0.00")


def test_philippines_above_de_minimis_pays_duty_on_cif_and_vat_on_landed_cost(book: RatesBook) -> None:
    result = quote(_ph("12000.00", "1000.00", overrides={"duty_rates": {"tee": "0.15"}}), book=book)
    assert _amounts(result, "duty") == [Decimal("1950.00")]  # 15 % of CIF PHP 13,000
    assert _amounts(result, "tax") == [Decimal("1794.00")]  # 12 % of (13,000 + 1,950)
    with pytest.raises(RateUnavailable, match="no duty data for PH"):
        quote(_ph("12000.00", "1000.00"), book=book)  # no PH tariff table: the rate must be pinned
