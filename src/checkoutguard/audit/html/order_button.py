"""The button that places the order, read from a checkout page for the order-button rule (CRD Art. 8(2)).

A merchant's ``data-checkoutguard-order-button`` makes the reading exact. Otherwise every submit control is a
candidate (``<button>`` without a type or of type submit, ``<input type=submit|image>``) and the vocabulary
says what its words are (``classify.order_button_wording``); a control the vocabulary cannot place is not the
order button. Among candidates, one whose id, name or class names the order (``place_order``,
``confirmFormSubmit``) wins, then a wording that places the order over one that only moves on, then the
last on the page (a footer's "Subscribe" comes after the order button, but is not an order wording).

Candidates are found by the words "submit" and "confirm" and the mark, not by every ``<input``: a forward
``find`` per occurrence and a look back of at most 2 KiB for its tag, at most ``MAX_BUTTONS`` occurrences of each
(a limit that stops reading says so). A ``<button>`` that says neither is only read when marked.
"""

from __future__ import annotations

import re
from typing import Final

from checkoutguard.audit.classify import order_button_wording
from checkoutguard.audit.html.lexer import element_text, tag_at, tag_attributes
from checkoutguard.audit.html.needles import tags_holding
from checkoutguard.audit.model import Node, OrderButton

__all__ = ["MAX_BUTTONS", "read_order_button"]

MAX_BUTTONS: Final = 2_000
_MARK: Final = "data-checkoutguard-order-button"
_TAGS: Final = (b"<button", b"<input")
_NEEDLES: Final = (b"submit", b"confirm")
_END: Final = frozenset(b"\t\n\f\r />")
_SUBMIT: Final = frozenset({"submit", "image"})
_ORDER_MARKER: Final = re.compile(
    r"place.?order|submit.?order|order.?submit|confirm.?order|order.?button|formsubmit|checkout.?submit|"
    r"complete.?order|payment.?confirmation|continue.?button|buy.?now|pay.?now"
)
_RANK: Final = {"accepted": 2, "disputed": 2, "final": 2, "advance": 1, "navigation": 0}
_SNIPPET: Final = 160
_LOOK: Final = 2_048
_MARK_BYTES: Final = _MARK.encode()


def _candidate(
    raw: bytes, lo: bytes, at: int, encoding: str, found_at: int
) -> tuple[str, str, bool, bool, int, int] | None:
    """A control that may place the order, at ``at``: its words, its lang, whether it is marked or names the
    order, its span. ``found_at`` is where the word that led here was: inside the tag, a script-submitted
    ``type=button`` counts too (``id="button-confirm"``)."""
    tag = tag_at(lo, at)
    if tag.kind != "start" or tag.name not in (b"button", b"input"):
        return None
    attrs = tag_attributes(raw[tag.start : tag.end], len(tag.name), encoding)
    kind = attrs["type"].value.strip().lower() if "type" in attrs else ("submit" if tag.name == b"button" else "text")
    marked = _MARK in attrs
    named = kind == "button" and tag.start < found_at < tag.end
    if kind not in _SUBMIT and not marked and not named:
        return None
    if tag.name == b"input":
        words = attrs["value"].value if "value" in attrs else attrs["alt"].value if "alt" in attrs else ""
    else:
        words, _ = element_text(lo, raw, tag, encoding, max_chars=200)
        if not words.strip() and "value" in attrs:
            words = attrs["value"].value
    names = " ".join(attrs[k].value for k in ("id", "name", "class") if k in attrs).lower()
    language = attrs["lang"].value.strip() if "lang" in attrs else ""
    return " ".join(words.split()), language, marked, bool(_ORDER_MARKER.search(names)), tag.start, tag.end


def _tag_starts(lo: bytes, notes: list[str], marks: bool) -> dict[int, int]:
    """Starts of the ``<button>`` and ``<input>`` tags that say "submit" or "confirm" (in an attribute or as
    their words) or carry the merchant's mark, each with where that word was, in page order. Searching for
    those words, not for every ``<input``, keeps this to a few ``find`` passes on a real page (a checkout has
    many inputs and toggles and few buttons that submit; platforms that submit by script name theirs
    "confirm": nopCommerce's confirm-order-next-step-button, OpenCart's button-confirm)."""
    starts: dict[int, int] = {}
    note = f"more than {MAX_BUTTONS} buttons; the rest were not read for the order button"
    for needle in _NEEDLES + ((_MARK_BYTES,) if marks else ()):
        for pos, lt in tags_holding(lo, needle, limit=MAX_BUTTONS, look_back=_LOOK, notes=notes, note=note):
            for name in _TAGS:
                after = lt + len(name)
                if lt >= 0 and lo.startswith(name, lt) and after < len(lo) and lo[after] in _END:
                    starts.setdefault(lt, pos)
    return dict(sorted(starts.items()))


def read_order_button(
    raw: bytes, lo: bytes, encoding: str = "utf-8", *, language: str | None = None, marks: bool = True
) -> tuple[OrderButton | None, list[str]]:
    """The page's order button (None: no submit control with order or step wording), and what limited reading.

    ``language`` is the page's (a button's own ``lang`` wins); ``marks`` False skips the search for the
    merchant's mark when the page holds no ``data-checkoutguard`` attribute at all."""
    notes: list[str] = []
    candidates: list[tuple[tuple[int, int, int, int], OrderButton]] = []
    for at, found_at in _tag_starts(lo, notes, marks).items():
        found = _candidate(raw, lo, at, encoding, found_at)
        if found is None:
            continue
        words, own, marked, named, start, end = found
        wording = order_button_wording(words, own or language)
        if marked or wording is not None:
            rank = _RANK[wording.kind] if wording is not None else 0
            snippet = raw[start : min(end, start + _SNIPPET)].decode(encoding, "replace")
            target = f"{'button' if lo.startswith(b'<button', at) else 'input'}[{_MARK if marked else 'type=submit'}]"
            button = OrderButton(words, own or None, Node(target, snippet, (start, end)))
            candidates.append(((int(marked), int(named), rank, start), button))
    if not candidates:
        return None, notes
    return max(candidates, key=lambda c: c[0])[1], notes
