"""The order summary read from the DOM: table rows with their header cells, ``<dt>``/``<dd>`` pairs and
label/value blocks, not a stream of text. The token scanner's reader (``html/summary.py``) cut rows at
block boundaries and read "× 1" next to "189,00 zł" as one number; here each row's amount comes from its
value cell, an option row counts only through the option chosen on load, and the rows that belong to the
summary are the ones sharing an ancestor with its total.

Pages the merchant annotated (``data-checkoutguard-line``) are read exactly by ``html/summary.py``; this
reader is the heuristic path and returns the same ``Summary``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from checkoutguard.audit.amounts import Money, prevailing_currency
from checkoutguard.audit.classify import classify_control, line_kind, payment_kind, vocabulary
from checkoutguard.audit.dom.rows import Row, page_rows
from checkoutguard.audit.dom.summary_words import summary_words
from checkoutguard.audit.html.summary import Summary, row_line
from checkoutguard.audit.limits import MAX_EVENTS, MAX_SUMMARY_ROWS, Limit
from checkoutguard.audit.model import Line, Node, Notice, Shown

__all__ = ["Summary", "read_summary"]

_APPLIES: Final = {"shipping": "shipping", "tax": "tax", "duty": "duty", "fee": "fees", "surcharge": "fees"}
#: Rows read after the total: "incl. VAT", "duties payable on delivery" notes live there.
_AFTER: Final = 3
#: Totals tried as the summary's end (the last ones on the page: a mini-cart comes before the summary).
_TOTALS_TRIED: Final = 8
#: Columns after a label read as its value (quantity, unit price, line total), and how close they must sit.
_MAX_COLUMNS: Final = 6
#: Words in a row naming the payment method chosen ("Zahlungsart: Kreditkarte", "Payment method: Credit card").
_CHOICE_WORDS: Final = 5
_WORD = re.compile(r"[^\W\d_]{2}")
_NEAR: Final = 3


def _near(first: Row, second: Row) -> bool:
    """Whether two rows sit in one small block (a ``<dl>``, a grid row of columns): they share one of
    their three nearest ancestors."""
    return not set(first.chain[:_NEAR]).isdisjoint(second.chain[:_NEAR])


def _worded(row: Row) -> bool:
    """Whether a row holds a word (two letters running): "Versand" does, "1", "x2" and "€" do not."""
    return _WORD.search(row.text) is not None


def _merge(rows: list[Row]) -> list[Row]:
    """Join a label-only row with the amount-only rows after it (``<dt>`` + ``<dd>``, ``<h2>`` + ``<p>``,
    a grid row's columns: label, quantity, unit price, line total), keeping the last amount: the line's."""
    merged: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        i += 1
        if row.amounts or row.unchosen or not _worded(row):
            merged.append(row)
            continue
        last = None
        k = i
        while k < len(rows) and k - i < _MAX_COLUMNS:
            cell = rows[k]
            if cell.unchosen or (not cell.amounts and _worded(cell)) or (cell.amounts and cell.label):
                break
            if not _near(row, cell):
                break
            if cell.amounts:
                last = k
            k += 1
        if last is None:
            merged.append(row)
            continue
        value = rows[last]
        shift = len(row.text) + 1
        merged.append(
            Row(
                row.node,
                f"{row.text} {value.text}",
                tuple(_shifted(m, shift) for m in value.amounts),
                row.index,
                label=row.label,
                markers=f"{row.markers} {value.markers}",
                chain=value.chain,
            )
        )
        i = last + 1
    return merged


def _shifted(money: Money, shift: int) -> Money:
    span = (money.span[0] + shift, money.span[1] + shift)
    return Money(money.amount, money.currency, money.negative, span, money.explicit)


def _kind(row: Row) -> str | None:
    kind = line_kind(row.label, row.markers)
    if kind in ("shipping", "fee", None) and row.amounts and classify_control(row.label, has_price=True).add_on:
        return "add_on"  # "Shipping Insurance: Shipping Protection £2.99" is an extra, not the shipping
    words = summary_words()
    if kind is None and words.is_total(row.label):
        return "total"
    if kind in ("fee", None) and row.amounts and words.is_payment_fee(row.label, kind):
        return "surcharge"
    return kind


def _is_total(row: Row) -> bool:
    """A total row: "Total", "Geschätzte Gesamtkosten"; not a net total ("Total HT", "excl. VAT")."""
    return (
        bool(row.amounts)
        and not row.unchosen
        and _kind(row) == "total"
        and not vocabulary().flag("tax_excluded", row.text)
    )


def _notice(row: Row, step: str | None) -> Notice | None:
    """Words about a cost instead of an amount: deferred ("calculated at checkout") or payable on delivery
    (the row's kind, looked up only then, says which cost)."""
    vocab = vocabulary()
    if vocab.flag("deferred", row.text) or summary_words().is_deferred(row.text):
        return Notice("deferred", _APPLIES.get(_kind(row) or "", "shipping"), row.text, step, _node(row))
    if vocab.flag("on_delivery", row.text):
        return Notice("on_delivery", "tax" if _kind(row) == "tax" else "duty", row.text, step, _node(row))
    return None


def _level(row: Row, chain: tuple[int, ...]) -> int | None:
    """How far up the total's ancestors (``chain``) the nearest one ``row`` shares is (None: none)."""
    mine = set(row.chain)
    return next((level for level, ancestor in enumerate(chain) if ancestor in mine), None)


def _members(rows: Sequence[Row], at: int) -> tuple[int, int, bool]:
    """The rows of the summary whose total is ``rows[at]``: those sharing the lowest ancestor of the total
    that also holds goods or a subtotal (else any amount), and a few rows after the total; and whether
    ``MAX_SUMMARY_ROWS`` stopped the reading first.

    The descendants of an ancestor are consecutive rows, so one walk back from the total finds them: the
    shared ancestor only rises as the walk goes on, and the walk ends where it rises past the one chosen."""
    chain = rows[at].chain
    lowest = max(at - MAX_SUMMARY_ROWS, 0)
    priced: int | None = None  # the level of the first row with an amount
    based: int | None = None  # the level of the first row with goods or a subtotal
    start = fallback = at
    for k in range(at - 1, lowest - 1, -1):
        row = rows[k]
        level = _level(row, chain)
        if level is None or (based is not None and level > based):
            break
        if row.amounts and not row.unchosen:
            priced = level if priced is None else priced
            if based is None and _kind(row) in (None, "subtotal"):
                based = level
        if priced is not None and level <= priced:
            fallback = k
        start = k
    else:
        if lowest > 0:  # the walk was stopped by the limit, not by the summary's start
            return start, _end(rows, at, chain), True
    return (start if based is not None else fallback), _end(rows, at, chain), False


def _end(rows: Sequence[Row], at: int, chain: tuple[int, ...]) -> int:
    end = at + 1
    while end < len(rows) and end <= at + _AFTER and chain[:1] and chain[0] in rows[end].chain:
        end += 1
    return end


def _node(row: Row) -> Node:
    return Node(row.target, row.text[:200], None)


def _read(
    rows: Sequence[Row], total_at: int, step: str | None, payment: str | None
) -> tuple[list[Line], list[Notice], Shown]:
    vocab = vocabulary()
    lines: list[Line] = []
    notices: list[Notice] = []
    offers: set[int] = set()  # positions in ``lines`` of extras read from an option chosen in their row
    total_row = rows[total_at]
    for index, row in enumerate(rows):
        if row.unchosen:
            continue
        kind = _kind(row)
        node = _node(row)
        on_delivery = vocab.flag("on_delivery", row.text)
        if not row.amounts:
            notice = _notice(row, step)
            if notice is not None:
                notices.append(notice)
            elif kind in ("shipping", "fee") and vocab.flag("free", row.text):
                lines.append(Line(kind, row.label, Decimal(0), first_step=step, node=node))
            continue
        if index > total_at and not on_delivery:
            if kind == "tax" and vocab.flag("tax_excluded", row.text):
                notices.append(Notice("tax_excluded", "tax", row.text, step, node))
            continue  # after the total: breakdowns of it ("of which VAT"), not charges
        first = row.amounts[0]
        if index == total_at:
            if vocab.flag("tax_included", row.text) and len(row.amounts) > 1:
                lines.append(Line("tax", row.label, row.amounts[1].amount, in_prices=True, first_step=step, node=node))
            continue
        if kind == "total":
            continue  # an earlier total (net of tax, before a discount): the last one is the total
        if kind == "tax" and vocab.flag("tax_excluded", row.text):
            notices.append(Notice("tax_excluded", "tax", row.text, step, node))
        if kind in ("fee", "surcharge") and (announced := _notice(row, step)) is not None:
            notices.append(announced)  # "A £1.99 handling fee is added to every order at checkout."
        line = row_line(kind, row.label, first, row.text, on_delivery, step, node)
        if row.chosen and line.kind == "add_on":
            offers.add(len(lines))
        lines.append(line)
    lines = _without_offers(lines, offers)
    if payment is not None:
        # A payment fee whose label names no method belongs to the method the page says was chosen.
        lines = [
            Line(
                line.kind,
                f"{line.label} ({payment})",
                line.amount,
                line.mandatory,
                line.included,
                line.in_prices,
                line.payable,
                line.first_step,
                line.node,
            )
            if line.kind == "surcharge" and payment_kind(line.label) is None
            else line
            for line in lines
        ]
    total = Shown(total_row.amounts[0].amount, step, total_row.label, _node(total_row))
    return lines, notices, total


def _fees_above(rows: Sequence[Row], step: str | None) -> list[Line]:
    """Payment fee rows above the summary (Shopware lists "Zuschlag Zahlungsart Kreditkarte" among the line
    items, the aside summary shows only their subtotal): lines placed before the subtotal, which holds them."""
    return [
        Line("surcharge", row.label, row.amounts[0].amount, first_step=step, node=_node(row))
        for row in rows
        if row.amounts and not row.unchosen and _kind(row) == "surcharge"
    ]


def _without_offers(lines: list[Line], offers: set[int]) -> list[Line]:
    """Drop an extra read from the option chosen in a row when another row of the summary charges the same
    amount: WooCommerce insurance plugins print the chooser ("Shipping Protection: £2.99", a radio) and
    then the fee it adds ("Shipping Insurance (Shipping Protection) £2.99"); the fee is the charge."""
    charged = {line.amount for k, line in enumerate(lines) if k not in offers and line.kind in ("add_on", "fee")}
    return [line for k, line in enumerate(lines) if k not in offers or line.amount not in charged]


def _currency(rows: Sequence[Row], hint: str | None) -> str | None:
    return prevailing_currency((m for row in rows for m in row.amounts), hint)


def read_summary(
    tree: LexborHTMLParser,
    currency: str | None,
    hint: str | None,
    step: str | None,
    limits: list[Limit],
) -> Summary:
    """The page's order summary read from its DOM. ``currency`` is the page's own (an annotation);
    ``hint`` the buyer's, used only for shared symbols. A limit that stops reading is added to ``limits``."""
    rows, capped = page_rows(tree, currency or hint, limit=MAX_EVENTS)
    if capped:
        unread = f"the page has more than {MAX_EVENTS} blocks; the order summary was looked for in the first ones"
        limits.append(Limit("events", MAX_EVENTS, unread))
    rows = _merge(rows)
    totals = [k for k, row in enumerate(rows) if _is_total(row)][-_TOTALS_TRIED:]
    # Costs deferred or payable on delivery count wherever the page says so, in the summary or not.
    deferred = [n for r in rows if not r.amounts and (n := _notice(r, step)) is not None]
    # "Zahlungsart: Kreditkarte" on a confirmation page: the method chosen, named in text anywhere.
    words = summary_words()
    # Short, so a footer's list of accepted methods ("Zahlungsarten: Visa, Mastercard, PayPal…") is not one.
    payment = next(
        (
            r.label
            for r in rows
            if not r.amounts
            and words.is_payment_choice(r.text)
            and len(r.label.split()) <= _CHOICE_WORDS
            and payment_kind(r.label)
        ),
        None,
    )
    best: tuple[int, list[Line], list[Notice], Shown, list[Row], int] | None = None
    for at in totals:
        start, end, capped = _members(rows, at)
        if capped:
            unread = f"the order summary ending at row {at} has more rows; the first of them were not read"
            limits.append(Limit("summary_rows", MAX_SUMMARY_ROWS, unread))
        members = list(rows[start:end])
        lines, notices, total = _read(members, at - start, step, payment)
        score = len(lines) + 5
        if best is None or score > best[0]:
            best = (score, lines, notices, total, members, start)
    if best is None:
        return Summary((), None, None, tuple(deferred), currency or _currency(rows, hint), exact=False)
    _, lines, notices, total, members, start = best
    if any(line.kind == "subtotal" for line in lines):
        lines[:0] = _fees_above(rows[:start], step)
    seen = {n.text for n in notices}
    notices.extend(n for n in deferred if n.text not in seen)
    return Summary(tuple(lines), total, None, tuple(notices), currency or _currency(members, hint), exact=False)
