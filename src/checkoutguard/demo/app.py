"""The demo storefront: a shop, a cart and a checkout, with ``CheckoutGuardMiddleware`` in front of the checkout.

Routes: ``/`` (products and the cart, priced all-in for the destination), ``POST /cart``, ``/checkout``
(redirects to a fresh view ``/checkout/<view>``), ``/checkout/<view>`` (the guarded page), ``/guard/<view>``
(what the guard reported for that view: an HTML panel, or JSON by ``Accept``), ``/healthz`` and ``/static``.
Query parameters: ``country`` (a destination), ``bad=1`` (the deliberately bad checkout), ``guard`` (report,
fix or enforce: which mounted guard serves the request).

The guards also follow each buyer's journey (docs/journey.md): the shop page is the cart step, the
checkout the review step, so the bad checkout's late service fee is a ``journey-drip-pricing`` finding
naming both steps. A journey is keyed by the demo's session cookie and the buyer's destination.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp

from checkoutguard.demo import cart as carts
from checkoutguard.demo.catalog import DEFAULT_DESTINATION, DESTINATIONS, PRODUCTS, SHOP, Destination
from checkoutguard.demo.formatting import money, percent
from checkoutguard.demo.pricing import AUDIT_PAYMENT_KIND, Choices, Priced, price
from checkoutguard.demo.reports import ReportStore
from checkoutguard.demo.switch import GUARD_MODES, GuardModeSwitch
from checkoutguard.errors import InvalidInput
from checkoutguard.journey.stores import MemoryJourneyStore
from checkoutguard.middleware import CheckoutGuardMiddleware, CheckoutGuardState
from checkoutguard.payments import MethodSelection

__all__ = ["COUNTRY_COOKIE", "SESSION_COOKIE", "create_app", "create_storefront", "journey_key"]

COUNTRY_COOKIE: Final = "cg_country"
#: The buyer's journey id: a random token, not the cart cookie (that one changes with the cart and two
#: buyers with the same cart would share it).
SESSION_COOKIE: Final = "cg_demo_session"
_SESSION: Final = re.compile(r"[A-Za-z0-9_-]{22}")
_VIEW: Final = re.compile(r"[A-Za-z0-9_-]{8,32}")
_MAX_FORM: Final = 2048
_STEPS: Final = "cart review"
_TEMPLATES: Final = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.PackageLoader("checkoutguard.demo", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
)


def _flag(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "0")
    if value not in ("0", "1"):
        raise InvalidInput(f"{value[:20]!r} is not 0 or 1", path=name, accepted="0 or 1")
    return value == "1"


def _destination(request: Request) -> Destination:
    """The query's ``country`` (refused when unknown), else the guard's buyer context, else the cookie."""
    asked = request.query_params.get("country")
    if asked is not None:
        if asked.upper() not in DESTINATIONS:
            raise InvalidInput(
                f"the demo does not ship to {asked[:20]!r}", path="country", accepted=", ".join(DESTINATIONS)
            )
        return DESTINATIONS[asked.upper()]
    guard = getattr(request.state, "checkoutguard", None)
    if guard is not None and guard.country in DESTINATIONS:
        return DESTINATIONS[guard.country]
    return DESTINATIONS.get(request.cookies.get(COUNTRY_COOKIE, ""), DESTINATIONS[DEFAULT_DESTINATION])


def _guard(params: Mapping[str, str]) -> str:
    mode = params.get("guard", "report")
    if mode not in GUARD_MODES:
        raise InvalidInput(f"guard mode {mode[:20]!r} is unknown", path="guard", accepted=", ".join(GUARD_MODES))
    return mode


def _link(path: str, **params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)})
    return f"{path}?{query}" if query else path


def _choices(params: Mapping[str, str], *, bad: bool) -> Choices:
    if params.get("submitted") != "1":
        return Choices.defaults(bad=bad)
    payment = params.get("payment") or None
    return Choices(
        newsletter=params.get("newsletter") == "on",
        insurance=params.get("insurance") == "on",
        payment=payment,
        own=True,
    )


def _rows(priced: Priced, destination: Destination, *, bad: bool) -> list[dict[str, Any]]:
    """The summary lines as the template shows and annotates them for the audit."""
    rows = []
    for line in priced.quote.lines:
        # The bad shop's fees show up only here, on the last step; everything else was on the cart page.
        late = bad and line.type == "fee"
        rows.append(
            {
                "kind": priced.line_kind(line),
                "label": line.label,
                "amount": line.amount,
                "text": money(line.amount, line.currency, destination.locale),
                "payable": line.payable,
                "rate": percent(line.rate, destination.locale) if line.rate is not None else None,
                "base": money(line.base, line.currency, destination.locale) if line.base is not None else None,
                "rule": line.rule,
                "source": line.source,
                "explanation": line.explanation,
                "estimated": line.estimated,
                "first_step": "review" if late else "cart",
            }
        )
    return rows


def journey_key(request: Request) -> str | None:
    """The guard's journey key: the session token and the buyer's country. Another destination is another
    journey (other currency, other law: its amounts cannot be compared); a forged token is not followed.
    The guard reads the key after the page is rendered, so a first page's fresh token counts already."""
    session = request.cookies.get(SESSION_COOKIE, "")
    if not _SESSION.fullmatch(session):
        session = str(getattr(request.state, "demo_session", ""))
    state: CheckoutGuardState | None = getattr(request.state, "checkoutguard", None)
    if not _SESSION.fullmatch(session) or state is None or state.country is None:
        return None
    return f"{session}:{state.country}"


def _with_session(request: Request, response: Response) -> Response:
    """Give a buyer without a (well-formed) session token a fresh one, so the guard can follow the journey
    from this page on (``request.state`` is where ``journey_key`` finds it before the browser sends it)."""
    if not _SESSION.fullmatch(request.cookies.get(SESSION_COOKIE, "")):
        request.state.demo_session = token = secrets.token_urlsafe(16)
        response.set_cookie(SESSION_COOKIE, token, samesite="lax", httponly=True)
    return response


def _helpers(state: CheckoutGuardState | None) -> dict[str, Any]:
    """The guard's ``quote`` / ``payment_methods`` for this buyer, so the guard audits against our quote."""
    if state is None:
        return {}

    def methods(amount: Decimal, currency: str) -> MethodSelection:
        return state.payment_methods(amount, currency=currency)

    return {"quote_with": state.quote, "methods_with": methods}


class Storefront:
    """The storefront's handlers; one instance per app, sharing the report store with the guard's callback."""

    def __init__(self, store: ReportStore, *, report_timeout: float, today: Callable[[], date]) -> None:  # float-ok
        self.store = store
        self.report_timeout = report_timeout
        self.today = today

    def _cart(self, request: Request) -> dict[str, int]:
        return carts.parse_cart(request.cookies.get(carts.COOKIE))

    async def shop(self, request: Request) -> Response:
        params = request.query_params
        bad = _flag(params, "bad")
        destination = _destination(request)
        cart = self._cart(request)
        priced = None
        if cart:
            # The cart step shows the all-in price; the bad shop keeps its service fee for the last step.
            priced = price(cart, destination, Choices(), bad=False, on=self.today())
        context = {
            "page": "shop",
            "shop": SHOP,
            "products": list(PRODUCTS.values()),
            "cart": [(PRODUCTS[pid], count) for pid, count in cart.items()],
            "destination": destination,
            "destinations": list(DESTINATIONS.values()),
            "priced": priced,
            "rows": _rows(priced, destination, bad=False) if priced else [],
            "bad": bad,
            "money": money,
            "checkout_url": _link("/checkout", country=destination.country, bad="1" if bad else None),
            "home_url": _link("/", country=destination.country, bad="1" if bad else None),
        }
        response = _TEMPLATES.TemplateResponse(request, "shop.html", context)
        response.set_cookie(COUNTRY_COOKIE, destination.country, samesite="lax", httponly=True)
        return _with_session(request, response)

    async def change_cart(self, request: Request) -> Response:
        body = await _bounded_body(request)
        fields = dict(parse_qsl(body.decode("utf-8", "replace"), max_num_fields=8))
        cart = carts.change(self._cart(request), fields.get("product", ""), fields.get("action", ""))
        back = fields.get("back", "/")
        if not back.startswith("/") or back.startswith("//"):
            raise InvalidInput("must be a path on this site", path="back", accepted="a path starting with /")
        response = RedirectResponse(back, status_code=303)
        response.set_cookie(carts.COOKIE, carts.format_cart(cart), samesite="lax", httponly=True)
        return response

    async def new_view(self, request: Request) -> Response:
        view = secrets.token_urlsafe(9)
        query = request.url.query
        return RedirectResponse(f"/checkout/{view}" + (f"?{query}" if query else ""), status_code=303)

    async def checkout(self, request: Request) -> Response:
        view = request.path_params["view"]
        if not _VIEW.fullmatch(view):
            return PlainTextResponse("Not Found", status_code=404)
        params = request.query_params
        bad = _flag(params, "bad")
        mode = _guard(params)
        destination = _destination(request)
        cart = self._cart(request)
        choices = _choices(params, bad=bad)
        state: CheckoutGuardState | None = getattr(request.state, "checkoutguard", None)
        priced = None
        if cart:
            priced = price(cart, destination, choices, bad=bad, on=self.today(), **_helpers(state))
            ids = {m.id for m in priced.methods.methods}
            if choices.payment is not None and choices.payment not in ids:
                raise InvalidInput(
                    f"{choices.payment[:30]!r} is not offered here", path="payment", accepted=", ".join(sorted(ids))
                )
        self.store.expect(view)
        keep = {"country": destination.country, "bad": "1" if bad else None}
        context = {
            "page": "checkout",
            "shop": SHOP,
            "view": view,
            "mode": mode,
            "modes": GUARD_MODES,
            "bad": bad,
            "choices": choices,
            "destination": destination,
            "destinations": list(DESTINATIONS.values()),
            "cart": [(PRODUCTS[pid], count) for pid, count in cart.items()],
            "priced": priced,
            "rows": _rows(priced, destination, bad=bad) if priced else [],
            "payment_kinds": AUDIT_PAYMENT_KIND,
            "steps": _STEPS,
            "money": money,
            "percent": percent,
            "buyer": state.context.to_dict() if state is not None else None,
            "honest_url": _link(f"/checkout/{view}", country=destination.country, guard=mode),
            "bad_url": _link(f"/checkout/{view}", country=destination.country, bad="1", guard=mode),
            "mode_urls": {m: _link(f"/checkout/{view}", guard=m, **keep) for m in GUARD_MODES},
            "home_url": _link("/", **keep),
            "report_url": f"/guard/{view}",
        }
        response = _TEMPLATES.TemplateResponse(request, "checkout.html", context)
        response.set_cookie(COUNTRY_COOKIE, destination.country, samesite="lax", httponly=True)
        return _with_session(request, response)

    async def report(self, request: Request) -> Response:
        view = request.path_params["view"]
        if not _VIEW.fullmatch(view) or not self.store.known(view):
            return _problem(404, "No such page view", "This view was never served or has been forgotten.", "view")
        found = await self.store.wait(view, self.report_timeout)
        if found is None:
            return _problem(504, "No report yet", "The guard has not reported on this view in time.", "view")
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(found.to_dict())
        context = {"report": found, "audit": found.audit}
        if request.query_params.get("page") == "1":  # the no-JavaScript link: a whole page, not the panel's fragment
            context |= {"shop": SHOP, "home_url": "/", "back_url": found.path}
            return _TEMPLATES.TemplateResponse(request, "report_page.html", context)
        return _TEMPLATES.TemplateResponse(request, "panel.html", context)

    async def healthz(self, request: Request) -> Response:
        return PlainTextResponse("ok")


async def _bounded_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _MAX_FORM:
            raise InvalidInput(
                f"the form is over {_MAX_FORM} bytes", path="body", accepted=f"at most {_MAX_FORM} bytes"
            )
    return body


def _problem(status: int, title: str, detail: str, field: str) -> Response:
    """RFC 9457 problem details, naming the field at fault."""
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "field": field},
        status_code=status,
        media_type="application/problem+json",
    )


async def _bad_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidInput)
    response: Response
    if "text/html" in request.headers.get("accept", ""):
        context = {"status": 400, "field": exc.path, "message": exc.message, "accepted": exc.accepted}
        response = _TEMPLATES.TemplateResponse(request, "error.html", context, status_code=400)
    else:
        response = _problem(400, "Bad input", str(exc), exc.path)
    if exc.path == carts.COOKIE:
        response.delete_cookie(carts.COOKIE)  # a cart cookie the demo cannot read is dropped, not kept forever
    return response


def create_storefront(
    store: ReportStore,
    *,
    report_timeout: float = 10.0,  # float-ok: seconds
    today: Callable[[], date] = date.today,
) -> Starlette:
    """The storefront alone, unguarded (``create_app`` puts the guards in front of it)."""
    front = Storefront(store, report_timeout=report_timeout, today=today)
    routes = [
        Route("/", front.shop),
        Route("/cart", front.change_cart, methods=["POST"]),
        Route("/checkout", front.new_view),
        Route("/checkout/{view}", front.checkout),
        Route("/guard/{view}", front.report),
        Route("/healthz", front.healthz),
        Mount("/static", StaticFiles(packages=[("checkoutguard.demo", "static")]), name="static"),
    ]
    handlers: dict[Any, Any] = {InvalidInput: _bad_input}
    return Starlette(routes=routes, exception_handlers=handlers)


def create_app(*, report_timeout: float = 10.0, today: Callable[[], date] = date.today) -> ASGIApp:  # float-ok
    """The demo as served by ``checkoutguard demo``: the storefront behind one guard per mode, all three
    following journeys in one store (a buyer may switch modes mid-checkout). The shop is served by the
    fix-mode guard, which records it before it leaves (a report-mode guard records after sending)."""
    store = ReportStore()
    journeys = MemoryJourneyStore()
    storefront = create_storefront(store, report_timeout=report_timeout, today=today)

    def on_report(report: Any) -> None:
        view = report.path.rpartition("/")[2]
        if report.path.startswith("/checkout/") and _VIEW.fullmatch(view):
            store.put(view, report)

    guards: dict[str, ASGIApp] = {
        mode: CheckoutGuardMiddleware(
            storefront,
            paths=["/", "/checkout/*"],
            mode=mode,
            on_report=on_report,
            country_query="country",
            country_cookie=COUNTRY_COOKIE,
            default_country=DEFAULT_DESTINATION,
            journey=journey_key,
            journey_store=journeys,
        )
        for mode in GUARD_MODES
    }
    return GuardModeSwitch(guards, by_path={"/": "fix"})
