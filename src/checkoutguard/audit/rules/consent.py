"""Consent given by default, and consent made a condition of the order.

A box that grants consent without the buyer acting (ticked on load, or worded so that leaving it unticked
says yes) is judged by what it asks for and how the marketing reaches the buyer, because the law differs by
channel (``classify.consent_wording`` reads the label in the page's language):

- sharing the buyer's details with partners or other brands for their marketing needs consent: a violation;
- e-mail or SMS about the shop's own products, with a refusal offered right at the point of sale ("tick
  here if you do not want..."), can be a lawful soft opt-in (ePrivacy Art. 13(2), UK PECR reg. 22(3)): a
  check, not a violation, because the page cannot show that the products are similar or that the details
  were obtained in a sale;
- postal marketing may run on legitimate interest with a right to object (GDPR Recital 47, Art. 21(2)):
  not a consent violation, and the result says so;
- anything else granted by default (a ticked newsletter box, cookies, phone) is a violation.
"""

from __future__ import annotations

from typing import Final

from checkoutguard.audit.classify import consent_wording
from checkoutguard.audit.language import resolve_language
from checkoutguard.audit.model import CheckoutDocument, Consent
from checkoutguard.audit.rules.base import Check, Citation, Context

__all__ = ["consent_preticked", "consent_required"]

_CONSENTS: Final = ("marketing", "data_sharing", "cookies")
_WORDS: Final = {"marketing": "marketing", "data_sharing": "data sharing", "cookies": "cookies"}
_ELECTRONIC: Final = frozenset({"email", "sms"})
_SOFT_OPT_IN: Final = (
    Citation(
        "Directive 2002/58/EC (ePrivacy)",
        "Art. 13(2)",
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02002L0058-20091219",
        ("eea",),
        "secondary",
        "E-mail contact details obtained in a sale may be used for the seller's own similar products if the "
        "customer is clearly given the chance to object, free and easily, when they are collected and in "
        "every message.",
    ),
    Citation(
        "Privacy and Electronic Communications (EC Directive) Regulations 2003 (PECR)",
        "reg. 22(3)",
        "https://www.legislation.gov.uk/uksi/2003/2426/regulation/22",
        ("uk",),
        "secondary",
        "The 'soft opt-in': contact details obtained in a sale or negotiation, similar products and services, "
        "a simple means of refusing at collection and in each message.",
    ),
)
_POSTAL: Final = (
    Citation(
        "Regulation (EU) 2016/679 (GDPR)",
        "Recital 47 and Art. 21(2)",
        "https://gdpr-info.eu/recitals/no-47/",
        ("eea", "uk"),
        "secondary",
        "Direct marketing may be a legitimate interest; the data subject may object at any time (Art. 21(2)).",
    ),
)


def _for(context: Context, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    return tuple(c for c in citations if context.jurisdictions & set(c.jurisdictions))


def _language(document: CheckoutDocument, context: Context) -> str | None:
    return resolve_language(page=document.language, country=context.country).code


def _granted(consent: Consent, purpose: str, language: str | None, context: Context) -> Check:
    """The result for a box that grants ``purpose`` when the buyer does nothing."""
    wording = consent_wording(consent.label, language)
    channels = frozenset(wording.channels)
    refusal_offered = consent.opt_out or wording.objection
    if consent.purpose == "data_sharing" or "partners" in channels:
        return Check(
            "violation",
            "The buyer's details go to partners or other brands for their marketing unless the buyer refuses: "
            "that needs consent, and a box that says yes by default is not consent.",
            consent.node,
            data={"channels": sorted(channels), "opt_out": consent.opt_out},
        )
    if consent.purpose == "marketing" and channels and channels <= {"post"}:
        return Check(
            "pass",
            "Postal marketing on an opt-out basis: not a consent violation, since a shop may send post on "
            "legitimate interest (GDPR Recital 47) if the buyer can object at any time (Art. 21(2)); say so in "
            "the privacy notice.",
            consent.node,
            data={"channels": ["post"], "basis": "legitimate_interest"},
            citations=_for(context, _POSTAL),
        )
    if consent.purpose == "marketing" and refusal_offered and channels and channels <= _ELECTRONIC:
        return Check(
            "incomplete",
            "Opt-out e-mail/SMS marketing at the point of sale: lawful only as a soft opt-in (the shop's own "
            "similar products, details obtained in this sale, a refusal offered now and in every message). "
            "Check that it is limited to that, or ask for consent with an unticked box.",
            consent.node,
            impact="minor",
            data={"channels": sorted(channels), "opt_out": consent.opt_out, "basis": "soft_opt_in"},
            citations=_for(context, _SOFT_OPT_IN),
        )
    if consent.opt_out:
        return Check(
            "violation",
            f"Opt-out wording: leaving the {purpose} box as it is counts as consent. Ask for consent with an "
            "unticked opt-in box instead.",
            consent.node,
            data={"channels": sorted(channels), "opt_out": True},
        )
    return Check(
        "violation",
        f"The {purpose} consent box is ticked before the buyer acts.",
        consent.node,
        data={"channels": sorted(channels), "opt_out": False},
    )


def consent_preticked(document: CheckoutDocument, context: Context) -> list[Check]:
    """Marketing, data-sharing and cookie consent must not be granted by default."""
    checks: list[Check] = []
    language = _language(document, context) if document.consents else None
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
        elif consent.granted_by_default:
            checks.append(_granted(consent, purpose, language, context))
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
