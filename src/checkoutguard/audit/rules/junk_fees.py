"""US state all-in price ("junk fee") laws: the price a buyer is shown must hold every mandatory fee.

Applied by the buyer's state (``US-MN``...) and the day: each state's law is a citation of ``junk-fees`` in
``catalog.json`` with the day it took effect and the kinds of charge it lets a price leave out (government
taxes everywhere, shipping in most states, in Minnesota also a card surcharge the buyer can avoid by paying
otherwise). Optional charges never count. California's SB 478 (from 1 July 2024) is judged by
``total-incomplete`` and ``drip-pricing``, which counted its fees before this rule existed; the catalog dates it
there. The federal FTC rule (16 CFR Part 464, in force 12 May 2025) covers only live-event tickets and
short-term lodging: it is not applied to shops.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from checkoutguard.audit.model import CheckoutDocument, Line, step_index
from checkoutguard.audit.rules.base import Check, Citation, Context, catalog, tolerance

__all__ = ["RULE_ID", "junk_fees", "laws_in_force"]

RULE_ID: Final = "junk-fees"
#: What a state law can ask to be in the price; taxes and duties are government charges no state counts.
_CHARGES: Final = frozenset({"fee", "surcharge", "shipping"})
_IN_TOTAL: Final = frozenset({"shipping", "tax", "duty", "fee", "surcharge", "add_on"})
#: Massachusetts: the total price comes before the checkout asks for any personal information.
_BEFORE_PERSONAL_DATA: Final = ("us-ma", "information")


def laws_in_force(context: Context) -> tuple[Citation, ...]:
    """The state laws of the buyer's jurisdiction in force on the audit's day."""
    rule = catalog().rules[RULE_ID]
    return tuple(c for c in rule.citations if context.jurisdictions & set(c.jurisdictions) and c.in_force(context.on))


def _counted(laws: tuple[Citation, ...]) -> frozenset[str]:
    """The charges the strictest law in force counts (several laws can apply to one buyer)."""
    counted: set[str] = set()
    for law in laws:
        counted |= _CHARGES - set(law.excludes)
    return frozenset(counted)


def _first_price(document: CheckoutDocument) -> int | None:
    steps = [step_index(document, line.first_step) for line in document.lines if line.kind in ("goods", "subtotal")]
    if document.total is not None:
        steps.append(step_index(document, document.total.first_step))
    known = [i for i in steps if i is not None]
    return min(known) if known else None


def _gap(document: CheckoutDocument) -> Decimal | None:
    """How much the lines shown add up to beyond the total (None when there is no total or no base)."""
    if document.total is None:
        return None
    subtotal = next((line.amount for line in document.lines if line.kind == "subtotal" and line.amount), None)
    goods = [line.amount for line in document.lines if line.kind == "goods" and line.amount is not None]
    if subtotal is None and not goods:
        return None
    expected = subtotal if subtotal is not None else sum(goods, Decimal(0))
    for line in document.lines:
        if line.amount is None or line.in_prices or line.included is False or line.payable != "checkout":
            continue
        if line.kind in _IN_TOTAL:
            expected += line.amount
        elif line.kind == "discount":
            expected -= line.amount
    return expected - document.total.amount


def junk_fees(document: CheckoutDocument, context: Context) -> list[Check]:
    """Every mandatory fee the buyer's state counts must be in the price from the first price shown."""
    laws = laws_in_force(context)
    if not laws:
        return []
    counted = _counted(laws)
    fees = [
        line
        for line in document.lines
        if line.kind in counted and line.mandatory and not line.in_prices and line.payable == "checkout"
        if (line.amount or 0) > 0
    ]
    checks = _massachusetts(document, context, laws)
    if not fees:
        return checks
    reference = _first_price(document)
    gap = _gap(document)
    slack = tolerance(len(document.lines) + 1)
    for line in fees:
        checks.append(_judge(document, line, reference, gap, slack, laws))
    return checks


def _judge(
    document: CheckoutDocument,
    line: Line,
    reference: int | None,
    gap: Decimal | None,
    slack: Decimal,
    laws: tuple[Citation, ...],
) -> Check:
    amount = f"{line.amount} {document.currency or ''}".strip()
    what = f"The mandatory {line.kind} {line.label!r} ({amount})"
    # Shipping counts only where a law does not exclude it (Connecticut, arguably): a weaker finding.
    impact = "moderate" if line.kind == "shipping" else None
    index = step_index(document, line.first_step)
    if line.included is False:
        message = f"{what} is shown beside the total but not counted in it."
        return Check("violation", message, line.node, impact=impact, citations=laws)
    if index is not None and reference is not None and index > reference:
        message = (
            f"{what} first appears at the {line.first_step} step, after a price without it was shown at the "
            f"{document.steps[reference]} step."
        )
        return Check("violation", message, line.node, impact=impact, citations=laws)
    if gap is not None and gap > slack and abs(gap - (line.amount or 0)) <= slack:
        message = f"{what} is left out of the total shown: the lines add up to {gap} more."
        return Check("violation", message, line.node, impact=impact, citations=laws)
    if index is None or reference is None:
        message = (
            f"{what} has no step: check it is part of the first price shown, or mark the step where it first "
            "appears with data-checkoutguard-first-step."
        )
        return Check("incomplete", message, line.node, citations=laws)
    return Check("pass", f"{what} is in the price from the first price shown.", line.node, citations=laws)


def _massachusetts(document: CheckoutDocument, context: Context, laws: tuple[Citation, ...]) -> list[Check]:
    """940 CMR 38.00: the total price before any personal information, billing details included, is asked."""
    tag, step = _BEFORE_PERSONAL_DATA
    mine = tuple(law for law in laws if tag in law.jurisdictions)
    total = document.total
    if not mine or total is None or step not in document.steps:
        return []
    first = step_index(document, total.first_step)
    if first is None:
        return []
    if first > document.steps.index(step):
        message = f"The total is first shown at the {total.first_step} step, after the buyer's details were asked."
        return [Check("violation", message, total.node, citations=mine)]
    return [Check("pass", "The total is shown before the buyer's details are asked.", total.node, citations=mine)]
