"""Fees for a means of payment, and currency-conversion offers without the required disclosures.

Whether a surcharge is banned comes from the payments data (``surcharge_policy``), per country, day and
buyer type; this module only maps the page's payment methods onto the instruments that data names.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Final

from checkoutguard.audit.classify import payment_kind
from checkoutguard.audit.model import CheckoutDocument, Line, PaymentMethod
from checkoutguard.audit.rules.base import Check, Citation, Context
from checkoutguard.payments.surcharges import SurchargePolicy, surcharge_policy

__all__ = ["currency_conversion_disclosure", "payment_surcharge", "policy_for"]

#: Payment kinds on a page → instrument names in ``payment_methods/rules/surcharges.json``.
_INSTRUMENTS: Final = {
    "card": ("consumer_debit_card", "consumer_credit_card"),
    "sepa_direct_debit": ("sepa_direct_debit",),
    "sepa_credit_transfer": ("sepa_credit_transfer",),
    "payment_service": ("payment_service",),
}


def _fee(method: PaymentMethod, total: Decimal | None) -> Decimal | None:
    if method.surcharge:
        return method.surcharge
    if method.surcharge_rate and total is not None:
        return (method.surcharge_rate * total).quantize(Decimal("0.01"))
    return None


def _instruments(method: PaymentMethod, currency: str | None) -> tuple[str, ...]:
    """The instruments a method pays with. A bank redirect in euro (iDEAL, Sofort, giropay, EPS, Trustly)
    pays by SEPA credit transfer, which PSD2 Art. 62(4) and the SEPA Regulation cover; in another currency
    (Przelewy24 in złoty, Swish) the payments data has no instrument for it."""
    if method.kind == "bank_redirect" and currency == "EUR":
        return ("sepa_credit_transfer",)
    return _INSTRUMENTS.get(method.kind, ())


def _is_payment_fee(line: Line) -> bool:
    """A surcharge row, or a fee row named after a means of payment ("Card processing fee")."""
    return line.kind == "surcharge" or (line.kind == "fee" and payment_kind(line.label) is not None)


def _owner(document: CheckoutDocument, line: Line) -> PaymentMethod | None:
    """The means of payment a fee row belongs to: the method its label names ("Kreditkarte", "Card
    processing fee"), preferring a selected one of that kind; else the selected method; else, when the
    label names a kind and the page offers no such control (a confirmation page), that kind itself."""
    named = payment_kind(line.label)
    methods = document.payment_methods
    if named is not None:
        same = [m for m in methods if m.kind == named]
        chosen = next((m for m in same if m.selected), same[0] if same else None)
        if chosen is not None:
            return chosen
    selected = next((m for m in methods if m.selected), None)
    if selected is not None:
        return selected
    return PaymentMethod(named, line.label, True) if named is not None else None


def _citations(policy: SurchargePolicy) -> tuple[Citation, ...]:
    return tuple(Citation(c.law, c.article, c.url, (), "verified", c.note) for c in policy.citations)


@functools.lru_cache(maxsize=1_024)
def policy_for(country: str, on: date, buyer_type: str) -> tuple[SurchargePolicy, tuple[Citation, ...]]:
    """The surcharge policy and its citations for one kind of buyer on one day (the payments data is
    loaded once and never changes, so this is looked up once per country, day and buyer type)."""
    policy = surcharge_policy(country=country, on=on, buyer_type=buyer_type)
    return policy, _citations(policy)


def payment_surcharge(document: CheckoutDocument, context: Context) -> list[Check]:
    """No fee for banned instruments; any other payment fee at most the merchant's cost."""
    charging = [m for m in document.payment_methods if m.charges_fee]
    surcharge_lines = [line for line in document.lines if _is_payment_fee(line) and (line.amount or 0) > 0]
    if not charging and not surcharge_lines:
        return [
            Check("pass", f"{m.label or m.kind}: no fee for this means of payment.", m.node)
            for m in document.payment_methods
        ]
    policy, cites = policy_for(context.country, context.on, context.buyer_type)
    checks: list[Check] = []
    fee_on_method = any(m.charges_fee for m in document.payment_methods)
    for line in surcharge_lines:
        owner = None if fee_on_method else _owner(document, line)
        if owner is not None:
            charging.append(PaymentMethod(owner.kind, owner.label, True, line.amount, None, owner.cost, node=line.node))
        elif not charging:
            checks.append(
                Check(
                    "incomplete",
                    f"The summary adds a payment fee ({line.label!r}) and the page does not say for which means "
                    "of payment: check it is not a card or another banned instrument.",
                    line.node,
                    citations=cites,
                )
            )
    total = document.total.amount if document.total else None
    for method in charging:
        name = method.label or method.kind
        fee = _fee(method, total)
        shown = f" ({fee} {document.currency or ''})".replace(" )", ")") if fee is not None else ""
        if not policy.known:
            checks.append(
                Check(
                    "incomplete",
                    f"{name} carries a fee{shown} and checkoutguard has no surcharge rules for {context.country}: "
                    + "; ".join(policy.notes),
                    method.node,
                )
            )
            continue
        if method.kind == "card":
            # A business buyer's card is usually a commercial card, outside the interchange cap: the
            # policy's own verdict on cards for this buyer type decides.
            banned = set(_INSTRUMENTS["card"]) if policy.card_surcharge_banned else set()
        else:
            banned = set(_instruments(method, document.currency)) & set(policy.banned_instruments)
        if banned:
            checks.append(
                Check(
                    "violation",
                    f"{name} carries a fee{shown}; a fee for {', '.join(sorted(banned))} is banned for "
                    f"{context.buyer_type} buyers in {context.country}.",
                    method.node,
                    citations=cites,
                )
            )
        elif policy.fee_cap == "cost":
            if method.cost is not None and fee is not None and fee > method.cost:
                checks.append(
                    Check(
                        "violation",
                        f"{name} carries a fee{shown} above the stated cost of {method.cost}.",
                        method.node,
                        citations=cites,
                    )
                )
            elif method.cost is not None and fee is not None:
                checks.append(Check("pass", f"{name}: the fee does not exceed the stated cost.", method.node))
            else:
                checks.append(
                    Check(
                        "incomplete",
                        f"{name} carries a fee{shown}; it may not exceed what the method costs you. State that cost "
                        "with data-checkoutguard-cost to have it checked.",
                        method.node,
                        citations=cites,
                    )
                )
        else:
            checks.append(Check("pass", f"{name}: no rule limits this fee in {context.country}.", method.node))
    return checks


def currency_conversion_disclosure(document: CheckoutDocument, context: Context) -> list[Check]:
    """An offer to pay in another currency must state its mark-up over the ECB rate and the amount."""
    checks: list[Check] = []
    for offer in document.conversions:
        missing = []
        if offer.markup is None:
            missing.append("the conversion charge as a percentage mark-up")
        if not offer.reference_rate_shown:
            missing.append("the ECB euro reference rate it is measured against")
        if not offer.amount_shown:
            missing.append("the amount in the payer's currency")
        what = f"The offer to pay in {offer.currency}" if offer.currency else "The currency-conversion offer"
        if missing:
            checks.append(Check("violation", f"{what} does not state {', '.join(missing)}.", offer.node))
        else:
            checks.append(Check("pass", f"{what} states its mark-up over the ECB rate and the amount.", offer.node))
    return checks
