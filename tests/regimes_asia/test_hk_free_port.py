"""Hong Kong: a free port with no customs tariff and no VAT; excise only on four dutiable commodities.

Rules: rates/regimes/HK.json. Customs and Excise Department, cargo clearance
(https://www.customs.gov.hk/en/service-enforcement-information/cargo-clearance/index.html): "The HKSAR is a free port
and does not levy any Customs tariff on imports and exports. There is also no tariff quota or surcharge, or value added
and general services taxes. Excise duties are levied only on four types of dutiable commodities". There is no value
threshold to test at its boundary: nothing is charged at any value.
"""

from __future__ import annotations

import pytest

from regimes_asia.helpers_asia import D, item, quote_at, rule_ids, warning_codes


@pytest.mark.parametrize("amount", ["1.00", "500.00", "250000.00"])
def test_nothing_is_charged_on_ordinary_goods_at_any_value(amount: str) -> None:
    result = quote_at(
        "HK", item("tee", amount, "HKD", hs="610910"), shipping=("80.00", "HKD"), ship_from="GB", incoterm="DAP"
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["HK-NO-VAT"], ["HK-FREE-PORT"])
    assert result.total_of("duty") == result.total_of("tax") == 0
    assert result.totals.delivery == D("0.00")
    assert result.totals.grand == D(amount) + D("80.00")
    assert [line.label for line in result.lines_of("tax")] == ["No VAT/GST in Hong Kong"]


def test_spirits_warn_that_the_excise_is_not_computed() -> None:
    result = quote_at("HK", item("whisky", "900.00", "HKD", hs="220830", category="alcohol"))
    assert result.total_of("duty") == 0
    assert "EXCISE_NOT_COMPUTED" in warning_codes(result)
