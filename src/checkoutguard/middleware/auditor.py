"""Runs the core's ``audit()`` on a response body, inline or on a worker thread, whichever delays less.

The audit is CPU-bound Python (~0.5-1.5 ms per 100 KB page, far more on dense markup). Two effects decide
where it runs, both measured with ``benchmarks/bench_middleware.py``:

* In report mode the response has been handed to the server, but a 100 KB body is not yet all in the socket:
  the server writes the rest as the client reads, which needs the event loop. An inline audit holds the loop
  and so delays the end of the response it was promised not to delay (p50 several times the bare app's). On
  a thread the loop keeps flushing; so report mode audits pages above ``REPORT_INLINE_BYTES`` on a thread.
* In fix and enforce mode nothing has been sent yet. A thread still holds the GIL, and the event loop thread
  then waits up to the interpreter's switch interval (5 ms) each time it wants it back: under load a 100 KB
  page audited on a thread cost fix mode several times the latency of auditing it inline. So those modes audit
  inline up to ``INLINE_BYTES`` and use a thread only for bigger pages, which could hold the loop for tens of ms.

Threads come from our own limiter, one per event loop: audits never take the threads Starlette uses for sync
endpoints.
"""

from __future__ import annotations

import time
from typing import Final

import anyio.lowlevel
import anyio.to_thread

from checkoutguard.audit import AuditReport, Mode, audit
from checkoutguard.middleware.body import decode
from checkoutguard.middleware.state import CheckoutGuardState

__all__ = ["Auditor"]

#: Fix and enforce: up to this many raw (uncompressed) bytes the audit runs inline on the event loop.
INLINE_BYTES: Final = 256 * 1024
#: Report: a page this small is in the socket with one write, so an inline audit delays nothing.
REPORT_INLINE_BYTES: Final = 16 * 1024
_THREADS: Final = 1
_limiter: anyio.lowlevel.RunVar[anyio.CapacityLimiter] = anyio.lowlevel.RunVar("checkoutguard_audit_limiter")


def _get_limiter() -> anyio.CapacityLimiter:
    try:
        return _limiter.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(_THREADS)
        _limiter.set(limiter)
        return limiter


class Auditor:
    """``run(raw, encoding, content_type, state)`` → (report, CPU seconds the audit took)."""

    def __init__(self, mode: str, fail_on: str, max_body: int) -> None:
        self.mode = Mode(mode)
        self.fail_on = fail_on
        self.max_body = max_body

    async def run(
        self, raw: bytes, encoding: str, content_type: str, state: CheckoutGuardState
    ) -> tuple[AuditReport, float]:
        limit = REPORT_INLINE_BYTES if self.mode is Mode.REPORT else INLINE_BYTES
        if len(raw) <= limit and encoding == "identity":
            return self.audit(raw, encoding, content_type, state)
        return await anyio.to_thread.run_sync(self.audit, raw, encoding, content_type, state, limiter=_get_limiter())

    def audit(
        self, raw: bytes, encoding: str, content_type: str, state: CheckoutGuardState
    ) -> tuple[AuditReport, float]:
        started = time.thread_time()
        page = decode(raw, encoding, self.max_body)
        context = state.context
        assert context.country is not None
        report = audit(
            page,
            country=context.country,
            subdivision=context.subdivision,
            buyer_type=context.buyer_type,
            content_type=content_type or None,
            landed_cost=state.last_quote.to_dict() if state.last_quote is not None else None,
            mode=self.mode,
            fail_on=self.fail_on,
        )
        return report, time.thread_time() - started
