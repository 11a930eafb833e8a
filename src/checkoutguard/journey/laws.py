"""The drip-pricing laws by jurisdiction and date, from ``laws.json``.

A journey is judged only under the laws in force for the buyer on the day; each law says which kinds of
charge must be inside the first price shown (UK and EU: every unavoidable charge, taxes and delivery
included; most US states: fees other than government taxes and shipping).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.rules.base import Citation, catalog
from checkoutguard.data.periods import day_or_none
from checkoutguard.errors import DataError

__all__ = ["DripLaw", "drip_laws", "laws_for", "tags_of"]

_FILE: Final = Path(__file__).resolve().parent / "laws.json"


@dataclass(frozen=True, slots=True)
class DripLaw:
    """One law: where it applies (audit jurisdiction tags such as ``uk`` or ISO codes such as ``US-MN``),
    from when, which line kinds it counts, and how to cite it."""

    id: str
    applies_to: tuple[str, ...]
    effective_from: date | None
    counts: frozenset[str]
    citation: Citation


@functools.cache
def drip_laws() -> tuple[DripLaw, ...]:
    """Every law in ``laws.json``, loaded once."""
    try:
        raw: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))
        return tuple(
            DripLaw(
                id=entry["id"],
                applies_to=tuple(entry["applies_to"]),
                effective_from=day_or_none(entry["effective_from"]),
                counts=frozenset(entry["counts"]),
                citation=Citation(
                    entry["law"],
                    entry["article"],
                    entry["url"],
                    tuple(entry["applies_to"]),
                    entry["confidence"],
                    entry.get("note", ""),
                ),
            )
            for entry in raw["laws"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"the drip-pricing laws cannot be loaded: {exc}", file=str(_FILE)) from exc


@functools.lru_cache(maxsize=1_024)
def laws_for(country: str, subdivision: str | None, on: date) -> tuple[DripLaw, ...]:
    """The laws in force on ``on`` for a buyer in ``country`` (and ``subdivision``, e.g. ``US-CA``)."""
    codes = {country} | ({subdivision} if subdivision else set())
    where = codes | catalog().tags_for(country, subdivision)
    return tuple(
        law
        for law in drip_laws()
        if where & set(law.applies_to) and (law.effective_from is None or law.effective_from <= on)
    )


def tags_of(laws: Sequence[DripLaw]) -> tuple[str, ...]:
    """The jurisdictions of ``laws``, lower-case and in first-seen order (the findings' ``tags``)."""
    return tuple(dict.fromkeys(tag.lower() for law in laws for tag in law.applies_to))
