"""``CheckoutGuardMiddleware``: the pure-ASGI guard in front of a merchant's checkout.

On routes matching ``paths`` it resolves the buyer context before the app runs (exposed as
``request.state.checkoutguard``) and audits the HTML or JSON the app answers with, after the fact
(``report``), or before it leaves (``fix``, ``enforce``). Every other request goes straight to the app.
Pure ASGI because ``BaseHTTPMiddleware`` costs 0.29× of bare throughput; no exception raised inside the
guard ever reaches the response (see ``docs/middleware.md``).
"""

from __future__ import annotations

import fnmatch
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from starlette.types import ASGIApp, Receive, Scope, Send

from checkoutguard.audit import MAX_PAGE_BYTES
from checkoutguard.audit.rules.base import IMPACTS
from checkoutguard.errors import InvalidInput
from checkoutguard.middleware.auditor import Auditor
from checkoutguard.middleware.context import ContextResolver
from checkoutguard.middleware.journey import JourneyFollower, JourneyKey, JourneyStore
from checkoutguard.middleware.reports import GuardReport, Reporter
from checkoutguard.middleware.responder import Responder
from checkoutguard.middleware.state import CheckoutGuardState
from checkoutguard.middleware.stats import GuardStats
from checkoutguard.middleware.transport import TransportPolicy

__all__ = ["CheckoutGuardMiddleware"]

MODES: Final = ("report", "enforce", "fix")
DEFAULT_MAX_BODY: Final = 2 * 1024 * 1024
#: Report-mode audits waiting or running at once per guard; beyond it a page is reported "backlog".
DEFAULT_MAX_PENDING: Final = 64


def _paths_pattern(paths: Iterable[str]) -> re.Pattern[str]:
    globs = [paths] if isinstance(paths, str) else list(paths)
    if not globs or not all(isinstance(p, str) and p.startswith("/") for p in globs):
        raise InvalidInput(f"{globs!r} are not path globs", path="paths", accepted='globs such as "/checkout*"')
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in globs))


class CheckoutGuardMiddleware:
    """Guard the checkout routes of any ASGI app.

    ``app.add_middleware(CheckoutGuardMiddleware, paths=["/checkout*"], mode="report", on_report=callback)``
    or ``CheckoutGuardMiddleware(app, ...)``. Options are keyword-only and checked here (``InvalidInput``);
    ``docs/middleware.md`` explains each one.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        paths: Iterable[str] = ("/checkout*",),
        mode: str = "report",
        on_report: Callable[[GuardReport], Any] | None = None,
        fail_on: str = "moderate",
        max_body: int = DEFAULT_MAX_BODY,
        trust_geo: Iterable[str] = (),
        country_query: str | None = None,
        country_cookie: str | None = None,
        default_country: str | None = None,
        currency: str | None = None,
        buyer_type: str | Callable[[Scope], str] = "consumer",
        refusal_status: int = 500,
        max_pending: int = DEFAULT_MAX_PENDING,
        stats: GuardStats | None = None,
        logger: logging.Logger | None = None,
        journey: JourneyKey | None = None,
        journey_store: JourneyStore | None = None,
        journey_steps: Mapping[str, str] | None = None,
        check_transport: bool = True,
        trusted_proxies: Iterable[str] = (),
    ) -> None:
        if mode not in MODES:
            raise InvalidInput(f"mode {mode!r} is unknown", path="mode", accepted=", ".join(MODES))
        if fail_on not in IMPACTS:
            raise InvalidInput(f"impact {fail_on!r} is unknown", path="fail_on", accepted=", ".join(IMPACTS))
        if not isinstance(max_body, int) or not 0 < max_body <= MAX_PAGE_BYTES:
            raise InvalidInput(f"{max_body!r} bytes", path="max_body", accepted=f"1 to {MAX_PAGE_BYTES} bytes")
        if not isinstance(refusal_status, int) or not 400 <= refusal_status <= 599:
            raise InvalidInput(f"status {refusal_status!r}", path="refusal_status", accepted="a 4xx or 5xx status")
        if not isinstance(max_pending, int) or max_pending < 1:
            raise InvalidInput(f"{max_pending!r}", path="max_pending", accepted="a positive integer")
        if on_report is not None and not callable(on_report):
            raise InvalidInput(
                "on_report is not callable", path="on_report", accepted="a function or coroutine function"
            )
        self.app = app
        self.mode: Final = mode
        self.max_body: Final = max_body
        self.refusal_status: Final = refusal_status
        self.max_pending: Final = max_pending
        self.pending = 0
        self._paths = _paths_pattern(paths)
        self.resolver = ContextResolver(
            trust_geo=trust_geo,
            country_query=country_query,
            country_cookie=country_cookie,
            default_country=default_country,
            currency=currency,
            buyer_type=buyer_type,
        )
        self.counters: Final = stats if stats is not None else GuardStats()
        self.reporter: Final = Reporter(self.counters, on_report, logger)
        self.auditor: Final = Auditor(mode, fail_on, max_body)
        self.journeys: Final = JourneyFollower(journey, journey_store, routes=journey_steps) if journey else None
        self.transport: Final = TransportPolicy(trusted_proxies) if check_transport else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._paths.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        state = self._state(scope)
        if state is None:
            await self.app(scope, receive, send)
            return
        responder = Responder(self, scope, send, state)
        try:
            await self.app(scope, receive, responder.send)
        except Exception:
            await responder.abort()
            await responder.finish()
            raise
        await responder.finish()

    def _state(self, scope: Scope) -> CheckoutGuardState | None:
        """The request's ``CheckoutGuardState``, placed in ``scope["state"]``; None if even that failed."""
        try:
            self.counters.guarded()
            try:
                context = self.resolver.resolve(scope)
            except Exception as exc:
                self.reporter.failure("context", exc)
                context = self.resolver.fallback()
            state = CheckoutGuardState(context, self.mode)
            scope.setdefault("state", {})["checkoutguard"] = state
            return state
        except Exception as exc:
            self.reporter.failure("state", exc)
            return None

    def stats(self) -> dict[str, Any]:
        """The counters (shared with every guard built with the same ``stats=GuardStats()``)."""
        return self.counters.snapshot()
