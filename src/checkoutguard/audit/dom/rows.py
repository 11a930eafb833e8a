"""A page's rows as a reader sees them: table rows with their header cells, and the innermost blocks
(``<dt>``, ``<dd>``, a ``<div>`` holding a label and a value) outside tables.

One CSS selection returns every candidate in document order; which blocks are innermost is found by
marking each block's nearest block ancestor (each inline element on the way climbed once), so the cost is
linear in the page and no text is read twice. A table row's amount comes from its last cell that holds money
(the line total: quantity and unit-price columns come before it); a row that offers options (radios,
checkboxes, a ``<select>``) is read through the option chosen on load, or marked unchosen.
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checkoutguard.audit.amounts import Money, find_amounts, is_currency_word

__all__ = ["Row", "page_rows"]

_UP: Final = 8
#: Elements that end a row of text; the ones in ``_ROWS`` are read as rows when nothing inside is a block.
_BLOCKS: Final = frozenset(
    (
        *("div", "p", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th"),
        *("section", "aside", "article", "form", "fieldset", "header", "footer", "main", "nav", "address"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
    )
)
_ROWS: Final = ("tr", "dt", "dd", "li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "small")
_SELECTOR: Final = ", ".join(sorted(_BLOCKS | {"small"}))
_MARKER_ATTRS: Final = ("class", "id", "data-testid", "data-test")
_MAX_TEXT: Final = 400
_DIGIT = re.compile(r"[0-9]")
_CONTROLS: Final = "input[type=radio i], input[type=checkbox i], select"


class Row:
    """One row: its whole text, the amounts of its value, where it is in the page's rows, whether it is an
    option nobody chose on load, and (computed when asked, since most rows of a page are never looked at
    twice) its words without amounts and counts (``label``, header cells first), its class and id words
    (``markers``), and the ids of its nearest ancestors (``chain``: rows sharing one form one summary)."""

    __slots__ = ("_chain", "_label", "_markers", "amounts", "chosen", "index", "name", "node", "text", "unchosen")

    def __init__(
        self,
        node: LexborNode,
        text: str,
        amounts: tuple[Money, ...],
        index: int,
        *,
        unchosen: bool = False,
        name: str = "",
        chosen: bool = False,
        label: str | None = None,
        markers: str | None = None,
        chain: tuple[int, ...] | None = None,
    ) -> None:
        self.node = node
        self.text = text
        self.amounts = amounts
        self.index = index
        self.unchosen = unchosen
        self.name = name
        self.chosen = chosen  # the amount is the price of an option chosen on load (a control, not a charge)
        self._label = label
        self._markers = markers
        self._chain = chain

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = _label(self.text, self.amounts)
        return self._label

    @property
    def markers(self) -> str:
        if self._markers is None:
            self._markers = f"{_markers(self.node)} {self.name}".strip()
        return self._markers

    @property
    def chain(self) -> tuple[int, ...]:
        if self._chain is None:
            self._chain = _chain(self.node)
        return self._chain

    @property
    def target(self) -> str:
        return _target(self.node)


def _markers(node: LexborNode) -> str:
    attrs = node.attributes
    return " ".join(value for key in _MARKER_ATTRS if (value := attrs.get(key)))


def _target(node: LexborNode) -> str:
    attrs = node.attributes
    ident = attrs.get("id")
    if ident:
        return f"{node.tag}#{ident}"
    classes = (attrs.get("class") or "").split()
    return f"{node.tag}{''.join('.' + c for c in classes[:3])}"


def _text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ", strip=True).split())[:_MAX_TEXT]


def _label(text: str, amounts: tuple[Money, ...]) -> str:
    for money in reversed(amounts):
        text = text[: money.span[0]] + text[money.span[1] :]
    # "18,90 € EUR" (Dawn's money_with_currency): the code after the amount is part of it.
    words = text.replace(":", " ").replace("×", " ").split()
    if amounts:
        words = [w for w in words if not is_currency_word(w)]
    # A count left behind by the amounts ("× 2", "x2", "Qty 2") says nothing about the line's kind.
    # A footnote mark ("89,90 €*") is not a word either.
    return " ".join(
        w
        for w in words
        if any(ch.isalnum() for ch in w) and not (w.isdigit() or (w[:1] in "xX" and w[1:].isdigit() and len(w) > 1))
    )


def _option_text(control: LexborNode) -> str:
    """A ticked box's or a checked radio's own words: its ``<label for>`` next to it, else its parent."""
    holder = control.parent
    if holder is None:
        return ""
    ident = control.attributes.get("id")
    if ident:
        label = holder.css_first(f'label[for="{ident}"]')
        if label is not None:
            return _text(label)
    return _text(holder)


def _chosen(node: LexborNode, hint: str | None) -> tuple[str | None, bool, str]:
    """The words of the option chosen on load in ``node``, whether ``node`` offers options at all
    (radios or boxes; a ``<select>`` only when its options carry prices: a country list offers nothing
    to pay for), and the control's name (``checkout[shipping_rate][id]`` says what the option is)."""
    boxes = node.css("input[type=radio i], input[type=checkbox i]")
    for control in boxes:
        if "checked" in control.attributes:
            return _option_text(control), True, control.attributes.get("name") or ""
    for select in node.css("select"):
        options = select.css("option")
        if any(find_amounts(_text(option), hint, limit=1) for option in options[:32]):
            chosen = next((o for o in options if "selected" in o.attributes), options[0] if options else None)
            name = select.attributes.get("name") or ""
            return (_text(chosen) if chosen is not None else None), True, name
    return None, bool(boxes), ""


def _cells(row: LexborNode) -> list[LexborNode]:
    return [child for child in row.iter() if child.tag in ("td", "th")]


def _table_row(node: LexborNode, hint: str | None, index: int, controls: bool) -> Row:
    """A ``<tr>``: header cells and words first, the amounts of the last cell holding money (or of the
    option chosen in it)."""
    cells = _cells(node)
    texts = [_text(cell) for cell in cells]
    chosen, offers, name = _chosen(node, hint) if controls else (None, False, "")
    if offers and chosen is None:
        whole = " ".join(texts)
        return Row(node, whole, (), index, unchosen=True, name=name, label=whole)
    value_at = -1
    amounts: tuple[Money, ...] = ()
    for k in range(len(cells) - 1, -1, -1):
        found = tuple(find_amounts(texts[k], hint, limit=4))
        if found:
            value_at, amounts = k, found
            break
    words = [_label(t, tuple(find_amounts(t, hint, limit=4))) for k, t in enumerate(texts) if k != value_at]
    text = " ".join(texts)
    if chosen is not None:
        option = tuple(find_amounts(chosen, hint, limit=4))
        if option:
            amounts = option
        words.append(_label(chosen, option))
        text = f"{' '.join(words)} {chosen}"
    label = _label(" ".join(words), ())
    return Row(node, text, amounts, index, name=name, label=label, chosen=chosen is not None)


def _block_row(node: LexborNode, hint: str | None, index: int, controls: bool) -> Row | None:
    text = _text(node)
    if not text:
        return None
    chosen, offers, name = _chosen(node, hint) if controls else (None, False, "")
    if offers and chosen is None:
        return Row(node, text, (), index, unchosen=True, name=name, label=text)
    amounts = tuple(find_amounts(text, hint, limit=4)) if _DIGIT.search(text) else ()
    return Row(node, text, amounts, index, name=name, chosen=chosen is not None)


_SECTIONS: Final = frozenset(("tbody", "thead", "tfoot"))


def _chain(node: LexborNode) -> tuple[int, ...]:
    """The ids of the nearest ancestors; a table's sections are not groups of their own (the goods in
    ``<tbody>`` and the totals in ``<tfoot>`` are one summary)."""
    ids: list[int] = []
    parent = node.parent
    for _ in range(_UP + 3):
        if parent is None or len(ids) >= _UP:
            break
        if parent.tag not in _SECTIONS:
            ids.append(parent.mem_id)
        parent = parent.parent
    return tuple(ids)


def _nearest_block(node: LexborNode, seen: dict[int, LexborNode | None]) -> LexborNode | None:
    """The nearest block ancestor. The inline elements passed on the way are remembered in ``seen`` with
    their answer, so each is climbed through once per page however deep the nesting: linear."""
    passed: list[int] = []
    parent = node.parent
    found: LexborNode | None = None
    while parent is not None:
        key = parent.mem_id
        if parent.tag in _BLOCKS:
            found = parent
            break
        if key in seen:
            found = seen[key]
            break
        passed.append(key)
        parent = parent.parent
    for key in passed:
        seen[key] = found
    return found


def _outer_row(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    for _ in range(_UP * 2):
        if parent is None:
            return None
        if parent.tag == "tr":
            return parent
        parent = parent.parent
    return None


def page_rows(tree: LexborHTMLParser, hint: str | None, *, limit: int) -> tuple[list[Row], bool]:
    """Every row of the page in document order, and whether ``limit`` candidates stopped the reading."""
    nodes = tree.css(_SELECTOR)
    capped = len(nodes) > limit
    nodes = nodes[:limit]
    inner: set[int] = set()  # blocks with a block inside: not rows themselves
    in_row: set[int] = set()  # blocks inside a table row: the row reads them
    nearest: dict[int, LexborNode | None] = {}
    seen: dict[int, LexborNode | None] = {}
    for node in nodes:
        block = _nearest_block(node, seen)
        nearest[node.mem_id] = block
        if block is not None and node.tag != "small":
            inner.add(block.mem_id)
    nested: set[int] = set()  # table rows that hold a table: its own rows are read
    for node in nodes:  # document order: a row's ancestors come before it
        block = nearest[node.mem_id]
        if block is not None and (block.tag == "tr" or block.mem_id in in_row):
            in_row.add(node.mem_id)
        if node.tag == "tr" and node.mem_id in in_row:
            outer = _outer_row(node)
            if outer is not None:
                nested.add(outer.mem_id)
                in_row.discard(node.mem_id)
    offering: set[int] = set()  # rows holding a radio, a box or a select
    for control in tree.css(_CONTROLS):
        block = _nearest_block(control, seen)
        if block is not None and block.mem_id in in_row:
            block = _outer_row(control)
        if block is not None:
            offering.add(block.mem_id)
    rows: list[Row] = []
    for node in nodes:
        tag = node.tag
        key = node.mem_id
        if tag not in _ROWS or key in in_row:
            continue
        if tag == "small":
            block = nearest[key]
            if block is None or block.mem_id not in inner:
                continue  # read with the block that holds it
        elif key in inner and tag != "tr":
            continue
        if tag == "tr":
            if key in nested:
                continue
            row: Row | None = _table_row(node, hint, len(rows), key in offering)
        else:
            row = _block_row(node, hint, len(rows), key in offering)
        if row is not None and row.text:
            rows.append(row)
    return rows, capped
