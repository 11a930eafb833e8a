"""Which language a checkout is written in, so the vocabulary of that language alone reads its labels.

Evidence is taken in order of trust: the control's own ``lang``, the page's ``lang``, the ``Content-Language``
header, the buyer's country (when it has one official language the vocabulary reads, or several that the
page text tells apart), and the page text itself as a last resort. The text is scored with a few dozen stop
words per language (``vocabulary.json`` ``stop_words``): shop pages are long enough for that, it is linear in
the text read (at most ``MAX_DETECT_CHARS``), and it costs a fraction of a millisecond where a statistical
detector (lingua, langdetect) costs milliseconds and a model download. No evidence means ``None``: every
language is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from checkoutguard.audit.classify import vocabulary

__all__ = [
    "MAX_DETECT_CHARS",
    "Language",
    "country_languages",
    "detect",
    "primary",
    "resolve_language",
]

#: Characters of page text the detector reads (a limit that stops reading: some 600 words, enough for a
#: page's language; reading 20,000 characters cost about 1 ms, more than the audit's budget).
MAX_DETECT_CHARS: Final = 4_000
_MIN_SCORE: Final = 3.0
_MARGIN: Final = 1.5
_WORD: Final = re.compile(r"[^\W\d_]+")
_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class Language:
    """The language to read a page in (``code``, None: unknown) and what said so (``source``: control,
    page, header, country, detected or unknown). ``candidates`` are the languages still possible when the
    evidence names several (a Belgian buyer and no ``lang``: nl, fr, de)."""

    code: str | None
    source: str
    candidates: tuple[str, ...] = ()


def primary(tag: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag (``de-CH`` → ``de``), lower-cased; None for anything else."""
    if not tag:
        return None
    tag = tag.strip()
    if not _TAG.match(tag):
        return None
    return tag.replace("_", "-").split("-")[0].lower()


def _supported(code: str | None) -> str | None:
    return code if code is not None and code in vocabulary().languages else None


def country_languages(country: str | None) -> tuple[str, ...]:
    """The official languages of ``country`` (ISO 3166 alpha-2, or a subdivision ``US-CA``) that the
    vocabulary reads, in the order the data lists them."""
    if not country:
        return ()
    found = vocabulary().countries.get(country.strip().upper().split("-")[0], ())
    return tuple(code for code in found if _supported(code))


def detect(text: str, among: Iterable[str] = ()) -> str | None:
    """The language of ``text`` by stop words (restricted to ``among`` when given), or None when the text
    is too short or two languages score alike (the best must score at least 3 and half again the next)."""
    allowed = frozenset(among)
    weights = vocabulary().stop_words
    scores: dict[str, float] = {}
    for word, count in Counter(_WORD.findall(text[:MAX_DETECT_CHARS].lower())).items():
        for code, weight in weights.get(word, ()):
            if not allowed or code in allowed:
                scores[code] = scores.get(code, 0.0) + weight * count
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < _MIN_SCORE or score < runner_up * _MARGIN:
        return None
    return best


def resolve_language(
    *,
    control: str | None = None,
    page: str | None = None,
    header: str | None = None,
    country: str | None = None,
    text: str = "",
) -> Language:
    """The language to read a checkout in, from the strongest evidence at hand.

    ``control`` and ``page`` are ``lang`` attributes, ``header`` a ``Content-Language`` value (its first
    tag counts), ``country`` the buyer's, ``text`` the page's visible text. A tag the vocabulary does not
    read (``ja``) is evidence too: the page is not in a language we read, so no single vocabulary applies.
    A page or header tag that the text plainly contradicts (a stock ``en-US`` on a German page) gives way
    to the text.
    """
    for source, value in (("control", control), ("page", page), ("header", (header or "").split(",")[0])):
        code = primary(value)
        if code is None:
            continue
        if source != "control" and text:
            # Themes ship lang="en-US" on pages the merchant wrote in German: text that plainly says
            # otherwise wins over a page-wide tag (a control's own lang is deliberate and is kept).
            found = detect(text)
            if found is not None and found != code:
                return Language(found, "detected", (found,))
        return Language(_supported(code), source, (code,) if _supported(code) else ())
    spoken = country_languages(country)
    if len(spoken) == 1:
        return Language(spoken[0], "country", spoken)
    found = detect(text, spoken) if text else None
    if found is not None:
        return Language(found, "detected", spoken or (found,))
    return Language(None, "unknown", spoken)
