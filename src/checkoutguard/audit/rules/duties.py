"""Duties and import taxes collected on delivery that the checkout does not disclose.

The landed-cost quote (its JSON form: ``totals.delivery`` or the lines payable on delivery) says what the
buyer will pay the carrier; the document says what the checkout discloses.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.rules.base import Check, Context, tolerance

__all__ = ["duties_undisclosed"]


def _due_on_delivery(quote: Any) -> Decimal | None:
    try:
        totals = quote.get("totals") or {}
        if totals.get("delivery") is not None:
            return Decimal(totals["delivery"])
        lines = [line for line in quote.get("lines") or () if line.get("payable") == "delivery"]
        return sum((Decimal(line["amount"]) for line in lines), Decimal(0))
    except (AttributeError, KeyError, TypeError, InvalidOperation):
        return None


def duties_undisclosed(document: CheckoutDocument, context: Context) -> list[Check]:
    """What is due on delivery must be shown, as an amount, before the order."""
    quote = document.landed_cost
    if quote is None:
        return [
            Check(
                "incomplete",
                "No landed-cost quote was supplied, so duties and taxes due on delivery cannot be compared with "
                "what the checkout shows (pass landed_cost=).",
            )
        ]
    due = _due_on_delivery(quote)
    currency = quote.get("currency") if hasattr(quote, "get") else None
    if due is None:
        return [Check("incomplete", "The landed-cost quote has neither totals.delivery nor lines payable on delivery.")]
    if due <= 0:
        return [Check("pass", "The landed-cost quote has nothing due on delivery.")]
    if document.currency and currency and document.currency != currency:
        return [
            Check(
                "incomplete",
                f"The quote is in {currency} and the checkout in {document.currency}; convert one to compare them.",
            )
        ]
    shown = [line for line in document.lines if line.payable == "delivery" and line.amount is not None]
    disclosed = sum((line.amount or Decimal(0) for line in shown), Decimal(0))
    notices = [n for n in document.notices if n.kind == "on_delivery"]
    node = shown[0].node if shown else (notices[0].node if notices else None)
    amount = f"{due} {currency or ''}".strip()
    if shown and disclosed + tolerance(len(shown)) >= due:
        return [Check("pass", f"The checkout discloses the {amount} due on delivery.", node)]
    if shown:
        return [
            Check(
                "violation",
                f"The checkout discloses {disclosed} due on delivery; the landed-cost quote puts it at {amount}.",
                node,
                data={"due": str(due), "disclosed": str(disclosed)},
            )
        ]
    if notices:
        return [
            Check(
                "violation",
                f"The checkout says charges are due on delivery but not how much; the landed-cost quote puts them "
                f"at {amount}, so they can be shown.",
                node,
                impact="moderate",
                data={"due": str(due)},
            )
        ]
    return [
        Check(
            "violation",
            f"{amount} in duties and import taxes will be collected on delivery and the checkout does not mention it.",
            document.total.node if document.total else None,
            data={"due": str(due)},
        )
    ]
