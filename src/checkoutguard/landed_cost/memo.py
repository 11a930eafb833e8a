"""The engine's bounded memos: plain dicts of answers computed from immutable rates data.

A quote asks the same questions again and again (the same tariff row, the same tax texts, the same
destination), and the answers never change once the data is loaded. Each memo is a dict; ``remember``
stores into it and empties it when it is full, so memory stays bounded whatever the traffic, and a
cleared memo only costs recomputation. Reads are plain ``dict.get``: safe to share between threads.
"""

from __future__ import annotations

from typing import Final, TypeVar

__all__ = ["ENTRIES", "remember"]

#: Entries a memo holds before it is emptied.
ENTRIES: Final = 65_536

K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V, limit: int = ENTRIES) -> V:
    """Store ``value`` under ``key`` (emptying ``memo`` first when it is full) and return it."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
