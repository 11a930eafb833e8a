"""A page's rows as a reader sees them: table rows with their header cells, and the innermost blocks
(``<dt>``, ``<dd>``, a ``<div>`` holding a label and a value) outside tables.

One CSS selection returns every candidate in document order; which blocks are innermost is found by
marking each block's nearest block ancestor (each inline element on the way climbed once), so the cost is
linear in the page and no text is read twice. A table row's amount comes from its last cell that holds money
(the line total: quantity and unit-price columns come before it); a row that offers options (radios,
checkboxes, a ``<select>``) is read through the option chosen on load, or marked unchosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checkoutguard.audit.amounts import Money, find_amounts

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


@dataclass(frozen=True, slots=True)
class Row:
    """One row: its words (``label``, header cells first, amounts and counts removed), its whole text,
    the amounts of its value, its class and id words, where it sits (``chain``: the ids of its nearest
    ancestors, for grouping rows into one summary), and whether it is an option nobody chose on load."""

    label: str
    text: str
    amounts: tuple[Money, ...]
    markers: str
    index: int
    chain: tuple[int, ...]
    target: str
    unchosen: bool = False


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
    codes = {m.currency for m in amounts if m.currency}
    # "18,90 € EUR" (Dawn's money_with_currency): the code after the amount is part of it.
    words = [w for w in text.replace(":", " ").replace("×", " ").split() if w.upper() not in codes]
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


def _table_row(node: LexborNode, hint: str | None) -> tuple[str, str, tuple[Money, ...], bool, str]:
    """(label, text, amounts, unchosen) of a ``<tr>``: header cells and words first, the amounts of the
    last cell holding money (or of the chosen option in it)."""
    cells = _cells(node)
    texts = [_text(cell) for cell in cells]
    chosen, offers, name = _chosen(node, hint)
    if offers and chosen is None:
        return " ".join(texts), " ".join(texts), (), True, name
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
    return label, text, amounts, False, name


def _block_row(node: LexborNode, hint: str | None) -> tuple[str, str, tuple[Money, ...], bool, str]:
    text = _text(node)
    chosen, offers, name = _chosen(node, hint)
    if offers and chosen is None:
        return text, text, (), True, name
    amounts = tuple(find_amounts(text, hint, limit=4))
    return _label(text, amounts), text, amounts, False, name


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
    rows: list[Row] = []
    for node in nodes:
        tag = node.tag
        if tag not in _ROWS or node.mem_id in in_row:
            continue
        if tag == "small":
            block = nearest[node.mem_id]
            if block is None or block.mem_id not in inner:
                continue  # read with the block that holds it
        elif node.mem_id in inner and tag != "tr":
            continue
        if tag == "tr":
            if node.mem_id in nested:
                continue
            label, text, amounts, unchosen, name = _table_row(node, hint)
        else:
            label, text, amounts, unchosen, name = _block_row(node, hint)
        if not text:
            continue
        markers = f"{_markers(node)} {name}".strip()
        rows.append(Row(label, text, amounts, markers, len(rows), _chain(node), _target(node), unchosen))
    return rows, capped
