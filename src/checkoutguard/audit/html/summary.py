"""The order summary of a page: its rows (goods, shipping, taxes, fees, the total) and notices about costs.

Two ways in. Exact: elements the merchant marks with ``data-checkoutguard-line`` (and ``-amount``,
``-payable``, ``-first-step``...); when a page has any, only those count. Heuristic: the scan's summary
words (``total``, ``summary``, ``Summe``...) in class names and text are grouped into clusters; each
cluster's markup is split into rows at block boundaries and each row is read as label + amount.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Final

from checkoutguard.audit.amounts import Money, find_amounts
from checkoutguard.audit.classify import line_kind, vocabulary
from checkoutguard.audit.html.lexer import BLOCK_BREAKS, RAW_TEXT, TOKEN, Token, decode_text, raw_text_end, token_at
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.scan import EVENT_TAGS
from checkoutguard.audit.model import LINE_KINDS, NOTICE_KINDS, Line, Node, Notice, Shown

__all__ = ["Summary", "read_summary"]

_ROW_BREAKS: Final = BLOCK_BREAKS - {b"dd"}
_CLUSTER_GAP: Final = 3_000
_TAIL: Final = 2_500
_AFTER_ROWS: Final = 3
_AFTER_BYTES: Final = 800
_BARE = re.compile(r"[0-9]{1,15}(?:[.,][0-9]{1,4})?")
_MONEY_TOKENS: Final = tuple(
    t.encode()
    for t in (
        *("€", "&euro;", "&#8364;", "£", "&pound;", "$", "zł", "z&#322;", "kr", "₹", "¥", "&yen;", "kč", "ft"),
        *("eur", "chf", "usd", "gbp", "pln", "sek", "nok", "dkk", "czk", "huf", "ron", "lei"),
    )
)
_MAX_ROWS: Final = 120
_MARKER_ATTRS: Final = ("class", "id", "data-testid", "data-test", "data-test-id", "name")
_SUMMARY_WORDS: Final = ("tota", "sum")
_APPLIES: Final = {"shipping": "shipping", "tax": "tax", "duty": "duty", "fee": "fees", "surcharge": "fees"}


@dataclass(frozen=True, slots=True)
class Summary:
    """What the summary shows: lines, the total, the charged total (annotated only), notices, currency."""

    lines: tuple[Line, ...]
    total: Shown | None
    charged_total: Shown | None
    notices: tuple[Notice, ...]
    currency: str | None
    exact: bool


@dataclass(frozen=True, slots=True)
class _Row:
    text: str
    markers: str
    start: int
    end: int
    amounts: tuple[Money, ...]
    unchosen: bool = False  # the row is an option whose radio is not selected (a carrier not picked)


def _is_marker(page: Page, tag: Token) -> bool:
    if any(word.encode() in tag.name for word in _SUMMARY_WORDS):
        return True
    attrs = page.attrs(tag)
    for name in _MARKER_ATTRS:
        attribute = attrs.get(name)
        if attribute is not None:
            value = attribute.value.lower()
            if any(word in value for word in _SUMMARY_WORDS):
                return True
    return False


def _clusters(page: Page) -> list[list[int]]:
    positions: list[int] = []
    for event in page.scan.events:
        if event.kind == "text":
            if event.name in (b"tota", b"sum"):
                positions.append(event.start)
        elif event.kind == "start" and event.name not in EVENT_TAGS:
            tag = Token("start", event.start, event.end, event.name)
            if _is_marker(page, tag):
                positions.append(event.start)
    positions = sorted(set(positions))
    clusters: list[list[int]] = []
    for position in positions:
        if clusters and position - clusters[-1][-1] <= _CLUSTER_GAP:
            clusters[-1].append(position)
        else:
            clusters.append([position])
    return clusters


def _rows(page: Page, start: int, last: int, hint: str | None) -> list[_Row]:
    """Split the markup from ``start`` into rows at block boundaries, until the row that closes the summary
    after ``last`` (and a few rows after it). A tight loop over the tag grammar: this is the audit's
    hottest path, so it reads tags with one regular-expression step each and decodes text once per row."""
    rows: list[_Row] = []
    pieces: list[bytes] = []
    marks: list[str] = []
    radios: list[bool] = []
    row_start = start
    lo, raw = page.lo, page.raw
    stop = min(len(lo), last + _TAIL)
    closed_at = -1
    closed_pos = stop

    def flush(at: int) -> bool:
        nonlocal pieces, marks, row_start, radios, closed_at, closed_pos
        if pieces:
            text = decode_text(b" ".join(pieces), page.encoding)
            if text:
                amounts = tuple(find_amounts(text, hint, limit=4))
                rows.append(_Row(text, " ".join(marks), row_start, at, amounts, bool(radios) and not any(radios)))
                if closed_at < 0 and at > last and amounts:
                    closed_at, closed_pos = len(rows), at  # the row that ends the summary (usually the total)...
        pieces, marks, radios, row_start = [], [], [], at
        # ...and a few rows after it, where "incl. VAT" or "duties payable on delivery" notes live.
        return closed_at >= 0 and (len(rows) >= closed_at + _AFTER_ROWS or at > closed_pos + _AFTER_BYTES)

    search = TOKEN.search
    pos = text_from = start
    while pos < stop and len(rows) < _MAX_ROWS:
        match = search(lo, pos, stop)
        if match is None:
            break
        at = match.start()
        if at > text_from:
            pieces.append(raw[text_from:at])
        name = match.group(2)
        if name is None:  # a comment, a bogus comment or a tag cut off by the end of the page
            token = token_at(lo, at)
            if token.kind == "eof":
                text_from = pos = stop
                break
            pos = text_from = token.end
            continue
        end = match.end()
        pos = text_from = end
        closing = bool(match.group(1))
        if name in _ROW_BREAKS and flush(at):
            break
        if closing:
            continue
        if name in RAW_TEXT:
            pos = text_from = raw_text_end(lo, name, end)[1]
            continue
        if len(marks) < 8:
            marks.append(lo[at : min(end, at + 160)].decode("ascii", "replace"))
        if name == b"input" and lo.find(b"radio", at, end) >= 0:
            radios.append("checked" in page.attrs(Token("start", at, end, name)))
    else:
        if stop > text_from:
            pieces.append(raw[text_from:stop])
        flush(stop)
    return _merge(rows, hint)


def _merge(rows: list[_Row], hint: str | None) -> list[_Row]:
    """Join a label-only row with the amount-only row after it (``<dt>`` + ``<dd>``, two divs)."""
    merged: list[_Row] = []
    for row in rows:
        if merged:
            previous = merged[-1]
            amounts = row.amounts
            only_amount = len(amounts) == 1 and len(row.text) - (amounts[0].span[1] - amounts[0].span[0]) <= 3
            if only_amount and not previous.amounts:
                text = f"{previous.text} {row.text}"
                shift = len(previous.text) + 1
                moved = tuple(replace(m, span=(m.span[0] + shift, m.span[1] + shift)) for m in amounts)
                markers = f"{previous.markers} {row.markers}"
                merged[-1] = _Row(text, markers, previous.start, row.end, moved, row.unchosen)
                continue
        merged.append(row)
    return merged


def _label(text: str, amounts: Sequence[Money]) -> str:
    for money in reversed(amounts):
        text = text[: money.span[0]] + text[money.span[1] :]
    return " ".join(text.replace(":", " ").split())


@dataclass(slots=True)
class _Reading:
    lines: list[Line]
    totals: list[tuple[Decimal, str, Node]]
    notices: list[Notice]


def _read_rows(page: Page, rows: Sequence[_Row], hint: str | None, step: str | None) -> _Reading:
    vocab = vocabulary()
    reading = _Reading([], [], [])
    for index, row in enumerate(rows):
        if row.unchosen:
            continue
        amounts = row.amounts
        label = _label(row.text, amounts)
        kind = line_kind(label, row.markers)
        node = Node(f"summary row {index + 1}", row.text[:200], (row.start, row.end))
        on_delivery = vocab.flag("on_delivery", row.text)
        if not amounts:
            if vocab.flag("deferred", row.text):
                reading.notices.append(Notice("deferred", _APPLIES.get(kind or "", "shipping"), row.text, step, node))
            elif on_delivery:
                applies = "tax" if kind == "tax" else "duty"
                reading.notices.append(Notice("on_delivery", applies, row.text, step, node))
            elif kind in ("shipping", "fee") and vocab.flag("free", row.text):
                reading.lines.append(Line(kind, label, Decimal(0), first_step=step, node=node))
            continue
        first = amounts[0]
        if kind == "total":
            if vocab.flag("tax_excluded", row.text):
                reading.notices.append(Notice("tax_excluded", "total", row.text, step, node))
            else:
                reading.totals.append((first.amount, label, node))
            if vocab.flag("tax_included", row.text) and len(amounts) > 1:
                reading.lines.append(Line("tax", label, amounts[1].amount, in_prices=True, first_step=step, node=node))
            continue
        if kind == "tax" and vocab.flag("tax_excluded", row.text):
            reading.notices.append(Notice("tax_excluded", "tax", row.text, step, node))
        line_kind_ = kind or "goods"
        if first.negative and line_kind_ == "goods":
            line_kind_ = "discount"
        reading.lines.append(
            Line(
                kind=line_kind_,
                label=label,
                amount=first.amount,
                mandatory=line_kind_ not in ("add_on", "discount"),
                in_prices=line_kind_ == "tax" and vocab.flag("tax_included", row.text),
                payable="delivery" if on_delivery else "checkout",
                first_step=step,
                node=node,
            )
        )
    return reading


def _currency(rows: Sequence[_Row], hint: str | None) -> str | None:
    """The currency most amounts are written in; a shared symbol (``kr``) counts only through ``hint``."""
    for explicit in (True, False):
        votes = Counter(m.currency for row in rows for m in row.amounts if m.currency and m.explicit == explicit)
        if votes:
            return votes.most_common(1)[0][0]
    return hint if any(row.amounts for row in rows) else None


def _may_hold_money(lo: bytes, start: int, end: int) -> bool:
    """Whether a currency symbol or code occurs in ``lo[start:end]``: a cheap test before tokenizing."""
    return any(lo.find(token, start, end) >= 0 for token in _MONEY_TOKENS)


def _heuristic(page: Page, currency: str | None, hint: str | None, step: str | None) -> Summary:
    best: tuple[int, _Reading, list[_Row]] | None = None
    notices: list[Notice] = []
    for cluster in _clusters(page)[:20]:
        if not _may_hold_money(page.lo, cluster[0], cluster[-1] + _TAIL):
            continue
        rows = _rows(page, cluster[0], cluster[-1], currency or hint)
        currency = currency or _currency(rows, hint)
        reading = _read_rows(page, rows, currency or hint, step)
        notices.extend(n for n in reading.notices if n.kind in ("deferred", "on_delivery"))
        score = len(reading.lines) + (5 if reading.totals else 0)
        if reading.totals and (best is None or score > best[0]):
            best = (score, reading, rows)
    if best is None:
        return Summary((), None, None, tuple(notices), currency, exact=False)
    reading = best[1]
    amount, label, node = max(reading.totals, key=lambda t: t[0])
    # After the total come breakdowns ("of which VAT", "net total") and neighbouring lists, not charges;
    # only what is payable on delivery is kept from there.
    at = node.span[0] if node.span else 0
    reading.lines = [
        line
        for line in reading.lines
        if line.payable == "delivery" or line.node is None or line.node.span is None or line.node.span[0] <= at
    ]
    kept = [n for n in reading.notices if n.kind not in ("deferred", "on_delivery")]
    # A net total printed next to the gross one only explains it; the total shown is the gross one.
    kept = [n for n in kept if not (n.kind == "tax_excluded" and n.applies_to == "total")]
    total = Shown(amount, step, label, node)
    return Summary(tuple(reading.lines), total, None, (*kept, *notices), currency, exact=False)


def _bare_number(text: str) -> Decimal | None:
    match = _BARE.fullmatch(text.strip())
    return _decimal(match.group().replace(",", ".")) if match else None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and value >= 0 else None


def _exact(
    page: Page,
    annotated: Sequence[tuple[Token, Mapping[str, str]]],
    currency: str | None,
    hint: str | None,
    step: str | None,
) -> Summary:
    lines: list[Line] = []
    notices: list[Notice] = []
    total: Shown | None = None
    charged: Shown | None = None
    texts: list[_Row] = []
    for tag, notes in annotated:
        text, _ = page.text(tag)
        node = Node(f"{tag.name.decode('ascii', 'replace')}@{tag.start}", page.snippet(tag), (tag.start, tag.end))
        first_step = notes.get("first-step") or step
        if "notice" in notes:
            kind = notes["notice"].strip()
            if kind in NOTICE_KINDS:
                notices.append(Notice(kind, notes.get("applies-to", "duty"), text, first_step, node))
            continue
        kind = notes["line"].strip().lower().replace("-", "_")
        amount = _decimal(notes["amount"]) if "amount" in notes else None
        if amount is None and "amount" not in notes:
            found = find_amounts(text, currency or hint, limit=1)
            # A marked element may hold a bare number ("40.00"): the mark says it is money.
            amount = found[0].amount if found else _bare_number(text)
        label = notes.get("label") or _label(text, find_amounts(text, currency or hint, limit=4))
        texts.append(_Row(text, "", tag.start, tag.end, tuple(find_amounts(text, currency or hint, limit=1))))
        if kind in ("total", "charged_total"):
            if amount is not None:
                shown = Shown(amount, first_step, label, node)
                total, charged = (shown, charged) if kind == "total" else (total, shown)
            continue
        if kind not in LINE_KINDS:
            continue
        included = notes.get("included")
        lines.append(
            Line(
                kind=kind,
                label=label,
                amount=amount,
                mandatory=notes.get("mandatory", "true" if kind not in ("add_on", "discount") else "false") == "true",
                included=None if included is None else included == "true",
                in_prices=notes.get("in-prices") == "true",
                payable="delivery" if notes.get("payable") == "delivery" else "checkout",
                first_step=first_step,
                node=node,
            )
        )
    return Summary(tuple(lines), total, charged, tuple(notices), currency or _currency(texts, hint), exact=True)


def read_summary(
    page: Page,
    annotated: Sequence[tuple[Token, Mapping[str, str]]],
    currency: str | None,
    hint: str | None,
    step: str | None,
) -> Summary:
    """The page's summary: exact when the merchant annotated it, heuristic otherwise. ``currency`` is the
    page's own (an annotation); ``hint`` the buyer's, used only for shared symbols."""
    if any("line" in notes or "notice" in notes for _, notes in annotated):
        marked = [a for a in annotated if "line" in a[1] or "notice" in a[1]]
        return _exact(page, marked, currency, hint, step)
    return _heuristic(page, currency, hint, step)
