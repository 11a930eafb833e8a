"""South Korea: personal-use goods free of duty and VAT up to USD 150 (USD 200 shipped from the US, list clearance).

Rules: rates/regimes/KR.json. A licensed customs broker's answer (https://a-ha.io/questions/4efa995b326d2db0a678b07ac799f16c):
list clearance for personal use up to USD 150, USD 200 for goods shipped from the US; goods in general clearance
(food, supplements, medicines...) up to USD 150 whatever the origin. The limit is on the goods price without
international freight (https://www.bizdaily.net/news/article.html?no=30439). Above it duty is charged on CIF and VAT
10 % on CIF + duty, on the whole value. The exchange rate is pinned at KRW 1,400 per USD so the amounts can be
worked by hand; KRW has no minor unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from regimes_asia.helpers_asia import D, duty_lines, item, quote_at, rule_ids, tax_lines

FX = {"USD/KRW": "1400"}
US_EXEMPT = ["KR-LIST-CLEARANCE-US-TAX-EXEMPT"], ["KR-LIST-CLEARANCE-US-DUTY-EXEMPT"]
EXEMPT = ["KR-SMALL-VALUE-TAX-EXEMPT"], ["KR-SMALL-VALUE-DUTY-EXEMPT"]
TAXED = ["KR-IMPORT-VAT"], ["KR-CUSTOMS-TARIFF"]


def overrides(**rates: str) -> dict[str, Any]:
    return {"fx": FX, "duty_rates": rates}


def test_worked_example_250_dollar_item_from_the_us() -> None:
    # https://bal.pe.kr/en/guide/jiggu-customs-150usd-2026: a USD 250 item from the US at 6.5 % duty:
    # duty USD 16.25, VAT (250 + 16.25) x 10 % = USD 26.63 (26.625). In KRW at 1,400: goods 350,000,
    # duty 350,000 x 6.5 % = 22,750, VAT (350,000 + 22,750) x 10 % = 37,275 (= 26.625 x 1,400).
    result = quote_at(
        "KR", item("a", "250.00", "USD", hs="851830"), ship_from="US", incoterm="DAP", overrides=overrides(a="0.065")
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == TAXED
    assert duty_lines(result) == [("override", D("22750"), D("350000"), D("0.065"), "delivery")]
    assert tax_lines(result) == [("KR-IMPORT-VAT", D("37275"), D("372750"), D("0.10"), "delivery")]
    assert result.totals.delivery == D("60025")


def test_200_dollars_from_the_us_is_free_and_freight_does_not_count() -> None:
    # Goods USD 200.00 + USD 20 international freight: the limit looks at the goods price only.
    result = quote_at(
        "KR",
        item("jacket", "200.00", "USD", hs="620130"),
        ship_from="US",
        shipping=("20.00", "USD"),
        overrides=overrides(jacket="0.13"),
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == US_EXEMPT
    assert result.total_of("duty") == result.total_of("tax") == 0
    assert result.regime["tests"][0]["value"] == "USD 200.00"


def test_one_cent_over_200_dollars_taxes_the_whole_cif_value() -> None:
    # Goods 200.01 x 1,400 = 280,014; freight 20 x 1,400 = 28,000; CIF 308,014.
    # Duty 13 %: 40,041.82 -> 40,042. VAT: (308,014 + 40,042) x 10 % = 34,805.6 -> 34,806.
    result = quote_at(
        "KR",
        item("jacket", "200.01", "USD", hs="620130"),
        ship_from="US",
        shipping=("20.00", "USD"),
        incoterm="DAP",
        overrides=overrides(jacket="0.13"),
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == TAXED
    assert duty_lines(result) == [("override", D("40042"), D("308014"), D("0.13"), "delivery")]
    assert tax_lines(result) == [("KR-IMPORT-VAT", D("34806"), D("348056"), D("0.10"), "delivery")]


@pytest.mark.parametrize(
    ("amount", "rules", "duty", "vat"),
    [
        ("150.00", EXEMPT, D("0"), D("0")),
        # 150.01 x 1,400 = 210,014; duty 13 % = 27,301.82 -> 27,302; VAT (210,014 + 27,302) x 10 % = 23,731.6 -> 23,732.
        ("150.01", TAXED, D("27302"), D("23732")),
    ],
)
def test_150_dollar_limit_for_goods_shipped_from_elsewhere(
    amount: str, rules: tuple[list[str], list[str]], duty: Decimal, vat: Decimal
) -> None:
    result = quote_at("KR", item("dress", amount, "USD", hs="620442"), overrides=overrides(dress="0.13"))
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == rules
    assert (result.total_of("duty"), result.total_of("tax")) == (duty, vat)


def test_supplements_from_the_us_are_limited_to_150_dollars() -> None:
    # Supplements go through general clearance: USD 180 from the US is over the USD 150 limit.
    # 180 x 1,400 = 252,000; duty 8 % = 20,160; VAT (252,000 + 20,160) x 10 % = 27,216.
    result = quote_at(
        "KR",
        item("vitamins", "180.00", "USD", hs="210690", category="supplements"),
        ship_from="US",
        overrides=overrides(vitamins="0.08"),
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == TAXED
    assert (result.total_of("duty"), result.total_of("tax")) == (D("20160"), D("27216"))


def test_one_general_clearance_item_puts_the_whole_us_package_under_the_150_limit() -> None:
    # Clothing USD 190 alone from the US would be free (list clearance, USD 200); with USD 5 of supplements in the
    # same box the package goes to general clearance and USD 195 > 150 (forwarder example, boxoregon.com).
    # Duty: 266,000 x 13 % = 34,580 and 7,000 x 8 % = 560. VAT (266,000 + 34,580 + 7,000 + 560) x 10 % = 30,814.
    alone = quote_at("KR", item("top", "190.00", "USD", hs="610910"), ship_from="US", overrides=overrides(top="0.13"))
    assert rule_ids(alone, "tax") == US_EXEMPT[0]
    mixed = quote_at(
        "KR",
        item("top", "190.00", "USD", hs="610910"),
        item("vitamins", "5.00", "USD", hs="210690", category="supplements"),
        ship_from="US",
        overrides=overrides(top="0.13", vitamins="0.08"),
    )
    assert (rule_ids(mixed, "tax"), rule_ids(mixed, "duty")) == TAXED
    assert [line.amount for line in mixed.lines_of("duty")] == [D("34580"), D("560")]
    assert tax_lines(mixed) == [("KR-IMPORT-VAT", D("30814"), D("308140"), D("0.10"), "checkout")]


def test_the_us_limit_follows_the_shipping_country_not_the_origin() -> None:
    # A US-made jacket of USD 180 shipped from Japan only gets the USD 150 limit.
    result = quote_at(
        "KR",
        item("jacket", "180.00", "USD", hs="620130", origin="US"),
        ship_from="JP",
        overrides=overrides(jacket="0.13"),
    )
    assert rule_ids(result, "tax") == TAXED[0]
