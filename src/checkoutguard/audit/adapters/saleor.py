"""Saleor ``checkout`` (GraphQL) → checkout document.

Accepts the checkout object, ``{"checkout": …}`` or ``{"data": {"checkout": …}}``. Prices are
``TaxedMoney`` (``gross``/``net``/``tax``, each ``{amount, currency}``; ``amount`` is a GraphQL Float).
Per Saleor's API reference, ``subtotalPrice`` is the lines before shipping with taxes and voucher
discounts applied and ``totalPrice`` adds shipping; each line's gross ``totalPrice`` is its part of the
subtotal, so the lines are the document's base and the tax is inside the gross prices.
``availablePaymentGateways`` are the gateway plugins offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder, method_kind
from checkoutguard.audit.adapters.read import child, items, major, optional_text, priced, shop_currency
from checkoutguard.audit.adapters.shopify_storefront import unwrap
from checkoutguard.audit.model import CheckoutDocument

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "saleor-checkout"


def matches(document: Mapping[str, Any]) -> bool:
    checkout, _ = unwrap(document, "checkout")
    total = checkout.get("totalPrice")
    return (
        isinstance(total, Mapping)
        and isinstance(total.get("gross"), Mapping)
        and isinstance(checkout.get("lines"), list)
        and "cost" not in checkout
    )


def _amount(money: Mapping[str, Any], where: str) -> Decimal | None:
    return major(money, "amount", where)


def _gross(parent: Mapping[str, Any], key: str, path: str, code: str, part: str = "gross") -> Decimal | None:
    """One part (``gross``, ``tax``) of a ``TaxedMoney``."""
    taxed = child(parent, key, path)
    return priced(taxed, part, f"{path}.{key}", code, "currency", _amount) if taxed is not None else None


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    checkout, root = unwrap(document, "checkout")
    total_price = child(checkout, "totalPrice", root) or {}
    gross = child(total_price, "gross", f"{root}.totalPrice") or {}
    code = shop_currency(gross.get("currency"), f"{root}.totalPrice.gross.currency")
    build = Builder(code, "review")
    for path, line in items(checkout, "lines", root):
        variant = child(line, "variant", path) or {}
        product = child(variant, "product", f"{path}.variant") or {}
        title = optional_text(product, "name", f"{path}.variant.product") or optional_text(variant, "name", path) or ""
        amount = _gross(line, "totalPrice", path, code)
        build.item(title, amount, path)
    method = child(checkout, "deliveryMethod", root) or child(checkout, "shippingMethod", root)
    if method is not None and "price" in method:
        where = f"{root}.deliveryMethod"
        label = optional_text(method, "name", where) or "Shipping"
        build.line("shipping", label, _gross(checkout, "shippingPrice", root, code), f"{root}.shippingPrice.gross")
    total = _gross(checkout, "totalPrice", root, code)
    tax = _gross(checkout, "totalPrice", root, code, "tax")
    if tax:
        build.line("tax", "Tax", tax, f"{root}.totalPrice.tax", in_prices=True)
    for path, gateway in items(checkout, "availablePaymentGateways", root):
        ident = optional_text(gateway, "id", path) or ""
        name = optional_text(gateway, "name", path) or ident
        build.method(method_kind(ident, name), name, path)
    return build.build(total, f"{root}.totalPrice.gross")
