"""Mexico: courier simplified procedure (RGCE rule 3.7.35), global rates by origin and value, the 2025-08-15 change.

Rules: rates/regimes/MX.json. From 2025-08-15 the global rate (IGI + IVA in one) is 33.5 % of the customs value for
courier consignments up to USD 2,500 (was 19 %); consignments from the US or Canada (T-MEC) are free up to USD 50
(customs processing fee only), 17 % up to USD 117 and 19 % above
(https://www.internationaltradecomplianceupdate.com/2025/07/29/mexico-increase-to-the-rates-of-duty-applicable-upon-importation-through-courier-companies;
https://jadelrio.com/mx/en/blogs/fourth-resolution-of-amendments-to-the-general-foreign-trade-rules-for-2025).
The customs value includes freight (Ley Aduanera Art. 65). Amounts are worked out by hand at USD 1 = MXN 18.50.
"""

from __future__ import annotations

from typing import Any

import pytest

from regimes_americas_emea.helpers_ame import D, duty_lines, fee_lines, item, quote_at, rule_ids, tax_lines

FX = {"fx": {"USD/MXN": "18.50"}}


def _courier(goods: str, *, ship_from: str = "CN", day: str = "2026-11-23", **extra: Any) -> Any:
    extra.setdefault("overrides", FX)
    return quote_at("MX", item("a", goods, "USD", hs="610910"), ship_from=ship_from, day=day, **extra)


def test_parcel_from_china_pays_the_33_5_percent_global_rate_and_no_separate_iva() -> None:
    # Goods USD 40 + freight USD 10 = USD 50 = MXN 925.00 customs value; 0.335 x 925.00 = 309.875 -> 309.88.
    result = _courier("40.00", shipping=("10.00", "USD"), incoterm="DAP")
    assert rule_ids(result, "duty") == ["MX-COURIER-GLOBAL-RATE"]
    assert rule_ids(result, "tax") == ["MX-COURIER-GLOBAL-RATE-IVA"]
    assert duty_lines(result) == [("MX-COURIER-GLOBAL-RATE", D("309.88"), D("925.00"), D("0.335"), "delivery")]
    assert tax_lines(result) == [("MX-COURIER-GLOBAL-RATE-IVA", D("0.00"), None, None, "delivery")]
    assert result.totals.delivery == D("309.88")
    assert result.totals.checkout == D("925.00")


@pytest.mark.parametrize(
    ("day", "rule", "duty"),
    [
        # Until 2025-08-14: 0.19 x 925.00 = 175.75
        ("2025-08-14", "MX-COURIER-GLOBAL-RATE-2025", "175.75"),
        # From 2025-08-15: 0.335 x 925.00 = 309.875 -> 309.88
        ("2025-08-15", "MX-COURIER-GLOBAL-RATE", "309.88"),
    ],
)
def test_global_rate_rose_from_19_to_33_5_percent_on_2025_08_15(day: str, rule: str, duty: str) -> None:
    result = _courier("40.00", shipping=("10.00", "USD"), day=day)
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)
    assert result.total_of("tax") == D("0.00")


@pytest.mark.parametrize(
    ("goods", "rule", "duty"),
    [
        # USD 50.00 from the US: free of IGI and IVA.
        ("50.00", "MX-COURIER-TMEC-EXEMPT", "0.00"),
        # USD 50.01 = MXN 925.185 -> 925.19; 0.17 x 925.19 = 157.2823 -> 157.28
        ("50.01", "MX-COURIER-TMEC-17", "157.28"),
        # USD 117.00 = MXN 2164.50; 0.17 x 2164.50 = 367.965 -> 367.97
        ("117.00", "MX-COURIER-TMEC-17", "367.97"),
        # USD 117.01 = MXN 2164.685 -> 2164.69; 0.19 x 2164.69 = 411.2911 -> 411.29
        ("117.01", "MX-COURIER-TMEC-19", "411.29"),
        # USD 2,500.00 = MXN 46250.00; 0.19 x 46250 = 8787.50
        ("2500.00", "MX-COURIER-TMEC-19", "8787.50"),
    ],
)
def test_tmec_brackets_from_the_united_states(goods: str, rule: str, duty: str) -> None:
    result = _courier(goods, ship_from="US")
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)
    assert result.total_of("tax") == D("0.00")
    assert rule_ids(result, "tax") == [f"{rule}-IVA"]


@pytest.mark.parametrize(
    ("goods", "rule", "duty"),
    [
        # USD 2,500.00 from China = MXN 46250.00; 0.335 x 46250.00 = 15493.75
        ("2500.00", "MX-COURIER-GLOBAL-RATE", "15493.75"),
        # USD 2,500.01 = MXN 46250.185 -> 46250.19; tariff pinned 25 %: 11562.5475 -> 11562.55
        ("2500.01", "MX-LIGIE", "11562.55"),
    ],
)
def test_usd_2500_ceiling_of_the_courier_procedure_is_inclusive(goods: str, rule: str, duty: str) -> None:
    result = _courier(goods, overrides={**FX, "duty_rates": {"a": "0.25"}})
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


def test_above_usd_117_before_2025_08_15_us_parcels_took_the_general_19_percent() -> None:
    # Before fr. III c) existed a T-MEC parcel above USD 117 fell under fr. I (19 % then): same amount, other rule.
    result = _courier("117.01", ship_from="US", day="2025-08-14")
    assert rule_ids(result, "duty") == ["MX-COURIER-GLOBAL-RATE-2025"]
    assert result.total_of("duty") == D("411.29")


def test_tmec_free_parcel_paid_the_customs_processing_fee_in_2025_only() -> None:
    # MXN 445 per consignment in 2025 (ITCU, July 2025); the 2026 amount was not found, so none is quoted.
    in_2025 = _courier("30.00", ship_from="CA", day="2025-06-02", incoterm="DAP")
    assert rule_ids(in_2025, "duty") == ["MX-COURIER-TMEC-EXEMPT"]
    assert fee_lines(in_2025) == [("MX-DTA-COURIER", D("445.00"), "delivery")]
    assert in_2025.totals.delivery == D("445.00")
    in_2026 = _courier("30.00", ship_from="CA", incoterm="DAP")
    assert fee_lines(in_2026) == []


def test_usd_2500_ceiling_and_the_post_fall_back_to_the_general_regime() -> None:
    # USD 2,500.01 by courier from China: tariff (pinned 25 %) and IVA 16 % at import.
    # Customs value 2500.01 x 18.50 = 46250.185 -> 46250.19; duty 0.25 x 46250.19 = 11562.5475 -> 11562.55;
    # IVA 0.16 x (46250.19 + 11562.55) = 0.16 x 57812.74 = 9250.0384 -> 9250.04.
    over = _courier("2500.01", overrides={**FX, "duty_rates": {"a": "0.25"}})
    assert rule_ids(over, "duty") == ["MX-LIGIE"]
    assert duty_lines(over) == [("override", D("11562.55"), D("46250.19"), D("0.25"), "checkout")]
    assert tax_lines(over) == [("MX-IMPORT-IVA", D("9250.04"), D("57812.74"), D("0.16"), "checkout")]
    # A postal parcel is not in the courier procedure: goods 40 + freight 10 = MXN 925.00; 25 % = 231.25;
    # IVA 0.16 x (925.00 + 231.25) = 185.00.
    post = _courier("40.00", shipping=("10.00", "USD"), transport="post", overrides={**FX, "duty_rates": {"a": "0.25"}})
    assert rule_ids(post, "duty") == ["MX-LIGIE"]
    assert rule_ids(post, "tax") == ["MX-IMPORT-IVA"]
    assert (post.total_of("duty"), post.total_of("tax")) == (D("231.25"), D("185.00"))


def test_quotes_dated_2024_use_the_general_regime_because_the_2024_rule_is_not_modelled() -> None:
    result = _courier("40.00", day="2024-06-03", overrides={**FX, "duty_rates": {"a": "0.25"}})
    assert rule_ids(result, "duty") == ["MX-LIGIE"]
