"""Consent given by default, and consent made a condition of the order."""

from __future__ import annotations

from typing import Final

from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.rules.base import Check, Context

__all__ = ["consent_preticked", "consent_required"]

_CONSENTS: Final = ("marketing", "data_sharing", "cookies")
_WORDS: Final = {"marketing": "marketing", "data_sharing": "data sharing", "cookies": "cookies"}


def consent_preticked(document: CheckoutDocument, context: Context) -> list[Check]:
    """Marketing, data-sharing and cookie consent must not be granted by default."""
    checks: list[Check] = []
    for consent in document.consents:
        purpose = _WORDS.get(consent.purpose)
        if purpose is None:
            if consent.purpose == "unknown" and consent.checked and not consent.required:
                checks.append(
                    Check(
                        "incomplete",
                        f"A box is ticked on load and its label ({consent.label[:80]!r}) does not say what it is "
                        "for: check it is not consent (mark it with data-checkoutguard-purpose).",
                        consent.node,
                    )
                )
            continue
        if consent.chosen_by_buyer:
            checks.append(Check("pass", f"The {purpose} box keeps the buyer's own earlier choice.", consent.node))
        elif consent.granted_by_default and consent.opt_out:
            checks.append(
                Check(
                    "violation",
                    f"Opt-out wording: leaving the {purpose} box as it is counts as consent. Ask for consent with "
                    "an unticked opt-in box instead.",
                    consent.node,
                )
            )
        elif consent.granted_by_default:
            checks.append(
                Check("violation", f"The {purpose} consent box is ticked before the buyer acts.", consent.node)
            )
        else:
            checks.append(Check("pass", f"The {purpose} box waits for the buyer to opt in.", consent.node))
    return checks


def consent_required(document: CheckoutDocument, context: Context) -> list[Check]:
    """Marketing and data-sharing consent must not be required to place the order."""
    checks: list[Check] = []
    for consent in document.consents:
        if consent.purpose not in _CONSENTS:
            continue
        purpose = _WORDS[consent.purpose]
        if consent.required and not consent.opt_out:
            checks.append(
                Check("violation", f"The order cannot be placed without ticking the {purpose} box.", consent.node)
            )
        else:
            checks.append(Check("pass", f"The {purpose} box is optional.", consent.node))
    return checks
