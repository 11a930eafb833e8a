"""Japan: designated articles never get the JPY 10,000 exemption; businesses are valued at the full price.

Customs Answer 1006 (http://www.customs.go.jp/english/c-answer_e/imtsukan/1006_e.htm): goods with a total customs
value of JPY 10,000 or less are exempt from duty and consumption tax, "[h]owever, ... this duty exemption system shall
not be applied to certain designated articles" (leather goods among them). Customs Answer 1405: the 0.6 valuation is
for goods an individual imports for private use; Answer 1403: transaction value plus freight otherwise.
"""

from __future__ import annotations

from regimes_asia.helpers_asia import D, item, quote_at, rule_ids


def test_cheap_leather_handbag_is_not_exempt() -> None:
    # JPY 9,000 leather handbag (4202.21), pinned 8 % duty: customs value 0.6 x 9,000 = 5,400 (no freight);
    # duty 432; consumption tax 10 % x (5,400 + 432) = 583.2 -> 583.
    result = quote_at(
        "JP", item("bag", "9000", "JPY", hs="420221", origin="IT"), overrides={"duty_rates": {"bag": "0.08"}}
    )
    assert rule_ids(result, "duty") == ["JP-CUSTOMS-TARIFF"]
    assert rule_ids(result, "tax") == ["JP-IMPORT-CT"]
    assert result.total_of("duty") == D("432")
    assert result.total_of("tax") == D("583")


def test_textile_bag_of_the_same_price_is_exempt() -> None:
    result = quote_at("JP", item("bag", "9000", "JPY", hs="420292", origin="IT"))
    assert rule_ids(result, "duty") == ["JP-SMALL-VALUE-DUTY-EXEMPT"]
    assert result.total_of("tax") == D("0")


def test_business_buyer_is_valued_at_the_transaction_value() -> None:
    # JPY 50,000 of goods for a business, pinned 5 % duty: customs value 50,000 (no 0.6), duty 2,500.
    doc_items = item("part", "50000", "JPY", hs="847330", origin="US")
    business = quote_at("JP", doc_items, buyer={"type": "business"}, overrides={"duty_rates": {"part": "0.05"}})
    assert [(d.base, d.amount) for d in business.lines_of("duty")] == [(D("50000"), D("2500"))]
    consumer = quote_at("JP", doc_items, overrides={"duty_rates": {"part": "0.05"}})
    assert [(d.base, d.amount) for d in consumer.lines_of("duty")] == [(D("30000"), D("1500"))]
