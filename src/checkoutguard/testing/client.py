"""The test client behind the ``guarded_client`` fixture: the merchant's app behind the guard in enforce mode.

Starlette's ``TestClient`` rather than ``httpx.ASGITransport``: it is synchronous, so a merchant's plain
``def test_...`` can use it with no event-loop plugin, it runs the app's lifespan, and it needs no server.
Every guarded response's ``GuardReport`` is collected; a refusal (a page that violates a rule) or a guarded
page the guard could not fully read fails the test at once, naming each rule, law and node.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn, Protocol

from starlette.testclient import TestClient
from starlette.types import ASGIApp

from checkoutguard.middleware import CheckoutGuardMiddleware, GuardReport
from checkoutguard.testing.assertions import describe

__all__ = ["GuardedClient"]

#: The geo headers the client sends and the guard is told to trust, so the buyer is who the test says.
_GEO = "cloudflare"


class _Response(Protocol):
    def read(self) -> bytes: ...


class GuardedClient(TestClient):
    """A ``TestClient`` for ``app`` behind ``CheckoutGuardMiddleware(mode="enforce")``; ``reports`` holds every
    guarded response's report, ``fail`` is how a violation ends the test (``pytest.fail`` in the plugin)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        country: str | None,
        subdivision: str | None = None,
        fail_on: str = "moderate",
        paths: Sequence[str] = ("/checkout*",),
        fail: Callable[[str], NoReturn],
        **guard_options: Any,
    ) -> None:
        self.reports: list[GuardReport] = []
        self._unchecked = 0
        self._fail = fail
        headers = {}
        if country:
            headers["cf-ipcountry"] = country
            if subdivision:
                headers["cf-region-code"] = subdivision.split("-", 1)[1]
        self.guard = CheckoutGuardMiddleware(
            app,
            paths=list(paths),
            mode="enforce",
            fail_on=fail_on,
            trust_geo=[_GEO],
            default_country=country,
            on_report=self.reports.append,
            **guard_options,
        )
        super().__init__(self.guard, headers=headers)
        self.event_hooks["response"].append(self._judge)

    def _judge(self, response: _Response) -> None:
        __tracebackhide__ = True  # the failure is the page's, not the client's
        response.read()  # the whole body: the app has returned and the guard has reported by then
        fresh, self._unchecked = self.reports[self._unchecked :], len(self.reports)
        for report in fresh:
            where = f"{report.method} {report.path}"
            buyer = report.buyer.subdivision or report.buyer.country or "an unknown country"
            if report.action == "refused" and report.audit is not None:
                self._fail(
                    f"checkoutguard refused {where} for a buyer in {buyer} (enforce, fail_on="
                    f"{report.audit.fail_on}):\n{describe(report.audit.failing)}"
                )
            if not report.audited:
                detail = f": {report.detail}" if report.detail else ""
                hint = (
                    " (mark the test @pytest.mark.checkoutguard(country=...))" if report.reason == "no-country" else ""
                )
                self._fail(f"checkoutguard could not audit {where} ({report.reason}{detail}){hint}")
