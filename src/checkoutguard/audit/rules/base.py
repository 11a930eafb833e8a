"""What every rule shares: its metadata from ``catalog.json``, the buyer's context, and the result type.

A rule is a function ``(document, context) -> list[Check]``. An empty list means the document has nothing
the rule looks at (axe's *inapplicable*); each ``Check`` is one node that passes, fails or needs review.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from checkoutguard.audit.model import CheckoutDocument, Node
from checkoutguard.data.periods import day_or_none
from checkoutguard.errors import DataError

__all__ = [
    "IMPACTS",
    "Catalog",
    "Check",
    "Citation",
    "Context",
    "RuleFunction",
    "RuleInfo",
    "catalog",
    "tolerance",
]

_FILE: Final = Path(__file__).resolve().parent / "catalog.json"
#: Impact levels, lowest first, as in axe-core.
IMPACTS: Final = ("minor", "moderate", "serious", "critical")


@dataclass(frozen=True, slots=True)
class Citation:
    """The law a finding rests on: act, article, where to read it, and how well it was checked."""

    law: str
    article: str
    url: str
    jurisdictions: tuple[str, ...] = ()
    confidence: str = "verified"
    note: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    excludes: tuple[str, ...] = ()

    def in_force(self, on: date) -> bool:
        """Whether the law applied on day ``on`` (a citation with no dates always does)."""
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"law": self.law, "article": self.article, "url": self.url}
        if self.confidence != "verified":
            result["confidence"] = self.confidence
        if self.note:
            result["note"] = self.note
        return result


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule's metadata: id, default impact, where it applies, what it says, how to fix a finding."""

    id: str
    impact: str
    applies_to: tuple[str, ...]
    buyer_types: tuple[str, ...]
    description: str
    help: str
    fix: str
    tags: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def help_url(self) -> str:
        return f"docs/audit.md#{self.id}"


@dataclass(frozen=True, slots=True)
class Catalog:
    """The rules' metadata, the jurisdictions (tag → member codes) and the buyer currencies by country."""

    rules: Mapping[str, RuleInfo]
    jurisdictions: Mapping[str, frozenset[str]]
    currencies: Mapping[str, tuple[tuple[str, date | None, date | None], ...]]

    def tags_for(self, country: str, subdivision: str | None) -> frozenset[str]:
        codes = {country} | ({subdivision} if subdivision else set())
        return frozenset(tag for tag, members in self.jurisdictions.items() if codes & members)

    def currency_of(self, country: str, on: date) -> str | None:
        for code, start, end in self.currencies.get(country, ()):
            if (start is None or start <= on) and (end is None or on <= end):
                return code
        return None


def _citation(c: Mapping[str, Any]) -> Citation:
    """One catalog citation; the days it applied and the charges it excludes are optional."""
    return Citation(
        law=c["law"],
        article=c["article"],
        url=c["url"],
        jurisdictions=tuple(c["jurisdictions"]),
        confidence=c["confidence"],
        note=c.get("note", ""),
        effective_from=day_or_none(c.get("effective_from")),
        effective_to=day_or_none(c.get("effective_to")),
        excludes=tuple(c.get("excludes", ())),
    )


@functools.cache
def catalog() -> Catalog:
    """``catalog.json``, loaded once."""
    try:
        raw: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))
        rules = {
            entry["id"]: RuleInfo(
                id=entry["id"],
                impact=entry["impact"],
                applies_to=tuple(entry["applies_to"]),
                buyer_types=tuple(entry["buyer_types"]),
                description=entry["description"],
                help=entry["help"],
                fix=entry["fix"],
                tags=tuple(entry["tags"]),
                citations=tuple(_citation(c) for c in entry["citations"]),
            )
            for entry in raw["rules"]
        }
        jurisdictions = {tag: frozenset(entry["members"]) for tag, entry in raw["jurisdictions"].items()}
        currencies = {
            country: tuple(
                (p["currency"], day_or_none(p.get("effective_from")), day_or_none(p.get("effective_to")))
                for p in periods
            )
            for country, periods in raw["currencies"]["countries"].items()
        }
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"the audit rule catalog cannot be loaded: {exc}", file=str(_FILE)) from exc
    return Catalog(rules, jurisdictions, currencies)


@dataclass(frozen=True, slots=True)
class Context:
    """Who is buying, where and when: the rules apply by the buyer's jurisdiction."""

    country: str
    subdivision: str | None
    buyer_type: str
    on: date
    jurisdictions: frozenset[str]

    def in_scope(self, rule: RuleInfo) -> bool:
        if self.buyer_type not in rule.buyer_types:
            return False
        return "*" in rule.applies_to or bool(self.jurisdictions & set(rule.applies_to))

    def citations(self, rule: RuleInfo) -> tuple[Citation, ...]:
        return tuple(c for c in rule.citations if self.jurisdictions & set(c.jurisdictions))


@dataclass(frozen=True, slots=True)
class Check:
    """One node's result under one rule: ``outcome`` is violation, pass or incomplete; ``impact`` may
    lower or raise the rule's default for this node; ``citations`` replace the catalog's (the surcharge
    rule takes its law from the payments data)."""

    outcome: str
    message: str
    node: Node | None = None
    impact: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()


RuleFunction = Callable[[CheckoutDocument, Context], Sequence[Check]]


def tolerance(count: int) -> Decimal:
    """Rounding slack when comparing sums of displayed amounts: one cent per amount added."""
    return Decimal("0.01") * max(1, count)
