"""Additional duties on top of the tariff (US chapter 99), from ``rates/additional_duties/<jurisdiction>.json``.

Kept apart from the tariff rows because the measures interact: a Section 232 article pays neither the
IEEPA reciprocal duty nor the Section 122 surcharge nor the forced-labour duty, USMCA goods escape the
fentanyl duty, and some rates include the MFN rate ("15 % all-in"). The layer answers which measures
apply to one article on one day, with those rules applied, so the engine only adds lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Final

from checkoutguard.data.periods import day_or_none
from checkoutguard.landed_cost.book import AdditionalDuty, DutyRate

__all__ = ["AdditionalDutyLayer", "Measure", "Source"]

_ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a measure is written down; ``primary`` is False for datasets, law firms and trade press."""

    authority: str
    citation: str
    url: str
    primary: bool


@dataclass(frozen=True, slots=True)
class Measure:
    """One stage of one measure: a rate in force between two days for some origins and HTS codes."""

    id: str
    name: str
    program: str
    heading: str
    rate: Decimal
    all_in: bool
    start: date
    end: date | None
    origins: frozenset[str]
    exclude_origins: frozenset[str]
    hs: tuple[str, ...]
    exclude_hs: tuple[str, ...]
    yields_to: frozenset[str]
    yields_to_preferences: frozenset[str]
    sources: tuple[Source, ...]
    confirmed: bool
    note: str
    scope: AdditionalDuty  # dates, origins and codes, matched as every additional duty is (book.py)

    def covers(self, hs: str, origin: str | None, day: date) -> bool:
        """In force on ``day`` for goods of ``origin`` classified ``hs``, before any stacking rule."""
        return self.scope.applies(hs, origin, day)

    def citation(self) -> str:
        """Every source as "authority: citation" (secondary ones marked), for the quote line."""
        return "; ".join(f"{s.authority}: {s.citation}{'' if s.primary else ' (secondary)'}" for s in self.sources)


def _measure(raw: Mapping[str, Any]) -> Measure:
    start, end = date.fromisoformat(raw["effective_from"]), day_or_none(raw.get("effective_to"))
    origins, excluded = frozenset(raw["origins"]), frozenset(raw.get("exclude_origins", ()))
    hs, exclude_hs = tuple(raw["hs"]), tuple(raw.get("exclude_hs", ()))
    sources = tuple(Source(s["authority"], s["citation"], s["url"], s["primary"]) for s in raw["sources"])
    rate = Decimal(raw["rate"])
    scope = AdditionalDuty(
        raw["id"],
        raw["name"],
        origins,
        excluded,
        hs,
        exclude_hs,
        DutyRate(ad_valorem=rate),
        start,
        end,
        sources[0].url,
        raw.get("note", ""),
        confirmed=raw["confirmed"],
        yields_to_preferences=frozenset(raw.get("yields_to_preferences", ())),
    )
    return Measure(
        id=raw["id"],
        name=raw["name"],
        program=raw["program"],
        heading=raw["heading"],
        rate=rate,
        all_in=raw.get("all_in", False),
        start=start,
        end=end,
        origins=origins,
        exclude_origins=excluded,
        hs=hs,
        exclude_hs=exclude_hs,
        yields_to=frozenset(raw.get("yields_to", ())),
        yields_to_preferences=scope.yields_to_preferences,
        sources=sources,
        confirmed=raw["confirmed"],
        note=raw.get("note", ""),
        scope=scope,
    )


class AdditionalDutyLayer:
    """Every additional-duty measure of one customs territory, with its stacking rules."""

    def __init__(self, document: Mapping[str, Any], *, file: str = "") -> None:
        self.file = file
        self.jurisdiction: str = document["jurisdiction"]
        self.review_by = date.fromisoformat(document["review_by"])
        self.measures: tuple[Measure, ...] = tuple(_measure(m) for m in document["measures"])
        self.not_modelled: tuple[str, ...] = tuple(document["not_modelled"])
        self.partial_hs_scope: frozenset[str] = frozenset(document.get("partial_hs_scope", ()))

    def __len__(self) -> int:
        return len(self.measures)

    def measures_for(self, hs: str, origin: str | None, day: date) -> tuple[Measure, ...]:
        """The measures that apply to one article after the program rules (``yields_to``); linear in the data."""
        live = [m for m in self.measures if m.covers(hs, origin, day)]
        programs = {m.program for m in live}
        # A program yields to another by name ("section_232") or to any of its sub-programs ("section_232_autos").
        return tuple(m for m in live if not any(p == y or p.startswith(y + "_") for y in m.yields_to for p in programs))

    def unlisted(self, origin: str | None, day: date) -> tuple[AdditionalDuty, ...]:
        """The measures in force for ``origin`` on ``day`` whose HTS scope the data holds only for the headings
        of this project's tariff rows (``partial_hs_scope``): for a code outside those rows, no line from them
        is not a finding that none is owed."""
        return tuple(
            m.scope
            for m in self.measures
            if m.program in self.partial_hs_scope
            and origin in m.origins
            and origin not in m.exclude_origins
            and m.start <= day
            and (m.end is None or day <= m.end)
        )

    def duties(self, hs: str, origin: str | None, day: date, mfn: Decimal | None) -> tuple[AdditionalDuty, ...]:
        """The duty lines for one article: ``mfn`` is its ad valorem tariff rate (for "all-in" measures)."""
        found = []
        for m in self.measures_for(hs, origin, day):
            rate = m.rate
            if m.all_in:
                rate = max(rate - (mfn or _ZERO), _ZERO)
                if not rate:
                    continue  # the MFN rate already reaches the all-in rate: nothing to add
            found.append(_as_duty(m, rate, mfn))
        return tuple(found)


def _as_duty(m: Measure, rate: Decimal, mfn: Decimal | None) -> AdditionalDuty:
    parts = [f"{m.name}, HTSUS {m.heading}, in force from {m.start}" + (f" to {m.end}." if m.end else ".")]
    if m.all_in:
        parts.append(f"All-in rate {_pct(m.rate)} less the MFN rate {_pct(mfn or _ZERO)}: {_pct(rate)} is added.")
    parts.append(f"Source: {m.citation()}.")
    if not m.confirmed:
        parts.append("UNCONFIRMED: not yet checked against the primary text.")
    if m.note:
        parts.append(m.note)
    return replace(m.scope, name=f"{m.name} ({m.heading})", rate=DutyRate(ad_valorem=rate), note=" ".join(parts))


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"
