"""Advisory: prices shown in a currency other than the buyer's own."""

from __future__ import annotations

from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.rules.base import Check, Context, catalog

__all__ = ["price_currency"]


def price_currency(document: CheckoutDocument, context: Context) -> list[Check]:
    """The buyer's currency, where checkoutguard knows it, should be the one prices are shown in."""
    expected = catalog().currency_of(context.country, context.on)
    if expected is None:
        return []
    node = document.total.node if document.total else None
    if document.currency is None:
        if document.total is None and not document.lines:
            return []
        return [Check("incomplete", "The page's currency could not be read (set data-checkoutguard-currency).", node)]
    if document.currency != expected:
        return [
            Check(
                "violation",
                f"Prices are in {document.currency}; a buyer in {context.country} pays in {expected}, so the card "
                "issuer's conversion is a cost the buyer does not see.",
                node,
            )
        ]
    return [Check("pass", f"Prices are in the buyer's currency ({expected}).", node)]
