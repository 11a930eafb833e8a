"""The button that places the order, read from a checkout page for the order-button rule (CRD Art. 8(2)).

A merchant's ``data-checkoutguard-order-button`` makes the reading exact. Otherwise every submit control is a
candidate (``<button>`` without a type or of type submit, ``<input type=submit|image>``) and the vocabulary
says what its words are (``classify.order_button_wording``); a control the vocabulary cannot place is not the
order button. Among candidates, one whose id, name or class names the order (``place_order``,
``confirmFormSubmit``) wins, then a wording that places the order over one that only moves on, then the
last on the page (a footer's "Subscribe" comes after the order button, but is not an order wording).

Candidates are found by the word "submit" and the mark (then "confirm", when no submit control places the
order), not by every ``<input``: a forward ``find`` per occurrence and a look back of at most 2 KiB for its tag,
at most ``MAX_BUTTONS`` occurrences of each (a limit that stops reading says so). A ``<button>`` that says none
of them is only read when marked.
"""

from __future__ import annotations

import re
from typing import Final

from checkoutguard.audit.classify import order_button_wording
from checkoutguard.audit.html.lexer import Token, element_text, element_text_of, tag_at, tag_attributes
from checkoutguard.audit.html.needles import tags_holding
from checkoutguard.audit.model import Node, OrderButton

__all__ = ["MAX_BUTTONS", "read_order_button"]

MAX_BUTTONS: Final = 2_000
_MARK: Final = "data-checkoutguard-order-button"
_TAGS: Final = (b"<button", b"<input")
_END: Final = frozenset(b"\t\n\f\r />")
_SUBMIT: Final = frozenset({"submit", "image"})
_ORDER_MARKER: Final = re.compile(
    r"place.?order|submit.?order|order.?submit|confirm.?order|order.?button|formsubmit|checkout.?submit|"
    r"complete.?order|payment.?confirmation|continue.?button|buy.?now|pay.?now"
)
_PLACES: Final = 2  # the rank of a wording that places the order
_RANK: Final = {"accepted": _PLACES, "disputed": _PLACES, "final": _PLACES, "advance": 1, "navigation": 0}
_SNIPPET: Final = 160
_LOOK: Final = 2_048
_MARK_BYTES: Final = _MARK.encode()


def _button_text(raw: bytes, lo: bytes, tag: Token, encoding: str) -> str:
    """A ``<button>``'s words: memoized on the element's bytes when they end within 2 KiB (a storefront
    serves the same button on every request), read token by token otherwise."""
    close = lo.find(b"</button", tag.end, tag.start + _LOOK)
    gt = lo.find(b">", close, tag.start + _LOOK) if close >= 0 else -1
    if gt >= 0:
        found = element_text_of(raw[tag.start : gt + 1], tag.end - tag.start, len(tag.name), encoding)
        if found is not None:
            return found[0]
    return element_text(lo, raw, tag, encoding, max_chars=200)[0]


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
        words = _button_text(raw, lo, tag, encoding)
        if not words.strip() and "value" in attrs:
            words = attrs["value"].value
    names = " ".join(attrs[k].value for k in ("id", "name", "class") if k in attrs).lower()
    language = attrs["lang"].value.strip() if "lang" in attrs else ""
    return " ".join(words.split()), language, marked, bool(_ORDER_MARKER.search(names)), tag.start, tag.end


def _tag_starts(lo: bytes, notes: list[str], needles: tuple[bytes, ...]) -> dict[int, int]:
    """Starts of the ``<button>`` and ``<input>`` tags that hold one of ``needles`` (in an attribute or as
    their words), each with where that word was. Searching for rare words, not for every ``<input``, keeps
    this to a ``find`` pass per word on a real page (a checkout has many inputs and toggles and few buttons
    that submit)."""
    starts: dict[int, int] = {}
    note = f"more than {MAX_BUTTONS} buttons; the rest were not read for the order button"
    for needle in needles:
        for pos, lt in tags_holding(lo, needle, limit=MAX_BUTTONS, look_back=_LOOK, notes=notes, note=note):
            for name in _TAGS:
                after = lt + len(name)
                if lt >= 0 and lo.startswith(name, lt) and after < len(lo) and lo[after] in _END:
                    starts.setdefault(lt, pos)
    return starts


def _candidates(
    raw: bytes, lo: bytes, encoding: str, language: str | None, starts: dict[int, int]
) -> list[tuple[tuple[int, int, int, int], OrderButton]]:
    found: list[tuple[tuple[int, int, int, int], OrderButton]] = []
    for at, found_at in starts.items():
        read = _candidate(raw, lo, at, encoding, found_at)
        if read is None:
            continue
        words, own, marked, named, start, end = read
        wording = order_button_wording(words, own or language)
        if marked or wording is not None:
            rank = _RANK[wording.kind] if wording is not None else 0
            snippet = raw[start : min(end, start + _SNIPPET)].decode(encoding, "replace")
            target = f"{'button' if lo.startswith(b'<button', at) else 'input'}[{_MARK if marked else 'type=submit'}]"
            button = OrderButton(words, own or None, Node(target, snippet, (start, end)))
            found.append(((int(marked), int(named), rank, start), button))
    return found


def read_order_button(
    raw: bytes, lo: bytes, encoding: str = "utf-8", *, language: str | None = None, marks: bool = True
) -> tuple[OrderButton | None, list[str]]:
    """The page's order button (None: no submit control with order or step wording), and what limited reading.

    ``language`` is the page's (a button's own ``lang`` wins); ``marks`` False skips the search for the
    merchant's mark when the page holds no ``data-checkoutguard`` attribute at all. Platforms that submit by
    script name their button "confirm" (nopCommerce's confirm-order-next-step-button, OpenCart's
    button-confirm): that word is looked for only when no submit control places the order."""
    notes: list[str] = []
    first = (b"submit", _MARK_BYTES) if marks else (b"submit",)
    candidates = _candidates(raw, lo, encoding, language, _tag_starts(lo, notes, first))
    if not any(rank[2] == _PLACES for rank, _ in candidates):
        candidates += _candidates(raw, lo, encoding, language, _tag_starts(lo, notes, (b"confirm",)))
    if not candidates:
        return None, notes
    return max(candidates, key=lambda c: c[0])[1], notes
