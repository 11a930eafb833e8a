"""South Africa: the low-value consignment flat rate, its end, and VAT on imports (rates/regimes/ZA.json).

Baker McKenzie (https://insightplus.bakermckenzie.com/bm/tax/south-africa-do-all-good-things-come-to-an-end-phasing-out-the-low-customs-value-consignment-relief):
before 2024-09-01, imports valued at ZAR 500 or less paid a flat 20 % in lieu of customs duty and no VAT; from
2024-09-01 VAT is added. The concession ended on 2025-02-01 (SA Express Parcel Association, restated at
http://toplinevaluationgroup.com/590106-temu-and-shein-crackdown-in-south-africa-2.html). Customs value is FOB.
VAT Act s. 13(2)(a) (https://www.acts.co.za/value-added-tax-act-1991/13__collection_of_tax_on_importation_of_goods_determination_of_value_thereof_and_exemptions_from_tax.php):
the VAT base is customs value + duty + 10 % of the customs value (the rule's customs_value_uplift), except for goods
from the other SACU members.
"""

from __future__ import annotations

import pytest

from regimes_americas_emea.helpers_ame import D, duty_lines, item, quote_at, rule_ids, tax_lines

PIN = {"duty_rates": {"a": "0.45"}}


def test_parcel_in_november_2026_pays_the_tariff_on_the_fob_value_at_the_door() -> None:
    # FOB: customs value 400.00 (the R100 freight is not in it); clothing tariff pinned at 45 %: 180.00.
    result = quote_at(
        "ZA", item("a", "400.00", "ZAR", hs="610910"), shipping=("100.00", "ZAR"), incoterm="DAP", overrides=PIN
    )
    assert rule_ids(result, "duty") == ["ZA-CUSTOMS-TARIFF"]
    assert duty_lines(result) == [("override", D("180.00"), D("400.00"), D("0.45"), "delivery")]
    assert rule_ids(result, "tax") == ["ZA-IMPORT-VAT"]
    assert [(rule, rate, payable) for rule, _, _, rate, payable in tax_lines(result)] == [
        ("ZA-IMPORT-VAT", D("0.15"), "delivery")
    ]


@pytest.mark.parametrize(
    ("goods", "rule", "duty"),
    [
        ("500.00", "ZA-LOW-VALUE-FLAT-20", "100.00"),  # 0.20 x 500.00
        ("500.01", "ZA-CUSTOMS-TARIFF", "225.00"),  # tariff pinned 45 %: 0.45 x 500.01 = 225.0045
    ],
)
def test_zar_500_limit_was_inclusive_and_ignored_freight(goods: str, rule: str, duty: str) -> None:
    result = quote_at(
        "ZA", item("a", goods, "ZAR", hs="950300"), shipping=("200.00", "ZAR"), overrides=PIN, day="2024-10-01"
    )
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


@pytest.mark.parametrize(("day", "tax_rule"), [("2024-08-31", "ZA-LOW-VALUE-NO-VAT"), ("2024-09-01", "ZA-IMPORT-VAT")])
def test_vat_on_low_value_parcels_from_2024_09_01(day: str, tax_rule: str) -> None:
    # R400: flat 20 % = 80.00 on both days; before 2024-09-01 no VAT at all.
    result = quote_at("ZA", item("a", "400.00", "ZAR", hs="950300"), day=day)
    assert duty_lines(result) == [("ZA-LOW-VALUE-FLAT-20", D("80.00"), D("400.00"), D("0.20"), "checkout")]
    assert rule_ids(result, "tax") == [tax_rule]
    if tax_rule == "ZA-LOW-VALUE-NO-VAT":
        assert result.total_of("tax") == D("0.00")
    else:
        assert result.total_of("tax") > 0


@pytest.mark.parametrize(("day", "rule"), [("2025-01-31", "ZA-LOW-VALUE-FLAT-20"), ("2025-02-01", "ZA-CUSTOMS-TARIFF")])
def test_flat_rate_concession_ended_on_2025_02_01(day: str, rule: str) -> None:
    result = quote_at("ZA", item("a", "400.00", "ZAR", hs="950300"), day=day, overrides=PIN)
    assert rule_ids(result, "duty") == [rule]


def test_import_vat_includes_the_ten_percent_uplift() -> None:
    # Goods ZAR 400 (tariff pinned 45 %): duty 180.00; VAT 0.15 x (400 + 180 + 40) = 93.00 per s. 13(2)(a).
    result = quote_at("ZA", item("a", "400.00", "ZAR", hs="610910"), overrides=PIN)
    assert result.total_of("duty") == D("180.00")
    assert result.total_of("tax") == D("93.00")


def test_low_value_vat_from_september_2024_includes_the_uplift() -> None:
    # R400, flat 20 % = 80.00; VAT 0.15 x (400 + 80 + 40) = 78.00 (tradelogistics.co.za: ATV = FOB value + 10 % + duty).
    result = quote_at("ZA", item("a", "400.00", "ZAR", hs="950300"), day="2024-10-01")
    assert result.total_of("tax") == D("78.00")


def test_goods_shipped_from_a_sacu_member_have_no_uplift() -> None:
    # Goods ZAR 400 from Namibia (tariff pinned 45 %): VAT 0.15 x (400 + 180) = 87.00, no 10 % uplift.
    result = quote_at("ZA", item("a", "400.00", "ZAR", hs="610910"), overrides=PIN, ship_from="NA")
    assert rule_ids(result, "tax") == ["ZA-IMPORT-VAT-SACU"]
    assert result.total_of("tax") == D("87.00")
