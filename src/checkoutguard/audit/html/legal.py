"""The pre-contract information a checkout page shows or links: imprint, contact, terms, withdrawal, returns.

A merchant's ``data-checkoutguard-legal="terms"`` (or ``trader``, ``contact``, ``withdrawal``,
``withdrawal-exempt``, ``returns``; several kinds may share one element) makes the reading exact: what is not
marked is not shown. Without marks the page's links are read: each ``<a>`` element's words and its URL (``mailto:``
and ``tel:`` are a contact channel) against the ``legal`` section of ``vocabulary.json`` in nine languages. That
reading can miss words the vocabulary does not know, so the rule only asks for a check on what it did not find.

One forward ``find`` per link and per mark, at most ``MAX_LINKS`` links and ``MAX_MARKS`` marks (a limit that
stops reading says so in the document's notes); links inside script text are read like any other.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.html.lexer import decode_text, element_text, tag_at, tag_attributes
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


@functools.cache
def vocabulary() -> dict[str, Any]:
    """The ``legal`` section of ``vocabulary.json``, compiled once: one pattern per kind, all languages."""
    try:
        section: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))["legal"]
        patterns = {
            kind: re.compile("|".join(f"(?:{p})" for words in by_language.values() for p in words), re.IGNORECASE)
            for kind, by_language in section["patterns"].items()
        }
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise DataError(f"the legal vocabulary cannot be loaded: {exc}", file=str(_FILE)) from exc
    return {"patterns": patterns, "examples": section["examples"]}


def examples(kind: str, language: str | None) -> str:
    """A link text a shop in ``language`` uses for ``kind`` (English when the language is not one we read)."""
    by_language: dict[str, str] = vocabulary()["examples"][kind]
    code = (language or "en").split("-")[0].lower()
    return by_language.get(code, by_language["en"])


@functools.lru_cache(maxsize=4096)
def _kinds(words: str) -> tuple[str, ...]:
    """The kinds of pre-contract information a link's words name (memoized: a template repeats its links)."""
    patterns: dict[str, re.Pattern[str]] = vocabulary()["patterns"]
    return tuple(kind for kind, pattern in patterns.items() if pattern.search(words))


def _node(raw: bytes, start: int, end: int, target: str, encoding: str) -> Node:
    snippet = raw[start : min(end, start + _SNIPPET)].decode(encoding, "replace")
    return Node(target, snippet, (start, end))


def _marks(raw: bytes, lo: bytes, encoding: str, notes: list[str]) -> list[LegalItem]:
    items: list[LegalItem] = []
    seen = 0
    pos = lo.find(_MARK)
    while pos >= 0:
        seen += 1
        if seen > MAX_MARKS:
            notes.append(f"more than {MAX_MARKS} data-checkoutguard-legal marks; the rest were not read")
            break
        start = lo.rfind(b"<", max(0, pos - _LOOK_BACK), pos)
        tag = tag_at(lo, start) if start >= 0 and lo[start + 1 : start + 2].isalpha() else None
        if tag is None or tag.kind != "start" or not tag.start < pos < tag.end:
            pos = lo.find(_MARK, pos + len(_MARK))
            continue
        attrs = tag_attributes(raw[tag.start : tag.end], len(tag.name), encoding)
        mark = attrs.get("data-checkoutguard-legal")
        kinds = [k.replace("-", "_") for k in (mark.value.lower().split() if mark is not None else [])]
        text, _ = element_text(lo, raw, tag, encoding, max_chars=200)
        href = attrs["href"].value if "href" in attrs else ""
        target = f"[data-checkoutguard-legal={mark.value[:40]!r}]" if mark is not None else "[data-checkoutguard-legal]"
        for kind in dict.fromkeys(kinds):
            if kind in LEGAL_KINDS:
                items.append(LegalItem(kind, text or href or kind, _node(raw, tag.start, tag.end, target, encoding)))
        pos = lo.find(_MARK, tag.end)
    return items


def _links(raw: bytes, lo: bytes, encoding: str, notes: list[str]) -> list[LegalItem]:
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
        tag = tag_at(lo, pos)
        if tag.kind != "start":
            break  # a tag cut off by the end of the page swallows the rest
        attrs = tag_attributes(raw[tag.start : tag.end], 1, encoding)
        href = attrs["href"].value.strip() if "href" in attrs else ""
        close = lo.find(b"</a", tag.end, tag.end + _TEXT_BYTES)
        inner = raw[tag.end : close if close >= 0 else tag.end + _TEXT_BYTES]
        text = _TAGS.sub(" ", decode_text(inner, encoding)).strip()
        scheme = href[:7].lower()
        kinds = _kinds(f"{text} {_URL_WORDS.sub(' ', href[:200])}")
        if scheme.startswith(("mailto:", "tel:")):
            kinds = ("contact", *kinds)
        target = f"a[href={href[:80]!r}]"
        for kind in dict.fromkeys(kinds):
            items.append(LegalItem(kind, text or href, _node(raw, tag.start, tag.end, target, encoding)))
        pos = lo.find(b"<a", tag.end)
    return items


def read_legal(raw: bytes, lo: bytes, encoding: str = "utf-8") -> tuple[LegalInfo | None, list[str]]:
    """The page's pre-contract information (None: no mark and no link names any), and what limited reading."""
    notes: list[str] = []
    marked = _marks(raw, lo, encoding, notes) if _MARK in lo else []
    if marked:
        return LegalInfo(tuple(marked), exact=True), notes
    linked = _links(raw, lo, encoding, notes)
    return (LegalInfo(tuple(linked), exact=False) if linked else None), notes
