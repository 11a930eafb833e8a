"""Counters a merchant can read: what the guard saw, audited, skipped, found, fixed and refused.

One ``GuardStats`` may be shared by several middleware instances (Starlette builds its stack lazily, so
``add_middleware`` users pass their own and read it later). Updates take a lock because audits finish
on worker threads; a snapshot is a plain dict, and ``register_prometheus`` exposes the same numbers
to a ``prometheus_client`` registry when that package is installed (it is an extra, not a dependency).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from checkoutguard.middleware.reports import GuardReport

__all__ = ["GuardStats"]

#: Distinct (country, rule) series kept; countries are ISO codes and rules come from the catalog, so real
#: traffic stays far below this, and anything beyond is counted under country "other" (never dropped).
MAX_COUNTRY_SERIES: Final = 4096


class GuardStats:
    """Thread-safe counters of one or more guards; ``snapshot()`` reads them all at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self._audited = 0
        self._pages_with_violations = 0
        self._fixed = 0
        self._refused = 0
        self._audit_seconds = 0.0
        self._audit_seconds_max = 0.0
        self._skipped: Counter[str] = Counter()
        self._not_audited: Counter[str] = Counter()
        self._violations: Counter[str] = Counter()
        self._failures: Counter[str] = Counter()
        self._transport: Counter[str] = Counter()
        self._country_pages: Counter[str] = Counter()
        self._country_findings: Counter[tuple[str, str]] = Counter()

    def guarded(self) -> None:
        with self._lock:
            self._requests += 1

    def skipped(self, reason: str) -> None:
        """A guarded response with nothing to audit (HEAD, a redirect, an image, an event stream...)."""
        with self._lock:
            self._skipped[reason] += 1

    def failure(self, stage: str) -> None:
        with self._lock:
            self._failures[stage] += 1

    def reported(self, report: GuardReport) -> None:
        with self._lock:
            if report.audit is not None:
                self._audit_seconds += report.audit_seconds
                self._audit_seconds_max = max(self._audit_seconds_max, report.audit_seconds)
            if report.audited:
                self._audited += 1
            else:
                self._not_audited[report.reason or "unknown"] += 1
            if report.audit is not None and report.audit.violations:
                self._pages_with_violations += 1
                self._violations.update(f.id for f in report.audit.violations)
            if report.action == "fixed":
                self._fixed += 1
            elif report.action == "refused":
                self._refused += 1
            self._by_country(report)

    def _by_country(self, report: GuardReport) -> None:
        """Pages reported and findings (audit violations and transport) by buyer country and rule."""
        country = report.buyer.country or "unknown"
        if country not in self._country_pages and len(self._country_pages) >= MAX_COUNTRY_SERIES:
            country = "other"
        self._country_pages[country] += 1
        rules = {f.id for f in report.audit.violations} if report.audit is not None else set()
        self._transport.update(f.id for f in report.transport)
        rules.update(f.id for f in report.transport)
        for rule in rules:
            key = (country, rule)
            if key not in self._country_findings and len(self._country_findings) >= MAX_COUNTRY_SERIES:
                key = ("other", rule)
            self._country_findings[key] += 1

    def snapshot(self) -> dict[str, Any]:
        """Every counter as plain numbers and dicts (JSON-ready)."""
        with self._lock:
            return {
                "requests": self._requests,
                "audited": self._audited,
                "not_audited": dict(self._not_audited),
                "skipped": dict(self._skipped),
                "pages_with_violations": self._pages_with_violations,
                "violations": dict(self._violations),
                "fixed": self._fixed,
                "refused": self._refused,
                "failures": dict(self._failures),
                "audit_seconds_total": self._audit_seconds,
                "audit_seconds_max": self._audit_seconds_max,
                "transport": dict(self._transport),
                "by_country": self._country_snapshot(),
            }

    def _country_snapshot(self) -> dict[str, dict[str, Any]]:
        countries: dict[str, dict[str, Any]] = {
            country: {"pages": pages, "findings": {}} for country, pages in sorted(self._country_pages.items())
        }
        for (country, rule), value in sorted(self._country_findings.items()):
            countries.setdefault(country, {"pages": 0, "findings": {}})["findings"][rule] = value
        return countries

    def register_prometheus(self, registry: Any = None) -> Any:
        """Expose these counters to ``prometheus_client`` (the default registry unless one is given).

        Raises ``ImportError`` with the install hint when ``prometheus-client`` is not installed.
        """
        try:
            import prometheus_client
        except ImportError as exc:  # pragma: no cover - exercised by monkeypatching sys.modules
            raise ImportError(
                "GuardStats.register_prometheus needs prometheus-client: pip install 'checkoutguard[prometheus]'"
            ) from exc
        collector = _PrometheusCollector(self)
        (registry if registry is not None else prometheus_client.REGISTRY).register(collector)
        return collector


class _PrometheusCollector:
    """Reads a snapshot at scrape time, so the request path never touches prometheus_client."""

    def __init__(self, stats: GuardStats) -> None:
        self._stats = stats

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily

        snap = self._stats.snapshot()
        simple = {
            "requests": "Requests on guarded routes",
            "audited": "Responses audited in full",
            "pages_with_violations": "Audited responses with at least one violation",
            "fixed": "Responses changed by fix mode",
            "refused": "Responses refused by enforce mode",
            "audit_seconds": "Time spent auditing",
        }
        for name, doc in simple.items():
            value = snap["audit_seconds_total"] if name == "audit_seconds" else snap[name]
            yield CounterMetricFamily(f"checkoutguard_{name}", doc, value=value)
        labelled = {
            "not_audited": ("reason", "Guarded responses not audited in full, by reason"),
            "skipped": ("reason", "Guarded responses with nothing to audit, by reason"),
            "violations": ("rule", "Violations found, by rule"),
            "failures": ("stage", "Exceptions inside the guard (the response went out unchanged), by stage"),
        }
        for name, (label, doc) in labelled.items():
            family = CounterMetricFamily(f"checkoutguard_{name}", doc, labels=[label])
            for key, value in sorted(snap[name].items()):
                family.add_metric([key], value)
            yield family
        yield from _by_country_families(snap)


def _by_country_families(snap: dict[str, Any]) -> Iterator[Any]:
    from prometheus_client.core import CounterMetricFamily

    transport = CounterMetricFamily(
        "checkoutguard_transport_findings",
        "Transport-trust findings (HTTPS, mixed content, HSTS, CSP), by rule",
        labels=["rule"],
    )
    for rule, value in sorted(snap["transport"].items()):
        transport.add_metric([rule], value)
    yield transport
    pages = CounterMetricFamily(
        "checkoutguard_country_pages", "Guarded responses reported, by buyer country", labels=["country"]
    )
    findings = CounterMetricFamily(
        "checkoutguard_country_findings",
        "Responses with a finding (audit violation or transport), by buyer country and rule",
        labels=["country", "rule"],
    )
    for country, entry in snap["by_country"].items():
        pages.add_metric([country], entry["pages"])
        for rule, value in entry["findings"].items():
            findings.add_metric([country, rule], value)
    yield pages
    yield findings
