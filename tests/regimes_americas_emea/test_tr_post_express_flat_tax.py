"""Türkiye: single flat tax on post and express consignments to individuals, and its end for most goods in 2026.

Rules: rates/regimes/TR.json.
- until 2024-08-20: goods up to EUR 150, 18 % from the EU / 30 % from elsewhere (haberler.com);
- 2024-08-21 to 2026-02-05: value up to EUR 30, 30 % directly from the EU / 60 % from elsewhere (Presidential Decision
  of 2024-08-06, https://ckay.com.tr/en/news/official-gazette-of-the-republic-of-turkey/changes-to-customs-law-no-4458-new-tax-rates-for-imported-goods);
  from 2024-12-27 transport to the Turkish border counts in the value (Official Gazette 32735,
  https://www.esenyelpartners.com/amendment-decision-on-the-implementation-of-specific-articles-of-the-customs-law-no-4458/;
  haberler: EUR 29 + EUR 2 shipping = EUR 31, over the limit);
- from 2026-02-06 the EUR 30 provision is gone (Official Gazette 2026-01-07, in force 30 days later,
  https://www.hurriyetdailynews.com/30-euro-limit-lifted-for-overseas-mail-orders-217573): ordinary duty and VAT.
Amounts are worked out by hand at EUR 1 = TRY 40.00.
"""

from __future__ import annotations

from typing import Any

import pytest

from regimes_americas_emea.helpers_ame import D, duty_lines, item, quote_at, rule_ids, tax_lines

FX = {"fx": {"EUR/TRY": "40.00"}}


def _parcel(goods: str, shipping: str, *, ship_from: str = "CN", day: str = "2025-06-02", **extra: Any) -> Any:
    extra.setdefault("overrides", {**FX, "duty_rates": {"a": "0.12"}})
    return quote_at(
        "TR", item("a", goods, "EUR", hs="610910"), ship_from=ship_from, shipping=(shipping, "EUR"), day=day, **extra
    )


def test_parcel_from_china_in_2025_pays_the_60_percent_flat_tax_on_goods_and_freight() -> None:
    # EUR 25 + EUR 3 freight = EUR 28 = TRY 1120.00; 60 % = 672.00; no separate VAT.
    result = _parcel("25.00", "3.00", incoterm="DAP")
    assert duty_lines(result) == [("TR-FLAT-OTHER-30", D("672.00"), D("1120.00"), D("0.60"), "delivery")]
    assert rule_ids(result, "tax") == ["TR-FLAT-OTHER-30-KDV"]
    assert result.total_of("tax") == D("0.00")
    assert result.totals.delivery == D("672.00")


def test_parcel_sent_directly_from_the_eu_pays_30_percent() -> None:
    # 0.30 x 1120.00 = 336.00
    result = _parcel("25.00", "3.00", ship_from="DE")
    assert duty_lines(result) == [("TR-FLAT-EU-30", D("336.00"), D("1120.00"), D("0.30"), "checkout")]


@pytest.mark.parametrize(
    ("goods", "shipping", "flat"),
    [
        ("28.00", "2.00", True),  # EUR 30.00 in all: within the limit
        ("28.01", "2.00", False),  # EUR 30.01: ordinary import
        ("29.00", "2.00", False),  # the haberler example: EUR 29 + EUR 2 = EUR 31
    ],
)
def test_eur_30_limit_counts_the_shipping(goods: str, shipping: str, flat: bool) -> None:
    result = _parcel(goods, shipping)
    expected = ["TR-FLAT-OTHER-30"] if flat else ["TR-TARIFF"]
    assert rule_ids(result, "duty") == expected
    assert rule_ids(result, "tax") == (["TR-FLAT-OTHER-30-KDV"] if flat else ["TR-IMPORT-KDV"])


@pytest.mark.parametrize(("day", "rule"), [("2026-02-05", "TR-FLAT-OTHER-30"), ("2026-02-06", "TR-TARIFF")])
def test_flat_regime_for_general_goods_ended_on_2026_02_06(day: str, rule: str) -> None:
    assert rule_ids(_parcel("10.00", "3.00", day=day), "duty") == [rule]


def test_ordinary_import_in_november_2026_duty_then_vat_on_cif_plus_duty() -> None:
    # Customs value 1120.00 (CIF); duty pinned 12 %: 134.40; KDV 20 % x (1120.00 + 134.40) = 250.88.
    result = _parcel("25.00", "3.00", day="2026-11-23", incoterm="DAP")
    assert duty_lines(result) == [("override", D("134.40"), D("1120.00"), D("0.12"), "delivery")]
    assert tax_lines(result) == [("TR-IMPORT-KDV", D("250.88"), D("1254.40"), D("0.20"), "delivery")]
    assert result.totals.delivery == D("385.28")


@pytest.mark.parametrize(
    ("ship_from", "goods", "rule", "duty"),
    [
        # Before 2024-08-21: on the goods only (freight not counted): 0.30 x 150.00 x 40 = 1800.00
        ("CN", "150.00", "TR-FLAT-OTHER-150", "1800.00"),
        # From the EU: 0.18 x 6000.00 = 1080.00
        ("FR", "150.00", "TR-FLAT-EU-150", "1080.00"),
        # EUR 150.01 of goods: ordinary import (duty pinned 12 % of the CIF value 6000.40 + 800.00 = 6800.40) = 816.048
        ("CN", "150.01", "TR-TARIFF", "816.05"),
    ],
)
def test_eur_150_regime_before_august_2024(ship_from: str, goods: str, rule: str, duty: str) -> None:
    result = _parcel(goods, "20.00", ship_from=ship_from, day="2024-08-20")
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


@pytest.mark.parametrize(
    ("day", "rule", "duty"),
    [
        # Until 2024-12-26 the EUR 30 limit and the tax looked at the goods only: EUR 28 -> 0.60 x 1120.00 = 672.00
        ("2024-12-26", "TR-FLAT-OTHER-30-2024", "672.00"),
        # From 2024-12-27 the EUR 3 shipping counts: EUR 31 is over the limit (duty pinned 12 % of CIF 1240.00)
        ("2024-12-27", "TR-TARIFF", "148.80"),
    ],
)
def test_shipping_joined_the_value_on_2024_12_27(day: str, rule: str, duty: str) -> None:
    result = _parcel("28.00", "3.00", day=day)
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


@pytest.mark.parametrize(
    ("goods", "rule", "duty"),
    [
        # Autumn 2024: EUR 30.00 of goods (EUR 5 shipping not counted): 0.60 x 1200.00 = 720.00
        ("30.00", "TR-FLAT-OTHER-30-2024", "720.00"),
        # EUR 30.01: ordinary import, duty pinned 12 % of CIF (30.01 + 5) x 40 = 1400.40 -> 168.048 -> 168.05
        ("30.01", "TR-TARIFF", "168.05"),
    ],
)
def test_eur_30_goods_limit_of_autumn_2024_is_inclusive(goods: str, rule: str, duty: str) -> None:
    result = _parcel(goods, "5.00", day="2024-10-01")
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


@pytest.mark.parametrize(("day", "rule"), [("2024-08-20", "TR-FLAT-OTHER-150"), ("2024-08-21", "TR-TARIFF")])
def test_limit_fell_from_eur_150_to_eur_30_on_2024_08_21(day: str, rule: str) -> None:
    # EUR 100 of goods: under the old limit, over the new one.
    assert rule_ids(_parcel("100.00", "0.00", day=day), "duty") == [rule]


def test_business_consignment_is_never_flat_taxed() -> None:
    result = _parcel("10.00", "3.00", buyer={"type": "business", "tax_id": "1234567890"})
    assert rule_ids(result, "duty") == ["TR-TARIFF"]
