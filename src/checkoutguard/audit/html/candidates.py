"""Every place on a page where the fast scan must look, found in one pass over the bytes.

The patterns are the openers of the tags that matter or must be skipped (``<input``, ``<label``, ``<!--``,
``<script``...) and the needles (``tota``, ``sum``, ``aria-checked``, ``data-checkoutguard``). One
Aho-Corasick automaton (``ahocorasick-rs``: the Rust ``aho-corasick`` crate, whose SIMD prefilter reads
about 5 GB/s) finds them all in about 20 µs per 100 KB; a Python regular expression plus one
``bytes.find`` pass per needle took about 200 µs.

Leftmost-first matching reports non-overlapping matches, so an occurrence that starts inside another match
is not reported (``totaria-checked``, ``<inputota``). ``OVERLAPS`` lists every way one pattern can start
inside another, and ``candidates`` adds those occurrences back: the result is every occurrence of every
pattern, sorted by position. Without ``ahocorasick-rs`` a regular expression with the same leftmost-first
semantics is used (about 30× slower, same answer: the tests compare the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

__all__ = [
    "CLOSERS",
    "COMBINED",
    "NEEDLE",
    "NEEDLES",
    "OPENERS",
    "OVERLAPS",
    "PATTERNS",
    "WINDOW",
    "Candidate",
    "candidates",
    "candidates_re",
]

#: Openers: the tag and comment starts the scan acts on. A name must be followed by white space, ``/``,
#: ``>`` or the end of the page to be that tag (the scan checks).
OPENERS: Final = (
    b"<!--",
    b"<input",
    b"<select",
    b"<label",
    b"<form",
    b"<html",
    b"</form",
    b"<template",
    b"</template",
    b"<script",
    b"<style",
    b"<textarea",
    b"<title",
    b"<xmp",
    b"<iframe",
    b"<noembed",
    b"<noframes",
    b"<noscript",
    b"<plaintext",
)
#: The end tags of raw-text elements: where a script or style ends is read from the same pass.
CLOSERS: Final = (
    b"</script",
    b"</style",
    b"</textarea",
    b"</title",
    b"</xmp",
    b"</iframe",
    b"</noembed",
    b"</noframes",
    b"</noscript",
)
#: Lower-case byte strings that make a start tag or a run of text an event. ``tota`` and ``sum`` find order
#: summaries (total, subtotal, totaal, totale, totalt; Summe, summa, suma, summary) in class names and
#: text; merchant annotations and ARIA switches bring their own.
NEEDLES: Final = (b"aria-checked", b"data-checkoutguard", b"tota", b"sum")
_BASE: Final = (*OPENERS, *CLOSERS, *NEEDLES)
#: Bytes searched per call: bounds the match list an adversarial page can produce.
WINDOW: Final = 256 * 1024

#: (pattern index, start, end) of one occurrence.
Candidate = tuple[int, int, int]


def _overlaps(patterns: Sequence[bytes]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each pattern, the (offset, pattern index) pairs of patterns that can start inside it."""
    table = []
    for pattern in patterns:
        found = []
        for offset in range(1, len(pattern)):
            tail = pattern[offset:]
            for index, other in enumerate(patterns):
                if other.startswith(tail) or tail.startswith(other):
                    found.append((offset, index))
        table.append(tuple(found))
    return tuple(table)


# Every way a pattern can start inside another runs past its end (``<input`` + ``ota`` hides ``tota``);
# none hides wholly inside another, which the overlap search below relies on.
assert all(len(_BASE[q]) > len(_BASE[p]) - off for p, row in enumerate(_overlaps(_BASE)) for off, q in row)
#: One pattern per overlap, the two spelled out together ("<inputota"), listed first so that leftmost-first
#: matching reports it instead of the first pattern alone: a page with no such overlap, which is every
#: real page, then shows it with one look at the smallest pattern index.
COMBINED: Final = tuple(
    _BASE[p] + _BASE[q][len(_BASE[p]) - off :] for p, row in enumerate(_overlaps(_BASE)) for off, q in row
)
PATTERNS: Final = (*COMBINED, *_BASE)
_FIRST: Final = len(COMBINED)  # the first pattern that is not a combination
#: Pattern indexes at or above this are needles.
NEEDLE: Final = len(PATTERNS) - len(NEEDLES)
#: For each pattern, where other patterns can start inside it: (offset, pattern index); combinations have none.
OVERLAPS: Final = ((),) * len(COMBINED) + tuple(tuple((off, _FIRST + q) for off, q in row) for row in _overlaps(_BASE))
# The pattern each combination starts with.
_STARTS_WITH: Final = tuple(_FIRST + p for p, row in enumerate(_overlaps(_BASE)) for _ in row)
# Two patterns that could match at the same position hide one another (leftmost-first keeps the first
# listed): only a combination may start with another pattern, and it is listed before it.
assert not any(a != b and b.startswith(a) for a in _BASE for b in _BASE)

_ALTERNATION = re.compile(b"|".join(re.escape(p) for p in PATTERNS))
_INDEX: Final = {p: i for i, p in enumerate(PATTERNS)}
_LONGEST: Final = max(len(p) for p in PATTERNS)

try:
    from ahocorasick_rs import BytesAhoCorasick, MatchKind
except ImportError:  # pragma: no cover - a declared dependency; the regular expression stands in
    _find = None
else:
    _find = BytesAhoCorasick(PATTERNS, matchkind=MatchKind.LeftmostFirst).find_matches_as_indexes


def _with_hidden(lo: bytes, found: list[Candidate]) -> list[Candidate]:
    """``found`` with each combination split into its first pattern and every occurrence that starts
    inside that one (recursively: "totaria-checkedata-checkoutguard")."""
    if not found or min(found)[0] >= _FIRST:
        return found
    result: list[Candidate] = []
    for index, start, end in found:
        if index >= _FIRST:
            result.append((index, start, end))
            continue
        first = _STARTS_WITH[index]
        result.append((first, start, start + len(PATTERNS[first])))
        for offset, other in OVERLAPS[first]:
            _hidden(lo, other, start + offset, result)
    return sorted(set(result), key=_by_position)


def _by_position(candidate: Candidate) -> tuple[int, int]:
    return candidate[1], candidate[0]


def _hidden(lo: bytes, index: int, at: int, extra: list[Candidate]) -> None:
    pattern = PATTERNS[index]
    if not lo.startswith(pattern, at):
        return
    extra.append((index, at, at + len(pattern)))
    for offset, other in OVERLAPS[index]:
        _hidden(lo, other, at + offset, extra)


def _leftmost_first_re(lo: bytes, start: int, stop: int) -> list[Candidate]:
    return [(_INDEX[m.group()], m.start(), m.end()) for m in _ALTERNATION.finditer(lo, start, stop)]


def _leftmost_first(lo: bytes, start: int, stop: int) -> list[Candidate]:
    if _find is None:  # pragma: no cover
        return _leftmost_first_re(lo, start, stop)
    if start == 0 and stop == len(lo):
        return _find(lo)
    return [(i, s + start, e + start) for i, s, e in _find(memoryview(lo)[start:stop])]


def candidates(lo: bytes, start: int = 0) -> tuple[list[Candidate], int]:
    """Every occurrence of every pattern from ``start`` on, for at most ``WINDOW`` bytes, and where the
    next call should start (``len(lo)`` when the page is done). ``lo`` is the lower-cased page."""
    return _window(lo, start, _leftmost_first)


def candidates_re(lo: bytes, start: int = 0) -> tuple[list[Candidate], int]:
    """``candidates`` computed with Python's ``re`` (the reference the tests hold the automaton to)."""
    return _window(lo, start, _leftmost_first_re)


def _window(lo: bytes, start: int, search: Callable[[bytes, int, int], list[Candidate]]) -> tuple[list[Candidate], int]:
    n = len(lo)
    stop = min(n, start + WINDOW)
    found = search(lo, start, min(n, stop + _LONGEST - 1))
    if stop < n:
        found = [c for c in found if c[1] < stop]
        # The next window starts where a leftmost-first search over the whole page would resume.
        if found and found[-1][2] > stop:
            stop = found[-1][2]
    return _with_hidden(lo, found), stop
