"""Each platform adapter on a clean payload (no violations), with one planted violation at a time, and on
bad input (the typed error naming the JSON path). Payload sources are cited in ``payloads.py``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from audit.adapters import payloads
from checkoutguard.audit import audit
from checkoutguard.audit.adapters import FORMATS, detect, read_document
from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCurrency

ON = date(2026, 12, 1)

CLEAN: list[tuple[str, Callable[[], dict[str, Any]], str, str]] = [
    ("woocommerce-store-api", payloads.woocommerce_cart, "DE", "31.00"),
    ("woocommerce-store-api", payloads.woocommerce_cart_with_vat, "DE", "31.00"),
    ("shopify-cart", payloads.shopify_cart, "US", "54.00"),
    ("shopify-storefront-cart", payloads.storefront_cart, "GB", "141.40"),
    ("saleor-checkout", payloads.saleor_checkout, "PL", "387.45"),
    ("medusa-cart", payloads.medusa_v1_cart, "US", "960.12"),
    ("medusa-cart", payloads.medusa_v2_cart, "FR", "171.8"),
    ("commercetools-cart", payloads.commercetools_cart, "IT", "309.90"),
    ("stripe-checkout-session", payloads.stripe_session, "DE", "70.80"),
]


def _ids(report: Any) -> list[str]:
    return [finding.id for finding in report.violations]


@pytest.mark.parametrize(("name", "make", "country", "total"), CLEAN)
def test_clean_payload_is_detected_read_and_audits_without_violations(
    name: str, make: Callable[[], dict[str, Any]], country: str, total: str
) -> None:
    payload = make()
    assert detect(payload) == name
    report = audit(payload, country=country, on=ON)
    assert report.source["format"] == name
    assert report.errors == ()
    assert _ids(report) == []
    assert report.document.total is not None
    assert report.document.total.amount == Decimal(total)
    assert report.document.source == "json"
    # The lines read make the platform's own total (taxes inside prices and lines outside it aside).
    counted = [line for line in report.document.lines if not line.in_prices and line.included is not False]
    assert sum((-(x.amount or 0) if x.kind == "discount" else (x.amount or 0)) for x in counted) == Decimal(total)


@pytest.mark.parametrize(("name", "make", "country", "total"), CLEAN)
def test_json_bytes_and_the_named_format_read_the_same_document(
    name: str, make: Callable[[], dict[str, Any]], country: str, total: str
) -> None:
    payload = make()
    from_bytes = audit(json.dumps(payload).encode(), country=country, on=ON)
    named = audit(payload, country=country, on=ON, input_format=name)
    assert from_bytes.document == named.document
    assert from_bytes.source["format"] == name


# Planted violations -------------------------------------------------------------------------------------------


def test_woocommerce_card_fee_for_an_eu_buyer_is_a_banned_surcharge_on_the_card_method() -> None:
    cart = payloads.add_woocommerce_fee(payloads.woocommerce_cart(), "Kreditkartengebühr", 150)
    report = audit(cart, country="DE", on=ON)
    assert "payment-surcharge" in _ids(report)
    card = next(m for m in report.document.payment_methods if m.label == "stripe")
    assert (card.kind, card.surcharge) == ("card", Decimal("1.50"))
    finding = next(f for f in report.violations if f.id == "payment-surcharge")
    assert finding.nodes[0].node is not None and finding.nodes[0].node.target == "$.payment_methods[0]"
    assert "1.50 EUR" in finding.nodes[0].message


def test_woocommerce_prices_shown_with_vat_are_read_as_the_buyer_sees_them() -> None:
    document, _ = read_document(payloads.woocommerce_cart_with_vat())
    assert [(line.kind, line.amount) for line in document.lines if line.kind in ("goods", "shipping", "discount")] == [
        ("goods", Decimal("18.00")),
        ("goods", Decimal("11.00")),
        ("discount", Decimal("2.90")),
        ("shipping", Decimal("4.90")),
    ]
    (tax,) = [line for line in document.lines if line.kind == "tax"]
    assert (tax.amount, tax.in_prices) == (Decimal("4.95"), True)
    net = payloads.woocommerce_cart_with_vat()
    for item in net["items"]:
        item["prices"]["price"] = str(int(item["totals"]["line_subtotal"]) // item["quantity"])
    (tax,) = [line for line in read_document(net)[0].lines if line.kind == "tax"]
    assert tax.in_prices is False  # prices shown without tax: the tax is added on top


def test_woocommerce_fee_for_bank_transfer_outside_the_eea_is_not_banned() -> None:
    cart = payloads.woocommerce_cart()
    for key in ("currency_code",):
        cart["totals"][key] = "USD"
    cart = payloads.add_woocommerce_fee(cart, "Credit card fee", 150)
    assert "payment-surcharge" not in _ids(audit(cart, country="US", on=ON))


def test_woocommerce_shipping_insurance_fee_is_a_preselected_paid_extra() -> None:
    cart = payloads.add_woocommerce_fee(payloads.woocommerce_cart(), "Versandversicherung", 299)
    report = audit(cart, country="DE", on=ON)
    assert "addon-preselected" in _ids(report)
    (extra,) = report.document.add_ons
    assert (extra.kind, extra.price, extra.selected) == ("insurance", Decimal("2.99"), True)


def test_woocommerce_total_that_leaves_out_a_fee_is_found() -> None:
    cart = payloads.add_woocommerce_fee(payloads.woocommerce_cart(), "Service fee", 250, in_total=False)
    report = audit(cart, country="DE", on=ON)
    finding = next(f for f in report.violations if f.id == "total-incomplete")
    assert "Service fee" in finding.nodes[0].message


def test_shopify_route_protection_item_is_a_preselected_extra_for_a_uk_buyer() -> None:
    cart = payloads.add_shopify_item(
        payloads.shopify_cart("GBP"), "Route Package Protection", "Route", "Insurance", 295
    )
    report = audit(cart, country="GB", on=ON)
    assert "addon-preselected" in _ids(report)
    assert report.document.total is not None and report.document.total.amount == Decimal("56.95")


def test_shopify_service_fee_item_is_a_junk_fee_for_a_minnesota_buyer() -> None:
    cart = payloads.add_shopify_item(payloads.shopify_cart(), "Service fee", "Spring Collective", "Fee", 199)
    report = audit(cart, country="US", subdivision="US-MN", on=ON)
    (finding,) = [f for f in report.violations if f.id == "junk-fees"]
    assert "'Service fee' (1.99 USD) first appears at the cart step" in finding.nodes[0].message
    assert finding.nodes[0].node is not None and finding.nodes[0].node.target == "$.items[2]"
    assert audit(cart, country="US", subdivision="US-NY", on=ON).violations == ()


def test_shopify_cart_amounts_are_hundredths_even_for_yen() -> None:
    cart = payloads.shopify_cart("JPY", unit=10_000)  # ¥3,400 is 340000 in cart.js
    document, name = read_document(cart)
    assert name == "shopify-cart"
    assert document.total is not None and document.total.amount == Decimal("5400")
    assert [line.amount for line in document.lines if line.kind == "goods"] == [Decimal("3400"), Decimal("2500")]


def test_shopify_total_that_does_not_add_up_is_reported() -> None:
    cart = payloads.shopify_cart("GBP")
    cart["total_price"] -= 300
    report = audit(cart, country="GB", on=ON)
    assert "total-incomplete" in [f.id for f in (*report.violations, *report.incomplete)]


def test_storefront_cart_without_duties_for_a_cross_border_buyer_is_found_by_the_quote() -> None:
    quote = {"currency": "GBP", "lines": [{"type": "duty", "amount": "12.40", "payable": "delivery"}]}
    unpaid = audit(payloads.storefront_cart(duty=None), country="GB", on=ON, landed_cost=quote)
    assert "duties-undisclosed" in _ids(unpaid)
    assert unpaid.document.total is not None and unpaid.document.total.amount == Decimal("129.00")
    collected = {"currency": "GBP", "lines": [{"type": "duty", "amount": "12.40", "payable": "checkout"}]}
    paid = audit(payloads.storefront_cart(), country="GB", on=ON, landed_cost=collected)
    assert "duties-undisclosed" not in _ids(paid)
    assert [line.amount for line in paid.document.lines if line.kind == "duty"] == [Decimal("12.40")]


def test_storefront_vat_inside_prices_is_not_added_to_the_total() -> None:
    document, _ = read_document(payloads.storefront_cart())
    (tax,) = [line for line in document.lines if line.kind == "tax"]
    assert (tax.amount, tax.in_prices) == (Decimal("19.50"), True)


def test_saleor_total_without_shipping_is_found() -> None:
    checkout = payloads.saleor_checkout()
    checkout["data"]["checkout"]["totalPrice"]["gross"]["amount"] = 369.0
    report = audit(checkout, country="PL", on=ON)
    finding = next(f for f in report.violations if f.id == "total-incomplete")
    assert "InPost" in finding.nodes[0].message


def test_saleor_float_amounts_become_exact_decimals() -> None:
    document, _ = read_document(payloads.saleor_checkout())
    assert document.total is not None and document.total.amount == Decimal("387.45")
    assert [m.kind for m in document.payment_methods] == ["card", "other"]


def test_medusa_v2_extended_warranty_product_line_is_left_for_review() -> None:
    """A warranty sold as a product line may be the buyer's own choice on its page: review, not a violation."""
    cart = payloads.medusa_v2_cart()
    warranty = {"id": "cali_03", "title": "Garantie étendue 2 ans", "quantity": 1, "unit_price": 19.9, "total": 19.9}
    cart["cart"]["items"].append(warranty)
    cart["cart"]["item_total"] = 184.8
    cart["cart"]["total"] = 191.7
    report = audit(cart, country="FR", on=ON)
    assert _ids(report) == []
    (finding,) = [f for f in report.incomplete if f.id == "addon-preselected"]
    assert "check the buyer chose it" in finding.nodes[0].message
    assert "total-incomplete" in [f.id for f in report.passes]


def test_stripe_session_with_a_shipping_insurance_line_preselects_it() -> None:
    session = payloads.add_stripe_line(payloads.stripe_session(), "Shipping insurance", 299)
    report = audit(session, country="DE", on=ON)
    assert "addon-preselected" in _ids(report)


def test_shopify_product_that_ships_is_not_taken_for_an_app_added_extra() -> None:
    cart = payloads.shopify_cart("GBP")
    cart["items"][1]["product_title"] = "Gift wrap paper, 3 rolls"
    report = audit(cart, country="GB", on=ON)
    assert _ids(report) == []
    assert "addon-preselected" in [f.id for f in report.incomplete]


def test_medusa_v2_unrounded_float_totals_are_rounded_to_the_currency() -> None:
    document, name = read_document(payloads.medusa_v2_cart_unrounded())
    assert name == "medusa-cart"
    (tax,) = [line for line in document.lines if line.kind == "tax"]
    assert (tax.amount, tax.in_prices) == (Decimal("71.43"), True)
    assert [line.amount for line in document.lines if line.kind == "goods"] == [Decimal("1500")]
    assert document.total is not None and document.total.amount == Decimal("1500")
    assert not [line for line in document.lines if line.kind == "shipping"]  # no method chosen: not shown


def test_medusa_v1_minor_units_use_the_currency_table() -> None:
    cart = payloads.medusa_v1_cart()
    cart["cart"]["region"]["currency_code"] = "jpy"
    document, _ = read_document(cart)
    assert document.currency == "JPY"
    assert document.total is not None and document.total.amount == Decimal("96012")


def test_commercetools_card_surcharge_line_names_its_method() -> None:
    cart = payloads.add_custom_line_item(payloads.commercetools_cart(), "Credit card surcharge", 390)
    report = audit(cart, country="IT", on=ON)
    assert "payment-surcharge" in _ids(report)
    (method,) = report.document.payment_methods
    assert (method.kind, method.surcharge) == ("card", Decimal("3.90"))


def test_commercetools_fraction_digits_are_the_payloads_own() -> None:
    cart = payloads.commercetools_cart()
    cart["taxedPrice"] = None
    cart["totalPrice"] = {"type": "highPrecision", "currencyCode": "EUR", "centAmount": 30990, "fractionDigits": 2}
    document, _ = read_document(cart)
    assert document.total is not None and document.total.amount == Decimal("309.90")


def test_stripe_card_processing_fee_line_is_a_surcharge_for_an_eu_buyer() -> None:
    session = payloads.add_stripe_line(payloads.stripe_session(), "Card processing fee", 175)
    report = audit(session, country="DE", on=ON)
    assert "payment-surcharge" in _ids(report)


def test_stripe_zero_decimal_currency_amounts_are_units() -> None:
    session = payloads.stripe_session("jpy", (4990, 1500, 590))
    document, _ = read_document(session)
    assert document.currency == "JPY"
    assert document.total is not None and document.total.amount == Decimal("7080")
    three = payloads.stripe_session("bhd", (4990, 1500, 590))
    assert read_document(three)[0].total == read_document(three)[0].total
    assert read_document(three)[0].total.amount == Decimal("7.080")  # type: ignore[union-attr]


def test_stripe_custom_dropdown_answering_yes_to_marketing_is_preticked_consent() -> None:
    session = payloads.stripe_session()
    session["custom_fields"] = [
        {
            "key": "newsletter",
            "label": {"custom": "Send me offers by e-mail", "type": "custom"},
            "type": "dropdown",
            "optional": True,
            "dropdown": {
                "default_value": "yes",
                "options": [{"label": "Yes", "value": "yes"}, {"label": "No", "value": "no"}],
                "value": None,
            },
        }
    ]
    report = audit(session, country="DE", on=ON)
    assert "consent-preticked" in _ids(report)
    stripe_box = next(c for c in report.document.consents if c.label.startswith("Stripe"))
    assert stripe_box.checked is False  # Stripe's own promotions box starts unticked


# Detection and bad input ----------------------------------------------------------------------------------


def test_formats_are_the_published_names() -> None:
    assert FORMATS == (
        "checkout",
        "stripe-checkout-session",
        "commercetools-cart",
        "woocommerce-store-api",
        "shopify-cart",
        "shopify-storefront-cart",
        "saleor-checkout",
        "medusa-cart",
    )


def test_our_own_document_is_still_read_as_before() -> None:
    document = {
        "version": 1,
        "currency": "EUR",
        "lines": [{"kind": "goods", "amount": "10.00"}],
        "total": {"amount": "10.00"},
    }
    report = audit(document, country="DE", on=ON)
    assert report.source["format"] == "checkout"
    assert report.document.total is not None and report.document.total.amount == Decimal("10.00")


def test_ambiguous_payload_names_both_formats() -> None:
    both = {**payloads.commercetools_cart(), **payloads.stripe_session()}
    with pytest.raises(InvalidInput, match="stripe-checkout-session, commercetools-cart"):
        audit(both, country="DE", on=ON)


def test_unknown_json_says_what_was_expected() -> None:
    report = audit(b'{"basket": {"sum": 3}}', country="DE", on=ON)
    assert report.errors and report.errors[0].startswith("not a checkout document")
    assert "woocommerce-store-api" in report.errors[0] and "shopify-cart" in report.errors[0]


def test_a_named_format_that_does_not_match_is_refused() -> None:
    with pytest.raises(InvalidInput, match="shape of a woocommerce-store-api"):
        audit(payloads.shopify_cart(), country="US", on=ON, input_format="woocommerce-store-api")
    with pytest.raises(InvalidInput) as caught:
        audit(payloads.shopify_cart(), country="US", on=ON, input_format="magento")
    assert caught.value.path == "input_format"
    with pytest.raises(InvalidInput, match="format 42 is unknown"):
        read_document(payloads.shopify_cart(), input_format=42)  # type: ignore[arg-type]


def test_our_own_document_past_its_bounds_still_says_so() -> None:
    with pytest.raises(InvalidInput, match="2001 list entries") as caught:
        read_document({"lines": [{"kind": "goods", "amount": "1.00"}] * 2_001})
    assert caught.value.accepted == "at most 2000"  # it is our document: its own error, not a list of formats


BAD: list[tuple[Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None], str, type[InvalidInput]]] = [
    (payloads.woocommerce_cart, lambda c: c["totals"].update(total_price=[1]), "$.totals.total_price", InvalidInput),
    (
        payloads.woocommerce_cart,
        lambda c: c["totals"].update(total_price="9" * 40),
        "$.totals.total_price",
        InvalidInput,
    ),
    (
        payloads.woocommerce_cart,
        lambda c: c["totals"].update(currency_minor_unit=99),
        "$.totals.currency_minor_unit",
        InvalidInput,
    ),
    (payloads.woocommerce_cart, lambda c: c["fees"].append("fee"), "$.fees[0]", InvalidInput),
    (
        payloads.shopify_cart,
        lambda c: c["items"][1].update(final_line_price=10**30),
        "$.items[1].final_line_price",
        LimitExceeded,
    ),
    (
        payloads.shopify_cart,
        lambda c: c["items"][0].update(final_line_price=-5),
        "$.items[0].final_line_price",
        InvalidInput,
    ),
    (payloads.shopify_cart, lambda c: c.update(currency="XYZ"), "$.currency", UnknownCurrency),
    (
        payloads.storefront_cart,
        lambda c: c["data"]["cart"]["cost"]["totalTaxAmount"].update(amount="1e999999"),
        "$.data.cart.cost.totalTaxAmount.amount",
        InvalidInput,
    ),
    (
        payloads.storefront_cart,
        lambda c: c["data"]["cart"]["cost"]["totalDutyAmount"].update(currencyCode="EUR"),
        "$.data.cart.cost.totalDutyAmount",
        InvalidInput,
    ),
    (
        payloads.saleor_checkout,
        lambda c: c["data"]["checkout"]["lines"][1]["totalPrice"]["gross"].update(amount=True),
        "$.data.checkout.lines[1].totalPrice.gross.amount",
        InvalidInput,
    ),
    (
        payloads.saleor_checkout,
        lambda c: c["data"]["checkout"]["lines"][0]["totalPrice"]["gross"].update(amount=float("inf")),
        "$.data.checkout.lines[0].totalPrice.gross.amount",
        InvalidInput,
    ),
    (payloads.medusa_v1_cart, lambda c: c["cart"].update(total=1.5), "$.cart.total", InvalidInput),
    (
        payloads.medusa_v2_cart,
        lambda c: c["cart"]["items"][0].update(total="12,50"),
        "$.cart.items[0].total",
        InvalidInput,
    ),
    (
        payloads.commercetools_cart,
        lambda c: c["lineItems"][0]["totalPrice"].update(fractionDigits="2"),
        "$.lineItems[0].totalPrice.fractionDigits",
        InvalidInput,
    ),
    (
        payloads.commercetools_cart,
        lambda c: c["lineItems"][0].update(name=["shirt"]),
        "$.lineItems[0].name",
        InvalidInput,
    ),
    (payloads.stripe_session, lambda c: c.update(currency="eu"), "$.currency", InvalidInput),
    (payloads.stripe_session, lambda c: c["line_items"].update(data={"0": {}}), "$.line_items.data", InvalidInput),
    (payloads.stripe_session, lambda c: c.update(amount_total=10**100), "$.amount_total", LimitExceeded),
]


@pytest.mark.parametrize(("make", "spoil", "path", "error"), BAD)
def test_bad_field_raises_the_typed_error_naming_its_path(
    make: Callable[[], dict[str, Any]], spoil: Callable[[dict[str, Any]], None], path: str, error: type[InvalidInput]
) -> None:
    payload = make()
    name = detect(payload)
    spoil(payload)
    with pytest.raises(error) as caught:
        audit(payload, country="DE", on=ON, input_format=name or "auto")
    assert caught.value.path == path


def test_bad_field_in_json_text_is_an_unreadable_input_not_a_crash() -> None:
    cart = payloads.woocommerce_cart()
    cart["items"][0]["totals"]["line_subtotal"] = {"amount": "18.00"}
    report = audit(json.dumps(cart), country="DE", on=ON)
    assert report.errors == (
        "not a checkout document: $.items[0].totals.line_subtotal: is a dict "
        "(accepted: an integer number of minor units)",
    )
    assert not report.complete


def test_deeply_nested_payload_is_refused_with_its_limit() -> None:
    session = payloads.stripe_session()
    deep: dict[str, Any] = {}
    session["metadata"] = deep
    for _ in range(500):
        deep["x"] = {}
        deep = deep["x"]
    with pytest.raises(LimitExceeded, match="nested more than"):
        audit(session, country="DE", on=ON)


def test_many_lines_are_refused_with_their_limit() -> None:
    cart = payloads.shopify_cart()
    cart["items"] = [{"product_title": "Sticker", "final_line_price": 100}] * 600
    with pytest.raises(LimitExceeded) as caught:
        read_document(cart)
    assert caught.value.path == "$.items"
