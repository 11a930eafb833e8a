"""Japan: personal imports valued at 60 % of the retail price plus freight; duty and tax waived up to JPY 10,000.

Rules: rates/regimes/JP.json. Customs Answer 1006 (https://www.customs.go.jp/english/c-answer_e/imtsukan/1006_e.htm):
goods of a total customs value of JPY 10,000 or less are exempt from duty and consumption tax. Customs Answer 1405
(https://www.customs.go.jp/english/c-answer_e/imtsukan/1405_e.htm, Japanese edition 1405_jr): goods for private use
are valued at the overseas retail price x 0.6; transport to Japan is added (Customs Answer 1403, CIF). Consumption
tax (7.8 % + 2.2 % = 10 %) is charged on the customs value plus duty. Every expected amount is worked out by hand
in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimes_asia.helpers_asia import D, duty_lines, item, quote_at, rule_ids, tax_lines

EXEMPT = ["JP-SMALL-VALUE-CT-EXEMPT"], ["JP-SMALL-VALUE-DUTY-EXEMPT"]
TAXED = ["JP-IMPORT-CT"], ["JP-CUSTOMS-TARIFF"]


def test_coat_bought_abroad_is_valued_at_sixty_percent_plus_freight() -> None:
    # A woven coat at JPY 30,000 with JPY 3,000 shipping, duty pinned at 9.1 % (WTO rate of 6201.30).
    # Customs value: 30,000 x 0.6 + 3,000 = 21,000 > 10,000, so taxed.
    # Duty: 21,000 x 9.1 % = 1,911. Consumption tax: (21,000 + 1,911) x 10 % = 2,291.1 -> 2,291.
    # Under DAP both are collected at the door.
    result = quote_at(
        "JP",
        item("coat", "30000", "JPY", hs="620130"),
        shipping=("3000", "JPY"),
        incoterm="DAP",
        overrides={"duty_rates": {"coat": "0.091"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == TAXED
    assert duty_lines(result) == [("override", D("1911"), D("21000"), D("0.091"), "delivery")]
    assert tax_lines(result) == [("JP-IMPORT-CT", D("2291"), D("22911"), D("0.10"), "delivery")]
    assert (result.totals.checkout, result.totals.delivery) == (D("33000"), D("4202"))
    assert result.regime["valuation"] == "CIF"


def test_duty_and_tax_paid_at_checkout_when_the_seller_ships_ddp() -> None:
    # Same coat, DDP: the seller collects the 1,911 + 2,291 at checkout; nothing is due at the door.
    result = quote_at(
        "JP",
        item("coat", "30000", "JPY", hs="620130"),
        shipping=("3000", "JPY"),
        overrides={"duty_rates": {"coat": "0.091"}},
    )
    assert {line.payable for line in result.lines} == {"checkout"}
    assert result.totals.checkout == D("37202")


@pytest.mark.parametrize(
    ("shipping", "rules", "tax"),
    [
        # 10,000 x 0.6 + 4,000 = 10,000: at the limit, exempt.
        ("4000", EXEMPT, D("0")),
        # 10,000 x 0.6 + 4,001 = 10,001: one yen over, taxed in full: 10,001 x 10 % = 1,000.1 -> 1,000.
        ("4001", TAXED, D("1000")),
    ],
)
def test_ten_thousand_yen_limit_is_on_the_customs_value_including_freight(
    shipping: str, rules: tuple[list[str], list[str]], tax: Decimal
) -> None:
    result = quote_at(
        "JP",
        item("earbuds", "10000", "JPY", hs="851830"),
        shipping=(shipping, "JPY"),
        overrides={"duty_rates": {"earbuds": "0"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == rules
    assert result.total_of("tax") == tax
    assert result.total_of("duty") == 0


def test_retail_price_of_16666_yen_is_still_free_of_duty_and_tax() -> None:
    # Retailer guides (e.g. https://www.boketjapan.com/blank-10): customs value = price x 0.6, so purchases up to
    # JPY 16,666 stay within the JPY 10,000 limit: 16,666 x 0.6 = 9,999.6.
    result = quote_at("JP", item("cream", "16666", "JPY", hs="330499"), overrides={"duty_rates": {"cream": "0"}})
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == EXEMPT
    assert result.regime["tests"][0]["value"] == "JPY 10000"


def test_retail_price_of_16670_yen_crosses_the_limit() -> None:
    # 16,670 x 0.6 = 10,002 > 10,000: consumption tax 10,002 x 10 % = 1,000.2 -> 1,000.
    result = quote_at("JP", item("cream", "16670", "JPY", hs="330499"), overrides={"duty_rates": {"cream": "0"}})
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == TAXED
    assert tax_lines(result) == [("JP-IMPORT-CT", D("1000"), D("10002"), D("0.10"), "checkout")]


def test_food_takes_the_reduced_eight_percent_consumption_tax() -> None:
    # Tea at JPY 20,000, no shipping: customs value 12,000; duty pinned 0; 12,000 x 8 % = 960.
    result = quote_at(
        "JP", item("tea", "20000", "JPY", hs="090230", category="food"), overrides={"duty_rates": {"tea": "0"}}
    )
    assert tax_lines(result) == [("JP-IMPORT-CT", D("960"), D("12000"), D("0.08"), "checkout")]
