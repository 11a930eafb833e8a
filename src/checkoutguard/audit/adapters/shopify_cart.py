"""Shopify AJAX cart (``GET /cart.js``) → checkout document.

Every amount is an integer of hundredths of the cart's ``currency``, whatever the currency's own minor
unit: a KRW 8,900 item reads 890000 (Shopify's money filters divide by 100; Shopify Community, "Ajax
API's cart.js response contains wrong price"). The cart has no shipping or tax yet; ``total_price`` is the
items after line and cart-level discounts (``cart_level_discount_applications``). Apps add shipping
protection or fees as items, so each item's title decides what it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import items, minor, optional_bool, optional_text, shop_currency
from checkoutguard.audit.model import CheckoutDocument, Notice

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "shopify-cart"
#: cart.js writes every currency in hundredths.
_EXPONENT: Final = 2


def matches(document: Mapping[str, Any]) -> bool:
    return (
        isinstance(document.get("items"), list)
        and isinstance(document.get("total_price"), int)
        and isinstance(document.get("currency"), str)
        and ("items_subtotal_price" in document or "original_total_price" in document)
        and "item_count" in document
    )


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    code = shop_currency(document.get("currency"), "$.currency")
    build = Builder(code, "cart")
    for path, item in items(document, "items", "$"):
        title = optional_text(item, "product_title", path) or optional_text(item, "title", path) or ""
        hints = " ".join(filter(None, (optional_text(item, k, path) for k in ("product_type", "vendor", "handle"))))
        amount = minor(item, "final_line_price", path, _EXPONENT)
        if amount is None:
            amount = minor(item, "line_price", path, _EXPONENT)
        build.item(title, amount, path, hints, added=optional_bool(item, "requires_shipping", path) is False)
    for path, discount in items(document, "cart_level_discount_applications", "$"):
        label = optional_text(discount, "title", path) or "Discount"
        build.line("discount", label, minor(discount, "total_allocated_amount", path, _EXPONENT, negative=True), path)
    if optional_bool(document, "requires_shipping", "$") and not any(line.kind == "shipping" for line in build.lines):
        build.notices.append(Notice("deferred", "shipping", "cart.js carries no shipping: it is chosen at checkout"))
    return build.build(minor(document, "total_price", "$", _EXPONENT), "$.total_price")
