"""A checkout document (what the audit read from a page) to the ``StepView`` a journey keeps.

Buyer choices are told apart from charges the merchant adds here, once: an extra (``add_on``) is the
buyer's unless the page says the buyer did not choose it; a line the merchant marks optional
(``mandatory: false``, e.g. the express delivery the buyer picked) is a choice; a payment surcharge
depends on the means of payment the buyer picks and is left to the audit's surcharge rule; every other
mandatory shipping, tax, duty or fee line is the merchant's. Lines payable on delivery, taxes already in
the item prices and lines without an amount are not part of the price at checkout and are not kept.
"""

from __future__ import annotations

from typing import Final

from checkoutguard.audit.model import CheckoutDocument, Line
from checkoutguard.journey.model import MAX_LABEL, MAX_LINES, SeenLine, StepView

__all__ = ["observe"]

_PRICE: Final = frozenset({"goods", "subtotal"})
_CHARGES: Final = frozenset({"shipping", "tax", "duty", "fee"})
#: ``Notice.applies_to`` values to line kinds (``fees`` in a notice means the fee lines).
_DEFERRED: Final = {"shipping": "shipping", "tax": "tax", "duty": "duty", "fees": "fee", "fee": "fee"}


def _role(line: Line, declined: frozenset[str]) -> str | None:
    if line.kind in _PRICE:
        return "price"
    if line.kind == "discount":
        return "discount"
    if line.kind == "add_on":
        return "fee" if " ".join(line.label.casefold().split()) in declined else "choice"
    if line.kind == "surcharge":
        return None
    if line.kind in _CHARGES:
        return "fee" if line.mandatory else "choice"
    return None


def observe(document: CheckoutDocument, step: str) -> StepView:
    """What ``document`` shows at ``step``, as a journey keeps it."""
    declined = frozenset(
        " ".join(add_on.label.casefold().split()) for add_on in document.add_ons if add_on.chosen_by_buyer is False
    )
    lines: list[SeenLine] = []
    cut = False
    for line in document.lines:
        if line.amount is None or line.in_prices or line.payable != "checkout":
            continue
        role = _role(line, declined)
        if role is None:
            continue
        if len(lines) == MAX_LINES:
            cut = True
            break
        # An extra the buyer did not choose is a charge the merchant added, whatever the page calls it.
        kind = "fee" if line.kind == "add_on" and role == "fee" else line.kind
        lines.append(SeenLine(kind, line.label[:MAX_LABEL], line.amount, role))
    deferred = frozenset(
        _DEFERRED[notice.applies_to]
        for notice in document.notices
        if notice.kind == "deferred" and notice.applies_to in _DEFERRED
    )
    total = document.total.amount if document.total is not None else None
    return StepView(step, document.currency, total, tuple(lines), deferred, cut)
