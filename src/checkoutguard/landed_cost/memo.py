"""The engine's bounded memos (kept here for existing imports; see ``checkoutguard.memo``)."""

from __future__ import annotations

from checkoutguard.memo import BUDGET, ENTRIES, TOTAL_BUDGET, Memo, estimate, remember

__all__ = ["BUDGET", "ENTRIES", "TOTAL_BUDGET", "Memo", "estimate", "remember"]
