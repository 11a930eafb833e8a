"""Runs the core's ``audit()`` on a response body, on a worker thread when the page is big enough to
hold up the event loop (the audit is CPU-bound Python: ~0.5 ms per 100 KB warm, far more on dense markup).

The threads come from a per-event-loop limiter of our own, so audits never take the worker threads
Starlette uses for sync endpoints, and at most two run at once.
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

#: Below this many raw bytes the audit runs inline: a thread hand-off would cost more than it saves.
INLINE_BYTES: Final = 32 * 1024
_THREADS: Final = 2
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
        if len(raw) <= INLINE_BYTES and encoding == "identity":
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
