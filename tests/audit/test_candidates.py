"""The one-pass search finds every occurrence of every pattern the scan acts on, and nothing else.

``candidates`` uses leftmost-first matching, which reports non-overlapping matches; the combinations
(``<inputota``) bring back the occurrences that start inside another match. These tests hold it to the
plain definition (every start of every pattern, found with ``bytes.find``), on strings built to overlap
patterns, on arbitrary bytes and across the windows a large page is searched in; and they hold the
automaton (ahocorasick-rs) to Python's ``re`` with the same leftmost-first semantics.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checkoutguard.audit.html import candidates as cand

BASE = cand.PATTERNS[len(cand.COMBINED) :]
FIRST = len(cand.COMBINED)


def _every_occurrence(lo: bytes) -> list[tuple[int, int, int]]:
    found = set()
    for offset, pattern in enumerate(BASE):
        i = lo.find(pattern)
        while i >= 0:
            found.add((FIRST + offset, i, i + len(pattern)))
            i = lo.find(pattern, i + 1)
    return sorted(found, key=lambda c: (c[1], c[0]))


def _all_windows(lo: bytes) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    start = 0
    while start < len(lo):
        window, start = cand.candidates(lo, start)
        found.extend(window)
    return found


# Pieces of patterns: whole ones, their heads and tails, so that generated strings overlap them.
_PIECES = sorted(
    {*BASE, *(p[:k] for p in BASE for k in range(1, len(p))), *(p[k:] for p in BASE for k in range(1, len(p)))}
    | {b"x", b" ", b">", b"<", b"/"}
)


@settings(max_examples=600)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map(b"".join))
def test_every_occurrence_of_every_pattern(lo: bytes) -> None:
    expected = _every_occurrence(lo)
    assert cand.candidates(lo) == (expected, len(lo))
    assert cand.candidates_re(lo) == (expected, len(lo))


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw: bytes) -> None:
    lo = raw.lower()
    assert cand.candidates(lo)[0] == _every_occurrence(lo)


@pytest.mark.parametrize(
    "text",
    [
        b"totaria-checkedata-checkoutguardata-checkoutguard",  # a chain of overlaps
        b"<inputota <selectota <noframesum <noembedata-checkoutguard <textarearia-checked",
        b"</scriptota </noscriptota <plaintextota",
        b"sumsum totatota <!--<!----> -->",
    ],
)
def test_overlapping_occurrences(text: bytes) -> None:
    found = cand.candidates(text)[0]
    assert found == _every_occurrence(text)
    assert all(index >= FIRST for index, _, _ in found), "combinations are split before anyone sees them"


def test_a_page_larger_than_a_window_is_searched_in_windows() -> None:
    unit = b'<p class="total">sum <input type=checkbox><!-- c --><script>x</script>totaria-checked</p>\n'
    lo = unit * (3 * cand.WINDOW // len(unit) + 7)
    assert len(lo) > 3 * cand.WINDOW
    assert _all_windows(lo) == _every_occurrence(lo)


def test_tables_describe_the_patterns() -> None:
    # Every overlap runs past the end of the match it starts in (none hides wholly inside one).
    for index, overlaps in enumerate(cand.OVERLAPS):
        for offset, other in overlaps:
            assert cand.PATTERNS[other].startswith(cand.PATTERNS[index][offset:])
    assert cand.PATTERNS[cand.NEEDLE :] == cand.NEEDLES
    assert set(cand.OPENERS) | set(cand.CLOSERS) | set(cand.NEEDLES) == set(BASE)
