"""Find the parts of a page that can matter to the audit, without parsing the rest.

An *event* is a start tag of a checkbox or radio input, select, label, form or ``<html>``; any start tag
whose text holds one of the ``NEEDLES`` (``aria-checked``, ``data-checkoutguard``, summary words such as
``total``); a ``</form>``; or the first occurrence of a needle in a run of text. Events inside comments,
raw-text elements (script, style, ...), templates and attribute values do not count. Everything the
extractor reads, it reads by walking forward from events.

Two ways to find them:

* ``scan_full`` walks every token of the page with the shared grammar (``lexer.tokens``): the reference.
* ``scan_fast`` looks only where an event can be: one regular expression for the interesting tag names
  and ``bytes.find`` for the needles, over the lower-cased page. Each candidate is checked to be in data
  state by looking back to the last ``>``: the ``>`` must not sit inside a quoted attribute value, and no
  tag may have opened after it. If a check cannot decide, the page is handed to ``scan_full``, so the
  fast path never gives a different answer; ``tests/audit/test_scan_equivalence.py`` holds it to that.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Final, NamedTuple

from checkoutguard.audit.html.candidates import CLOSERS, COMBINED, NEEDLE, NEEDLES, PATTERNS, Candidate, candidates
from checkoutguard.audit.html.lexer import (
    RAW_TEXT,
    TAG,
    Token,
    comment_end,
    is_taglike,
    opens_value,
    raw_text_end,
    tag_at,
    token_at,
    tokens,
)
from checkoutguard.audit.limits import MAX_EVENTS

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
    templates), which scan produced it, why the fast one gave up if it did, and which needles occur
    anywhere in the part of the page it read (None: not known), so a reader can skip looking for one
    that never does."""

    events: tuple[Event, ...]
    skips: tuple[tuple[int, int], ...]
    path: str
    truncated: bool = False
    fallback: str = ""
    present: frozenset[bytes] | None = None

    def may_hold(self, needle: bytes) -> bool:
        """False only if ``needle`` occurs nowhere in the page."""
        return self.present is None or needle in self.present


class Undecided(Exception):
    """The fast path cannot prove a candidate is in data state; the full scan decides instead."""


def check_data_state(lo: bytes, floor: int, x: int) -> None:
    """Raise ``Undecided`` unless ``x`` (a ``<``) is certainly in data state, given ``floor`` is.

    If ``x`` were inside a tag T that starts at or after ``floor``, then either no ``>`` lies between T's
    ``<`` and ``x`` (so a tag-like ``<`` follows the last ``>``), or every such ``>`` sits in a quoted value
    of T (so the last one is preceded by an opening quote, i.e. one that follows ``=``). Nothing but text
    since ``floor`` (no ``<``) is data state too.
    """
    g = lo.rfind(b">", floor, x)
    if g >= 0:
        for quote in _QUOTES:
            k = lo.rfind(quote, floor, g)
            if k > floor and (lo[k - 1] == 0x3D or (lo[k - 1] in _SPACE and opens_value(lo, floor, k))):
                if lo.find(b"<", floor, x) < 0:
                    return  # text only: a quote in it opens nothing
                raise Undecided(f"a quote before offset {g} may open an attribute value")
        start = g + 1
    else:
        start = floor
    k = lo.find(b"<", start, x)
    while k >= 0:
        if is_taglike(lo, k):
            raise Undecided(f"offset {x} may be inside the tag at {k}")
        k = lo.find(b"<", k + 1, x)


def scan_fast(lo: bytes) -> Scan:
    """Events of the page ``lo`` (lower-cased bytes), looking only where they can be."""
    try:
        return _scan_fast(lo)
    except Undecided as exc:
        full = scan_full(lo)
        return Scan(full.events, full.skips, "full", full.truncated, str(exc), full.present)


# What the scan does with each pattern of ``candidates.PATTERNS``.
_COMMENT, _TAG, _FORM_END, _TEMPLATE, _TEMPLATE_END, _RAW, _PLAINTEXT, _NEEDLE, _CLOSER = range(9)


def _action(pattern: bytes) -> int:
    if pattern in COMBINED:
        return -1  # split by ``candidates`` before the walk sees it
    name = pattern.lstrip(b"</")
    if pattern == b"<!--":
        return _COMMENT
    if pattern == b"</form":
        return _FORM_END
    if pattern == b"</template":
        return _TEMPLATE_END
    if pattern in CLOSERS:
        return _CLOSER
    if name == b"template":
        return _TEMPLATE
    if name in RAW_TEXT:
        return _RAW
    if name == b"plaintext":
        return _PLAINTEXT
    return _TAG if name in EVENT_TAGS else _NEEDLE


_ACTIONS: Final = tuple(_action(p) for p in PATTERNS)
_FIRST_ITEM: Final = operator.itemgetter(0)
_CLOSER_OF: Final = {PATTERNS.index(b"<" + c[2:]): PATTERNS.index(c) for c in CLOSERS}
_INPUT: Final = PATTERNS.index(b"<input")
_PLAIN_INPUT_BYTES: Final = 1_024
_SKIP_OPENERS: Final = frozenset({_COMMENT, _RAW, _TEMPLATE, _PLAINTEXT})
# A chunk is memoized if it holds at least this many candidates and at most this many bytes (64 chunks
# at most: a few MB).
_CHUNK_MIN: Final = 2
_CHUNK_MAX: Final = 65_536
_OPENERS: Final = frozenset(b"=\t\n\f\r ")
_LETTERS: Final = frozenset(b"abcdefghijklmnopqrstuvwxyz")
assert _ACTIONS[NEEDLE:] == (_NEEDLE,) * len(NEEDLES) and _NEEDLE not in _ACTIONS[:NEEDLE]
assert PATTERNS[NEEDLE:] == NEEDLES


class _Done(Exception):
    """The rest of the page is one tag cut off by its end: nothing more can be found."""


def _scan_fast(lo: bytes) -> Scan:
    n = len(lo)
    events: list[Event] = []
    skips: list[tuple[int, int]] = []
    state = _State()
    window = 0
    seen: set[int] = set()
    try:
        while window < n and len(events) <= MAX_EVENTS:
            found, window = candidates(lo, window)
            seen.update(map(_FIRST_ITEM, found))
            if window == n == len(lo) and found and found[0][1] >= state.floor and not state.depth:
                _walk_chunks(lo, found, events, skips, state)
            else:
                _walk(lo, found, 0, len(found), events, skips, state)
    except _Done:
        pass
    if state.depth:
        skips.append((state.template_start, n))
    events.sort()
    truncated = len(events) > MAX_EVENTS
    present = frozenset(PATTERNS[i] for i in seen if i >= NEEDLE)
    return Scan(tuple(events[:MAX_EVENTS]), tuple(sorted(skips)), "fast", truncated, "", present)


def _walk_chunks(
    lo: bytes, found: list[Candidate], events: list[Event], skips: list[tuple[int, int]], state: _State
) -> None:
    """``_walk`` the rest of the page a chunk at a time, a chunk being the markup from a settled position
    to the next comment, raw-text element or template.

    The walk over a chunk depends on its bytes alone (no candidate, tag or needle crosses its ends: each
    starts after a ``>`` or at the page's start and ends before a ``<``), so the chunk's events are
    memoized on those bytes (``_chunk_events``), relative to its start: a storefront serves the same
    markup between its scripts on every request, and a chunk that changed is simply walked again.
    """
    n = len(lo)
    count = len(found)
    i = 0
    while i < count:
        start = state.floor
        while i < count and found[i][1] < start:
            i += 1
        j = i
        while j < count and not _opens_skip(lo, found[j], n):
            j += 1
        stop = found[j][1] if j < count else n
        memoizable = not state.depth and j - i >= _CHUNK_MIN and stop - start <= _CHUNK_MAX
        memo = _chunk_at(lo[start:stop], start) if memoizable else None
        if memo is None:
            _walk(lo, found, i, min(j + 1, count), events, skips, state)
        else:
            events.extend(memo[0])
            state.floor = memo[1]
            if len(events) > MAX_EVENTS:
                return
            if j < count:
                _walk(lo, found, j, j + 1, events, skips, state)
        i = j + 1


def _opens_skip(lo: bytes, candidate: Candidate, n: int) -> bool:
    """Whether a candidate opens something the walk skips (comment, raw text, template, plaintext)."""
    index, _, end = candidate
    action = _ACTIONS[index]
    if action == _COMMENT:
        return True
    return action in _SKIP_OPENERS and (end >= n or lo[end] in _TAG_NAME_END)


def _standalone_chunk(chunk: bytes) -> tuple[tuple[Event, ...], int] | None:
    """The events of ``chunk`` walked as a page of its own, and where the walk stopped; None unless
    nothing in it ran to its end (a tag cut off, a bogus comment with no ``>``): then the walk inside a
    page, where the chunk is followed by more bytes, reads exactly the same."""
    found, _ = candidates(chunk)
    events: list[Event] = []
    skips: list[tuple[int, int]] = []
    state = _State()
    try:
        _walk(chunk, found, 0, len(found), events, skips, state)
    except (_Done, Undecided):
        return None
    if state.depth or skips or len(events) > MAX_EVENTS:
        return None
    if state.floor >= len(chunk) and not chunk.endswith(b">"):
        return None  # a bogus comment ran to the chunk's end: in the page it runs on
    return tuple(events), state.floor


_chunk_events = functools.lru_cache(maxsize=64)(_standalone_chunk)


@functools.lru_cache(maxsize=64)
def _chunk_at(chunk: bytes, start: int) -> tuple[tuple[Event, ...], int] | None:
    """``_chunk_events`` placed at ``start`` in the page (the same template puts a chunk at the same place)."""
    found = _chunk_events(chunk)
    if found is None:
        return None
    return tuple(Event(s + start, e + start, kind, name) for s, e, kind, name in found[0]), start + found[1]


class _State:
    """Where the walk is: ``floor`` is a token boundary in data state (everything before it is settled),
    ``depth`` how many templates are open."""

    __slots__ = ("depth", "floor", "run", "run_needles", "template_start")

    def __init__(self) -> None:
        self.floor = 0
        self.depth = 0
        self.template_start = 0
        self.run = -1  # where the last text run with a needle starts, and which needles it had (bits)
        self.run_needles = 0


def _walk(
    lo: bytes,
    found: list[Candidate],
    first: int,
    stop: int,
    events: list[Event],
    skips: list[tuple[int, int]],
    state: _State,
) -> None:
    """Settle each candidate in order: prove it is in data state, measure its tag, record what it is.

    A candidate that turns out to sit inside something read before (a tag, a comment, raw text) is
    passed over; one that cannot matter (a text field, anything inside a template but the template's
    own structure) is passed over without being proved, which is safe: the next proof looks back past it.
    """
    n = len(lo)
    floor, depth = state.floor, state.depth
    run, run_needles = state.run, state.run_needles
    match_tag = TAG.match
    rfind = lo.rfind
    i = first
    try:
        while i < stop:
            index, start, end = found[i]
            i += 1
            if start < floor:
                continue  # inside a tag, comment or raw text already read
            action = _ACTIONS[index]
            if action == _CLOSER:
                continue  # read with the element it closes
            if action == _NEEDLE:
                if depth:
                    continue
                k = rfind(b"<", floor, start)
                while k >= 0 and not is_taglike(lo, k):
                    k = rfind(b"<", floor, k)
                run_start = floor
                if k >= 0:
                    check_data_state(lo, floor, k)
                    after = lo[k + 1]
                    if after in _LETTERS or (after == 0x2F and lo[k + 2 : k + 3].isalpha()):
                        tag = match_tag(lo, k)  # a tag: the grammar ``token_at`` would use
                        if tag is None:
                            raise _Done
                        token_end = tag.end()
                        if token_end > start:  # the needle is in this tag: a start tag is an event
                            if after != 0x2F:
                                events.append(Event(k, token_end, "start", tag.group(1)))
                            floor = token_end
                            continue
                    else:
                        token = token_at(lo, k)  # a comment or bogus comment
                        token_end = token.end
                        if token.kind == "eof":
                            raise _Done
                        if token_end > start:
                            floor = token_end
                            continue
                    run_start = floor = token_end
                # One event per needle and run of text: a summary is found by where runs start, and
                # "Summer sale, consumer rights" repeated in one paragraph is still one place.
                bit = 1 << (index - NEEDLE)
                if run_start != run:
                    run, run_needles = run_start, 0
                elif run_needles & bit:
                    continue
                run_needles |= bit
                events.append(Event(run_start, end, "text", PATTERNS[index]))
                if len(events) > MAX_EVENTS:
                    return
                continue
            if action != _COMMENT and end < n and lo[end] not in _TAG_NAME_END:
                continue  # a longer name (<inputs>, <formula>): an ordinary tag
            if action == _TAG and (depth or (index == _INPUT and _plain_input(lo, start, found, i))):
                continue
            if (action == _TEMPLATE_END and not depth) or (action == _FORM_END and depth):
                continue
            check_data_state(lo, floor, start)
            if action == _COMMENT:
                floor = comment_end(lo, start)
                if not depth:
                    skips.append((start, floor))
                continue
            tag = match_tag(lo, start)
            if tag is None:
                raise _Done  # a tag cut off by the end of the page swallows the rest
            floor = tag.end()
            if action == _TAG:
                name = PATTERNS[index][1:]
                if index != _INPUT or _input_matters(lo, start, floor) or _holds_needle(found, i, floor):
                    events.append(Event(start, floor, "start", name))
                    if len(events) > MAX_EVENTS:
                        return
            elif action == _FORM_END:
                events.append(Event(start, floor, "end", b"form"))
            elif action == _RAW:
                floor = _raw_text_end(lo, found, i, _CLOSER_OF[index], floor)
                if not depth:
                    skips.append((start, floor))
            elif action == _TEMPLATE:
                if not depth:
                    state.template_start = start
                depth += 1
            elif action == _TEMPLATE_END:
                depth -= 1
                if not depth:
                    skips.append((state.template_start, floor))
            else:  # plaintext: the rest of the page is text
                skips.append((state.template_start if depth else start, n))
                depth = 0
                raise _Done
    finally:
        state.floor, state.depth, state.run, state.run_needles = floor, depth, run, run_needles


def _raw_text_end(lo: bytes, found: list[Candidate], i: int, closer: int, content: int) -> int:
    """``lexer.raw_text_end`` (where the element's end tag ends) from the candidates: the first of its
    closers from ``found[i]`` on that names the element; ``raw_text_end`` itself if the list runs out."""
    n = len(lo)
    count = len(found)
    while i < count:  # from ``i`` on, never from the list's start: each call reads only what it skips
        index, start, end = found[i]
        if index == closer and start >= content and (end >= n or lo[end] in _TAG_NAME_END):
            return tag_at(lo, start).end
        i += 1
    return raw_text_end(lo, PATTERNS[closer][2:], content)[1]


def _holds_needle(found: list[Candidate], i: int, stop: int) -> bool:
    """Whether a needle occurs among the candidates from ``found[i]`` that start before ``stop``."""
    while i < len(found) and found[i][1] < stop:
        if found[i][0] >= NEEDLE:
            return True
        i += 1
    return False


def _plain_input(lo: bytes, start: int, found: list[Candidate], i: int) -> bool:
    """Whether the ``<input`` at ``start`` is certainly no event: its tag ends at the first ``>`` (no quote
    before it opens a value) and holds neither checkbox, radio nor a needle. It is not proved to be in
    data state: nothing is recorded for it, and the next candidate's proof looks back past it."""
    gt = lo.find(b">", start, start + _PLAIN_INPUT_BYTES)
    if gt < 0:
        return False
    for quote in _QUOTES:
        k = lo.rfind(quote, start, gt)
        if k >= 0 and lo[k - 1] in _OPENERS and opens_value(lo, start, k):
            return False
    return not (_input_matters(lo, start, gt) or _holds_needle(found, i, gt))


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
                if i >= 0:  # the first of each needle in a run (see ``_walk``)
                    events.append(Event(token.start, i + len(needle), "text", needle))
        if len(events) > MAX_EVENTS:
            break
    if depth:
        skips.append((template_start, n))
    events.sort()
    truncated = len(events) > MAX_EVENTS
    present = frozenset(needle for needle in NEEDLES if lo.find(needle) >= 0)
    return Scan(tuple(events[:MAX_EVENTS]), tuple(sorted(skips)), "full", truncated, "", present)


def _input_matters(lo: bytes, start: int, end: int) -> bool:
    """An ``<input>`` is an event only if it can be a checkbox or radio (or carries a needle): text,
    e-mail and hidden fields, the bulk of a checkout form, are left alone."""
    return lo.find(b"checkbox", start, end) >= 0 or lo.find(b"radio", start, end) >= 0


def _has_needle(lo: bytes, token: Token) -> bool:
    return any(lo.find(needle, token.start, token.end) >= 0 for needle in NEEDLES)


def scan(lo: bytes, *, path: str = "fast") -> Scan:
    """Events of the lower-cased page ``lo``; ``path`` is ``"fast"`` (default) or ``"full"``."""
    return scan_full(lo) if path == "full" else scan_fast(lo)
