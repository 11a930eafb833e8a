"""commercetools ``Cart`` (HTTP API ``GET /{projectKey}/carts/{id}``) → checkout document.

Money is ``CentPrecisionMoney``: ``centAmount`` with ``fractionDigits`` and ``currencyCode``.
``totalPrice`` sums the line items, custom line items and shipping after discounts; ``taxedPrice.totalGross``
is what the buyer pays once tax is known (``totalTax`` is inside it). Custom line items are what the merchant
adds by hand: a service fee, an insurance, a deposit.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import (
    child,
    exponent_of,
    items,
    minor,
    optional_text,
    priced,
    shop_currency,
)
from checkoutguard.audit.model import CheckoutDocument

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "commercetools-cart"
_LOCALES: Final = ("en", "en-GB", "en-US", "de", "de-DE", "fr", "it", "es", "nl")


def matches(document: Mapping[str, Any]) -> bool:
    total = document.get("totalPrice")
    return (
        isinstance(total, Mapping)
        and "centAmount" in total
        and "currencyCode" in total
        and isinstance(document.get("lineItems"), list)
    )


def _cents(money: Mapping[str, Any], where: str) -> Decimal | None:
    return minor(money, "centAmount", where, exponent_of(money, "fractionDigits", where))


def _money(parent: Mapping[str, Any], key: str, path: str, code: str) -> Decimal | None:
    return priced(parent, key, path, code, "currencyCode", _cents)


def _name(parent: Mapping[str, Any], path: str) -> str:
    """A ``LocalizedString`` (``{"en": …, "de": …}``): English first, else the first language given."""
    name = child(parent, "name", path) or {}
    for locale in (*_LOCALES, *name.keys()):
        text = optional_text(name, locale, f"{path}.name")
        if text:
            return text
    return ""


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    total_money = child(document, "totalPrice", "$") or {}
    code = shop_currency(total_money.get("currencyCode"), "$.totalPrice.currencyCode")
    build = Builder(code, "cart")
    for path, item in items(document, "lineItems", "$"):
        build.item(_name(item, path), _money(item, "totalPrice", path, code), path)
    for path, item in items(document, "customLineItems", "$"):
        build.charge(_name(item, path), _money(item, "totalPrice", path, code), path)
    shipping = child(document, "shippingInfo", "$")
    if shipping is not None:
        label = optional_text(shipping, "shippingMethodName", "$.shippingInfo") or "Shipping"
        build.line("shipping", label, _money(shipping, "price", "$.shippingInfo", code), "$.shippingInfo.price")
    discount = child(document, "discountOnTotalPrice", "$")
    if discount is not None:
        amount = _money(discount, "discountedAmount", "$.discountOnTotalPrice", code)
        build.line("discount", "Discount", amount, "$.discountOnTotalPrice.discountedAmount")
    taxed = child(document, "taxedPrice", "$")
    if taxed is None:
        return build.build(_money(document, "totalPrice", "$", code), "$.totalPrice")
    gross = _money(taxed, "totalGross", "$.taxedPrice", code)
    tax = _money(taxed, "totalTax", "$.taxedPrice", code)
    if tax is None:
        net = _money(taxed, "totalNet", "$.taxedPrice", code)
        tax = gross - net if gross is not None and net is not None and gross >= net else None
    build.tax("Tax", tax, "$.taxedPrice.totalTax", gross)
    return build.build(gross, "$.taxedPrice.totalGross")
