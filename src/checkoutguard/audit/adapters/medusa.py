"""Medusa store cart (``GET /store/carts/{id}``, v1 and v2) → checkout document.

Accepts the cart or ``{"cart": …}``. Medusa v1 writes amounts as integers of minor units and the currency on
``region.currency_code``; its total is ``subtotal + shipping_total + tax_total − discount_total −
gift_card_total``. Medusa v2 writes amounts in major units (JSON numbers) and the currency on the cart; item
and shipping totals there already hold their tax, so ``total = item_total + shipping_total``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import child, items, major, minor, minor_units, optional_text, shop_currency
from checkoutguard.audit.adapters.shopify_storefront import unwrap
from checkoutguard.audit.model import CheckoutDocument

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "medusa-cart"
Reader = Callable[[Mapping[str, Any], str, str], Decimal | None]


def matches(document: Mapping[str, Any]) -> bool:
    cart, _ = unwrap(document, "cart")
    region = cart.get("region")
    has_currency = isinstance(cart.get("currency_code"), str) or (
        isinstance(region, Mapping) and isinstance(region.get("currency_code"), str)
    )
    return (
        has_currency
        and isinstance(cart.get("items"), list)
        and "total" in cart
        and "shipping_total" in cart
        and "tax_total" in cart
    )


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    cart, root = unwrap(document, "cart")
    if isinstance(cart.get("currency_code"), str):
        return _v2(cart, root)
    return _v1(cart, root)


def _v1(cart: Mapping[str, Any], root: str) -> CheckoutDocument:
    region = child(cart, "region", root) or {}
    code = shop_currency(region.get("currency_code"), f"{root}.region.currency_code")
    exp = minor_units(code)
    build = Builder(code, "cart")
    for path, item in items(cart, "items", root):
        title = optional_text(item, "title", path) or ""
        amount = minor(item, "subtotal", path, exp)
        if amount is None:
            amount = _times(minor(item, "unit_price", path, exp), item.get("quantity"))
        build.item(title, amount, path, optional_text(item, "description", path) or "")
    build.line("discount", "Discount", minor(cart, "discount_total", root, exp), f"{root}.discount_total")
    build.line("discount", "Gift card", minor(cart, "gift_card_total", root, exp), f"{root}.gift_card_total")
    shipping = _shipping(cart, root, lambda parent, key, path: minor(parent, key, path, exp))
    build.line("shipping", "Shipping", shipping, f"{root}.shipping_total")
    total = minor(cart, "total", root, exp)
    build.tax("Tax", minor(cart, "tax_total", root, exp), f"{root}.tax_total", total)
    return build.build(total, f"{root}.total")


def _v2(cart: Mapping[str, Any], root: str) -> CheckoutDocument:
    code = shop_currency(cart.get("currency_code"), f"{root}.currency_code")

    def read(parent: Mapping[str, Any], key: str, path: str) -> Decimal | None:
        return major(parent, key, path, round_to=code)

    build = Builder(code, "cart")
    for path, item in items(cart, "items", root):
        title = optional_text(item, "product_title", path) or optional_text(item, "title", path) or ""
        amount = read(item, "total", path)
        if amount is None:
            amount = _times(read(item, "unit_price", path), item.get("quantity"))
        build.item(title, amount, path, optional_text(item, "product_type", path) or "")
    build.line("shipping", "Shipping", _shipping(cart, root, read), f"{root}.shipping_total")
    total = read(cart, "total", root)
    build.tax("Tax", read(cart, "tax_total", root), f"{root}.tax_total", total)
    return build.build(total, f"{root}.total")


def _times(unit: Decimal | None, quantity: object) -> Decimal | None:
    """A line's amount from its unit price when the cart leaves the line total out (fields not requested)."""
    if unit is None or not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        return None
    return unit * min(quantity, 10**6)


def _shipping(cart: Mapping[str, Any], root: str, read: Reader) -> Decimal | None:
    """``shipping_total`` once a shipping method is on the cart; before that a 0 there is Medusa's default,
    not a free delivery, so it is not shown."""
    amount = read(cart, "shipping_total", root)
    return amount if amount or items(cart, "shipping_methods", root) else None
