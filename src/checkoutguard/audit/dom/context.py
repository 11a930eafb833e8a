"""The context a control sits in: its accessible name, and the words around it that say what it is for.

Real plugins put the meaning outside a control's own label: in the row's ``<th>``, the fieldset's
``<legend>``, the section heading above, a ``<label>`` beside it that is not linked to it, or an
``aria-describedby`` note. A control whose own words say nothing is read with these, nearest first.

Every walk here is bounded (ancestors, steps, characters), so many controls in a deep or long page cost
time linear in their number, whatever the page's shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final, NamedTuple

from selectolax.lexbor import LexborNode

from checkoutguard.audit.dom.tree import MAX_ANCESTORS, Tree

__all__ = [
    "Ancestry",
    "Context",
    "Ids",
    "ancestry",
    "following_text",
    "legend_of",
    "preceding_words",
    "row_heading",
    "text_of",
]

#: Text of an element is read up to this many characters and nodes.
MAX_CHARS: Final = 400
_MAX_STEPS: Final = 200
_NEARBY_CHARS: Final = 200
_NEARBY_STEPS: Final = 64
_MAX_REFS: Final = 8
_INLINE: Final = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "label",
        "img",
        "wbr",
        "br",
    ]
)
#: Elements whose text is not part of the text around them (a label's text leaves out a nested select).
_SKIPPED: Final = frozenset(
    ["script", "style", "template", "select", "button", "svg", "math", "noscript", "textarea", "option"]
)
# Tags that end the text "next to" a control: another control, or the end of its row.
_STOP_START: Final = frozenset(
    ["input", "select", "textarea", "button", "label", "form", "fieldset", "table", "ul", "ol", "li", "tr"]
)
_STOP_END: Final = frozenset(
    ["label", "li", "tr", "p", "fieldset", "form", "ul", "ol", "table", "section", "div", "dd", "td"]
)


def _walk(node: LexborNode, steps: int) -> Iterator[tuple[bool, LexborNode]]:
    """(entering, node) for the descendants of ``node`` in document order, at most ``steps`` of them;
    the content of ``_SKIPPED`` elements is not entered."""
    current = node.child
    seen = 0
    while current is not None and seen < steps:
        seen += 1
        yield True, current
        child = current.child if current.tag not in _SKIPPED else None
        if child is not None:
            current = child
            continue
        while current is not None and current.next is None:
            current = current.parent
            if current is None or current.mem_id == node.mem_id:
                return
            yield False, current
        current = current.next if current is not None else None


class _Pieces:
    """Text gathered piece by piece up to a size, then cleaned (white space collapsed, cut at ``limit``)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pieces: list[str] = []
        self.size = 0

    def add(self, piece: str) -> bool:
        """Add ``piece``; whether enough text has been gathered."""
        self.pieces.append(piece)
        self.size += len(piece)
        return self.size >= self.limit

    def text(self, limit: int) -> str:
        text = " ".join("".join(self.pieces).split())
        return text[:limit].rstrip() if len(text) > limit else text


def text_of(node: LexborNode | None, limit: int = MAX_CHARS) -> str:
    """The visible text of ``node`` (white space collapsed), up to ``limit`` characters."""
    if node is None:
        return ""
    found = _Pieces(limit * 2)
    for _entering, current in _walk(node, _MAX_STEPS):
        tag = current.tag
        if tag == "-text":
            if found.add(current.text_content or ""):
                break
        elif tag not in _INLINE and current.is_element_node:
            found.add(" ")
    return found.text(limit)


def _following(node: LexborNode, steps: int) -> Iterator[tuple[bool, LexborNode]]:
    """(entering, node) for what follows ``node`` in document order (leaving its ancestors as it goes)."""
    current: LexborNode | None = node
    seen = 0
    while current is not None and seen < steps:
        seen += 1
        following = current.next
        if following is not None:
            current = following
            yield True, current
            while current.child is not None and current.tag not in _SKIPPED and seen < steps:
                seen += 1
                current = current.child
                yield True, current
            if current.next is None:
                # climb out of the elements this one ends, reporting each end
                while current is not None and current.next is None:
                    current = current.parent
                    if current is None or current.tag in ("body", "html"):
                        return
                    yield False, current
            continue
        current = current.parent
        if current is None or current.tag in ("body", "html"):
            return
        yield False, current


def following_text(node: LexborNode) -> tuple[str, LexborNode | None]:
    """The text right after a control, up to the next control or the end of its row, and the first
    ``<label>`` met before any text (an unlinked neighbour label, read whole)."""
    found = _Pieces(_NEARBY_CHARS)
    for entering, current in _following(node, _NEARBY_STEPS):
        tag = current.tag
        if tag == "-text":
            piece = current.text_content or ""
            if piece.strip() and found.add(piece):
                break
        elif entering:
            if tag == "label" and not found.pieces:
                return "", current
            if tag in _STOP_START or (found.pieces and tag not in _INLINE and current.is_element_node):
                break
        elif tag in _STOP_END and found.pieces:
            break
    return found.text(_NEARBY_CHARS), None


class Ids:
    """The page's elements by ``id`` (first in document order wins, as ``getElementById``), and its
    ``<label for>`` elements by target, each indexed on first use with one CSS query."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._ids: dict[str, LexborNode] | None = None
        self._fors: dict[str, list[LexborNode]] | None = None

    def element(self, ident: str) -> LexborNode | None:
        if self._ids is None:
            index: dict[str, LexborNode] = {}
            for node in self.tree.select("[id]"):
                index.setdefault(node.id or "", node)
            self._ids = index
        return self._ids.get(ident)

    def labels_for(self, ident: str) -> list[LexborNode]:
        if self._fors is None:
            index: dict[str, list[LexborNode]] = {}
            for node in self.tree.select("label[for]"):
                index.setdefault(node.attrs.get("for") or "", []).append(node)
            self._fors = index
        return self._fors.get(ident, [])

    def texts(self, refs: str, text: Callable[[LexborNode], str]) -> str:
        """The texts of the elements an IDREF list (``aria-labelledby``, ``aria-describedby``) names."""
        found = (self.element(ref) for ref in refs.split()[:_MAX_REFS])
        return " ".join(t for t in (text(node) for node in found if node is not None) if t)


class Context(NamedTuple):
    """Where a control sits: the heading cell of its table row (``row``) and the row's whole text, the
    legend of its fieldset, the nearest section heading before it, an unlinked ``<label>`` beside it
    (``neighbour``), its ``aria-describedby`` text, and its language."""

    row: str = ""
    row_text: str = ""
    legend: str = ""
    heading: str = ""
    neighbour: str = ""
    description: str = ""
    language: str | None = None

    def group_head(self) -> str:
        """What a group of choices (a radio group, a select) is about, nearest first."""
        return self.legend or self.row or self.heading


class Ancestry(NamedTuple):
    """The nearest ancestors that matter, found in one bounded walk up."""

    label: LexborNode | None
    row: LexborNode | None
    cell: LexborNode | None
    fieldset: LexborNode | None
    form: LexborNode | None
    language: str | None
    has_language: bool


def ancestry(node: LexborNode, languages: frozenset[int] = frozenset()) -> Ancestry:
    """One walk up (at most ``MAX_ANCESTORS``) for the wrapping label, row, cell, fieldset, form and the
    nearest ``lang`` (``languages``: the ``mem_id`` of every element below ``<html>`` that has one). The
    walk ends at the form when no ``lang`` is left to look for: what a control belongs to sits inside it."""
    label = row = cell = fieldset = form = None
    language: str | None = None
    has_language = not languages
    current = node.parent
    for _ in range(MAX_ANCESTORS):
        if current is None:
            break
        tag = current.tag
        if tag == "html" or tag == "body":
            break
        if tag == "label" and label is None and row is None:
            label = current
        elif tag in ("td", "th") and cell is None and row is None:
            cell = current
        elif tag == "tr" and row is None:
            row = current
        elif tag == "fieldset" and fieldset is None:
            fieldset = current
        elif tag == "form" and form is None:
            form = current
        if not has_language and current.mem_id in languages:
            has_language = True
            language = current.attributes.get("lang")
        if form is not None and has_language:
            break
        current = current.parent
    return Ancestry(label, row, cell, fieldset, form, language, has_language and bool(languages))


def row_heading(row: LexborNode, cell: LexborNode | None) -> tuple[str, str]:
    """The heading of a table row (its first ``<th>``, else its first cell when the control is not in it)
    and the row's text."""
    heading = ""
    first: LexborNode | None = None
    current = row.child
    steps = 0
    while current is not None and steps < 32:
        steps += 1
        if current.tag == "th":
            heading = text_of(current)
            break
        if current.tag == "td" and first is None:
            first = current
        current = current.next
    if not heading and first is not None and (cell is None or first.mem_id != cell.mem_id):
        heading = text_of(first)
    return heading, text_of(row)


def legend_of(fieldset: LexborNode) -> str:
    """The text of a fieldset's first ``<legend>`` child."""
    current = fieldset.child
    steps = 0
    while current is not None and steps < 16:
        steps += 1
        if current.tag == "legend":
            return text_of(current)
        current = current.next
    return ""


def preceding_words(node: LexborNode) -> str:
    """The ``<label>`` or the words right before a control (or before its wrapper, when the control is
    alone in it): "Versicherung <select>", "<label>Gift wrap</label><input>"."""
    for start in (node, node.parent):
        if start is None:
            return ""
        previous = start.prev
        while previous is not None and previous.tag == "-text" and not (previous.text_content or "").strip():
            previous = previous.prev
        if previous is None:
            continue
        if previous.tag == "-text":
            words = _Pieces(_NEARBY_CHARS)
            words.add(previous.text_content or "")
            return words.text(_NEARBY_CHARS)
        if previous.tag == "label" or previous.tag in _INLINE:
            return text_of(previous, _NEARBY_CHARS)
        return ""
    return ""
