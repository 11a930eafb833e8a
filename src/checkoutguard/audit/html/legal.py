"""The pre-contract information a checkout page shows or links: imprint, contact, terms, withdrawal, returns.

A merchant's ``data-checkoutguard-legal="terms"`` (or ``trader``, ``contact``, ``withdrawal``,
``withdrawal-exempt``, ``returns``; several kinds may share one element) makes the reading exact: what is not
marked is not shown. Without marks the page's links are read: each ``<a>`` element's words and its URL (``mailto:``
and ``tel:`` are a contact channel) against the ``legal`` section of ``vocabulary.json`` in the page's language
(every language when it is not known), word-bounded per language as the control vocabulary is. That reading can
miss words the vocabulary does not know, so the rule only asks for a check on what it did not find.

One forward ``find`` per link and per mark, at most ``MAX_LINKS`` links and ``MAX_MARKS`` marks (a limit that
stops reading says so in the document's notes); links inside script text are read like any other.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.classify import language_patterns
from checkoutguard.audit.html.lexer import decode_text, element_text, tag_at, tag_attributes
from checkoutguard.audit.html.needles import tags_holding
from checkoutguard.audit.model import LEGAL_KINDS, LegalInfo, LegalItem, Node
from checkoutguard.errors import DataError

__all__ = ["MAX_LINKS", "MAX_MARKS", "examples", "read_legal", "vocabulary"]

_FILE: Final = Path(__file__).resolve().parents[1] / "vocabulary.json"
MAX_LINKS: Final = 4_000
MAX_MARKS: Final = 200
_MARK: Final = b"data-checkoutguard-legal"
_TEXT_BYTES: Final = 512
_LOOK_BACK: Final = 4_096
_SNIPPET: Final = 160
_TAGS: Final = re.compile(r"<[^>]*>")
_URL_WORDS: Final = re.compile(r"[-_/.?=&#+%]+")
_LINK_END: Final = frozenset(b"\t\n\f\r >")
#: Bytes the link memo may hold (keys are a link's bytes, at most 2 KiB each).
_MEMO_BYTES: Final = 1 << 18
_ELEMENT_BYTES: Final = 2_048
_MAX_LANGUAGES: Final = 32


@functools.cache
def vocabulary() -> dict[str, Any]:
    """The ``legal`` section of ``vocabulary.json``, compiled once: one pattern per kind, all languages
    (``patterns``), and the per-language compilations as they are asked for (``by_language``)."""
    try:
        section: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))["legal"]
        patterns = _compile(section, None)
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise DataError(f"the legal vocabulary cannot be loaded: {exc}", file=str(_FILE)) from exc
    return {"patterns": patterns, "examples": section["examples"], "section": section, "by_language": {}}


def _compile(section: dict[str, Any], language: str | None) -> dict[str, re.Pattern[str]]:
    return {
        kind: re.compile("|".join(f"(?:{p})" for p in language_patterns(by_language, language)), re.IGNORECASE)
        for kind, by_language in section["patterns"].items()
    }


def _patterns(language: str | None) -> dict[str, re.Pattern[str]]:
    """The kinds' patterns for ``language`` (its primary subtag; None: all languages), compiled once each."""
    loaded = vocabulary()
    code = (language or "").split("-")[0].lower() or None
    if code is None:
        found: dict[str, re.Pattern[str]] = loaded["patterns"]
        return found
    cache: dict[str | None, dict[str, re.Pattern[str]]] = loaded["by_language"]
    if code not in cache:
        compiled = _compile(loaded["section"], code)
        if len(cache) >= _MAX_LANGUAGES:
            return compiled
        cache[code] = compiled
    return cache[code]


def examples(kind: str, language: str | None) -> str:
    """A link text a shop in ``language`` uses for ``kind`` (English when the language is not one we read)."""
    by_language: dict[str, str] = vocabulary()["examples"][kind]
    code = (language or "en").split("-")[0].lower()
    return by_language.get(code, by_language["en"])


def _kinds(words: str, language: str | None = None) -> tuple[str, ...]:
    """The kinds of pre-contract information a link's words name, read in ``language`` (None: all)."""
    patterns = _patterns(language)
    return tuple(kind for kind, pattern in patterns.items() if pattern.search(words))


def _node(raw: bytes, start: int, end: int, target: str, encoding: str) -> Node:
    snippet = raw[start : min(end, start + _SNIPPET)].decode(encoding, "replace")
    return Node(target, snippet, (start, end))


def _marks(raw: bytes, lo: bytes, encoding: str, notes: list[str]) -> list[LegalItem]:
    items: list[LegalItem] = []
    read_to = 0
    note = f"more than {MAX_MARKS} data-checkoutguard-legal marks; the rest were not read"
    for pos, start in tags_holding(lo, _MARK, limit=MAX_MARKS, look_back=_LOOK_BACK, notes=notes, note=note):
        if pos < read_to:
            continue  # the mark again inside a tag already read
        tag = tag_at(lo, start) if start >= 0 and lo[start + 1 : start + 2].isalpha() else None
        if tag is None or tag.kind != "start" or not tag.start < pos < tag.end:
            continue
        read_to = tag.end
        attrs = tag_attributes(raw[tag.start : tag.end], len(tag.name), encoding)
        mark = attrs.get("data-checkoutguard-legal")
        kinds = [k.replace("-", "_") for k in (mark.value.lower().split() if mark is not None else [])]
        text, _ = element_text(lo, raw, tag, encoding, max_chars=200)
        href = attrs["href"].value if "href" in attrs else ""
        target = f"[data-checkoutguard-legal={mark.value[:40]!r}]" if mark is not None else "[data-checkoutguard-legal]"
        for kind in dict.fromkeys(kinds):
            if kind in LEGAL_KINDS:
                items.append(LegalItem(kind, text or href or kind, _node(raw, tag.start, tag.end, target, encoding)))
    return items


def _links(raw: bytes, lo: bytes, encoding: str, notes: list[str], language: str | None) -> list[LegalItem]:
    items: list[LegalItem] = []
    seen = 0
    pos = lo.find(b"<a")
    while pos >= 0:
        if pos + 2 >= len(lo) or lo[pos + 2] not in _LINK_END:
            pos = lo.find(b"<a", pos + 2)
            continue
        seen += 1
        if seen > MAX_LINKS:
            notes.append(f"more than {MAX_LINKS} links; the rest were not read for pre-contract information")
            break
        close = lo.find(b"</a", pos, pos + _ELEMENT_BYTES)
        element = raw[pos : close if close >= 0 else pos + _ELEMENT_BYTES]
        kinds, text, href, tag_length = _link(element, encoding, language)
        if not kinds:
            pos = lo.find(b"<a", pos + 2)
            continue
        target = f"a[href={href[:80]!r}]"
        node = _node(raw, pos, pos + tag_length, target, encoding)
        items.extend(LegalItem(kind, text or href, node) for kind in kinds)
        pos = lo.find(b"<a", pos + 2)
    return items


def _link_uncached(element: bytes, encoding: str, language: str | None) -> tuple[tuple[str, ...], str, str, int]:
    """A link's kinds, words, URL and tag length from its bytes (``<a`` up to its ``</a``, at most 2 KiB).
    A storefront repeats its links on every page, so this is memoized on the exact bytes (bounded in
    count and key size)."""
    tag = tag_at(element.lower(), 0)
    if tag.kind != "start":
        return (), "", "", 0
    attrs = tag_attributes(element[: tag.end], 1, encoding)
    href = attrs["href"].value.strip() if "href" in attrs else ""
    text = _TAGS.sub(" ", decode_text(element[tag.end : tag.end + _TEXT_BYTES], encoding)).strip()
    kinds = _kinds(f"{text} {_URL_WORDS.sub(' ', href[:200])}", language)
    if href[:7].lower().startswith(("mailto:", "tel:")):
        kinds = ("contact", *kinds)
    return tuple(dict.fromkeys(kinds)), text, href, tag.end


_link = bounded(_MEMO_BYTES)(_link_uncached)


def read_legal(
    raw: bytes, lo: bytes, encoding: str = "utf-8", language: str | None = None
) -> tuple[LegalInfo | None, list[str]]:
    """The page's pre-contract information (None: no mark and no link names any), and what limited reading;
    links are read in ``language`` (the page's, a BCP 47 tag; None: every language)."""
    notes: list[str] = []
    marked = _marks(raw, lo, encoding, notes) if _MARK in lo else []
    if marked:
        return LegalInfo(tuple(marked), exact=True), notes
    linked = _links(raw, lo, encoding, notes, language)
    return (LegalInfo(tuple(linked), exact=False) if linked else None), notes
