"""The audit report, shaped like an accessibility checker's: violations, passes, incomplete, inapplicable.

Each finding is one rule with the nodes it concerns (``target``, ``html`` snippet, byte ``offset``,
``failureSummary``, ``fix``), plus the rule's impact, help text, legal citations and jurisdiction tags.
``Mode`` follows Content-Security-Policy: ``report`` only reports, ``enforce`` also says whether to block
(``blocked``), ``fix`` also returns the page with defaults undone (``fixed_body``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from checkoutguard._version import __version__
from checkoutguard.audit.model import CheckoutDocument, Node
from checkoutguard.audit.rules.base import IMPACTS, Citation

__all__ = ["AuditReport", "Finding", "Mode", "NodeResult"]

_OUTCOMES: Final = ("violations", "passes", "incomplete")


class Mode(enum.StrEnum):
    """What to do with the findings: report them, enforce them (block), or fix what can be fixed."""

    REPORT = "report"
    ENFORCE = "enforce"
    FIX = "fix"


@dataclass(frozen=True, slots=True)
class NodeResult:
    """One place a rule looked at: where, what it found, how to fix it, and whether fix mode did."""

    node: Node | None
    message: str
    impact: str | None
    fix: str = ""
    fixed: bool | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = self.node.to_dict() if self.node else {"target": []}
        result["impact"] = self.impact
        result["failureSummary" if self.impact else "message"] = self.message
        if self.fix:
            result["fix"] = self.fix
        if self.fixed is not None:
            result["fixed"] = self.fixed
        if self.data:
            result["data"] = dict(self.data)
        return result


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's result in one list (a rule can pass on some nodes and fail on others)."""

    id: str
    impact: str | None
    description: str
    help: str
    help_url: str
    citations: tuple[Citation, ...]
    tags: tuple[str, ...]
    nodes: tuple[NodeResult, ...]

    @property
    def citation(self) -> Citation | None:
        """The law the finding rests on first (the v1 contract's ``citation``); ``citations`` has them all."""
        return self.citations[0] if self.citations else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "impact": self.impact,
            "description": self.description,
            "help": self.help,
            "helpUrl": self.help_url,
            "citation": self.citations[0].to_dict() if self.citations else None,
            "citations": [c.to_dict() for c in self.citations],
            "tags": list(self.tags),
            "nodes": [n.to_dict() for n in self.nodes],
        }


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything one audit found. ``blocked`` is meaningful in enforce mode; ``fixed_body`` in fix mode
    (None when nothing was changed, or the input cannot be patched). ``complete`` is False when the input
    was not read in full (unreadable, or a limit stopped reading: ``incomplete`` then has a
    ``checkout-document`` finding naming it): no verdict on such a report is a pass."""

    violations: tuple[Finding, ...]
    passes: tuple[Finding, ...]
    incomplete: tuple[Finding, ...]
    inapplicable: tuple[str, ...]
    mode: Mode
    document: CheckoutDocument
    buyer: Mapping[str, Any]
    source: Mapping[str, Any]
    fail_on: str = "moderate"
    fixed_body: bytes | None = None
    errors: tuple[str, ...] = ()
    complete: bool = True

    @property
    def failing(self) -> tuple[Finding, ...]:
        """Violations at or above the ``fail_on`` impact: what a CI job or enforce mode acts on."""
        floor = IMPACTS.index(self.fail_on)
        return tuple(f for f in self.violations if f.impact is not None and IMPACTS.index(f.impact) >= floor)

    @property
    def blocked(self) -> bool:
        return self.mode is Mode.ENFORCE and bool(self.failing)

    def to_dict(self, *, include_document: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "testEngine": {"name": "checkoutguard", "version": __version__},
            "mode": self.mode.value,
            "disposition": "enforce" if self.mode is Mode.ENFORCE else "report",
            "blocked": self.blocked,
            "complete": self.complete,
            "failOn": self.fail_on,
            "buyer": dict(self.buyer),
            "source": dict(self.source),
            "summary": {name: len(getattr(self, name)) for name in _OUTCOMES} | {"failing": len(self.failing)},
        }
        for name in _OUTCOMES:
            result[name] = [f.to_dict() for f in getattr(self, name)]
        result["inapplicable"] = list(self.inapplicable)
        if self.errors:
            result["errors"] = list(self.errors)
        if self.mode is Mode.FIX:
            result["fixed"] = self.fixed_body is not None
        if include_document:
            result["document"] = self.document.to_dict()
        return result


def buyer_dict(country: str, subdivision: str | None, buyer_type: str, on: date, tags: Sequence[str]) -> dict[str, Any]:
    return {
        "country": country,
        "subdivision": subdivision,
        "type": buyer_type,
        "date": on.isoformat(),
        "jurisdictions": sorted(tags),
    }
