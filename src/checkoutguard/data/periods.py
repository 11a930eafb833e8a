"""Dated facts: a value in force from one day to another, picked by the day a quote is for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from checkoutguard.errors import DataError

__all__ = ["Period", "day_or_none", "in_force", "rate_periods"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Period(Generic[T]):
    """``value`` applies from ``start`` to ``end`` inclusive (``end`` None: still in force)."""

    value: T
    start: date
    end: date | None
    source: str
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def day_or_none(text: str | None) -> date | None:
    """An ISO date from a data file, or None where the field is absent (an open end, no launch date)."""
    return date.fromisoformat(text) if text else None


def in_force(periods: Iterable[Period[T]], day: date) -> Period[T] | None:
    """The period covering ``day``; the latest-starting one wins if data overlaps."""
    best: Period[T] | None = None
    for period in periods:
        if period.covers(day) and (best is None or period.start > best.start):
            best = period
    return best


def rate_periods(raw: Sequence[Mapping[str, Any]], *, file: str = "") -> tuple[Period[Decimal], ...]:
    """Parse schema ``period`` objects (``rate``, ``effective_from``, ``effective_to``, ``source``)."""
    periods = []
    for entry in raw:
        start = date.fromisoformat(entry["effective_from"])
        end = date.fromisoformat(entry["effective_to"]) if entry.get("effective_to") else None
        if end is not None and end < start:
            raise DataError(f"period ends ({end}) before it starts ({start})", file=file)
        periods.append(Period(Decimal(entry["rate"]), start, end, entry["source"], entry.get("note", "")))
    return tuple(sorted(periods, key=lambda p: p.start))
