"""The middleware's journey options: key sources, bad options refused by name, and failing open."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from checkoutguard.errors import InvalidInput
from checkoutguard.journey.stores import MemoryJourneyStore, RedisJourneyStore
from checkoutguard.middleware import CheckoutGuardMiddleware
from checkoutguard.middleware.journey import JourneyFollower
from journey.builders import page
from journey.servers import free_port, serve_in_thread
from middleware.servers import Reports

CART = page("cart", [("goods", "Shirt", "40.00")])
REVIEW = page("review", [("goods", "Shirt", "40.00"), ("fee", "Service fee", "2.50")])


async def step(request: Request) -> HTMLResponse:
    return HTMLResponse(REVIEW if request.path_params["name"] == "review" else CART)


def app() -> Starlette:
    return Starlette(routes=[Route("/checkout/{name}", step)])


def scope(headers: list[tuple[bytes, bytes]]) -> dict[str, object]:
    return {"type": "http", "method": "GET", "path": "/checkout/cart", "headers": headers, "query_string": b""}


def test_keys_come_from_a_cookie_a_header_or_a_callable_of_the_request() -> None:
    headers = [(b"cookie", b"theme=dark; sid=abc"), (b"X-Cart-Id", b" cart-9 ")]
    assert JourneyFollower("cookie:sid").read_key(scope(headers)) == "abc"
    assert JourneyFollower("header:X-Cart-Id").read_key(scope(headers)) == "cart-9"
    assert JourneyFollower("cookie:missing").read_key(scope(headers)) is None
    follower = JourneyFollower(lambda request: request.cookies.get("theme"))
    assert follower.read_key(scope(headers)) == "dark"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"journey": "session"}, "journey"),
        ({"journey": "cookie:"}, "journey"),
        ({"journey": "query:sid"}, "journey"),
        ({"journey": "cookie:sid", "journey_steps": {"/checkout/x": "upsell"}}, "journey_steps"),
    ],
)
def test_bad_journey_options_are_refused_naming_the_option(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        CheckoutGuardMiddleware(app(), **kwargs)  # type: ignore[arg-type]
    assert caught.value.path == field


@pytest.mark.server
def test_a_store_that_does_not_answer_leaves_pages_and_reports_as_without_journeys(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reports = Reports()
    dead = RedisJourneyStore(f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
    guard = CheckoutGuardMiddleware(
        app(), paths=["/checkout/*"], default_country="GB", on_report=reports, journey="cookie:sid", journey_store=dead
    )
    with caplog.at_level(logging.ERROR, "checkoutguard.middleware"), serve_in_thread(guard) as url:
        with httpx.Client(timeout=30) as client:
            for name in ("cart", "review"):
                response = client.get(f"{url}/checkout/{name}", headers={"cookie": "sid=buyer"})
                assert response.status_code == 200 and response.text == (REVIEW if name == "review" else CART)
        found = reports.wait(2)
    assert all(r.journey is None and r.audit is not None for r in found)
    assert guard.stats()["failures"] == {"journey": 2}
    assert "JourneyStoreError" in caplog.text


@pytest.mark.server
def test_a_key_longer_than_any_session_id_is_not_followed() -> None:
    reports = Reports()
    store = MemoryJourneyStore()
    guard = CheckoutGuardMiddleware(
        app(), paths=["/checkout/*"], default_country="GB", on_report=reports, journey="cookie:sid", journey_store=store
    )
    with serve_in_thread(guard) as url, httpx.Client(timeout=30) as client:
        client.get(f"{url}/checkout/cart", headers={"cookie": "sid=" + "x" * 5000})
        client.get(f"{url}/checkout/cart", headers={"cookie": "sid=short"})
        found = reports.wait(2)
    assert found[0].journey is None and found[1].journey is not None and len(store) == 1
    assert guard.stats()["failures"] == {}
