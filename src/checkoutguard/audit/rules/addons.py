"""Paid extras selected before the buyer chooses them ("sneak into basket")."""

from __future__ import annotations

from typing import Final

from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.rules.base import Check, Context

__all__ = ["addon_preselected"]

#: Extras that cost money unless a price of zero says otherwise.
_PAID_BY_NATURE: Final = frozenset({"insurance", "warranty", "donation", "priority"})


def addon_preselected(document: CheckoutDocument, context: Context) -> list[Check]:
    """A paid extra must start unselected."""
    checks: list[Check] = []
    for add_on in document.add_ons:
        what = add_on.kind.replace("_", " ")
        price = f" ({add_on.price} {document.currency or ''})".replace(" )", ")") if add_on.price else ""
        if add_on.chosen_by_buyer:
            checks.append(Check("pass", f"The {what} extra reflects the buyer's own earlier choice.", add_on.node))
        elif not add_on.selected:
            checks.append(Check("pass", f"The {what} extra waits for the buyer to choose it.", add_on.node))
        elif add_on.price == 0:
            checks.append(Check("pass", f"The {what} extra is selected but free.", add_on.node))
        elif add_on.control == "line":
            checks.append(
                Check(
                    "incomplete",
                    f"The order summary includes a {what} extra{price} that no control on this page offers: check "
                    "the buyer chose it on an earlier step (or mark the line data-checkoutguard-chosen).",
                    add_on.node,
                )
            )
        elif add_on.price is None and add_on.kind not in _PAID_BY_NATURE:
            checks.append(
                Check(
                    "incomplete",
                    f"A {what} extra is selected on load and no price was found next to it: check it is free.",
                    add_on.node,
                )
            )
        else:
            checks.append(
                Check("violation", f"The {what} extra{price} is selected before the buyer chooses it.", add_on.node)
            )
    return checks
