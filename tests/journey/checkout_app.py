"""The multi-step checkout the journey tests guard: the same shirt in four shops.

``/bad/checkout/<step>``     a 2.50 service fee appears only on the review page (drip pricing)
``/good/checkout/<step>``    the same fee on every page from the cart on
``/extras/checkout/<step>``  no fee; ``?insurance=1`` is the buyer ticking parcel insurance (4.99)
``/plain/checkout/<word>``   the bad shop's pages without a step mark: the URL says the step
                             (``basket``, ``delivery``, ``confirm``)
``/doc/checkout/<step>``     the bad shop as JSON checkout documents with their ``step``

Pages depend only on the URL, so any number of server processes serve the same shop. The guard follows
journeys by the ``sid`` cookie. ``/_reports?count=N`` (not guarded) answers, once N guarded pages have
been reported, the journey judgement of each, for tests that run the shop in another process.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from checkoutguard.journey.stores import JourneyStore
from checkoutguard.middleware import CheckoutGuardMiddleware, GuardReport
from journey.builders import page

STEPS = ("cart", "shipping", "payment", "review")
WORDS = {"basket": "cart", "delivery": "shipping", "pay": "payment", "confirm": "review"}
SHIRT = ("goods", "Organic cotton shirt", "40.00")
FEE = ("fee", "Service fee", "2.50")
INSURANCE = ("add_on", "Parcel insurance", "4.99")
_TICKED = (
    '<p><input type="checkbox" name="insurance" checked data-checkoutguard-addon="insurance" '
    'data-checkoutguard-price="4.99" data-checkoutguard-chosen="true"> Parcel insurance (+ £4.99)</p>'
)


def rows(shop: str, step: str, insurance: bool) -> list[tuple[str, str, str]]:
    result = [SHIRT]
    if shop == "good" or (shop in ("bad", "plain", "doc") and step == "review"):
        result.append(FEE)
    if shop == "extras" and insurance and STEPS.index(step) >= STEPS.index("shipping"):
        result.append(INSURANCE)
    return result


async def checkout(request: Request) -> Response:
    shop, word = request.path_params["shop"], request.path_params["step"]
    step = WORDS.get(word, word) if shop == "plain" else word
    if step not in STEPS:
        return Response("no such step", status_code=404)
    insurance = request.query_params.get("insurance") == "1"
    lines = rows(shop, step, insurance)
    if shop == "doc":
        document = {
            "currency": "GBP",
            "step": step,
            "lines": [{"kind": k, "label": label, "amount": a} for k, label, a in lines],
            "total": {"amount": "42.50" if FEE in lines else "40.00"},
        }
        return Response(json.dumps(document), media_type="application/json")
    extra = _TICKED if INSURANCE in lines else ""
    return Response(page(None if shop == "plain" else step, lines, extra=extra), media_type="text/html")


class Collector:
    """``on_report`` for a server: keeps each guarded page's path and journey judgement."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._changed: asyncio.Condition | None = None

    async def __call__(self, report: GuardReport) -> None:
        journey = report.journey.to_dict() if report.journey is not None else None
        self.items.append({"path": report.path, "audited": report.audited, "journey": journey})
        if self._changed is None:
            self._changed = asyncio.Condition()
        async with self._changed:
            self._changed.notify_all()

    async def wait(self, count: int, timeout: float = 20) -> list[dict[str, Any]]:
        if self._changed is None:
            self._changed = asyncio.Condition()
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.items) >= count), timeout)
        return list(self.items)


def build_app(store: JourneyStore | None = None, on_report: Any = None) -> tuple[Any, Collector]:
    collector = Collector()

    async def reports(request: Request) -> Response:
        count = int(request.query_params.get("count", "0"))
        return JSONResponse(await collector.wait(count))

    async def report(item: GuardReport) -> None:
        await collector(item)
        if on_report is not None:
            on_report(item)

    app = Starlette(routes=[Route("/{shop}/checkout/{step}", checkout, name="checkout"), Route("/_reports", reports)])
    guarded = CheckoutGuardMiddleware(
        app,
        paths=["/*/checkout/*"],
        mode="report",
        on_report=report,
        default_country="GB",
        journey="cookie:sid",
        journey_store=store,
    )
    return guarded, collector
