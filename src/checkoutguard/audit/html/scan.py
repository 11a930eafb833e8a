"""Find the parts of a page that can matter to the audit, without parsing the rest.

An *event* is a start tag of a checkbox or radio input, select, label, form or ``<html>``; any start tag
whose text holds one
of the ``NEEDLES`` (``aria-checked``, ``data-checkoutguard``, summary words such as ``total``); a ``</form>``;
or a needle in a run of text. Events inside comments, raw-text elements (script, style, ...), templates and
attribute values do not count. Everything the extractor reads, it reads by walking forward from events.

Two ways to find them:

* ``scan_full`` walks every token of the page with the shared grammar (``lexer.tokens``): the reference.
* ``scan_fast`` looks only where an event can be: one regular expression for the interesting tag names
  and ``bytes.find`` for the needles, over the lower-cased page. Each candidate is checked to be in data
  state by looking back to the last ``>``: the ``>`` must not sit inside a quoted attribute value, and no
  tag may have opened after it. If a check cannot decide, the page is handed to ``scan_full``, so the
  fast path never gives a different answer; ``tests/audit/test_scan_equivalence.py`` holds it to that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final, NamedTuple

from checkoutguard.audit.html.lexer import (
    RAW_TEXT,
    Token,
    comment_end,
    is_taglike,
    opens_value,
    raw_text_end,
    token_at,
    tokens,
)

__all__ = [
    "EVENT_TAGS",
    "MAX_EVENTS",
    "NEEDLES",
    "Event",
    "Scan",
    "Undecided",
    "check_data_state",
    "scan",
    "scan_fast",
    "scan_full",
]

#: Start tags that are always events.
EVENT_TAGS: Final = frozenset({b"input", b"select", b"label", b"form", b"html"})
#: Lower-case byte strings that make a start tag or a text run an event. ``tota`` and ``sum`` find order
#: summaries (total, subtotal, totaal, totale, totalt; Summe, summa, suma, summary) in class names and
#: text; merchant annotations and ARIA switches bring their own. Each needle costs one pass over the
#: markup, so the list stays short.
NEEDLES: Final = (b"aria-checked", b"data-checkoutguard", b"tota", b"sum")
#: More events than this and the page is not a checkout we can audit in bounded time.
MAX_EVENTS: Final = 5_000

_END = rb"(?=[\t\n\f\r />]|\Z)"
# A trie after a cheap first-letter lookahead: the engine rejects most "<" after one comparison. End tags
# (half of all tags) are left to ``bytes.find``: only ``</form`` and ``</template`` matter.
_NAMES = re.compile(
    rb"<(?=[!iflhnpstx])(?:(!--)|(i(?:nput|frame)|s(?:elect|cript|tyle)|label|form"
    rb"|html|t(?:emplate|extarea|itle)|no(?:script|embed|frames)|plaintext|xmp)" + _END + rb")"
)
_SPACE: Final = frozenset(b"\t\n\f\r ")
_TAG_NAME_END: Final = frozenset(b"\t\n\f\r />")
_QUOTES: Final = (b'"', b"'")


class Event(NamedTuple):
    """A start or end tag (``start``..``end`` spans the tag) or a text hit (``start`` is where the run of
    text begins, ``end`` where the needle ends, ``name`` the needle). Ordered by position."""

    start: int
    end: int
    kind: str
    name: bytes


@dataclass(frozen=True, slots=True)
class Scan:
    """What a scan found: the events, the regions skipped as unreadable (comments, raw-text elements,
    templates), which scan produced it, and why the fast one gave up if it did."""

    events: tuple[Event, ...]
    skips: tuple[tuple[int, int], ...]
    path: str
    truncated: bool = False
    fallback: str = ""


class Undecided(Exception):
    """The fast path cannot prove a candidate is in data state; the full scan decides instead."""


def check_data_state(lo: bytes, floor: int, x: int) -> None:
    """Raise ``Undecided`` unless ``x`` (a ``<``) is certainly in data state, given ``floor`` is.

    If ``x`` were inside a tag T that starts at or after ``floor``, then either no ``>`` lies between T's
    ``<`` and ``x`` (so a tag-like ``<`` follows the last ``>``), or every such ``>`` sits in a quoted value
    of T (so the last one is preceded by an opening quote, i.e. one that follows ``=``).
    """
    if lo.find(b"<", floor, x) < 0:
        return  # nothing but text since a known data-state position
    g = lo.rfind(b">", floor, x)
    if g >= 0:
        for quote in _QUOTES:
            k = lo.rfind(quote, floor, g)
            if k > floor and (lo[k - 1] == 0x3D or (lo[k - 1] in _SPACE and opens_value(lo, floor, k))):
                raise Undecided(f"a quote before offset {g} may open an attribute value")
        start = g + 1
    else:
        start = floor
    k = lo.find(b"<", start, x)
    while k >= 0:
        if is_taglike(lo, k):
            raise Undecided(f"offset {x} may be inside the tag at {k}")
        k = lo.find(b"<", k + 1, x)


def _needle_hits(lo: bytes, segments: list[tuple[int, int]]) -> list[tuple[int, bytes]]:
    hits: list[tuple[int, bytes]] = []
    for needle in (*NEEDLES, b"</form"):
        for seg_start, seg_end in segments:
            i = lo.find(needle, seg_start, seg_end)
            while i >= 0:
                hits.append((i, needle))
                i = lo.find(needle, i + 1, seg_end)
    hits.sort()
    return hits


def scan_fast(lo: bytes) -> Scan:
    """Events of the page ``lo`` (lower-cased bytes), looking only where they can be."""
    try:
        return _scan_fast(lo)
    except Undecided as exc:
        full = scan_full(lo)
        return Scan(full.events, full.skips, "full", full.truncated, fallback=str(exc))


def _next_closer(lo: bytes, needle: bytes, pos: int) -> int:
    """The next ``needle`` (an end-tag opener such as ``</template``) that really names that tag."""
    i = lo.find(needle, pos)
    while i >= 0:
        after = i + len(needle)
        if after >= len(lo) or lo[after] in _TAG_NAME_END:
            return i
        i = lo.find(needle, after)
    return len(lo)


def _scan_fast(lo: bytes) -> Scan:
    n = len(lo)
    events: list[Event] = []
    skips: list[tuple[int, int]] = []
    floor = 0
    depth = 0
    template_start = 0
    template_close = n  # the next </template, looked for only while a template is open
    search = _NAMES.search
    match = search(lo, 0)
    while match is not None or depth:
        x = match.start() if match is not None else n
        if depth and template_close < x:
            check_data_state(lo, floor, template_close)
            tag = token_at(lo, template_close)
            floor = tag.end
            depth -= 1
            if not depth:
                skips.append((template_start, tag.end))
            template_close = _next_closer(lo, b"</template", floor) if depth else n
            if match is not None and x < floor:
                match = search(lo, floor)
            continue
        if match is None:
            break
        check_data_state(lo, floor, x)
        if match.group(1):
            floor = comment_end(lo, x)
            if not depth:
                skips.append((x, floor))
        else:
            tag = token_at(lo, x)
            if tag.kind == "eof":
                break  # a tag cut off by the end of the page swallows the rest: nothing more to find
            name = tag.name
            floor = tag.end
            if name in RAW_TEXT:
                floor = raw_text_end(lo, name, floor)[1]
                if not depth:
                    skips.append((x, floor))
            elif name == b"plaintext":
                skips.append((template_start if depth else x, n))
                depth = 0
                break
            elif name == b"template":
                if not depth:
                    template_start = x
                depth += 1
                template_close = _next_closer(lo, b"</template", floor)
            elif not depth and (name != b"input" or _input_matters(lo, x, floor)):
                events.append(Event(x, floor, "start", name))
        if depth and template_close < floor:
            template_close = _next_closer(lo, b"</template", floor)
        match = search(lo, floor)
    if depth:
        skips.append((template_start, n))
    return _add_hits(lo, events, skips)


def _add_hits(lo: bytes, events: list[Event], skips: list[tuple[int, int]]) -> Scan:
    """Add the needle hits (and ``</form>`` tags) found in the markup outside ``skips``."""
    n = len(lo)
    segments: list[tuple[int, int]] = []
    cursor = 0
    for skip_start, skip_end in skips:
        if skip_start > cursor:
            segments.append((cursor, skip_start))
        cursor = max(cursor, skip_end)
    if cursor < n:
        segments.append((cursor, n))

    # Every place a hit can land: known events and skipped regions, by start.
    items = sorted([(e.start, e.end) for e in events] + skips)
    starts = [item[0] for item in items]
    last_start = last_end = -1  # the tag event most recently added here
    for hit, needle in _needle_hits(lo, segments):
        if last_start <= hit < last_end:
            continue
        index = bisect_right(starts, hit) - 1
        floor = 0
        if index >= 0:
            item_end = items[index][1]
            if item_end > hit:
                continue  # inside a known tag (already an event) or a skipped region
            floor = item_end
        floor = max(floor, last_end)
        if needle == b"</form":
            after = hit + 6
            if after < n and lo[after] not in _TAG_NAME_END:
                continue
            check_data_state(lo, floor, hit)
            tag = token_at(lo, hit)
            if tag.kind == "end":
                events.append(Event(hit, tag.end, "end", b"form"))
                last_start, last_end = hit, tag.end
            continue
        k = lo.rfind(b"<", floor, hit)
        while k >= 0 and not is_taglike(lo, k):
            k = lo.rfind(b"<", floor, k)
        run_start = floor
        if k >= 0:
            check_data_state(lo, floor, k)
            token = token_at(lo, k)
            if token.end > hit or token.kind == "eof":
                if token.kind == "start":
                    events.append(Event(token.start, token.end, "start", token.name))
                    last_start, last_end = token.start, token.end
                continue
            run_start = token.end
        events.append(Event(run_start, hit + len(needle), "text", needle))
        if len(events) > MAX_EVENTS:
            break
    events.sort()
    truncated = len(events) > MAX_EVENTS
    return Scan(tuple(events[:MAX_EVENTS]), tuple(sorted(skips)), "fast", truncated)


def scan_full(lo: bytes) -> Scan:
    """Events of the page ``lo`` (lower-cased bytes), walking every token: the reference for ``scan_fast``."""
    n = len(lo)
    events: list[Event] = []
    skips: list[tuple[int, int]] = []
    depth = 0
    template_start = 0
    for token in tokens(lo, 0):
        kind = token.kind
        if kind == "start":
            name = token.name
            if name == b"template":
                if not depth:
                    template_start = token.start
                depth += 1
            elif depth:
                continue
            elif name in RAW_TEXT:
                skips.append((token.start, raw_text_end(lo, name, token.end)[1]))
            elif name == b"plaintext":
                skips.append((token.start, n))
            elif (name in EVENT_TAGS and (name != b"input" or _input_matters(lo, token.start, token.end))) or (
                _has_needle(lo, token)
            ):
                events.append(Event(token.start, token.end, "start", name))
        elif kind == "end":
            if token.name == b"template":
                if depth:
                    depth -= 1
                    if not depth:
                        skips.append((template_start, token.end))
            elif token.name == b"form" and not depth:
                events.append(Event(token.start, token.end, "end", b"form"))
        elif kind == "comment" and not depth:
            skips.append((token.start, token.end))
        elif kind == "text" and not depth:
            for needle in NEEDLES:
                i = lo.find(needle, token.start, token.end)
                while i >= 0:
                    events.append(Event(token.start, i + len(needle), "text", needle))
                    i = lo.find(needle, i + 1, token.end)
        if len(events) > MAX_EVENTS:
            break
    if depth:
        skips.append((template_start, n))
    events.sort()
    truncated = len(events) > MAX_EVENTS
    return Scan(tuple(events[:MAX_EVENTS]), tuple(sorted(skips)), "full", truncated)


def _input_matters(lo: bytes, start: int, end: int) -> bool:
    """An ``<input>`` is an event only if it can be a checkbox or radio (or carries a needle): text,
    e-mail and hidden fields, the bulk of a checkout form, are left alone."""
    return lo.find(b"checkbox", start, end) >= 0 or lo.find(b"radio", start, end) >= 0


def _has_needle(lo: bytes, token: Token) -> bool:
    return any(lo.find(needle, token.start, token.end) >= 0 for needle in NEEDLES)


def scan(lo: bytes, *, path: str = "fast") -> Scan:
    """Events of the lower-cased page ``lo``; ``path`` is ``"fast"`` (default) or ``"full"``."""
    return scan_full(lo) if path == "full" else scan_fast(lo)
