"""Pre-contract information before the order: who the trader is and where, how to reach them, the terms, the
right of withdrawal (or why there is none) and the returns policy (CRD Art. 6(1), 8(2))."""

from __future__ import annotations

from typing import Final

from checkoutguard.audit.html.legal import examples
from checkoutguard.audit.model import CheckoutDocument, LegalItem
from checkoutguard.audit.rules.base import Check, Context

__all__ = ["ELEMENTS", "precontract_info"]

#: What a certification audit looks for, in the order a report lists it.
ELEMENTS: Final = ("trader", "contact", "terms", "withdrawal", "returns")
_WHAT: Final = {
    "trader": "the trader's identity and geographic address",
    "contact": "a contact channel (e-mail, telephone or a contact page)",
    "terms": "the terms and conditions",
    "withdrawal": "the right of withdrawal (14 days, how to exercise it, who pays the return) or why it does not apply",
    "returns": "the returns policy",
}


def precontract_info(document: CheckoutDocument, context: Context) -> list[Check]:
    """Each element shown or linked passes; each missing one is a violation when the reading is exact
    (declared by the merchant), else a check for a person (the words may be ones the vocabulary lacks)."""
    legal = document.legal
    if legal is None:
        return []
    found: dict[str, LegalItem] = {}
    for shown in legal.items:
        found.setdefault(shown.kind, shown)
    checks: list[Check] = []
    for element in ELEMENTS:
        item = found.get(element)
        if item is None and element == "withdrawal":
            item = found.get("withdrawal_exempt")
        if item is not None:
            checks.append(Check("pass", f"{_WHAT[element].capitalize()}: {item.text[:80]!r}.", item.node))
            continue
        example = examples(element, document.language)
        if legal.exact:
            message = f"The checkout does not show or link {_WHAT[element]} (e.g. a link {example!r})."
            checks.append(Check("violation", message, data={"missing": element}))
        else:
            message = (
                f"No link on the page names {_WHAT[element]} (e.g. {example!r}). If the page shows it, mark it "
                f'with data-checkoutguard-legal="{element}".'
            )
            checks.append(Check("incomplete", message, data={"missing": element}))
    return checks
