"""The demo prices its cart with the core: the bad shop's extras are real order fields, so the quote itemises them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import checkoutguard
from checkoutguard.demo.catalog import DESTINATIONS, PRODUCTS
from checkoutguard.demo.pricing import CARD_FEE_LABEL, SERVICE_FEE_LABEL, Choices, price
from demo.orders import JUMPER, MUG, order

DAY = date(2026, 11, 23)


def test_every_product_has_a_six_digit_hs_code_and_an_origin() -> None:
    assert len(PRODUCTS) == 6
    for product in PRODUCTS.values():
        assert len(product.hs_code) == 6 and product.hs_code.isdigit()
        assert len(product.origin) == 2 and product.price > 0


def test_every_destination_can_be_quoted() -> None:
    for destination in DESTINATIONS.values():
        priced = price({"jumper": 1}, destination, Choices(), bad=False, on=DAY)
        assert priced.quote.totals.checkout > 0 and priced.methods.methods


def test_the_honest_quote_is_the_quote_of_the_cart() -> None:
    priced = price({"jumper": 1, "mug": 1}, DESTINATIONS["NL"], Choices(), bad=False, on=DAY)
    expected = checkoutguard.quote(order("NL", DAY.isoformat(), [JUMPER, MUG]))
    assert priced.quote.totals == expected.totals
    assert priced.dap.incoterm == "DAP" and priced.dap.totals.delivery > 0


def test_the_bad_shop_adds_insurance_a_service_fee_and_a_card_fee() -> None:
    choices = Choices.defaults(bad=True)
    assert (choices.newsletter, choices.insurance, choices.payment, choices.own) == (True, True, "card", False)
    priced = price({"jumper": 1}, DESTINATIONS["NL"], choices, bad=True, on=DAY)
    kinds = {line.label: priced.line_kind(line) for line in priced.quote.lines if line.type in ("fee", "insurance")}
    assert kinds[SERVICE_FEE_LABEL] == "fee" and kinds[CARD_FEE_LABEL] == "surcharge"
    assert "add_on" in kinds.values()
    honest = price({"jumper": 1}, DESTINATIONS["NL"], Choices(), bad=False, on=DAY)
    extras = priced.quote.total_of("fee") + priced.quote.total_of("insurance")
    assert extras > 0 and priced.quote.totals.checkout > honest.quote.totals.checkout + extras - Decimal("0.01")


def test_paying_another_way_drops_the_card_fee() -> None:
    priced = price({"jumper": 1}, DESTINATIONS["NL"], Choices(payment="ideal", own=True), bad=True, on=DAY)
    assert [line.label for line in priced.quote.lines if line.type == "fee"] == [SERVICE_FEE_LABEL]
