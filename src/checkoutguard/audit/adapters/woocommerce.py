"""WooCommerce Store API cart (``GET /wp-json/wc/store/v1/cart``) → checkout document.

Amounts are strings of minor units; ``totals.currency_minor_unit`` says how many (the store's own setting,
which is what the amounts use). ``total_items`` is before coupons and tax, so the total is
``total_items − total_discount + total_shipping + total_fees + total_tax`` (WooCommerce Blocks,
``src/StoreApi/docs/cart.md``). Fees (``fees[]``) are what plugins add: a card fee, a handling fee,
shipping insurance; ``payment_methods`` lists the gateway ids offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import child, exponent_of, items, minor, optional_text, shop_currency
from checkoutguard.audit.model import CheckoutDocument, Notice

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "woocommerce-store-api"
_KEYS: Final = frozenset({"items", "totals", "payment_methods"})


def matches(document: Mapping[str, Any]) -> bool:
    totals = document.get("totals")
    return (
        document.keys() >= _KEYS
        and ("needs_payment" in document or "shipping_rates" in document)
        and isinstance(totals, Mapping)
        and "total_price" in totals
        and "currency_minor_unit" in totals
    )


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    totals = child(document, "totals", "$")
    assert totals is not None  # matches() checked it
    code = shop_currency(totals.get("currency_code"), "$.totals.currency_code")
    exp = exponent_of(totals, "currency_minor_unit", "$.totals")
    build = Builder(code, "cart")
    for path, item in items(document, "items", "$"):
        line_totals = child(item, "totals", path) or {}
        label = optional_text(item, "name", path) or ""
        build.item(label, minor(line_totals, "line_subtotal", f"{path}.totals", exp), path)
    build.line("discount", "Discount", minor(totals, "total_discount", "$.totals", exp), "$.totals.total_discount")
    shipping = minor(totals, "total_shipping", "$.totals", exp)
    names = [
        optional_text(rate, "name", rate_path) or ""
        for package_path, package in items(document, "shipping_rates", "$")
        for rate_path, rate in items(package, "shipping_rates", package_path)
        if rate.get("selected") is True
    ]
    build.line("shipping", ", ".join(names) or "Shipping", shipping, "$.totals.total_shipping")
    if shipping is None and document.get("needs_shipping") is True:
        build.notices.append(Notice("deferred", "shipping", "shipping is not calculated yet", "cart"))
    for path, fee in items(document, "fees", "$"):
        fee_totals = child(fee, "totals", path) or {}
        build.charge(optional_text(fee, "name", path) or "Fee", minor(fee_totals, "total", f"{path}.totals", exp), path)
    build.line("tax", "Tax", minor(totals, "total_tax", "$.totals", exp), "$.totals.total_tax")
    build.gateways(document, "payment_methods", "$")
    return build.build(minor(totals, "total_price", "$.totals", exp), "$.totals.total_price")
