"""Fix mode: undo pre-ticked consent and pre-selected extras in the page's own bytes.

Each edit replaces one byte span (drop `` checked``, turn ``aria-checked="true"`` into ``"false"``, add
`` selected`` to the "no thanks" option). Everything outside those spans is copied unchanged, so the
fixed page is byte-identical to the original except for the attributes that were changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from checkoutguard.audit.html.parts import Edit

__all__ = ["apply_edits"]


def apply_edits(raw: bytes, edits: Iterable[Edit]) -> bytes:
    """``raw`` with every edit applied; overlapping edits keep the first (they never arise from one page)."""
    out: list[bytes] = []
    cursor = 0
    for start, end, text in sorted(set(edits)):
        if start < cursor or end > len(raw) or start > end:
            continue
        out.append(raw[cursor:start])
        out.append(text)
        cursor = end
    out.append(raw[cursor:])
    return b"".join(out)
