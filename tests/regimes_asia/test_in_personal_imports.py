"""India: a consumer's online purchase is a personal import under heading 9804: BCD 10 % + SWS 10 % of BCD + IGST 18 %.

Rules: rates/regimes/IN.json. Mumbai Customs, International Courier Terminal FAQ
(https://mumbaicustomszone3.gov.in/apsc-ict-faq): for an assessable value (CIF) of X, BCD 10 % of X, SWS 10 % of BCD
(1 % of X), IGST 18 % of (X + BCD + SWS) = 19.98 % of X; total 30.98 % of X. Business imports pay the tariff rate.
India has no de minimis for these imports, so there is no threshold to test at its boundary.
"""

from __future__ import annotations

from regimes_asia.helpers_asia import D, duty_lines, item, quote_at, rule_ids, tax_lines


def test_mumbai_customs_breakdown_30_98_percent_of_the_cif_value() -> None:
    # Goods INR 9,000 + freight INR 1,000 = assessable value X = 10,000 (CIF).
    # BCD 10 % = 1,000.00; SWS 10 % of 1,000 = 100.00; IGST 18 % of 11,100 = 1,998.00; total 3,098.00 = 30.98 % of X.
    result = quote_at("IN", item("watch", "9000.00", "INR", hs="910211"), shipping=("1000.00", "INR"), incoterm="DAP")
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["IN-IMPORT-IGST"], ["IN-PERSONAL-IMPORT-9804"])
    assert duty_lines(result) == [
        ("IN-PERSONAL-IMPORT-9804", D("1000.00"), D("10000.00"), D("0.10"), "delivery"),
        ("IN-SWS", D("100.00"), D("1000.00"), D("0.10"), "delivery"),
    ]
    assert tax_lines(result) == [("IN-IMPORT-IGST", D("1998.00"), D("11100.00"), D("0.18"), "delivery")]
    assert result.totals.delivery == D("3098.00")


def test_heading_9804_applies_whatever_the_goods_tariff_rate() -> None:
    # A smartphone (tariff BCD 15 % in rates/duty/IN.json) bought by a consumer still pays the 9804 rate:
    # X = 50,000: BCD 5,000.00, SWS 500.00, IGST 18 % x 55,500 = 9,990.00.
    result = quote_at("IN", item("phone", "50000.00", "INR", hs="851713"))
    assert rule_ids(result, "duty") == ["IN-PERSONAL-IMPORT-9804"]
    assert [line.amount for line in result.lines_of("duty")] == [D("5000.00"), D("500.00")]
    assert result.total_of("tax") == D("9990.00")


def test_business_import_pays_the_tariff_rate_plus_sws() -> None:
    # A company with a GSTIN: tariff BCD (pinned 15 %) on X = 10,000 = 1,500.00; SWS 150.00;
    # IGST 18 % x (10,000 + 1,500 + 150) = 2,097.00.
    result = quote_at(
        "IN",
        item("phone", "10000.00", "INR", hs="851713"),
        buyer={"type": "business", "tax_id": "27AAPFU0939F1ZV"},
        overrides={"duty_rates": {"phone": "0.15"}},
    )
    assert rule_ids(result, "duty") == ["IN-CUSTOMS-TARIFF"]
    assert [(line.rule, line.amount) for line in result.lines_of("duty")] == [
        ("override", D("1500.00")),
        ("IN-SWS", D("150.00")),
    ]
    assert tax_lines(result) == [("IN-IMPORT-IGST", D("2097.00"), D("11650.00"), D("0.18"), "checkout")]


def test_printed_books_are_left_to_the_tariff() -> None:
    # Books have their own duty structure (Mumbai Customs FAQ, item 3), not heading 9804; IGST on books is nil.
    # Duty pinned at 0: no SWS line (10 % of nothing), tax 0.
    result = quote_at(
        "IN",
        item("novel", "800.00", "INR", hs="490199", category="books"),
        overrides={"duty_rates": {"novel": "0"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["IN-IMPORT-IGST"], ["IN-CUSTOMS-TARIFF"])
    assert [line.rule for line in result.lines_of("duty")] == ["override"]
    assert result.total_of("tax") == 0
