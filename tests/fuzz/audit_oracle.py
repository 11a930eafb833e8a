"""The contract the audit's fuzz targets hold ``audit()`` to (issue #9, deliverables 3, 5 and 10).

For page content (bytes, ``str``, JSON text) ``audit`` returns a report, never raises. The report is
serialisable; it is ``complete`` exactly when nothing stopped reading (no error, no limit), and when it is
not, an ``incomplete`` ``checkout-document`` finding says why, with a bounded message. The fast scan and
the full scan agree. For bad arguments the only exception is ``InvalidInput``, naming the argument,
raised within 10 ms (best of three) with a bounded message. Anything else fails the target.
"""

from __future__ import annotations

import json
import reprlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checkoutguard.audit import AuditReport, audit
from checkoutguard.errors import CheckoutGuardError, InvalidInput

ERROR_BUDGET = 0.010  # float-ok: seconds
MESSAGE_LIMIT = 1_000
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 40
_REPR.maxlong = 20
_REPR.maxlevel = 2


def short(value: object) -> str:
    """A bounded description of a case, for any value (huge ints and deep nesting included)."""
    try:
        return _REPR.repr(value)
    except Exception:  # a value whose repr raises: its type is enough
        return f"<{type(value).__name__}>"


@dataclass
class Stats:
    """What a run saw, for ``make fuzz``'s summary line."""

    name: str
    cases: int = 0
    complete: int = 0
    incomplete: int = 0
    typed: int = 0
    slowest: float = 0.0  # float-ok: seconds
    slowest_case: str = ""
    limits: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        limits = ", ".join(f"{k} {v}" for k, v in sorted(self.limits.items())) or "none"
        return (
            f"{self.name}: {self.cases} cases, {self.complete} complete, {self.incomplete} incomplete "
            f"(limits: {limits}), {self.typed} typed errors, crashes 0, slowest {self.slowest * 1000:.2f} ms "
            f"({self.slowest_case[:80]!r})"
        )


def warm() -> None:
    """Pay the cold start (schemas, catalogs, compiled patterns) before anything is timed."""
    audit('<form><input type="checkbox" checked><label>Total 1,00 €</label></form>', country="DE")
    audit('{"consents": []}', country="DE")


def _timed(stats: Stats, case: str, call: Callable[[], AuditReport]) -> AuditReport:
    start = time.perf_counter()
    report = call()
    elapsed = time.perf_counter() - start
    if elapsed > stats.slowest:
        stats.slowest, stats.slowest_case = elapsed, case
    return report


def check_report(report: AuditReport) -> None:
    """The invariants of any report."""
    assert isinstance(report, AuditReport)
    result = report.to_dict()
    json.dumps(result)
    limits = [n for f in report.incomplete if f.id == "checkout-document" for n in f.nodes]
    assert report.complete == (not report.errors and not limits), (report.complete, report.errors, limits)
    assert result["complete"] is report.complete
    for node in limits:
        assert len(node.message) <= MESSAGE_LIMIT
        assert report.errors or (node.data and node.message.startswith(f"limit {node.data['limit']} = "))
    for error in report.errors:
        assert len(error) <= MESSAGE_LIMIT, error[:200]
        assert "could not be read" not in error, error  # the reader's own failure, never expected


def check_page(stats: Stats, source: str | bytes, **kwargs: Any) -> AuditReport:
    """``audit`` on page content: a report that holds the contract, the same on both scan paths."""
    stats.cases += 1
    case = short(source)
    report = _timed(stats, case, lambda: audit(source, **kwargs))
    check_report(report)
    if report.complete:
        stats.complete += 1
    else:
        stats.incomplete += 1
        for finding in report.incomplete:
            for node in finding.nodes:
                if finding.id == "checkout-document":
                    name = str(node.data["limit"]) if node.data else "unreadable"
                    stats.limits[name] = stats.limits.get(name, 0) + 1
    # The full scan is the slow reference: compared on pages up to 64 KB (floods past a limit are bigger).
    if report.source.get("type") == "html" and report.source.get("scan") == "fast" and len(source) <= 65_536:
        full = audit(source, **kwargs, path="full")
        assert full.to_dict()["violations"] == report.to_dict()["violations"]
        assert full.document.to_dict() == report.document.to_dict()
        assert full.complete == report.complete
    return report


def check_arguments(stats: Stats, kwargs: dict[str, Any]) -> AuditReport | None:
    """``audit`` with arbitrary arguments: a report, or ``InvalidInput`` naming one, fast and short."""
    stats.cases += 1
    case = short(kwargs)
    try:
        report = _timed(stats, case, lambda: audit(**kwargs))
    except InvalidInput as exc:
        stats.typed += 1
        assert len(str(exc)) <= MESSAGE_LIMIT
        assert exc.path, str(exc)[:200]
        best = float("inf")  # float-ok: seconds
        for _ in range(3):
            start = time.perf_counter()
            try:
                audit(**kwargs)
            except CheckoutGuardError:
                best = min(best, time.perf_counter() - start)
        assert best <= ERROR_BUDGET, f"{best * 1000:.1f} ms for {case}"
        return None
    check_report(report)
    stats.complete += report.complete
    stats.incomplete += not report.complete
    return report
