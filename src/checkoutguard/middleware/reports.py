"""Where a guarded response's outcome goes: the merchant's ``on_report``, a log record, the counters.

Log records carry no personal data: method, path, status, country, mode, rule ids and counts, never a
body, a cookie or a query value. A failure inside the guard is logged with its stack trace the first time
it happens at a given place (repeats are counted in ``stats()["failures"]`` and logged at DEBUG), so a
rules bug cannot flood a merchant's logs at request rate.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checkoutguard.audit import AuditReport
from checkoutguard.journey import JourneyReport
from checkoutguard.middleware.context import BuyerContext
from checkoutguard.middleware.stats import GuardStats
from checkoutguard.middleware.transport import TransportFinding

__all__ = ["GuardReport", "Reporter"]

LOGGER = logging.getLogger("checkoutguard.middleware")


@dataclass(frozen=True, slots=True)
class GuardReport:
    """One guarded response's outcome.

    ``audited`` is True when the whole page was read and every rule ran; otherwise ``reason`` says why not
    (``too-large``, ``no-country``, ``unreadable``, ``incomplete``, ``backlog``, ``guard-error``).
    ``action`` is ``none``, ``fixed`` or ``refused``. ``audit`` is the core's ``AuditReport`` when one was made.
    ``transport`` lists the connection problems a certification audit checks (``middleware/transport.py``).
    """

    method: str
    path: str
    status: int
    mode: str
    buyer: BuyerContext
    audited: bool
    reason: str | None
    audit: AuditReport | None
    action: str = "none"
    audit_seconds: float = 0.0  # float-ok: seconds or a q-value, not money
    detail: str = ""
    #: The judgement of the buyer's journey so far, when the guard follows journeys (``journey=``).
    journey: JourneyReport | None = None
    transport: tuple[TransportFinding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; ``audit`` is the axe-shaped report the CLI prints (without the extracted document)."""
        return {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "mode": self.mode,
            "buyer": self.buyer.to_dict(),
            "audited": self.audited,
            "reason": self.reason,
            "detail": self.detail,
            "action": self.action,
            "audit_seconds": self.audit_seconds,
            "audit": self.audit.to_dict(include_document=False) if self.audit is not None else None,
            "journey": self.journey.to_dict() if self.journey is not None else None,
            "transport": [finding.to_dict() for finding in self.transport],
        }

    def summary(self) -> str:
        where = f"{self.method} {self.path} ({self.buyer.country or 'country unknown'})"
        if self.audit is not None and self.audit.violations:
            rules = ", ".join(sorted({f.id for f in self.audit.violations}))
            text = f"{where}: {len(self.audit.violations)} violation(s): {rules}"
        elif self.audited:
            text = f"{where}: no violations"
        else:
            text = f"{where}: not fully audited ({self.reason})"
        if self.journey is not None and self.journey.violations:
            text += f"; journey {'/'.join(self.journey.steps)}: " + ", ".join(f.id for f in self.journey.violations)
        if self.transport:
            text = f"{text}; transport: {', '.join(f.id for f in self.transport)}"
        return text if self.action == "none" else f"{text}; {self.action}"


class Reporter:
    """Sends reports to the sinks and records guard failures; never raises."""

    def __init__(
        self,
        stats: GuardStats,
        on_report: Callable[[GuardReport], Any] | None,
        logger: logging.Logger | None = None,
    ) -> None:
        self.stats = stats
        self.on_report = on_report
        self.logger = logger or LOGGER
        self._seen: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    def failure(self, stage: str, exc: BaseException) -> None:
        """Count an exception raised inside the guard; log its stack trace the first time per place."""
        try:
            self.stats.failure(stage)
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else ""
            key = (stage, type(exc).__name__, where)
            with self._lock:
                first = key not in self._seen
                self._seen.add(key)
            message = "checkoutguard: %s failed; the response went out unchanged: %s: %s"
            if first:
                self.logger.error(message, stage, type(exc).__name__, exc, exc_info=exc)
            else:
                self.logger.debug(message, stage, type(exc).__name__, exc)
        except Exception:  # pragma: no cover - logging itself is broken; nothing left to tell
            pass

    async def report(self, report: GuardReport) -> None:
        try:
            self.stats.reported(report)
        except Exception as exc:  # pragma: no cover - counters are plain arithmetic
            self.failure("stats", exc)
        try:
            level = logging.WARNING if report.audit is not None and report.audit.violations else logging.INFO
            if report.audited and level == logging.INFO:
                level = logging.DEBUG
            if self.logger.isEnabledFor(level):
                self.logger.log(
                    level, "checkoutguard: %s", report.summary(), extra={"checkoutguard": _log_fields(report)}
                )
        except Exception as exc:
            self.failure("logging", exc)
        if self.on_report is not None:
            try:
                result = self.on_report(report)
                if inspect.isawaitable(result):
                    await result
            except Exception as exc:
                self.failure("on_report", exc)


def _log_fields(report: GuardReport) -> dict[str, Any]:
    audit = report.audit
    return {
        "method": report.method,
        "path": report.path,
        "status": report.status,
        "mode": report.mode,
        "country": report.buyer.country,
        "audited": report.audited,
        "reason": report.reason,
        "action": report.action,
        "violations": sorted(f.id for f in audit.violations) if audit is not None else [],
        "journey_violations": sorted(f.id for f in report.journey.violations) if report.journey is not None else [],
        "transport": [f.id for f in report.transport],
        "audit_ms": round(report.audit_seconds * 1000, 3),
    }
