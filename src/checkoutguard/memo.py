"""Bounded memos: dicts of answers computed from immutable data (rates, FX, payment methods).

A quote asks the same questions again and again (the same tariff row, the same tax texts, the same
destination), and the answers never change once the data is loaded. Each memo is a ``Memo``: a dict
that ``remember`` stores into and empties when it holds ``limit`` entries or when the bytes its
entries are estimated to hold pass ``budget``. Entry counts alone do not bound memory (one entry can
carry a 500-character description); the byte estimate does. A cleared memo only costs recomputation.
Reads are plain ``dict.get``: safe to share between threads.

Budgets (estimated bytes; see ``docs`` and ``TOTAL_BUDGET``): the book's text memo and its quote plans 8 MiB
each, the address memos 2 + 1 MiB, each duty table's four answer memos 1 MiB each (14 tables), each VAT profile's
components 64 KiB (about 200 profiles), each regime's rule lists 64 KiB twice (21 regimes), the
embedded FX answers 2 MiB and a calculator's shared FX answers 2 MiB: about 96 MiB in the worst case,
around 10 MiB under realistic traffic.
"""

from __future__ import annotations

import sys
from typing import Final, TypeVar

__all__ = ["BUDGET", "ENTRIES", "TOTAL_BUDGET", "Memo", "estimate", "remember"]

#: Entries a memo holds before it is emptied.
ENTRIES: Final = 65_536
#: Estimated bytes a memo holds before it is emptied (unless it is given another budget).
BUDGET: Final = 1 << 20
#: The worst case over every memo of one book and its FX snapshot, as listed in the module docstring.
TOTAL_BUDGET: Final = 96 << 20

K = TypeVar("K")
V = TypeVar("V")

_ENTRY: Final = 104  # a dict slot plus the hash table's share, on 64-bit CPython
_REFERENCE: Final = 8  # an object the memo does not own (a rule, a row of the data): a pointer


def estimate(value: object) -> int:
    """Bytes ``value`` adds when the memo owns it: strings and tuples (one level deep) are counted,
    anything else is a reference to data the book holds anyway. Cheap by design: it runs on every miss."""
    if type(value) is str:
        return sys.getsizeof(value)
    if isinstance(value, tuple):
        total = 56 + 8 * len(value)
        for part in value:
            if type(part) is str:
                total += sys.getsizeof(part)
            elif isinstance(part, tuple):
                total += 56 + 8 * len(part) + sum(sys.getsizeof(p) for p in part if type(p) is str)
            else:
                total += _REFERENCE
        return total
    return _REFERENCE + 24


class Memo(dict[K, V]):
    """A dict with an entry limit and a byte budget (see ``remember``)."""

    __slots__ = ("budget", "limit", "used")

    def __init__(self, limit: int = ENTRIES, budget: int = BUDGET) -> None:
        super().__init__()
        self.limit = limit
        self.budget = budget
        self.used = 0


def remember(memo: Memo[K, V], key: K, value: V) -> V:
    """Store ``value`` under ``key`` (emptying ``memo`` first when it is full) and return it."""
    cost = _ENTRY + estimate(key) + estimate(value)
    if len(memo) >= memo.limit or memo.used + cost > memo.budget:
        memo.clear()
        memo.used = 0
    memo[key] = value
    memo.used += cost  # racing threads may lose an addition: the entry limit still holds
    return value
