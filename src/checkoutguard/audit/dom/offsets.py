"""From a DOM node back to the bytes of its start tag, for fix mode and for the report's node spans.

Lexbor keeps no source offsets. The token reader (``html/scan.py``) follows the same WHATWG tokenizer and
records every ``<input>`` and ``<select>`` start tag and every tag carrying ``aria-checked`` in data state,
in document order; the tree builder never invents such a tag and drops one only rarely (a ``<select>``
inside a select). So the n-th control node is the next recorded start tag of its name whose attributes
agree with the node's: a walk forward through each name's tags, never back, linear in the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from selectolax.lexbor import LexborNode

from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.page import Page

__all__ = ["Spans"]

#: Tags of one name looked at for a node before it is given up as unplaced (keeps a miss cheap).
_LOOKAHEAD: Final = 32
_KEYS: Final = ("type", "name", "id", "value", "role", "aria-checked")


class Spans:
    """Places control nodes, in document order, on the start tags the scan recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._tags: dict[bytes, list[Token]] = {}
        self._next: dict[bytes, int] = {}

    def _of(self, name: bytes) -> list[Token]:
        """The recorded start tags named ``name``, listed on first use."""
        tags = self._tags.get(name)
        if tags is None:
            tags = self._tags[name] = [
                Token("start", e.start, e.end, name)
                for e in self.page.scan.events
                if e.name == name and e.kind == "start"
            ]
        return tags

    def _agrees(self, token: Token, attributes: Mapping[str, str | None]) -> bool:
        found = self.page.attrs(token)
        for key in _KEYS:
            ours = found.get(key)
            theirs = attributes.get(key) if key in attributes else None
            if (ours is None) != (key not in attributes):
                return False
            if ours is not None and ours.value != (theirs or ""):
                return False
        return True

    def find(self, node: LexborNode) -> Token | None:
        """The start tag of ``node`` (the next one of its name that agrees), or None past the last one."""
        name = (node.tag or "").encode("ascii", "replace")
        tags = self._of(name)
        if not tags:
            return None
        at = self._next.get(name, 0)
        attributes = node.attributes
        for index in range(at, min(len(tags), at + _LOOKAHEAD)):
            if self._agrees(tags[index], attributes):
                self._next[name] = index + 1
                return tags[index]
        if at < len(tags):
            # No tag agrees (an attribute the two read differently): the next one, by position.
            self._next[name] = at + 1
            return tags[at]
        return None
