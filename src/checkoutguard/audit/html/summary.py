"""The order summary of a page: its rows (goods, shipping, taxes, fees, the total) and notices about costs.

Two ways in. Exact: elements the merchant marks with ``data-checkoutguard-line`` (and ``-amount``,
``-payable``, ``-first-step``...); when a page has any, only those count. Heuristic: the scan's summary
words (``total``, ``summary``, ``Summe``...) in class names and text are grouped into clusters; each
cluster's markup is split into rows at block boundaries and each row is read as label + amount.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import accumulate, compress
from typing import Final, NamedTuple

from checkoutguard.audit.amounts import Money, annotated_amount, find_amounts
from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.classify import line_kind, vocabulary
from checkoutguard.audit.html.lexer import (
    BLOCK_BREAKS,
    RAW_TEXT,
    TAG_NAME,
    TAG_REST,
    TOKEN,
    Token,
    decode_text,
    is_taglike,
    raw_text_end,
    tag_attributes,
    token_at,
)
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.scan import EVENT_TAGS
from checkoutguard.audit.limits import MAX_SUMMARY_ROWS, Limit
from checkoutguard.audit.model import LINE_KINDS, NOTICE_KINDS, Line, Node, Notice, Shown

__all__ = ["Summary", "read_summary"]

_ROW_BREAKS: Final = BLOCK_BREAKS - {b"dd"}
_CLUSTER_GAP: Final = 3_000
_TAIL: Final = 2_500
_AFTER_ROWS: Final = 3
_AFTER_BYTES: Final = 800
# The tag alternative of ``TOKEN`` with the whole tag, its closing slash and its name as groups: a split
# gives text, tag, None, slash, name, text... A comment or any other token makes the name None.
_SPLIT = re.compile(rb"(<(?:(!--)|(/?)" + TAG_NAME + TAG_REST + rb"|(?=[a-z/!?])))", re.IGNORECASE)
_BARE = re.compile(r"[0-9]{1,15}(?:[.,][0-9]{1,4})?")
_MONEY_TOKENS: Final = tuple(
    t.encode()
    for t in (
        *("€", "&euro;", "&#8364;", "£", "&pound;", "$", "zł", "z&#322;", "kr", "₹", "¥", "&yen;", "kč", "ft"),
        *("eur", "chf", "usd", "gbp", "pln", "sek", "nok", "dkk", "czk", "huf", "ron", "lei"),
    )
)
_MAX_ROWS: Final = MAX_SUMMARY_ROWS
# Two clusters this close are read as one summary when the first has amounts and no total and the second
# starts with its total: the rows of one long summary between two distant summary words.
_MERGE_GAP: Final = MAX_SUMMARY_ROWS * 200
#: Regions up to this size are memoized (256 of them at most: a few MB).
_REGION_MEMO_BYTES: Final = 16_384
_MARKER_ATTRS: Final = ("class", "id", "data-testid", "data-test", "data-test-id", "name")
_SUMMARY_WORDS: Final = ("tota", "sum")
_SUMMARY_BYTES: Final = tuple(word.encode() for word in _SUMMARY_WORDS)
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


class _Row(NamedTuple):
    text: str
    markers: str
    start: int
    end: int
    amounts: tuple[Money, ...]
    unchosen: bool = False  # the row is an option whose radio is not selected (a carrier not picked)


def _is_marker(page: Page, tag: Token) -> bool:
    if any(word in tag.name for word in _SUMMARY_BYTES):
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


def _cut_end(page: Page, start: int, stop: int) -> int:
    """How the region's last token ends: inside it (0), past ``stop`` (1), or it is cut off by the end of
    the page (2). A region's rows depend on that one fact beyond its bytes."""
    lo = page.lo
    k = lo.rfind(b"<", start, stop)
    while k >= 0 and not is_taglike(lo, k):
        k = lo.rfind(b"<", start, k)
    if k < 0:
        return 0
    token = token_at(lo, k)
    return 2 if token.kind == "eof" else 1 if token.end >= stop else 0


def _split_region(region: bytes, encoding: str, hint: str | None, last: int, cut: int) -> tuple[_Row, ...] | None:
    rows = _split_rows(region, encoding, hint, last, cut)
    return None if rows is None else tuple(_merge(rows, hint))


_region_rows = bounded(2 << 20)(_split_region)


class _Rows:
    """Rows as they are cut, and when the summary is over: after the row that closes it (usually the
    total, the first row with an amount past the last summary word) and a few rows after it, where
    "incl. VAT" or "duties payable on delivery" notes live."""

    __slots__ = ("closed_at", "closed_pos", "encoding", "hint", "last", "rows")

    def __init__(self, encoding: str, hint: str | None, last: int, stop: int) -> None:
        self.rows: list[_Row] = []
        self.encoding = encoding
        self.hint = hint
        self.last = last
        self.closed_at = -1
        self.closed_pos = stop

    def keep(self, text: str, marks: list[str], radios: list[bool], row_start: int, at: int) -> None:
        rows = self.rows
        amounts = tuple(find_amounts(text, self.hint, limit=4))
        rows.append(_Row(text, " ".join(marks), row_start, at, amounts, bool(radios) and not any(radios)))
        if self.closed_at < 0 and at > self.last and amounts:
            self.closed_at, self.closed_pos = len(rows), at

    def done(self, at: int) -> bool:
        closed = self.closed_at
        return closed >= 0 and (len(self.rows) >= closed + _AFTER_ROWS or at > self.closed_pos + _AFTER_BYTES)


def _split_rows(region: bytes, encoding: str, hint: str | None, last: int, cut: int) -> list[_Row] | None:
    """``_walk_rows`` over ``region`` (offsets relative to it) where it is plain markup: one regular-expression
    split cuts it into tokens in C and Python visits only the row boundaries. A comment, raw text or a
    stray ``<`` before the summary is over gives None (the walk decides), except a token cut off by the end
    of the region, which ends as ``cut`` says (see ``_cut_end``)."""
    parts = _SPLIT.split(region)
    count = len(parts) // 5
    if not count:
        return []  # text alone: the tag walk finds no token and keeps no row
    stop = len(region)
    raw_names = parts[4::5]
    # Every loop over all tokens runs in C (map, compress): Python visits only the row boundaries.
    names: list[bytes | None]
    if None not in raw_names:
        names = list(map(bytes.lower, raw_names))
    elif None not in raw_names[:-1]:  # only the last token is unusual (usually a tag cut off at the end)
        names = [*map(bytes.lower, raw_names[:-1]), None]
    else:
        names = [None if name is None else name.lower() for name in raw_names]
    texts = parts[0::5]
    wholes = parts[1::5]
    closing = parts[3::5]
    # ends[j] is where token j ends; it starts len(wholes[j]) before.
    ends = list(accumulate(map(operator.add, map(len, texts), map(len, wholes))))
    unusual = count
    if None in names or not RAW_TEXT.isdisjoint(names):
        unusual = next(k for k in range(count) if names[k] is None or names[k] in RAW_TEXT)
    breaks = list(compress(range(unusual), map(_ROW_BREAKS.__contains__, names)))
    breaks.append(unusual)
    # How many texts up to each token hold more than white space: a row with none is skipped unread.
    worded = list(accumulate(map(bool, map(bytes.strip, texts)), initial=0))
    reader = _Rows(encoding, hint, last, stop)
    previous = -1  # the break tag that opened the row being cut (-1: the region's start did)
    for j in breaks:
        at = ends[j] - len(wholes[j]) if j < count else stop
        row_end = at
        if j == unusual:
            if j == count:
                if texts[-1]:
                    return reader.rows  # text after the last tag: the walk stops without a last row
            elif j == count - 1 and names[j] is None and cut:
                if cut == 2:
                    return reader.rows  # a tag cut off by the end of the page: the walk stops there
                row_end = stop  # a token running past the region ends the walk: the row is kept up to there
            else:
                return None
        if worded[j + 1] == worded[previous + 1]:
            if reader.closed_at >= 0 and at > reader.closed_pos + _AFTER_BYTES:
                return reader.rows  # no row here, and the summary is over
            previous = j
            continue
        text = decode_text(b" ".join(texts[previous + 1 : j + 1]), encoding)
        if text:
            first = max(previous, 0)
            tags = [w for w, c in zip(wholes[first:j], closing[first:j], strict=True) if not c][:8]
            marks = [w[:160].lower().decode("ascii", "replace") for w in tags]
            radios = _radios(names, wholes, closing, encoding, first, j) if b"input" in names[first:j] else []
            row_start = ends[previous] - len(wholes[previous]) if previous >= 0 else 0
            reader.keep(text, marks, radios, row_start, row_end)
            if len(reader.rows) >= _MAX_ROWS:
                return None  # the tag walk's cap; let it decide
        if j == unusual or reader.done(at):
            return reader.rows
        previous = j
    return reader.rows


def _radios(
    names: list[bytes | None], wholes: list[bytes], closing: list[bytes], encoding: str, first: int, stop: int
) -> list[bool]:
    """Whether each radio among tokens ``first``..``stop`` is checked."""
    return [
        "checked" in tag_attributes(wholes[k], 5, encoding)
        for k in range(first, stop)
        if names[k] == b"input" and not closing[k] and b"radio" in wholes[k].lower()
    ]


def _walk_rows(page: Page, start: int, last: int, stop: int, hint: str | None) -> tuple[list[_Row], bool]:
    """The rows, token by token with the shared grammar (comments, raw text, tags cut off), and whether
    ``MAX_SUMMARY_ROWS`` stopped the reading before the summary was over."""
    reader = _Rows(page.encoding, hint, last, stop)
    rows = reader.rows
    pieces: list[bytes] = []
    marks: list[str] = []
    radios: list[bool] = []
    row_start = start
    lo, raw = page.lo, page.raw

    def flush(at: int) -> bool:
        nonlocal pieces, marks, row_start, radios
        text = decode_text(b" ".join(pieces), page.encoding) if pieces else ""
        if text:
            reader.keep(text, marks, radios, row_start, at)
        pieces, marks, radios, row_start = [], [], [], at
        return reader.done(at)

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
        if len(rows) >= _MAX_ROWS:
            return rows, True
        if stop > text_from:
            pieces.append(raw[text_from:stop])
        flush(stop)
    return rows, False


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


def _read_rows(rows: Sequence[_Row], hint: str | None, step: str | None) -> _Reading:
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
        reading.lines.append(row_line(kind, label, first, row.text, on_delivery, step, node))
    return reading


def row_line(
    kind: str | None, label: str, first: Money, text: str, on_delivery: bool, step: str | None, node: Node | None
) -> Line:
    """A priced summary row as a line, for both readers (scanner and DOM): a row of no known kind is goods, a
    negative goods amount a discount; extras and discounts are the buyer's to decline, everything else is owed."""
    kind = kind or "goods"
    if first.negative and kind == "goods":
        kind = "discount"
    return Line(
        kind=kind,
        label=label,
        amount=first.amount,
        mandatory=kind not in ("add_on", "discount"),
        in_prices=kind == "tax" and vocabulary().flag("tax_included", text),
        payable="delivery" if on_delivery else "checkout",
        first_step=step,
        node=node,
    )


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


_Reading4 = tuple[str | None, tuple[Line, ...], tuple[tuple[Decimal, str, Node], ...], tuple[Notice, ...]]


def _cluster(
    page: Page, start: int, last: int, currency: str | None, hint: str | None, step: str | None
) -> tuple[_Reading4, bool]:
    """One cluster's reading: the currency after it, its lines, totals and notices; and whether
    ``MAX_SUMMARY_ROWS`` stopped it.

    The markup from the cluster's start is split into rows at block boundaries, until the row that closes
    the summary after ``last`` (and a few rows after it). The rows are a function of the region's bytes (and
    of how a token cut off at its end ends), so they are memoized on those bytes with offsets relative to
    its start: a storefront serves the same summary markup for the same cart. A region the split cannot
    read (a comment, raw text) is walked token by token.
    """
    stop = min(len(page.lo), last + _TAIL)
    region = page.raw[start:stop]
    cut = _cut_end(page, start, stop)
    hints = currency or hint
    if len(region) <= _REGION_MEMO_BYTES:
        if _region_rows(region, page.encoding, hints, last - start, cut) is not None:
            return _placed_reading(region, page.encoding, last - start, cut, start, currency, hint, step), False
        relative = None
    else:
        relative = _split_region(region, page.encoding, hints, last - start, cut)
    capped = False
    if relative is None:
        walked, capped = _walk_rows(page, start, last, stop, hints)
        rows = _merge(walked, hints)
    else:
        rows = [_Row(r.text, r.markers, r.start + start, r.end + start, r.amounts, r.unchosen) for r in relative]
    return _reading(rows, currency, hint, step), capped


@bounded(2 << 20)
def _placed_reading(
    region: bytes,
    encoding: str,
    last: int,
    cut: int,
    start: int,
    currency: str | None,
    hint: str | None,
    step: str | None,
) -> _Reading4:
    """``_reading`` of a region placed at ``start``: the nodes carry page offsets, so this is memoized with
    the offset (a template puts its summary at the same place); the rows themselves are memoized without."""
    relative = _region_rows(region, encoding, currency or hint, last, cut)
    assert relative is not None  # the caller checked
    rows = [_Row(r.text, r.markers, r.start + start, r.end + start, r.amounts, r.unchosen) for r in relative]
    return _reading(rows, currency, hint, step)


def _reading(rows: Sequence[_Row], currency: str | None, hint: str | None, step: str | None) -> _Reading4:
    currency = currency or _currency(rows, hint)
    reading = _read_rows(rows, currency or hint, step)
    return currency, tuple(reading.lines), tuple(reading.totals), tuple(reading.notices)


def _heuristic(page: Page, currency: str | None, hint: str | None, step: str | None, limits: list[Limit]) -> Summary:
    best: tuple[int, tuple[Line, ...], tuple[tuple[Decimal, str, Node], ...], tuple[Notice, ...]] | None = None
    notices: list[Notice] = []
    capped_at: list[int] = []
    open_start = -1  # the start of the cluster before, when it had amounts but no total
    open_last = -1
    # Every cluster is read (each costs the bytes of its own region, and regions hardly overlap).
    for cluster in _clusters(page):
        if not _may_hold_money(page.lo, cluster[0], cluster[-1] + _TAIL):
            continue
        first, last = cluster[0], cluster[-1]
        (currency, lines, totals, found), capped = _cluster(page, first, last, currency, hint, step)
        if totals and not lines and open_start >= 0 and first - open_last <= _MERGE_GAP:
            # The total with no rows before it, after rows with no total: one long summary, read as one.
            first = open_start
            (currency, lines, totals, found), capped = _cluster(page, first, last, currency, hint, step)
        if capped:
            capped_at.append(first)
        notices.extend(n for n in found if n.kind in ("deferred", "on_delivery"))
        open_start, open_last = (first, last) if lines and not totals else (-1, -1)
        score = len(lines) + (5 if totals else 0)
        if totals and (best is None or score > best[0]):
            best = (score, lines, totals, found)
    for at in capped_at:
        unread = f"the order summary at byte {at} has more rows; the rest of them were not read"
        limits.append(Limit("summary_rows", _MAX_ROWS, unread))
    if best is None:
        return Summary((), None, None, tuple(notices), currency, exact=False)
    _, lines, totals, found = best
    amount, label, node = max(totals, key=lambda t: t[0])
    # After the total come breakdowns ("of which VAT", "net total") and neighbouring lists, not charges;
    # only what is payable on delivery is kept from there.
    at = node.span[0] if node.span else 0
    kept_lines = [
        line
        for line in lines
        if line.payable == "delivery" or line.node is None or line.node.span is None or line.node.span[0] <= at
    ]
    kept = [n for n in found if n.kind not in ("deferred", "on_delivery")]
    # A net total printed next to the gross one only explains it; the total shown is the gross one.
    kept = [n for n in kept if not (n.kind == "tax_excluded" and n.applies_to == "total")]
    total = Shown(amount, step, label, node)
    return Summary(tuple(kept_lines), total, None, (*kept, *notices), currency, exact=False)


def _bare_number(text: str) -> Decimal | None:
    match = _BARE.fullmatch(text.strip())
    return annotated_amount(match.group().replace(",", ".")) if match else None


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
        amount = annotated_amount(notes["amount"]) if "amount" in notes else None
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
    limits: list[Limit],
) -> Summary:
    """The page's summary: exact when the merchant annotated it, heuristic otherwise. ``currency`` is the
    page's own (an annotation); ``hint`` the buyer's, used only for shared symbols. A limit that stops
    reading is added to ``limits``."""
    if any("line" in notes or "notice" in notes for _, notes in annotated):
        marked = [a for a in annotated if "line" in a[1] or "notice" in a[1]]
        return _exact(page, marked, currency, hint, step)
    return _heuristic(page, currency, hint, step, limits)
