"""The checkout guard for ASGI apps (Starlette, FastAPI, any ASGI framework).

>>> from checkoutguard.middleware import CheckoutGuardMiddleware
>>> app.add_middleware(CheckoutGuardMiddleware, paths=["/checkout*"], mode="report", on_report=print)  # doctest: +SKIP

See ``docs/middleware.md`` for every option, the headers it trusts and the three modes.
"""

from __future__ import annotations

from checkoutguard.middleware.context import CDN_HEADERS, BuyerContext
from checkoutguard.middleware.guard import CheckoutGuardMiddleware
from checkoutguard.middleware.refusal import PROBLEM_TYPE
from checkoutguard.middleware.reports import GuardReport
from checkoutguard.middleware.state import CheckoutGuardState
from checkoutguard.middleware.stats import GuardStats
from checkoutguard.middleware.transport import TransportFinding

__all__ = [
    "CDN_HEADERS",
    "PROBLEM_TYPE",
    "BuyerContext",
    "CheckoutGuardMiddleware",
    "CheckoutGuardState",
    "GuardReport",
    "GuardStats",
    "TransportFinding",
]
