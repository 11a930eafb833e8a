"""The demo over HTTP, on a real uvicorn server: prices, the guard's reports in each mode, and bad input.

Expected totals come from ``checkoutguard.quote()`` on order documents written out here by hand from the
shop's published catalogue, not from the demo's own order builder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

import checkoutguard
from demo.orders import JUMPER, MUG, TEE, order

pytestmark = pytest.mark.server

TOTAL = re.compile(r'id="total" data-total="([0-9.]+)" data-date="([0-9-]+)"[^>]*>([^<]+)<')
DARK_PATTERNS = {"consent-preticked", "addon-preselected", "drip-pricing", "payment-surcharge"}


@pytest.fixture
def client(demo: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo.url, timeout=30) as http:
        yield http


def checkout(client: httpx.Client, **params: str) -> tuple[str, httpx.Response]:
    """Open the checkout as a link would: /checkout redirects to a fresh view, whose page is returned."""
    first = client.get("/checkout", params=params)
    assert first.status_code == 303
    location = first.headers["location"]
    view = re.fullmatch(r"/checkout/([A-Za-z0-9_-]+)(?:\?.*)?", location)
    assert view, location
    page = client.get(location)
    assert page.status_code == 200, page.text
    return view.group(1), page


def report(client: httpx.Client, view: str) -> dict[str, Any]:
    found = client.get(f"/guard/{view}", headers={"Accept": "application/json"})
    assert found.status_code == 200, found.text
    result: dict[str, Any] = found.json()
    return result


def total(page: httpx.Response) -> tuple[Decimal, str, str]:
    found = TOTAL.search(page.text)
    assert found, "the page shows no total"
    return Decimal(found.group(1)), found.group(2), found.group(3)


def digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def checkbox(page: str, name: str) -> str:
    found = re.search(rf'<input type="checkbox" id="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def test_the_shop_lists_products_with_hs_code_and_origin(client: httpx.Client) -> None:
    page = client.get("/", params={"country": "NL"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for name, hs, origin in [("Merino wool jumper", "611011", "PT"), ("Wireless headphones", "851830", "CN")]:
        assert name in page.text
        assert f"HS {hs} · made in {origin}" in page.text
    assert client.get("/static/demo.css").status_code == 200


@pytest.mark.parametrize("country", ["NL", "BR", "US"])
def test_the_checkout_total_is_the_quote_of_the_cart(client: httpx.Client, country: str) -> None:
    _, page = checkout(client, country=country)
    amount, day, shown = total(page)
    expected = checkoutguard.quote(order(country, day, [JUMPER, MUG]))
    assert amount == expected.totals.checkout
    assert digits(shown) == digits(format(expected.totals.checkout, "f"))
    assert expected.currency in page.text  # the buyer context line names the currency the guard resolved


def test_a_cart_change_reprices_the_checkout(client: httpx.Client) -> None:
    added = client.post("/cart", data={"product": "tee", "action": "add", "back": "/?country=NL"})
    assert added.status_code == 303 and added.headers["location"] == "/?country=NL"
    removed = client.post("/cart", data={"product": "mug", "action": "remove", "back": "/"})
    assert removed.status_code == 303
    shop = client.get("/", params={"country": "NL"})
    assert "1 × Organic cotton T-shirt" in shop.text and "Stoneware mug</span>" not in shop.text
    _, page = checkout(client, country="NL")
    amount, day, _ = total(page)
    assert amount == checkoutguard.quote(order("NL", day, [JUMPER, TEE])).totals.checkout


def test_the_honest_checkout_passes_every_rule(client: httpx.Client) -> None:
    view, page = checkout(client, country="NL")
    assert "checked" not in checkbox(page.text, "newsletter")
    assert "checked" not in checkbox(page.text, "insurance")
    found = report(client, view)
    assert found["audited"] is True and found["action"] == "none"
    assert found["audit"]["violations"] == []
    assert found["audit"]["incomplete"] == []
    assert {"consent-preticked", "addon-preselected", "drip-pricing", "payment-surcharge"} <= {
        p["id"] for p in found["audit"]["passes"]
    }


def test_report_mode_serves_the_bad_page_and_names_rule_law_and_fix(client: httpx.Client) -> None:
    view, page = checkout(client, country="NL", bad="1")
    assert "checked" in checkbox(page.text, "newsletter")  # served as the shop wrote it
    assert "checked" in checkbox(page.text, "insurance")
    amount, day, _ = total(page)
    bad_order = order(
        "NL",
        day,
        [JUMPER, MUG],
        insurance={"amount": "3.99", "currency": "GBP"},
        fees=[
            {"label": "Service fee", "amount": {"amount": "2.95", "currency": "GBP"}},
            {"label": "Card payment fee", "amount": {"amount": "2.50", "currency": "GBP"}},
        ],
    )
    assert amount == checkoutguard.quote(bad_order).totals.checkout
    found = report(client, view)
    assert found["mode"] == "report" and found["action"] == "none" and found["buyer"]["country"] == "NL"
    violations = {v["id"]: v for v in found["audit"]["violations"]}
    assert set(violations) == DARK_PATTERNS
    for finding in violations.values():
        assert finding["citation"]["law"] and finding["citation"]["article"]
        assert all(node["fix"] for node in finding["nodes"])
    assert "Service fee" in str(violations["drip-pricing"]["nodes"])
    panel = client.get(f"/guard/{view}", headers={"Accept": "text/html"})
    assert panel.status_code == 200
    assert all(f'data-rule="{rule}"' in panel.text for rule in DARK_PATTERNS)
    assert "GDPR" in panel.text and "Fix:" in panel.text


def test_fix_mode_serves_the_page_corrected_by_the_guard(client: httpx.Client) -> None:
    view, page = checkout(client, country="NL", bad="1", guard="fix")
    assert "checked" not in checkbox(page.text, "newsletter")
    assert "checked" not in checkbox(page.text, "insurance")
    assert 'value="card"' in page.text and re.search(r'value="card"[^>]*checked', page.text, re.S)  # a choice stays
    found = report(client, view)
    assert found["mode"] == "fix" and found["action"] == "fixed"
    fixed = {v["id"]: [n.get("fixed") for n in v["nodes"]] for v in found["audit"]["violations"]}
    assert fixed["consent-preticked"] == [True] and fixed["addon-preselected"][0] is True


def test_enforce_mode_refuses_the_bad_page_and_serves_the_honest_one(client: httpx.Client) -> None:
    refused = client.get("/checkout", params={"country": "NL", "bad": "1", "guard": "enforce"}, follow_redirects=True)
    assert refused.status_code == 500
    assert "consent-preticked" in refused.text and 'id="checkout"' not in refused.text
    _, honest = checkout(client, country="NL", guard="enforce")
    assert "Checkout" in honest.text


def test_the_destination_can_come_from_the_guards_buyer_context(client: httpx.Client) -> None:
    _, page = checkout(client)  # no country, no cookie, no language: the guard's default_country
    assert "shipping to Netherlands" in page.text and "from default" in page.text
    with httpx.Client(base_url=str(client.base_url), headers={"Accept-Language": "pt-BR,pt;q=0.9"}) as http:
        _, brazil = checkout(http)
    assert "shipping to Brazil" in brazil.text and "from accept-language" in brazil.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"country": "NL", "guard": "loud"}, "guard"),
        ({"country": "NL", "bad": "yes"}, "bad"),
        ({"country": "NL", "submitted": "1", "payment": "bitcoin"}, "payment"),
    ],
)
def test_bad_checkout_parameters_are_a_400_naming_the_field(
    client: httpx.Client, params: dict[str, str], field: str
) -> None:
    answer = client.get("/checkout/abcdefgh12", params=params)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["field"] == field
    page = client.get("/checkout/abcdefgh12", params=params, headers={"Accept": "text/html"})
    assert page.status_code == 400 and f"<strong>{field}</strong>" in page.text


def test_a_cart_cookie_it_cannot_read_is_a_400_and_is_dropped(demo: Any) -> None:
    with httpx.Client(base_url=demo.url, cookies={"cg_demo_cart": "jumper:99"}) as http:
        answer = http.get("/")
        assert answer.status_code == 400 and answer.json()["field"] == "cg_demo_cart"
        assert 'cg_demo_cart=""' in answer.headers["set-cookie"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"product": "nope", "action": "add"}, "product"),
        ({"product": "mug", "action": "steal"}, "action"),
        ({"product": "mug", "action": "add", "back": "//evil.example/"}, "back"),
        ({"product": "mug", "action": "add", "padding": "x" * 3000}, "body"),
    ],
)
def test_bad_cart_changes_are_a_400_naming_the_field(client: httpx.Client, data: dict[str, str], field: str) -> None:
    answer = client.post("/cart", data=data)
    assert answer.status_code == 400 and answer.json()["field"] == field


def test_without_javascript_the_report_is_a_page_of_its_own(client: httpx.Client) -> None:
    view, page = checkout(client, country="NL", bad="1")
    assert f'href="/guard/{view}?page=1"' in page.text  # the <noscript> link
    whole = client.get(f"/guard/{view}", params={"page": "1"}, headers={"Accept": "text/html"})
    assert whole.status_code == 200 and whole.text.startswith("<!DOCTYPE html>")
    assert 'data-rule="consent-preticked"' in whole.text and f'href="/checkout/{view}"' in whole.text


def test_an_empty_cart_is_a_checkout_with_nothing_to_pay(demo: Any) -> None:
    with httpx.Client(base_url=demo.url, cookies={"cg_demo_cart": ""}) as http:
        view, page = checkout(http, country="NL", bad="1")
        assert "Your cart is empty" in page.text and 'id="total"' not in page.text
        found = report(http, view)
    assert found["audited"] is True and found["audit"]["violations"] == []


def test_unknown_views_are_404(client: httpx.Client) -> None:
    assert client.get("/guard/neverserved1").status_code == 404
    assert client.get("/guard/no").status_code == 404
    assert client.get("/checkout/%21%21").status_code == 404


# Journeys: the shop page is the cart step, the checkout the review step (docs/journey.md).
DRIP = "journey-drip-pricing"


def journey(found: dict[str, Any]) -> dict[str, Any]:
    followed: dict[str, Any] | None = found["journey"]
    assert followed is not None, "the guard did not follow this page's journey"
    return followed


def shop_then_checkout(http: httpx.Client, country: str, **params: str) -> tuple[str, httpx.Response]:
    """As a buyer goes: the shop with the cart (the first page starts the session), then the checkout."""
    shop = http.get("/", params={"country": country})
    assert shop.status_code == 200
    return checkout(http, country=country, **params)


@pytest.mark.parametrize("country", ["NL", "DE"])
def test_the_bad_checkout_adds_its_service_fee_only_at_the_review_step(demo: Any, country: str) -> None:
    with httpx.Client(base_url=demo.url, timeout=30) as http:
        shop = http.get("/", params={"country": country})
        assert "Service fee" not in shop.text  # the cart step shows the all-in price without it
        session = http.cookies.get("cg_demo_session")
        assert session and re.fullmatch(r"[A-Za-z0-9_-]{22}", session)
        assert "httponly" in shop.headers["set-cookie"].lower() and "samesite=lax" in shop.headers["set-cookie"].lower()
        view, page = checkout(http, country=country, bad="1")
        assert 'data-checkoutguard-label="Service fee"' in page.text  # the review step adds it
        found = report(http, view)
        panel = http.get(f"/guard/{view}", headers={"Accept": "text/html"}).text
    followed = journey(found)
    assert followed["steps"] == ["cart", "review"]
    drips = [v for v in followed["violations"] if v["id"] == DRIP]
    assert len(drips) == 1
    node = drips[0]["nodes"][0]
    assert node["data"]["steps"] == ["cart", "review"]
    assert node["data"]["label"] == "Service fee" and node["data"]["kind"] == "fee"
    assert "review" in node["failureSummary"] and "cart" in node["failureSummary"]
    assert drips[0]["citation"]["law"]
    assert set(v["id"] for v in found["audit"]["violations"]) == DARK_PATTERNS  # the page's own findings stay
    assert f'data-journey-rule="{DRIP}"' in panel and 'data-steps="cart review"' in panel
    assert "Service fee" in panel and drips[0]["citation"]["law"] in panel


def test_the_honest_checkout_has_no_journey_violation(demo: Any) -> None:
    with httpx.Client(base_url=demo.url, timeout=30) as http:
        view, _ = shop_then_checkout(http, "NL")
        found = report(http, view)
    followed = journey(found)
    assert followed["steps"] == ["cart", "review"]
    assert followed["violations"] == [] and followed["incomplete"] == []
    assert {p["id"] for p in followed["passes"]} >= {DRIP}


def test_the_bad_checkout_is_judged_by_the_buyers_law(demo: Any) -> None:
    """The United States has no federal all-in price rule for goods: the same journey is not a violation."""
    with httpx.Client(base_url=demo.url, timeout=30) as http:
        view, _ = shop_then_checkout(http, "US", bad="1")
        found = report(http, view)
    followed = journey(found)
    assert followed["violations"] == []
    assert DRIP in followed["inapplicable"]


def test_a_checkout_reached_without_the_cart_step_has_no_drip_finding(demo: Any) -> None:
    """A buyer who never saw the cart page was never shown a price without the fee."""
    with httpx.Client(base_url=demo.url, timeout=30) as http:
        first, _ = checkout(http, country="NL", bad="1")  # the first page starts the session and is followed
        assert journey(report(http, first))["steps"] == ["review"]
        session = http.cookies.get("cg_demo_session")
        view, _ = checkout(http, country="NL", bad="1")
        found = report(http, view)
        assert http.cookies.get("cg_demo_session") == session  # kept, not renewed on every page
    assert journey(found)["steps"] == ["review"]
    assert DRIP not in {v["id"] for v in journey(found)["violations"]}


def test_a_forged_session_token_is_replaced_by_a_fresh_journey(demo: Any) -> None:
    with httpx.Client(base_url=demo.url, timeout=30) as victim:
        victim.get("/", params={"country": "NL"})
        victims = victim.cookies.get("cg_demo_session") or ""
    for forged in ["x" * 2000, victims + "!", ""]:
        with httpx.Client(base_url=demo.url, timeout=30, cookies={"cg_demo_session": forged}) as http:
            view, page = checkout(http, country="NL", bad="1")
            given = [c for c in page.headers.get_list("set-cookie") if c.startswith("cg_demo_session=")]
            assert len(given) == 1, given
            token = given[0].partition("=")[2].partition(";")[0]
            assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token) and token != victims
            assert journey(report(http, view))["steps"] == ["review"]  # not the victim's cart step


def test_two_buyers_journeys_never_mix(demo: Any) -> None:
    """Two cookie jars interleaved: the honest buyer's journey never sees the bad buyer's fee."""
    with (
        httpx.Client(base_url=demo.url, timeout=30) as honest,
        httpx.Client(base_url=demo.url, timeout=30) as bad,
    ):
        assert honest.get("/", params={"country": "NL"}).status_code == 200
        assert bad.get("/", params={"country": "NL"}).status_code == 200
        assert honest.cookies.get("cg_demo_session") != bad.cookies.get("cg_demo_session")
        views = []
        for _ in range(3):
            views.append(("bad", checkout(bad, country="NL", bad="1")[0], bad))
            views.append(("honest", checkout(honest, country="NL")[0], honest))
        for who, view, http in views:
            followed = journey(report(http, view))
            ids = {v["id"] for v in followed["violations"]}
            assert followed["steps"] == ["cart", "review"], (who, followed["steps"])
            if who == "bad":
                assert DRIP in ids
            else:
                assert ids == set(), followed["violations"]
