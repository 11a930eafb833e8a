"""A memo bounded by the bytes it holds, not by how many entries: the audit's memos are keyed on page
bytes an attacker can shape (a 1 KB tag with 500 attributes parses into some 100 KB), so an entry count
alone bounds nothing.

``bounded(budget)`` memoizes a pure function of hashable positional arguments in a least-recently-used
table. Each entry is weighed once, when it is stored (key and value, with ``sys.getsizeof`` over tuples,
lists, dicts and slotted objects: an over-estimate where objects are shared, which is the safe side),
and the oldest entries go until the table fits its budget again. An entry larger than a quarter of the
budget is computed and not kept. Hits are a dict lookup and a move to the end; the table is shared
between threads (stores and evictions under a lock).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedMemo", "bounded", "weigh"]

R = TypeVar("R")
_FLAT = frozenset({str, bytes, int, float, bool, type(None)})
_SAMPLE = 32  # items weighed one by one before the rest are estimated from them
_SHARE = 96  # bytes counted for each field of a slotted object met two levels down
_ENTRY = 200  # the table's own share per entry: a dict slot, the key tuple, the (value, size) pair


def _shallow(value: object) -> int:
    """A child's bytes: its own size and the size of each thing it holds (not what those hold)."""
    size = sys.getsizeof(value)
    if isinstance(value, tuple | list | frozenset | set):
        return size + sum(map(sys.getsizeof, value))
    if isinstance(value, dict):
        return size + sum(map(sys.getsizeof, value)) + sum(map(sys.getsizeof, value.values()))
    slots = getattr(type(value), "__slots__", None)
    return size + _SHARE * len(slots) if slots else size


def _sampled(items: tuple[object, ...] | list[object]) -> int:
    """``_shallow`` summed over ``items``; past ``_SAMPLE`` items, the first ones stand for the rest
    (the items of one memo's value are alike: events, rows, options, attributes)."""
    if len(items) <= _SAMPLE:
        return sum(map(_shallow, items))
    return sum(map(_shallow, items[:_SAMPLE])) * len(items) // _SAMPLE


def weigh(value: object) -> int:
    """Bytes ``value`` holds: itself and what it refers to, three levels deep (a dict of named tuples
    of strings). Cheap by design: it runs on every miss, and the loops over items run in C."""
    size = sys.getsizeof(value)
    if value.__class__ in _FLAT:
        return size
    if isinstance(value, tuple | list):
        return size + _sampled(value)
    if isinstance(value, frozenset | set):
        return size + _sampled(tuple(value))
    if isinstance(value, dict):
        return size + sum(map(sys.getsizeof, value)) + _sampled(tuple(value.values()))
    slots = getattr(type(value), "__slots__", None)
    if slots:
        names = (slots,) if isinstance(slots, str) else slots
        return size + sum(_shallow(getattr(value, name, None)) for name in names)
    return size


def _weigh_key(args: tuple[Hashable, ...]) -> int:
    """A key's bytes: its strings, bytes, numbers and tuples of them; any other object (the vocabulary)
    is shared with the rest of the program, and costs the key one reference."""
    size = sys.getsizeof(args)
    for arg in args:
        kind = arg.__class__
        if kind in _FLAT:
            size += sys.getsizeof(arg)
        elif kind is tuple or kind is frozenset:
            size += weigh(arg)
        else:
            size += 8
    return size


class BoundedMemo(Generic[R]):
    """``function`` memoized in at most ``budget`` bytes (see the module's docstring)."""

    __slots__ = ("__wrapped__", "_entries", "_lock", "_used", "budget", "hits", "misses")

    def __init__(self, function: Callable[..., R], budget: int) -> None:
        self.__wrapped__ = function
        self.budget = budget
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[R, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Hashable) -> R:
        entries = self._entries
        found = entries.get(args)
        if found is not None:
            self.hits += 1
            with contextlib.suppress(KeyError):  # evicted by another thread meanwhile: the value still holds
                entries.move_to_end(args)
            return found[0]
        self.misses += 1
        value = self.__wrapped__(*args)
        size = _ENTRY + _weigh_key(args) + weigh(value)
        if size * 4 > self.budget:
            return value
        with self._lock:
            if args not in entries:
                entries[args] = (value, size)
                self._used += size
                while self._used > self.budget:
                    self._used -= entries.popitem(last=False)[1][1]
        return value

    @property
    def used(self) -> int:
        """Bytes the entries are weighed at."""
        return self._used

    def cache_clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0
            self.hits = self.misses = 0

    def cache_info(self) -> functools._CacheInfo:
        """As ``functools.lru_cache`` reports it; ``maxsize`` is the budget in bytes."""
        return functools._CacheInfo(self.hits, self.misses, self.budget, len(self._entries))


def bounded(budget: int) -> Callable[[Callable[..., R]], BoundedMemo[R]]:
    """Memoize a pure function in at most ``budget`` bytes."""

    def wrap(function: Callable[..., R]) -> BoundedMemo[R]:
        return BoundedMemo(function, budget)

    return wrap
