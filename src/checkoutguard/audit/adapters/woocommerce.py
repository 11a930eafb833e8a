"""WooCommerce Store API cart (``GET /wp-json/wc/store/v1/cart``) → checkout document.

Amounts are strings of minor units; ``totals.currency_minor_unit`` says how many (the store's own setting,
which is what the amounts use). ``total_items`` is before coupons and tax, so the total is
``total_items − total_discount + total_shipping + total_fees + total_tax`` (WooCommerce Blocks,
``src/StoreApi/docs/cart.md``). A store that displays prices with tax (as EU stores must) is read as the buyer
sees it: each amount with its tax, and the tax inside the prices. Fees (``fees[]``) are what plugins add: a
card fee, a handling fee, shipping insurance; ``payment_methods`` lists the gateway ids offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
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


def _gross(parent: Mapping[str, Any], key: str, tax_key: str, path: str, exp: int, gross: bool) -> Decimal | None:
    """An amount as the store shows it: with its tax added when the store displays prices with tax."""
    amount = minor(parent, key, path, exp)
    tax = minor(parent, tax_key, path, exp) if gross else None
    return amount + tax if amount is not None and tax is not None else amount


def _shows_tax(document: Mapping[str, Any], exp: int) -> bool:
    """Whether item prices are displayed with tax: ``prices.price`` (what the store shows) times the quantity
    is the line's net subtotal plus its tax (WooCommerce's "display prices including tax" setting)."""
    for path, item in items(document, "items", "$"):
        prices = child(item, "prices", path) or {}
        line = child(item, "totals", path) or {}
        price = minor(prices, "price", f"{path}.prices", exp)
        net = minor(line, "line_subtotal", f"{path}.totals", exp)
        tax = minor(line, "line_subtotal_tax", f"{path}.totals", exp)
        quantity = item.get("quantity")
        if price is None or net is None or not tax or not isinstance(quantity, int) or isinstance(quantity, bool):
            continue
        shown = price * min(max(quantity, 1), 10**6)
        return abs(shown - (net + tax)) < abs(shown - net)
    return False


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    totals = child(document, "totals", "$")
    assert totals is not None  # matches() checked it
    code = shop_currency(totals.get("currency_code"), "$.totals.currency_code")
    exp = exponent_of(totals, "currency_minor_unit", "$.totals")
    gross = _shows_tax(document, exp)
    build = Builder(code, "cart")
    for path, item in items(document, "items", "$"):
        line_totals = child(item, "totals", path) or {}
        label = optional_text(item, "name", path) or ""
        build.item(label, _gross(line_totals, "line_subtotal", "line_subtotal_tax", f"{path}.totals", exp, gross), path)
    discount = _gross(totals, "total_discount", "total_discount_tax", "$.totals", exp, gross)
    build.line("discount", "Discount", discount, "$.totals.total_discount")
    shipping = _gross(totals, "total_shipping", "total_shipping_tax", "$.totals", exp, gross)
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
        amount = _gross(fee_totals, "total", "total_tax", f"{path}.totals", exp, gross)
        build.charge(optional_text(fee, "name", path) or "Fee", amount, path)
    tax = minor(totals, "total_tax", "$.totals", exp)
    build.line("tax", "Tax", tax, "$.totals.total_tax", in_prices=gross)
    build.gateways(document, "payment_methods", "$")
    return build.build(minor(totals, "total_price", "$.totals", exp), "$.totals.total_price")
