"""Saudi Arabia and the United Arab Emirates: GCC duty relief for low-value consignments, VAT on every import.

Saudi Arabia (rates/regimes/SA.json), ZATCA "E-stores customers"
(https://zatca.gov.sa/en/RulesRegulations/Taxes/Pages/customs_individual/e-stores-customers.aspx): no customs duty if
the total value is LESS THAN SAR 1,000, counting goods, shipping and insurance; VAT is charged on everything in the
declaration including customs duties.
UAE (rates/regimes/AE.json), EY on Dubai Customs from 2023-03-01
(https://taxnews.ey.com/news/2023-0485-dubai-reinstates-former-import-value-threshold-of-consignments): duty on
consignments with a value EXCEEDING SAR 1,000; tobacco and alcohol are dutiable whatever the value; VAT 5 % on all.
"""

from __future__ import annotations

import pytest

from regimes_americas_emea.helpers_ame import D, duty_lines, item, quote_at, rule_ids, tax_lines

PIN = {"duty_rates": {"a": "0.05"}}


def test_saudi_personal_shipment_under_sar_1000_vat_only_on_goods_and_shipping() -> None:
    # SAR 900.00 + 99.99 shipping = 999.99 < 1,000: no duty; VAT 15 % x 999.99 = 149.9985 -> 150.00 at the door.
    result = quote_at("SA", item("a", "900.00", "SAR", hs="640399"), shipping=("99.99", "SAR"), incoterm="DAP")
    assert rule_ids(result, "duty") == ["SA-PERSONAL-SHIPMENT-EXEMPT"]
    assert duty_lines(result) == [("SA-PERSONAL-SHIPMENT-EXEMPT", D("0.00"), None, None, "delivery")]
    assert tax_lines(result) == [("SA-IMPORT-VAT", D("150.00"), D("999.99"), D("0.15"), "delivery")]
    assert result.totals.delivery == D("150.00")


@pytest.mark.parametrize(
    ("shipping", "insurance"),
    [("100.00", "0.00"), ("50.00", "50.00")],
)
def test_saudi_sar_1000_is_excluded_and_counts_shipping_and_insurance(shipping: str, insurance: str) -> None:
    # SAR 900 + 100 = exactly 1,000.00: not "less than", so duty (pinned 5 %) 0.05 x 1000.00 = 50.00;
    # VAT 0.15 x (1000.00 + 50.00) = 157.50.
    result = quote_at(
        "SA",
        item("a", "900.00", "SAR", hs="640399"),
        shipping=(shipping, "SAR"),
        insurance={"amount": insurance, "currency": "SAR"},
        overrides=PIN,
    )
    assert rule_ids(result, "duty") == ["SA-CUSTOMS-TARIFF"]
    assert duty_lines(result) == [("override", D("50.00"), D("1000.00"), D("0.05"), "checkout")]
    assert tax_lines(result) == [("SA-IMPORT-VAT", D("157.50"), D("1050.00"), D("0.15"), "checkout")]
    test = next(t for t in result.regime["tests"] if t["rule"] == "SA-PERSONAL-SHIPMENT-EXEMPT")
    assert (test["value"], test["passed"]) == ("SAR 1000.00", False)


def test_saudi_relief_is_for_personal_shipments() -> None:
    result = quote_at(
        "SA",
        item("a", "100.00", "SAR", hs="640399"),
        buyer={"type": "business", "tax_id": "300000000000003"},
        overrides=PIN,
    )
    assert rule_ids(result, "duty") == ["SA-CUSTOMS-TARIFF"]


def test_uae_parcel_under_the_gcc_threshold_pays_5_percent_vat_only() -> None:
    # AED 200 + AED 30 shipping; at AED 1 = SAR 1.0211 that is SAR 234.853 -> 234.85 <= 1,000: no duty.
    # VAT 0.05 x 230.00 = 11.50, collected by the courier at delivery.
    result = quote_at(
        "AE",
        item("a", "200.00", "AED", hs="420222"),
        shipping=("30.00", "AED"),
        incoterm="DAP",
        overrides={"fx": {"AED/SAR": "1.0211"}},
    )
    assert rule_ids(result, "duty") == ["AE-GCC-LOW-VALUE-EXEMPT"]
    assert tax_lines(result) == [("AE-IMPORT-VAT", D("11.50"), D("230.00"), D("0.05"), "delivery")]
    test = next(t for t in result.regime["tests"] if t["rule"] == "AE-GCC-LOW-VALUE-EXEMPT")
    assert (test["value"], test["passed"]) == ("SAR 234.85", True)


def test_uae_sar_1000_is_not_exceeding_so_no_duty() -> None:
    # SAR 1,000.00 at SAR 1 = AED 0.9793: goods AED 979.30, no duty; VAT 0.05 x 979.30 = 48.965 -> 48.97.
    result = quote_at("AE", item("a", "1000.00", "SAR", hs="420222"), overrides={**PIN, "fx": {"SAR/AED": "0.9793"}})
    assert rule_ids(result, "duty") == ["AE-GCC-LOW-VALUE-EXEMPT"]
    assert result.total_of("duty") == D("0.00")
    assert tax_lines(result) == [("AE-IMPORT-VAT", D("48.97"), D("979.30"), D("0.05"), "checkout")]


def test_uae_one_halala_over_sar_1000_pays_duty_then_vat_on_duty() -> None:
    # SAR 1,000.01 -> AED 979.309793 -> 979.31; duty (pinned 5 %) 48.9655 -> 48.97;
    # VAT 0.05 x (979.31 + 48.97) = 0.05 x 1028.28 = 51.414 -> 51.41.
    result = quote_at("AE", item("a", "1000.01", "SAR", hs="420222"), overrides={**PIN, "fx": {"SAR/AED": "0.9793"}})
    assert rule_ids(result, "duty") == ["AE-GCC-CUSTOMS-TARIFF"]
    assert duty_lines(result) == [("override", D("48.97"), D("979.31"), D("0.05"), "checkout")]
    assert tax_lines(result) == [("AE-IMPORT-VAT", D("51.41"), D("1028.28"), D("0.05"), "checkout")]


def test_uae_tobacco_is_dutiable_even_in_a_small_parcel() -> None:
    # Item a (AED 100, general) is relieved; item b (AED 50, tobacco, pinned 100 %) pays 50.00.
    result = quote_at(
        "AE",
        item("a", "100.00", "AED", hs="420222"),
        item("b", "50.00", "AED", hs="240220", category="tobacco"),
        overrides={"duty_rates": {"a": "0.05", "b": "1.00"}, "fx": {"AED/SAR": "1.0211"}},
    )
    by_rule = {entry["id"]: entry["item_ids"] for entry in result.regime["duty"]}
    assert by_rule == {"AE-GCC-LOW-VALUE-EXEMPT": ["a"], "AE-GCC-CUSTOMS-TARIFF": ["b"]}
    assert result.total_of("duty") == D("50.00")
    assert any(w.code == "EXCISE_NOT_COMPUTED" for w in result.warnings)
