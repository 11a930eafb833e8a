"""A checkout page (HTML bytes) to a ``CheckoutDocument``, plus the edits fix mode needs.

``extract_html`` parses the page with Lexbor (``tree``) and reads its controls in their context
(``controls``); the token scan still finds the byte spans fix mode edits and, until the DOM summary
lands, the order summary (``_summary``). Page-level facts come from ``data-checkoutguard-*`` attributes
when the merchant adds them (``-step``, ``-steps``, ``-currency``) and the language from ``<html lang>``,
a ``Content-Language`` meta or header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from checkoutguard.audit.classify import classify_control
from checkoutguard.audit.dom.controls import Control, read_controls
from checkoutguard.audit.dom.depth import depth_bound
from checkoutguard.audit.dom.summary import read_summary as read_dom_summary
from checkoutguard.audit.dom.tree import Tree, language_tag, parse
from checkoutguard.audit.html.legal import read_legal
from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.order_button import read_order_button
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.parts import Edit, interpret
from checkoutguard.audit.html.scan import scan_fast, scan_full
from checkoutguard.audit.html.summary import Summary, read_summary
from checkoutguard.audit.limits import MAX_DEPTH, MAX_EVENTS, Limit
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


def _annotations(page: Page) -> tuple[dict[str, str], list[tuple[Token, dict[str, str]]]]:
    """Page facts (``-step``, ``-steps``, ``-currency``) and the elements annotated as lines or notices."""
    facts: dict[str, str] = {}
    annotated: list[tuple[Token, dict[str, str]]] = []
    if not page.scan.may_hold(b"data-checkoutguard"):
        return facts, annotated
    for event in page.scan.events:
        if event.kind != "start" or page.lo.find(b"data-checkoutguard", event.start, event.end) < 0:
            continue
        tag = Token("start", event.start, event.end, event.name)
        notes = {k[len(_PREFIX) :]: a.value for k, a in page.attrs(tag).items() if k.startswith(_PREFIX)}
        for key in ("step", "steps", "currency"):
            if key in notes and key not in facts and event.name not in (b"input", b"select"):
                facts[key] = notes[key]
        if "line" in notes or "notice" in notes:
            annotated.append((tag, notes))
    return facts, annotated


def _scan_language(page: Page) -> str | None:
    """``<html lang>`` as the token scan finds it (for a page not parsed as a tree)."""
    for event in page.scan.events:
        if event.kind == "start" and event.name == b"html":
            return language_tag(page.value(Token("start", event.start, event.end, event.name), "lang"))
    return None


def _summary(
    page: Page,
    annotated: Sequence[tuple[Token, dict[str, str]]],
    currency: str | None,
    currency_hint: str | None,
    step: str | None,
    limits: list[Limit],
    tree: Tree | None = None,
) -> Summary:
    """THE SEAM for the DOM summary (branch ``summary``): the order summary's lines, totals and notices.
    Read from the DOM (``dom/summary.py``); a page the merchant annotated is read exactly by the token
    scanner's reader (byte-exact nodes), as is a page too deep to parse (``tree`` None)."""
    if tree is None or any("line" in notes or "notice" in notes for _, notes in annotated):
        return read_summary(page, annotated, currency, currency_hint, step, limits)
    return read_dom_summary(tree.parser, currency, currency_hint, step, limits)


def extract_html(
    raw: bytes,
    *,
    encoding: str = "utf-8",
    path: str = "fast",
    currency_hint: str | None = None,
    content_language: str | None = None,
) -> Extraction:
    """Read the checkout page ``raw`` (bytes in an ASCII-compatible ``encoding``). ``currency_hint`` (the
    buyer's currency) resolves shared symbols such as ``kr`` and ``$`` when it is one of theirs;
    ``content_language`` (the response's header) gives the page's language when the page does not."""
    lo = raw.lower()
    scan = scan_full(lo) if path == "full" else scan_fast(lo)
    page = Page(raw, lo, encoding, scan)
    facts, annotated = _annotations(page)
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
    controls: list[Control] = []
    tree: Tree | None = None
    depth = depth_bound(lo, scan.skips)
    if depth > MAX_DEPTH:
        unread = f"the page nests elements up to {depth} deep; its controls were not read"
        limits.append(Limit("depth", MAX_DEPTH, unread))
        language = _scan_language(page) or language_tag(content_language)
    else:
        tree = parse(raw, encoding, content_language)
        language = tree.language
        controls = read_controls(tree, page, limits)
    summary = _summary(page, annotated, currency, currency_hint, step, limits, tree)
    currency = currency or summary.currency
    parts = interpret(page, controls, currency or currency_hint, language=language)
    add_ons = list(parts.add_ons)
    kinds = {a.kind for a in add_ons}
    for line in summary.lines:
        if line.kind != "add_on":
            continue
        kind = classify_control(line.label, has_price=True, language=language).add_on or "other"
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
    marks = scan.may_hold(b"data-checkoutguard")
    order_button, button_notes = read_order_button(raw, lo, encoding, language=language, marks=marks)
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
