"""The page as a browser builds it: Lexbor's DOM (through selectolax), and the language of the page.

The token scanner reads where things are; a tree says what they belong to (a row, a fieldset, a section).
Lexbor follows the WHATWG tree builder, so a table, an unclosed ``<p>`` or a ``<select>`` nest here as a
browser nests them. Parsed with scripting on, as a browser that runs the shop's scripts does: the content
of ``<noscript>`` is text, not controls.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

__all__ = ["Tree", "language_tag", "parse"]

#: How far up from a node a ``lang`` attribute is looked for (a bounded walk keeps many deep controls linear).
MAX_ANCESTORS: Final = 64
_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_MAX_TAG: Final = 35


def language_tag(value: str | None) -> str | None:
    """``value`` as a BCP-47 language tag, or None when it is empty or not one (``lang=""`` means unknown)."""
    if not value:
        return None
    tag = value.strip()[:_MAX_TAG]
    return tag if _TAG.fullmatch(tag) else None


def _header_language(value: str | None) -> str | None:
    # A Content-Language naming several languages sets no default (HTML "pragma-set default language").
    return None if value is None or "," in value else language_tag(value)


@dataclass(slots=True, eq=False)
class Tree:
    """A parsed page and its language (``<html lang>``, else a ``Content-Language`` meta, else the
    header passed in)."""

    parser: LexborHTMLParser
    language: str | None

    def select(self, query: str) -> list[LexborNode]:
        return self.parser.css(query)

    def language_of(self, node: LexborNode) -> str | None:
        """The language of ``node``: its nearest ``lang`` (within ``MAX_ANCESTORS``), else the page's."""
        current: LexborNode | None = node
        for _ in range(MAX_ANCESTORS):
            if current is None or current.tag == "html":
                break
            attributes = current.attributes
            if "lang" in attributes:
                return language_tag(attributes["lang"])
            current = current.parent
        return self.language


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def parse(raw: bytes, encoding: str = "utf-8", content_language: str | None = None) -> Tree:
    """Parse ``raw`` (bytes in ``encoding``, a Python codec; the caller has detected it) into a tree."""
    source: str | bytes = raw if _is_utf8(encoding) else raw.decode(encoding, "replace")
    # Without DOM mutation events: with them, each <option> re-runs the select's selectedness over all
    # its options (quadratic in a long select), and nothing read here needs <selectedcontent> filled in.
    parser = LexborHTMLParser(source, scripting=True, options=LexborDocumentOptions.WO_EVENTS)
    root = parser.root
    language: str | None = None
    if root is not None and "lang" in root.attributes:
        language = language_tag(root.attributes["lang"])
    if language is None and (root is None or "lang" not in root.attributes):
        meta = parser.css_first('meta[http-equiv="content-language" i][content]')
        language = _header_language(meta.attributes.get("content") if meta is not None else None)
        if language is None:
            language = _header_language(content_language)
    return Tree(parser, language)
