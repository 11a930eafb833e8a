"""Following a checkout journey in the guard: the ``journey=`` option of ``CheckoutGuardMiddleware``.

After a guarded page is audited, the follower finds the page's journey by the merchant's key
(``"cookie:<name>"``, ``"header:<name>"``, or a callable of the ``Request`` returning a key or None),
recognises the step (``journey_steps`` route map, then the page's ``data-checkoutguard-step`` or document
``step``, then the URL), stores what the page showed in the journey store and judges the journey so far.
The ``JourneyReport`` goes on the ``GuardReport`` (``report.journey``). Like the rest of the guard it
fails open: no key, no step, a store that does not answer or any error leaves the report as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from starlette.requests import Request, cookie_parser
from starlette.types import Scope

from checkoutguard.audit.model import STEPS
from checkoutguard.errors import InvalidInput
from checkoutguard.journey import judge, observe, recognise_step
from checkoutguard.journey.stores import MAX_KEY_BYTES, JourneyStore, MemoryJourneyStore

__all__ = ["JourneyFollower", "JourneyKey", "JourneyStore"]

if TYPE_CHECKING:
    from checkoutguard.middleware.reports import GuardReport, Reporter

#: A key source: "cookie:<name>", "header:<name>", or a callable of the request.
JourneyKey = str | Callable[[Request], str | None]
_SOURCES: Final = ("cookie", "header")


def _key_reader(spec: JourneyKey) -> Callable[[Scope], str | None]:
    if callable(spec):
        return lambda scope: spec(Request(scope))
    source, _, name = spec.partition(":") if isinstance(spec, str) else ("", "", "")
    name = name.strip().lower() if source == "header" else name.strip()
    if source not in _SOURCES or not name:
        raise InvalidInput(
            f"{spec!r} names no journey key", path="journey", accepted='"cookie:<name>", "header:<name>" or a callable'
        )
    wanted = b"cookie" if source == "cookie" else name.encode("latin-1")

    def read(scope: Scope) -> str | None:
        for key, value in scope.get("headers") or ():
            if key.lower() == wanted:
                text = value.decode("latin-1")
                return cookie_parser(text).get(name) if source == "cookie" else text.strip()
        return None

    return read


class JourneyFollower:
    """The journey part of one guard: how to find a journey, where to keep it, how to name steps."""

    def __init__(
        self,
        key: JourneyKey,
        store: JourneyStore | None = None,
        *,
        routes: Mapping[str, str] | None = None,
        steps: Sequence[str] = STEPS,
    ) -> None:
        self.read_key = _key_reader(key)
        self.store: JourneyStore = store if store is not None else MemoryJourneyStore()
        self.routes = dict(routes or {})
        self.steps = tuple(steps)
        unknown = sorted(set(self.routes.values()) - set(self.steps))
        if unknown:
            raise InvalidInput(f"steps {unknown} are not in {list(self.steps)}", path="journey_steps")

    def step_of(self, scope: Scope, declared: str | None) -> str | None:
        route = scope.get("route")
        name = getattr(route, "name", None) or getattr(scope.get("endpoint"), "__name__", None)
        return recognise_step(
            path=scope.get("path", ""), declared=declared, route_name=name, routes=self.routes, order=self.steps
        )

    async def follow(self, scope: Scope, report: GuardReport, reporter: Reporter) -> GuardReport:
        """``report`` with the journey's judgement added; ``report`` itself when there is nothing to judge."""
        try:
            audit = report.audit
            country = report.buyer.country
            if audit is None or country is None:
                return report
            key = self.read_key(scope)
            if not key or len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
                return report  # no journey, or a forged key longer than any session id: not followed
            step = self.step_of(scope, audit.document.step)
            if step is None:
                return report
            journey = await self.store.add(key, observe(audit.document, step))
            on = date.fromisoformat(str(audit.buyer.get("date"))) if audit.buyer.get("date") else None
            verdict = judge(journey, country=country, subdivision=report.buyer.subdivision, on=on, steps=self.steps)
            return dataclasses.replace(report, journey=verdict)
        except Exception as exc:
            reporter.failure("journey", exc)
            return report
