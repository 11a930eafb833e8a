"""What a control or a summary row is for, read from its label in the page's language (``vocabulary.json``).

The vocabulary is data: one list of regular expressions per purpose and language. Language comes first: a
label is read with its page's language alone when that is known (``language=``; ``audit/language.py`` says
how it is found), with every language otherwise. Each language's patterns are word-bounded by its own rule
(a pattern starts at a word start, except in the compounding languages, where "Versandversicherung" holds
"versicherung"), so the French donation word "don" no longer reads English "DON'T". Matchers are compiled
once per language set, results memoized per label. A control's name and id are a fallback when its label
says nothing (``buyer_accepts_marketing`` is plain enough); they are read in English too.

Consent wording has a polarity: "tick here if you do not want..." makes the box a refusal (``opt_out``);
"untick if you prefer not to..." keeps ticked as yes but says the box comes ticked; both offer an
objection. Channels (e-mail, SMS, phone, post, partners) are told apart because the law differs by channel.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.matcher import Matcher
from checkoutguard.errors import DataError

__all__ = [
    "ADD_ON_ORDER",
    "BUTTON_KINDS",
    "CHANNELS",
    "CONSENT_ORDER",
    "LINE_ORDER",
    "ButtonWording",
    "ConsentWording",
    "Purpose",
    "Vocabulary",
    "classify_control",
    "consent_wording",
    "hint_text",
    "language_patterns",
    "line_kind",
    "order_button_wording",
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
#: Ways marketing reaches a buyer, where the law differs (see ``channels`` in vocabulary.json).
CHANNELS: Final = ("email", "sms", "phone", "post", "partners")
#: Order-button wordings, tried in this order: an accepted wording wins over the words it contains.
BUTTON_KINDS: Final = ("accepted", "disputed", "navigation", "advance", "final")
_ALL: Final[tuple[str, ...]] = ()
_CACHE: Final = 256 << 10  # bytes per memo
_MAX_TEXT: Final = 320
_HINT_SPLIT = re.compile(r"[\W_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


_ZEROS: Final = str.maketrans("123456789", "000000000")
_QUANTIFIER = re.compile(r"\{\d*,?\d*\}")


def _names_digits(pattern: str) -> bool:
    """Whether a pattern can tell one digit from another: a digit in it, other than in a ``{m,n}``
    quantifier. (``\\d``, ``\\w``, ``.`` and ``\\b`` treat every digit alike.)"""
    return any(ch.isdigit() for ch in _QUANTIFIER.sub("", pattern))


def _bound(pattern: str, language: str, compounding: frozenset[str]) -> str:
    """``pattern`` anchored at a word start, unless its language writes compounds as one word or the
    pattern anchors itself."""
    if language in compounding or pattern.startswith(("\\b", "^", "(?<")):
        return pattern
    return "\\b" + pattern


def _by_language(entry: Mapping[str, list[str]], languages: tuple[str, ...], compounding: frozenset[str]) -> list[str]:
    """The patterns of ``languages`` (all when empty), each bounded by its language's rule."""
    return [
        _bound(pattern, language, compounding)
        for language, patterns in entry.items()
        if not languages or language in languages
        for pattern in patterns
    ]


@dataclass(frozen=True, slots=True)
class ButtonWording:
    """What an order button's words are (``kind``: accepted, disputed, navigation, advance, final), the
    words that decided it, and the sources (``order_button.sources`` ids) behind that wording."""

    kind: str
    matched: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConsentWording:
    """What a consent label says beyond its purpose: ``opt_out`` (ticking refuses), ``objection`` (the
    wording offers a way to refuse at this point: tick to refuse or untick to refuse) and ``channels``."""

    opt_out: bool = False
    objection: bool = False
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class _Compiled:
    """The language-dependent matchers for one set of languages."""

    controls: Matcher
    hints: Matcher
    opt_out: Matcher
    untick: Matcher
    channels: Matcher
    buttons: tuple[tuple[str, Matcher], ...]
    button_sources: Mapping[str, tuple[str, ...]]


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
    raw: Mapping[str, Any] = field(default_factory=dict)
    compounding: frozenset[str] = frozenset()
    countries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stop_words: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    _compiled: dict[tuple[str, ...], _Compiled] = field(default_factory=dict)

    def flag(self, name: str, text: str) -> bool:
        text = text.lower()
        if name in self.digit_blind:
            # No pattern of this flag names a digit, so every digit can be read as 0 without changing the
            # answer ("Total 64,70 €" and "Total 81,20 €" share one memo entry: prices change, words not).
            text = text.translate(_ZEROS)
        return _flag(self, name, text)

    def languages_of(self, language: str | None) -> tuple[str, ...]:
        """The languages to read a label in: ``language`` (its primary subtag) when the vocabulary has
        it, every language otherwise (``()``)."""
        if not language:
            return _ALL
        code = language.strip().lower().replace("_", "-").split("-")[0]
        return (code,) if code in self.languages else _ALL

    def compiled(self, languages: tuple[str, ...]) -> _Compiled:
        """The matchers for ``languages`` (``()``: all), compiled on first use and kept (one entry per
        language set the audit meets: a handful)."""
        found = self._compiled.get(languages)
        if found is None:
            found = _compile(self.raw, languages, self.compounding)
            if len(self._compiled) < _MAX_LANGUAGE_SETS:
                self._compiled[languages] = found
        return found


_MAX_LANGUAGE_SETS: Final = 64


def _controls(raw: Mapping[str, Any], languages: tuple[str, ...], compounding: frozenset[str]) -> Matcher:
    named = [(f"add_on:{k}", _by_language(raw["add_ons"][k], languages, compounding)) for k in ADD_ON_ORDER]
    named += [(name, _by_language(entry, languages, compounding)) for name, entry in raw["purposes"].items()]
    named.append(("conversion", raw["conversion"]))
    return Matcher.build(named)


def _compile(raw: Mapping[str, Any], languages: tuple[str, ...], compounding: frozenset[str]) -> _Compiled:
    hint_languages = tuple(dict.fromkeys((*languages, "en"))) if languages else _ALL
    channels = raw["channels"]["patterns"]
    buttons = raw["order_button"]
    by_kind: dict[str, list[tuple[str, list[str]]]] = {kind: [] for kind in BUTTON_KINDS}
    sources: dict[str, tuple[str, ...]] = {}
    for kind in BUTTON_KINDS:
        for language, entries in buttons[kind].items():
            if languages and language not in languages:
                continue
            for index, entry in enumerate(entries):
                name = f"{kind}:{language}:{index}"
                by_kind[kind].append((name, [entry["pattern"]]))
                sources[name] = tuple(entry["sources"])
    return _Compiled(
        controls=_controls(raw, languages, compounding),
        hints=_controls(raw, hint_languages, compounding),
        opt_out=Matcher.build([("opt_out", _by_language(raw["opt_out"]["patterns"], languages, compounding))]),
        untick=Matcher.build([("untick", _by_language(raw["untick"]["patterns"], languages, compounding))]),
        channels=Matcher.build([(c, _by_language(channels[c], languages, compounding)) for c in CHANNELS]),
        buttons=tuple((kind, Matcher.build(by_kind[kind])) for kind in BUTTON_KINDS if by_kind[kind]),
        button_sources=sources,
    )


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary in ``vocabulary.json``, compiled once."""
    try:
        raw: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))
        compounding = frozenset(raw["compounding"]["languages"])
        lines = [("subtotal", raw["lines"]["subtotal"])]
        lines += [("add_on", _by_language(raw["add_ons"][k], _ALL, compounding)) for k in _PRICED_EXTRAS]
        lines += [(kind, raw["lines"][kind]) for kind in LINE_ORDER]
        vocab = Vocabulary(
            version=raw["version"],
            languages=tuple(raw["languages"]),
            controls=_controls(raw, _ALL, compounding),
            payment_kinds=Matcher.build(raw["payment_kinds"].items()),
            lines=Matcher.build(lines),
            flags={name: Matcher.build([(name, raw[name])]) for name in _FLAGS},
            digit_blind=frozenset(name for name in _FLAGS if not any(map(_names_digits, raw[name]))),
            raw=raw,
            compounding=compounding,
            countries={k: tuple(v) for k, v in raw["country_languages"]["countries"].items()},
            stop_words=_stop_words(raw["stop_words"]["words"]),
        )
        vocab.compiled(_ALL)  # every pattern compiles now, or the vocabulary is refused here
        return vocab
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise DataError(f"the audit vocabulary cannot be loaded: {exc}", file=str(_FILE)) from exc


def _stop_words(lists: Mapping[str, list[str]]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each stop word's languages, each with the weight 1 / the number of languages that list the word."""
    owners: dict[str, list[str]] = {}
    for code, words in lists.items():
        for word in words:
            owners.setdefault(word, []).append(code)
    return {word: tuple((code, 1.0 / len(codes)) for code in codes) for word, codes in owners.items()}


# Results are memoized per text: a storefront serves the same labels on every request, so after the first
# audit of a template the vocabulary costs a dictionary lookup. The caches are bounded and hold only pure
# functions of the text and of the immutable vocabulary.
@bounded(_CACHE)
def _flag(vocab: Vocabulary, name: str, text: str) -> bool:
    return vocab.flags[name].search(text)


@bounded(_CACHE)
def _control_names(vocab: Vocabulary, text: str, languages: tuple[str, ...], hints: bool) -> frozenset[str]:
    compiled = vocab.compiled(languages)
    return frozenset((compiled.hints if hints else compiled.controls).names(text))


@dataclass(frozen=True, slots=True)
class Purpose:
    """What a control is for: ``purpose`` is a consent purpose, ``add_on``, ``conversion``, ``terms``,
    ``other`` or ``unknown``; ``add_on`` names the kind of extra; ``opt_out`` says ticking the box
    refuses (inverted polarity); ``objection`` that the wording offers a refusal here (tick or untick
    to refuse); ``channels`` how the marketing reaches the buyer (consent purposes only)."""

    purpose: str
    add_on: str | None = None
    opt_out: bool = False
    objection: bool = False
    channels: tuple[str, ...] = ()


def hint_text(*values: str) -> str:
    """Control names and ids as words: ``checkout[buyer_accepts_marketing]`` reads "buyer accepts marketing"."""
    words = [_HINT_SPLIT.sub(" ", _CAMEL.sub(" ", v)).strip() for v in values if v]
    return " ".join(w for w in words if w)


def classify_control(label: str, hints: str = "", *, has_price: bool = False, language: str | None = None) -> Purpose:
    """The purpose of a checkbox, switch or select from its label (and, failing that, its name and id),
    read in ``language`` (a BCP 47 tag; None or a language the vocabulary lacks: every language).

    Order matters: a currency-conversion offer; a priced extra; consent to marketing, data sharing or
    cookies; an unpriced extra; terms; known non-consent boxes (billing address, remember me). A priced
    extra wins over consent because a price means the box adds to the bill.
    """
    vocab = vocabulary()
    languages = vocab.languages_of(language)
    return _classify(vocab, label.lower()[:_MAX_TEXT], hints.lower()[:_MAX_TEXT], has_price, languages)


@bounded(_CACHE)
def _classify(vocab: Vocabulary, label: str, hints: str, has_price: bool, languages: tuple[str, ...]) -> Purpose:
    for text, is_hint in ((label, False), (hints, True)):
        if not text:
            continue
        found = _control_names(vocab, text, languages, is_hint)
        if not found:
            continue
        if "conversion" in found:
            return Purpose("conversion")
        add_on = next((k for k in ADD_ON_ORDER if f"add_on:{k}" in found), None)
        if add_on and has_price:
            return Purpose("add_on", add_on)
        consent = next((k for k in CONSENT_ORDER if k in found), None)
        if consent:
            wording = _wording(vocab, label, languages)
            return Purpose(consent, None, wording.opt_out, wording.objection, wording.channels)
        if add_on:
            return Purpose("add_on", add_on)
        if "terms" in found:
            return Purpose("terms")
        if "other" in found:
            return Purpose("other")
    return Purpose("unknown")


def language_patterns(entry: Mapping[str, list[str]], language: str | None = None) -> list[str]:
    """The patterns of a by-language vocabulary ``entry`` (any section: ``legal`` too) to read a text in
    ``language`` (None or a language the vocabulary lacks: all), each word-bounded by its language's rule."""
    vocab = vocabulary()
    return _by_language(entry, vocab.languages_of(language), vocab.compounding)


def consent_wording(label: str, language: str | None = None) -> ConsentWording:
    """Polarity and channels of a consent label read in ``language`` (None: every language)."""
    vocab = vocabulary()
    return _wording(vocab, label.lower()[:_MAX_TEXT], vocab.languages_of(language))


# Not memoized: ``_classify`` (which calls it) is, and the consent rule reads a few labels per page.
def _wording(vocab: Vocabulary, text: str, languages: tuple[str, ...]) -> ConsentWording:
    compiled = vocab.compiled(languages)
    channels = compiled.channels.names(text)
    found = tuple(c for c in CHANNELS if c in channels)
    if compiled.untick.search(text):
        # "Untick if you prefer not to...": a refusal is offered, but ticked still means yes.
        return ConsentWording(False, True, found)
    opt_out = compiled.opt_out.search(text)
    return ConsentWording(opt_out, opt_out, found)


def order_button_wording(text: str, language: str | None = None) -> ButtonWording | None:
    """What the words on an order button are, read in ``language`` (None: every language): an accepted
    wording (the payment obligation, or an equivalent an authority or court accepted), a disputed one, an
    advance to another step, a final order without the payment obligation, or None (not known)."""
    vocab = vocabulary()
    words = " ".join(text.lower().split())[:_MAX_TEXT]
    if not words:
        return None
    # Not memoized: one trie search per kind (four at most) costs a few microseconds per button.
    compiled = vocab.compiled(vocab.languages_of(language))
    for kind, matcher in compiled.buttons:
        found = matcher.first_match(words)
        if found is not None:
            name, matched = found
            return ButtonWording(kind, matched, compiled.button_sources[name])
    return None


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
