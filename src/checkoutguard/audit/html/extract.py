"""A checkout page (HTML bytes) to a ``CheckoutDocument``, plus the edits fix mode needs.

``extract_html`` scans the page (fast path unless told otherwise), reads the controls and the summary,
and fills the same model a JSON document fills. Page-level facts come from ``data-checkoutguard-*``
attributes when the merchant adds them (``-step``, ``-steps``, ``-currency``) and from ``<html lang>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from checkoutguard.audit.classify import classify_control
from checkoutguard.audit.html.controls import read_controls
from checkoutguard.audit.html.legal import read_legal
from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.order_button import read_order_button
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.parts import Edit, interpret
from checkoutguard.audit.html.scan import scan_fast, scan_full
from checkoutguard.audit.html.summary import read_summary
from checkoutguard.audit.limits import MAX_EVENTS, Limit
from checkoutguard.audit.model import STEPS, AddOn, CheckoutDocument

__all__ = ["Extraction", "extract_html"]

_PREFIX: Final = "data-checkoutguard-"
_STEP_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True, slots=True)
class Extraction:
    """The document, the edits that undo each default (keyed by the node's byte span), which scan
    path produced it (``fast``, or ``full`` with the reason the fast path gave up), and the limits that
    stopped reading (none: the whole page was read)."""

    document: CheckoutDocument
    fixes: Mapping[tuple[int, int], tuple[Edit, ...]] = field(default_factory=dict)
    path: str = "fast"
    fallback: str = ""
    limits: tuple[Limit, ...] = ()


def _step(value: str | None) -> str | None:
    if not value:
        return None
    step = value.strip().lower()
    return step if step and len(step) <= 32 and set(step) <= _STEP_CHARS and step[0].isalpha() else None


def extract_html(
    raw: bytes, *, encoding: str = "utf-8", path: str = "fast", currency_hint: str | None = None
) -> Extraction:
    """Read the checkout page ``raw`` (bytes in an ASCII-compatible ``encoding``). ``currency_hint`` (the
    buyer's currency) resolves shared symbols such as ``kr`` and ``$`` when it is one of theirs."""
    lo = raw.lower()
    scan = scan_full(lo) if path == "full" else scan_fast(lo)
    page = Page(raw, lo, encoding, scan)
    language: str | None = None
    facts: dict[str, str] = {}
    annotated: list[tuple[Token, dict[str, str]]] = []
    annotations = scan.may_hold(b"data-checkoutguard")
    for event in scan.events:
        if event.kind != "start" or (not annotations and event.name != b"html"):
            continue
        tag = Token("start", event.start, event.end, event.name)
        if event.name == b"html" and language is None:
            lang = page.value(tag, "lang")
            language = lang.strip()[:35] if lang else None
        if not annotations or lo.find(b"data-checkoutguard", event.start, event.end) < 0:
            continue
        notes = {k[len(_PREFIX) :]: a.value for k, a in page.attrs(tag).items() if k.startswith(_PREFIX)}
        for key in ("step", "steps", "currency"):
            if key in notes and key not in facts and event.name not in (b"input", b"select"):
                facts[key] = notes[key]
        if "line" in notes or "notice" in notes:
            annotated.append((tag, notes))
    step = _step(facts.get("step"))
    named_steps = [s for s in (_step(x) for x in facts.get("steps", "").replace(",", " ").split()) if s]
    steps = tuple(dict.fromkeys(named_steps)) or STEPS
    if step is not None and step not in steps:
        steps = (*steps, step)
    currency = facts.get("currency", "").strip().upper() or None
    if currency is not None and not (len(currency) == 3 and currency.isalpha()):
        currency = None
    limits: list[Limit] = []
    if scan.truncated:
        unread = f"the page has more than {MAX_EVENTS} elements of interest; the rest of the page was not read"
        limits.append(Limit("events", MAX_EVENTS, unread))
    controls = read_controls(page, limits)
    summary = read_summary(page, annotated, currency, currency_hint, step, limits)
    currency = currency or summary.currency
    parts = interpret(page, controls, currency or currency_hint)
    add_ons = list(parts.add_ons)
    kinds = {a.kind for a in add_ons}
    for line in summary.lines:
        if line.kind != "add_on":
            continue
        kind = classify_control(line.label, has_price=True).add_on or "other"
        if kind not in kinds:
            # An extra in the order summary that no control on this page offers: it may have been added
            # without the buyer's choice ("sneak into basket"); the rule asks for a check.
            add_ons.append(AddOn(kind, line.label, line.amount, True, "line", None, line.first_step, line.node))
    remarks: list[str] = []
    if scan.fallback:
        remarks.append(f"fast scan gave up ({scan.fallback}); the whole page was tokenized")
    remarks.extend(limit.message for limit in limits)
    legal, legal_notes = read_legal(raw, lo, encoding, language)
    remarks.extend(legal_notes)
    # The order button (CRD Art. 8(2)) is read apart from the controls: html/order_button.py.
    order_button, button_notes = read_order_button(raw, lo, encoding, language=language, marks=annotations)
    remarks.extend(button_notes)
    document = CheckoutDocument(
        currency=currency,
        step=step,
        steps=steps,
        lines=summary.lines,
        total=summary.total,
        charged_total=summary.charged_total,
        consents=parts.consents,
        add_ons=tuple(add_ons),
        payment_methods=parts.payment_methods,
        conversions=parts.conversions,
        notices=summary.notices,
        language=language,
        source="html",
        notes=tuple(remarks),
        legal=legal,
        order_button=order_button,
    )
    return Extraction(document, parts.fixes, scan.path, scan.fallback, tuple(limits))
