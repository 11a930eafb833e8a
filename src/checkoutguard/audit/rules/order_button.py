"""The order button's words on the last step (CRD Art. 8(2); § 312j(3) BGB; UK CCR 2013 reg. 14(3)).

The button that places an online order must say that ordering means paying: "order with obligation to
pay", "zahlungspflichtig bestellen" or an unambiguous equivalent in the buyer's language (only the words on
the button count: C-249/21). The vocabulary (``order_button`` in vocabulary.json, every wording with its
source) sorts the words into accepted, disputed (a court rejected them, others accept similar words),
final (places the order without the payment obligation: "Place order", "Bestellen", "Submit"), navigation
("Continue to shipping", "Weiter einkaufen": another step's button) and advance ("Weiter", "Continue").
The step decides what an advance means: on the last step it is the order button and a violation; on
another step, or when the step is not known, it is just navigation.
"""

from __future__ import annotations

from checkoutguard.audit.classify import order_button_wording
from checkoutguard.audit.language import resolve_language
from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.rules.base import Check, Context

__all__ = ["last_step", "order_button"]


def last_step(document: CheckoutDocument) -> str | None:
    """The step on which the order is placed: the last before ``confirmation`` (or the last listed)."""
    steps = [s for s in document.steps if s != "confirmation"]
    return steps[-1] if steps else None


def order_button(document: CheckoutDocument, context: Context) -> list[Check]:
    """The button that places the order must name the obligation to pay."""
    button = document.order_button
    if button is None or document.step == "confirmation":
        return []
    on_last = None if document.step is None else document.step == last_step(document)
    language = resolve_language(control=button.language, page=document.language, country=context.country).code
    wording = order_button_wording(button.text, language)
    words = button.text[:80]
    if wording is None:
        if not on_last:
            return []
        return [
            Check(
                "incomplete",
                f"The last step's button reads {words!r}: check that it says the order is binding and costs money "
                "(for example 'order with obligation to pay').",
                button.node,
            )
        ]
    data = {"wording": wording.kind, "matched": wording.matched, "sources": list(wording.sources)}
    if wording.kind == "accepted":
        if on_last is False:
            return []
        return [
            Check("pass", f"The order button reads {words!r}: it names the obligation to pay.", button.node, data=data)
        ]
    if wording.kind == "disputed":
        return [
            Check(
                "incomplete",
                f"The order button reads {words!r}: a court found these words not unambiguous enough; prefer "
                "'zahlungspflichtig bestellen' or the equivalent in the buyer's language.",
                button.node,
                data=data,
            )
        ]
    if wording.kind == "navigation":
        return []  # "Continue to shipping", "Weiter einkaufen": another step's button, not the order's
    if wording.kind == "advance":
        if not on_last:
            return []
        return [
            Check(
                "violation",
                f"The last step's button reads {words!r}: it places the order but reads like a step forward; it "
                "must say that ordering means paying.",
                button.node,
                data=data,
            )
        ]
    if on_last is False:
        return []
    return [
        Check(
            "violation",
            f"The order button reads {words!r}: it places the order without saying that this costs money "
            "('order with obligation to pay' or an unambiguous equivalent).",
            button.node,
            data=data,
        )
    ]
