"""Tags found by a word they hold: each occurrence of a needle and the ``<`` that opens its tag.

The pre-contract reader looks for ``data-checkoutguard-legal`` marks and the order-button reader for "submit",
"confirm" and its mark: rare words on a page, so a forward ``find`` per occurrence and a bounded look back for
the tag's ``<`` cost far less than walking every tag. At most ``limit`` occurrences are read; past that the
caller's note says the rest were not (a limit that stops reading says so).
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["tags_holding"]


def tags_holding(
    lo: bytes, needle: bytes, *, limit: int, look_back: int, notes: list[str], note: str
) -> Iterator[tuple[int, int]]:
    """``(occurrence, opener)`` for each ``needle`` in ``lo`` (the lower-cased page), ``opener`` the last
    ``<`` at most ``look_back`` bytes before it (-1: none); ``note`` is added to ``notes`` when the
    ``limit``-th occurrence is not the last."""
    seen = 0
    pos = lo.find(needle)
    while pos >= 0:
        seen += 1
        if seen > limit:
            notes.append(note)
            return
        yield pos, lo.rfind(b"<", max(0, pos - look_back), pos)
        pos = lo.find(needle, pos + len(needle))
