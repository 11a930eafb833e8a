"""What a control or a summary row is for, read from its label in nine languages (``vocabulary.json``).

The vocabulary is data: one list of regular expressions per purpose and language, compiled once into one
pattern per purpose. Labels are matched case-insensitively with white space collapsed; a control's name
and id are a fallback when its label says nothing (``buyer_accepts_marketing`` is plain enough).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.matcher import Matcher
from checkoutguard.errors import DataError

__all__ = [
    "ADD_ON_ORDER",
    "CONSENT_ORDER",
    "LINE_ORDER",
    "Purpose",
    "Vocabulary",
    "classify_control",
    "hint_text",
    "line_kind",
    "payment_kind",
    "vocabulary",
]

_FILE: Final = Path(__file__).resolve().parent / "vocabulary.json"
#: Consent purposes by precedence: "offers from our partners" is data sharing before it is marketing.
CONSENT_ORDER: Final = ("data_sharing", "marketing", "cookies")
ADD_ON_ORDER: Final = ("insurance", "warranty", "donation", "priority", "gift_wrap")
#: Row kinds in the order they are tried; ``subtotal`` first because "subtotal" contains "total".
LINE_ORDER: Final = ("shipping", "duty", "surcharge", "tax", "fee", "discount", "total")
_FLAGS: Final = (
    "conversion",
    "reference_rate",
    "negation",
    "deferred",
    "on_delivery",
    "tax_included",
    "tax_excluded",
    "free",
    "payment_group",
    "shipping_group",
    "decline",
    "affirm",
)
_PRICED_EXTRAS: Final = ("insurance", "warranty", "donation", "gift_wrap")
_CACHE: Final = 256 << 10  # bytes per memo
_MAX_TEXT: Final = 240
_HINT_SPLIT = re.compile(r"[\W_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


_ZEROS: Final = str.maketrans("123456789", "000000000")
_QUANTIFIER = re.compile(r"\{\d*,?\d*\}")


def _names_digits(pattern: str) -> bool:
    """Whether a pattern can tell one digit from another: a digit in it, other than in a ``{m,n}``
    quantifier. (``\\d``, ``\\w``, ``.`` and ``\\b`` treat every digit alike.)"""
    return any(ch.isdigit() for ch in _QUANTIFIER.sub("", pattern))


def _by_language(entry: Mapping[str, list[str]]) -> list[str]:
    return [pattern for patterns in entry.values() for pattern in patterns]


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    """The compiled vocabulary: one ``Matcher`` per question (what purpose, what extra, what row...)."""

    version: str
    languages: tuple[str, ...]
    controls: Matcher
    payment_kinds: Matcher
    lines: Matcher
    flags: Mapping[str, Matcher]
    digit_blind: frozenset[str] = frozenset()

    def flag(self, name: str, text: str) -> bool:
        text = text.lower()
        if name in self.digit_blind:
            # No pattern of this flag names a digit, so every digit can be read as 0 without changing the
            # answer ("Total 64,70 €" and "Total 81,20 €" share one memo entry: prices change, words not).
            text = text.translate(_ZEROS)
        return _flag(self, name, text)


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary in ``vocabulary.json``, compiled once."""
    try:
        raw: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))
        controls = [(f"add_on:{k}", _by_language(raw["add_ons"][k])) for k in ADD_ON_ORDER]
        controls += [(name, _by_language(entry)) for name, entry in raw["purposes"].items()]
        controls.append(("conversion", raw["conversion"]))
        lines = [("subtotal", raw["lines"]["subtotal"])]
        lines += [("add_on", _by_language(raw["add_ons"][k])) for k in _PRICED_EXTRAS]
        lines += [(kind, raw["lines"][kind]) for kind in LINE_ORDER]
        return Vocabulary(
            version=raw["version"],
            languages=tuple(raw["languages"]),
            controls=Matcher.build(controls),
            payment_kinds=Matcher.build(raw["payment_kinds"].items()),
            lines=Matcher.build(lines),
            flags={name: Matcher.build([(name, raw[name])]) for name in _FLAGS},
            digit_blind=frozenset(name for name in _FLAGS if not any(map(_names_digits, raw[name]))),
        )
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise DataError(f"the audit vocabulary cannot be loaded: {exc}", file=str(_FILE)) from exc


# Results are memoized per text: a storefront serves the same labels on every request, so after the first
# audit of a template the vocabulary costs a dictionary lookup. The caches are bounded and hold only pure
# functions of the text and of the immutable vocabulary.
@bounded(_CACHE)
def _flag(vocab: Vocabulary, name: str, text: str) -> bool:
    return vocab.flags[name].search(text)


@bounded(_CACHE)
def _control_names(vocab: Vocabulary, text: str) -> frozenset[str]:
    return frozenset(vocab.controls.names(text))


@dataclass(frozen=True, slots=True)
class Purpose:
    """What a control is for: ``purpose`` is a consent purpose, ``add_on``, ``conversion``, ``terms``,
    ``other`` or ``unknown``; ``add_on`` names the kind of extra; ``opt_out`` is negated wording."""

    purpose: str
    add_on: str | None = None
    opt_out: bool = False


def hint_text(*values: str) -> str:
    """Control names and ids as words: ``checkout[buyer_accepts_marketing]`` reads "buyer accepts marketing"."""
    words = [_HINT_SPLIT.sub(" ", _CAMEL.sub(" ", v)).strip() for v in values if v]
    return " ".join(w for w in words if w)


def classify_control(label: str, hints: str = "", *, has_price: bool = False, language: str | None = None) -> Purpose:
    """The purpose of a checkbox, switch or select from its label (and, failing that, its name and id).

    Order matters: a currency-conversion offer; a priced extra; consent to marketing, data sharing or
    cookies; an unpriced extra; terms; known non-consent boxes (billing address, remember me). A priced
    extra wins over consent because a price means the box adds to the bill. ``language`` (a BCP-47 tag,
    the page's or the control's) is passed by the DOM reader for the language-first vocabulary.
    """
    return _classify(vocabulary(), label.lower()[:_MAX_TEXT], hints.lower()[:_MAX_TEXT], has_price)


@bounded(_CACHE)
def _classify(vocab: Vocabulary, label: str, hints: str, has_price: bool) -> Purpose:
    for text in (label, hints):
        if not text:
            continue
        found = _control_names(vocab, text)
        if not found:
            continue
        if "conversion" in found:
            return Purpose("conversion")
        add_on = next((k for k in ADD_ON_ORDER if f"add_on:{k}" in found), None)
        if add_on and has_price:
            return Purpose("add_on", add_on)
        consent = next((k for k in CONSENT_ORDER if k in found), None)
        if consent:
            return Purpose(consent, opt_out=_flag(vocab, "negation", text))
        if add_on:
            return Purpose("add_on", add_on)
        if "terms" in found:
            return Purpose("terms")
        if "other" in found:
            return Purpose("other")
    return Purpose("unknown")


def payment_kind(text: str) -> str | None:
    """The kind of payment method a label names (card, payment_service, sepa_direct_debit...), if any."""
    return _payment(vocabulary(), text.lower()[:_MAX_TEXT])


@bounded(_CACHE)
def _payment(vocab: Vocabulary, text: str) -> str | None:
    return vocab.payment_kinds.first(text)


def line_kind(label: str, markers: str = "") -> str | None:
    """The kind of a summary row from its label (and class or test-id markers): the kind whose words
    appear first in the label wins, so "Total incl. VAT" is a total and "VAT (19 %)" a tax; "subtotal"
    and priced extras ("shipping protection") are tried before the words they contain."""
    return _line(vocabulary(), label.lower()[:_MAX_TEXT], markers.lower()[:_MAX_TEXT])


@bounded(_CACHE)
def _line(vocab: Vocabulary, label: str, markers: str) -> str | None:
    kind = vocab.lines.first(label) if label else None
    if kind is None and markers:
        # Class names say "product-total" on every cart line: they may name a kind, never a total.
        kind = vocab.lines.first(markers)
        if kind in ("total", "subtotal"):
            return None
    return kind
