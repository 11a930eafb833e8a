"""China: cross-border e-commerce retail imports (CN-CBEC) and personal articles by post (行邮税).

Rules: rates/regimes/CN.json.
- CBEC (Cai Guan Shui [2016] No. 18 and [2018] No. 49, http://puyuecs.com/guanshuifa/2018/12-03/16071.html): within
  CNY 5,000 per transaction, duty 0 % and import VAT at 70 % of the statutory amount (13 % x 0.7 = 9.1 %) on the actual
  transaction price including freight and insurance; above it, duty and VAT in full.
- Personal articles (GACC Announcement 2010 No. 43; Shui Wei Hui [2019] No. 17,
  http://m.mof.gov.cn/zcfb/201904/t20190408_3216190.htm): one import tax of 13 %, 20 % or 50 % of the articles'
  value, not collected when CNY 50 or less (post); CNY 1,000 per parcel, above which the parcel is cleared as goods.
Every expected amount is worked out by hand in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimes_asia.helpers_asia import D, duty_lines, item, quote_at, rule_ids, tax_lines

CBEC = ["CN-CBEC"]
GENERAL_TRADE = ["CN-IMPORT-VAT"], ["CN-CUSTOMS-TARIFF"]
ARTICLES_TAX = ["CN-PERSONAL-ARTICLES-TAX-INCLUDED"]


def test_cbec_order_pays_no_duty_and_seventy_percent_of_the_vat_on_price_plus_freight() -> None:
    # Face cream CNY 300 + freight CNY 20 = transaction price 320; VAT 13 % x 70 % = 9.1 %; 320 x 9.1 % = 29.12.
    # The platform withholds the tax, so it is paid with the order (DDP).
    result = quote_at("CN", item("cream", "300.00", "CNY", hs="330499"), shipping=("20.00", "CNY"), registrations=CBEC)
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["CN-CBEC-VAT-70"], ["CN-CBEC-DUTY-ZERO"])
    assert tax_lines(result) == [("CN-CBEC-VAT-70", D("29.12"), D("320.00"), D("0.091"), "checkout")]
    assert duty_lines(result) == [("CN-CBEC-DUTY-ZERO", D("0.00"), None, None, "checkout")]
    assert result.totals.grand == D("349.12")


@pytest.mark.parametrize(
    ("goods", "rules", "duty", "vat"),
    [
        # 4,980.00 + 20.00 freight = 5,000.00: within the limit; 5,000 x 9.1 % = 455.00.
        ("4980.00", (["CN-CBEC-VAT-70"], ["CN-CBEC-DUTY-ZERO"]), D("0.00"), D("455.00")),
        # 5,000.01: full duty (pinned 6 %: 300.0006 -> 300.00) and full VAT 13 % x (5,000.01 + 300.00) = 689.0013.
        ("4980.01", (["CN-CBEC-FULL-VAT"], ["CN-CBEC-FULL-DUTY"]), D("300.00"), D("689.00")),
    ],
)
def test_cbec_single_transaction_limit_of_5000_yuan(
    goods: str, rules: tuple[list[str], list[str]], duty: Decimal, vat: Decimal
) -> None:
    result = quote_at(
        "CN",
        item("bag", goods, "CNY", hs="420212"),
        shipping=("20.00", "CNY"),
        registrations=CBEC,
        overrides={"duty_rates": {"bag": "0.06"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == rules
    assert (result.total_of("duty"), result.total_of("tax")) == (duty, vat)


def test_cbec_platform_selling_to_a_business_charges_in_full() -> None:
    # CBEC is for individual consumers only: CNY 1,000 to a company pays duty (pinned 6 % = 60.00) and
    # VAT 13 % x 1,060.00 = 137.80.
    result = quote_at(
        "CN",
        item("bag", "1000.00", "CNY", hs="420212"),
        registrations=CBEC,
        buyer={"type": "business", "tax_id": "91310000MA1FL0000X"},
        overrides={"duty_rates": {"bag": "0.06"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["CN-CBEC-FULL-VAT"], ["CN-CBEC-FULL-DUTY"])
    assert tax_lines(result) == [("CN-CBEC-FULL-VAT", D("137.80"), D("1060.00"), D("0.13"), "checkout")]


def test_t_shirt_by_post_pays_the_twenty_percent_articles_tax_on_its_price_only() -> None:
    # T-shirt CNY 300 by post, CNY 30 postage: 300 x 20 % = 60.00 > 50, collected from the recipient (DAP).
    # The articles tax includes VAT, so the VAT line is zero; postage is not in the articles' value.
    result = quote_at(
        "CN",
        item("tee", "300.00", "CNY", hs="610910"),
        shipping=("30.00", "CNY"),
        transport="post",
        incoterm="DAP",
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (ARTICLES_TAX, ["CN-PA-20"])
    assert duty_lines(result) == [("CN-PA-20", D("60.00"), D("300.00"), D("0.20"), "delivery")]
    assert tax_lines(result) == [("CN-PERSONAL-ARTICLES-TAX-INCLUDED", D("0.00"), None, None, "delivery")]
    assert result.totals.delivery == D("60.00")


@pytest.mark.parametrize(
    ("amount", "rule", "duty"),
    [
        # 20 % of 250.02 = 50.004 -> 50.00: CNY 50 or less, not collected.
        ("250.02", "CN-PA-WAIVED-NO-ITEM3", D("0.00")),
        # 20 % of 250.03 = 50.006 -> 50.01: collected in full.
        ("250.03", "CN-PA-20", D("50.01")),
    ],
)
def test_fifty_yuan_waiver_for_a_twenty_percent_parcel(amount: str, rule: str, duty: Decimal) -> None:
    result = quote_at("CN", item("tee", amount, "CNY", hs="610910"), transport="post")
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == duty


@pytest.mark.parametrize(
    ("amount", "rule", "duty"),
    [
        # 50 % of 100.00 = 50.00: not collected.
        ("100.00", "CN-PA-WAIVED-ANY", D("0.00")),
        # 50 % of 100.01 = 50.005 -> 50.01 (half up): collected.
        ("100.01", "CN-PA-50", D("50.01")),
    ],
)
def test_fifty_yuan_waiver_for_wine_at_fifty_percent(amount: str, rule: str, duty: Decimal) -> None:
    result = quote_at("CN", item("wine", amount, "CNY", hs="220421", category="alcohol"), transport="post")
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == duty


def test_books_take_thirteen_percent_and_a_mixed_parcel_is_charged_item_by_item() -> None:
    # Book CNY 200 (item 1, 13 %) + T-shirt CNY 200 (item 2, 20 %) by post: parcel CNY 400 > 250.02, so no waiver.
    # Book 200 x 13 % = 26.00; T-shirt 200 x 20 % = 40.00; total 66.00 > 50.
    result = quote_at(
        "CN",
        item("book", "200.00", "CNY", hs="490199", category="books"),
        item("tee", "200.00", "CNY", hs="610910"),
        transport="post",
    )
    assert duty_lines(result) == [
        ("CN-PA-13", D("26.00"), D("200.00"), D("0.13"), "checkout"),
        ("CN-PA-20", D("40.00"), D("200.00"), D("0.20"), "checkout"),
    ]
    assert rule_ids(result, "tax") == ARTICLES_TAX


@pytest.mark.parametrize(
    ("amount", "rules", "duty", "vat"),
    [
        # CNY 1,000.00: still personal articles, 20 % = 200.00.
        ("1000.00", (ARTICLES_TAX, ["CN-PA-20"]), D("200.00"), D("0.00")),
        # CNY 1,000.01: over the parcel limit, cleared as goods: duty pinned 6 % = 60.0006 -> 60.00,
        # VAT 13 % x (1,000.01 + 60.00) = 137.8013 -> 137.80.
        ("1000.01", GENERAL_TRADE, D("60.00"), D("137.80")),
    ],
)
def test_thousand_yuan_limit_per_parcel(
    amount: str, rules: tuple[list[str], list[str]], duty: Decimal, vat: Decimal
) -> None:
    result = quote_at(
        "CN", item("coat", amount, "CNY", hs="620130"), transport="post", overrides={"duty_rates": {"coat": "0.06"}}
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == rules
    assert (result.total_of("duty"), result.total_of("tax")) == (duty, vat)


def test_business_buyer_without_cbec_is_general_trade() -> None:
    # Not a personal article: duty pinned 10 % of CIF 500 + 50 = 55.00; VAT 13 % x 605.00 = 78.65.
    result = quote_at(
        "CN",
        item("shoes", "500.00", "CNY", hs="640411"),
        shipping=("50.00", "CNY"),
        buyer={"type": "business", "tax_id": "91310000MA1FL0000X"},
        overrides={"duty_rates": {"shoes": "0.10"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == GENERAL_TRADE
    assert duty_lines(result) == [("override", D("55.00"), D("550.00"), D("0.10"), "checkout")]
    assert tax_lines(result) == [("CN-IMPORT-VAT", D("78.65"), D("605.00"), D("0.13"), "checkout")]
