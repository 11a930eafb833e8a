"""One page being read: its bytes, the scan's events, and per-page caches of parsed tags and texts.

A ``Page`` lives for one extraction. It answers the questions both scan paths lead to in the same way:
the attributes of a tag, the text of an element, the element with a given id, the form a control is in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from checkoutguard.audit.html.lexer import (
    Attribute,
    Token,
    decode_text,
    element_text,
    element_text_of,
    is_taglike,
    tag_attributes,
    token_at,
)
from checkoutguard.audit.html.scan import Scan, Undecided, check_data_state

__all__ = ["Page"]

_SNIPPET = 240
_ELEMENT_BYTES = 2_048
_MAX_ID_TRIES = 64


@dataclass(slots=True, eq=False)
class Page:
    """The page as bytes (``raw``), lower-cased (``lo``), its encoding, and what the scan found."""

    raw: bytes
    lo: bytes
    encoding: str
    scan: Scan
    _attrs: dict[int, Mapping[str, Attribute]] = field(default_factory=dict)
    _texts: dict[int, tuple[str, int]] = field(default_factory=dict)
    _bounds: list[tuple[int, int]] = field(default_factory=list)
    _bound_starts: list[int] = field(default_factory=list)
    _forms: list[tuple[int, int]] = field(default_factory=list)
    _form_starts: list[int] = field(default_factory=list)
    _ids: dict[str, Token | None] = field(default_factory=dict)
    _forms_read: bool = False

    def _index_bounds(self) -> None:
        bounds = sorted([(e.start, e.end) for e in self.scan.events if e.kind != "text"] + list(self.scan.skips))
        self._bounds = bounds
        self._bound_starts = [b[0] for b in bounds]

    def _index_forms(self) -> None:
        forms: list[tuple[int, int]] = []
        open_at = -1
        for event in self.scan.events:
            if event.name != b"form" or event.kind == "text":
                continue
            if event.kind == "start" and open_at < 0:
                open_at = event.start  # a form inside a form is ignored by parsers, and here
            elif event.kind == "end" and open_at >= 0:
                forms.append((open_at, event.end))
                open_at = -1
        if open_at >= 0:
            forms.append((open_at, len(self.raw)))
        self._forms = forms
        self._form_starts = [f[0] for f in forms]
        self._forms_read = True

    def attrs(self, tag: Token) -> Mapping[str, Attribute]:
        """The attributes of the start tag ``tag``; their spans are relative to ``tag.start``."""
        found = self._attrs.get(tag.start)
        if found is None:
            found = tag_attributes(self.raw[tag.start : tag.end], len(tag.name), self.encoding)
            self._attrs[tag.start] = found
        return found

    def value(self, tag: Token, name: str) -> str | None:
        attribute = self.attrs(tag).get(name)
        return None if attribute is None else attribute.value

    def text(self, tag: Token) -> tuple[str, int]:
        """The visible text of the element ``tag`` opens, and where the element ends."""
        found = self._texts.get(tag.start)
        if found is None:
            found = self._quick_text(tag) or self._element_text(tag)
            self._texts[tag.start] = found
        return found

    def _element_text(self, tag: Token) -> tuple[str, int]:
        # The element's bytes up to its first end tag usually settle its text: memoized on those bytes.
        close = self.lo.find(b"</" + tag.name, tag.end, tag.start + _ELEMENT_BYTES)
        if close >= 0:
            gt = self.lo.find(b">", close, tag.start + _ELEMENT_BYTES)
            if gt >= 0:
                element = self.raw[tag.start : gt + 1]
                found = element_text_of(element, tag.end - tag.start, len(tag.name), self.encoding)
                if found is not None:
                    return found[0], tag.start + found[1]
        return element_text(self.lo, self.raw, tag, self.encoding)

    def _quick_text(self, tag: Token) -> tuple[str, int] | None:
        # Most labels are plain text up to their own end tag: no need to walk tokens.
        close = self.lo.find(b"</", tag.end, tag.end + 600)
        if close < 0 or self.lo.find(b"<", tag.end, close) >= 0:
            return None
        name = tag.name
        end = close + 2 + len(name)
        if self.lo[close + 2 : end] != name or self.lo[end : end + 1] != b">":
            return None
        text = decode_text(self.raw[tag.end : close], self.encoding)
        return (text[:400], end + 1)

    def decode(self, start: int, end: int) -> str:
        return decode_text(self.raw[start:end], self.encoding)

    def snippet(self, tag: Token) -> str:
        text = self.raw[tag.start : min(tag.end, tag.start + _SNIPPET)].decode(self.encoding, "replace")
        return text if tag.end - tag.start <= _SNIPPET else text + "…"

    def form_of(self, position: int) -> int:
        """Start of the form that contains ``position``, or -1."""
        if not self._forms_read:
            self._index_forms()
        index = bisect_right(self._form_starts, position) - 1
        if index >= 0 and position < self._forms[index][1]:
            return self._forms[index][0]
        return -1

    def floor(self, position: int) -> int:
        """A position at or before ``position`` known to be in data state (the end of an event or skip)."""
        if not self._bound_starts and (self.scan.events or self.scan.skips):
            self._index_bounds()
        index = bisect_right(self._bound_starts, position) - 1
        while index >= 0:
            start, end = self._bounds[index]
            if end <= position:
                return end
            if start < position:
                return -1  # ``position`` is inside a tag or a skipped region
            index -= 1
        return 0

    def element_by_id(self, ident: str) -> Token | None:
        """The start tag whose ``id`` is ``ident`` (first in document order), found without a full parse.

        Every occurrence of the id's bytes is a candidate; it counts only if it sits in an ``id`` attribute
        of a start tag that is in data state, which ``check_data_state`` proves from the nearest event.
        """
        if ident in self._ids:
            return self._ids[ident]
        needle = ident.encode(self.encoding, "replace")
        found: Token | None = None
        i = self.raw.find(needle) if needle else -1
        tries = 0
        while i >= 0 and found is None and tries < _MAX_ID_TRIES:
            tries += 1
            k = self.lo.rfind(b"<", 0, i)
            while k >= 0 and not is_taglike(self.lo, k):
                k = self.lo.rfind(b"<", 0, k)
            if k >= 0:
                floor = self.floor(k)
                token = token_at(self.lo, k)
                if floor >= 0 and token.kind == "start" and token.end > i:
                    try:
                        check_data_state(self.lo, floor, k)
                    except Undecided:
                        token = Token("bogus", k, k)
                    if token.kind == "start" and self.value(token, "id") == ident:
                        found = token
            i = self.raw.find(needle, i + 1)
        self._ids[ident] = found
        return found
