"""The guard follows journeys on a real uvicorn server: drip pricing across steps, buyer choices, two
buyers at once, and the Redis store shared by two server processes giving the in-memory store's results."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import pytest

from checkoutguard.journey import DRIP, TOTAL
from checkoutguard.middleware import GuardReport
from journey.checkout_app import build_app
from journey.servers import serve_in_process, serve_in_thread
from middleware.servers import Reports

pytestmark = pytest.mark.server

WALK = ("cart", "shipping", "payment", "review")


@pytest.fixture
def shop() -> Iterator[tuple[str, Reports]]:
    reports = Reports()
    app, _ = build_app(on_report=reports)
    with serve_in_thread(app) as url:
        yield url, reports


def walk(client: httpx.Client, base: str, buyer: str, paths: Sequence[str], reports: Reports | None = None) -> None:
    """GET each page as ``buyer``. With ``reports``, wait for each page's report before the next request,
    as a buyer reads a page before going on: in report mode the guard records a page after sending it."""
    for path in paths:
        before = len(reports.items) if reports is not None else 0
        response = client.get(f"{base}{path}", headers={"cookie": f"sid={buyer}; theme=dark"})
        assert response.status_code == 200, response.text
        if reports is not None:
            reports.wait(before + 1)


def walk_remote(client: httpx.Client, base: str, buyer: str, path: str) -> None:
    """GET a page of a server in another process and wait until it has reported it (``/_reports``)."""
    count = len(client.get(f"{base}/_reports").json())
    walk(client, base, buyer, [path])
    client.get(f"{base}/_reports", params={"count": count + 1})


def journey_of(report: GuardReport) -> Any:
    assert report.journey is not None, report
    return report.journey


def violations(report: GuardReport) -> dict[str, list[str]]:
    return {f.id: f.nodes[0].data["steps"] for f in journey_of(report).violations}


def test_a_fee_added_only_on_the_review_step_is_reported_with_both_steps(shop: tuple[str, Reports]) -> None:
    url, reports = shop
    with httpx.Client(timeout=30) as client:
        walk(client, url, "buyer-1", [f"/bad/checkout/{step}" for step in WALK], reports)
    found = reports.wait(4)
    assert [r.path for r in found] == [f"/bad/checkout/{step}" for step in WALK]
    assert all(violations(r) == {} for r in found[:3])
    review = found[3]
    assert violations(review) == {DRIP: ["cart", "review"], TOTAL: ["cart", "review"]}
    assert journey_of(review).steps == WALK
    drip = next(f for f in journey_of(review).violations if f.id == DRIP)
    assert drip.citation.law == "Digital Markets, Competition and Consumers Act 2024"
    assert "'Service fee' (2.50 GBP) first appears at the review step" in drip.nodes[0].message
    assert review.to_dict()["journey"]["violations"][0]["id"] == DRIP
    assert "journey cart/shipping/payment/review: journey-drip-pricing" in review.summary()


def test_the_same_fee_shown_from_the_cart_step_on_is_not_reported(shop: tuple[str, Reports]) -> None:
    url, reports = shop
    with httpx.Client(timeout=30) as client:
        walk(client, url, "buyer-2", [f"/good/checkout/{step}" for step in WALK], reports)
    review = reports.wait(4)[3]
    assert violations(review) == {}
    assert [f.id for f in journey_of(review).passes] == [DRIP, TOTAL]


def test_a_buyer_chosen_extra_is_not_reported(shop: tuple[str, Reports]) -> None:
    url, reports = shop
    paths = ["/extras/checkout/cart", "/extras/checkout/shipping?insurance=1", "/extras/checkout/review?insurance=1"]
    with httpx.Client(timeout=30) as client:
        walk(client, url, "buyer-3", paths, reports)
    review = reports.wait(3)[2]
    assert violations(review) == {}
    total = next(f for f in journey_of(review).passes if f.id == TOTAL)
    assert total.nodes[0].data["buyer_changes"] == "4.99"


def test_steps_come_from_the_url_when_pages_do_not_say_and_json_documents_work_too(
    shop: tuple[str, Reports],
) -> None:
    url, reports = shop
    with httpx.Client(timeout=30) as client:
        walk(
            client,
            url,
            "buyer-4",
            ["/plain/checkout/basket", "/plain/checkout/delivery", "/plain/checkout/confirm"],
            reports,
        )
        walk(client, url, "buyer-5", ["/doc/checkout/cart", "/doc/checkout/review"], reports)
    found = reports.wait(5)
    assert violations(found[2]) == {DRIP: ["cart", "review"], TOTAL: ["cart", "review"]}
    assert journey_of(found[2]).steps == ("cart", "shipping", "review")
    assert violations(found[4]) == {DRIP: ["cart", "review"], TOTAL: ["cart", "review"]}


def test_a_page_without_a_journey_key_is_audited_as_before(shop: tuple[str, Reports]) -> None:
    url, reports = shop
    with httpx.Client(timeout=30) as client:
        assert client.get(f"{url}/bad/checkout/review").status_code == 200
    (report,) = reports.wait(1)
    assert report.audit is not None and report.journey is None


def test_two_buyers_journeys_running_at_once_never_mix(shop: tuple[str, Reports]) -> None:
    """Buyers on the bad shop and on the good shop step through their checkouts in lockstep, so every step
    of one lands between steps of the others. A bad buyer's journey mixed with a good one's would show the
    fee from the cart on (no finding); a good buyer's mixed with a bad one's would show a cart without it."""
    url, reports = shop
    buyers = [(f"bad-{i}", "bad") for i in range(4)] + [(f"good-{i}", "good") for i in range(4)]
    barrier = threading.Barrier(len(buyers))
    errors: list[BaseException] = []

    def buyer(sid: str, kind: str) -> None:
        try:
            with httpx.Client(timeout=30) as client:
                for index, step in enumerate(WALK):
                    barrier.wait(timeout=30)
                    walk(client, url, sid, [f"/{kind}/checkout/{step}?buyer={sid}"])
                    # Every buyer's page of this step is recorded before anyone goes on.
                    reports.wait(len(buyers) * (index + 1))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=buyer, args=b) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    found = reports.wait(len(buyers) * len(WALK))
    for index, step in enumerate(WALK):
        # Each page's journey holds exactly that buyer's steps so far, never another buyer's.
        at_step = found[len(buyers) * index : len(buyers) * (index + 1)]
        assert all(journey_of(r).steps == WALK[: index + 1] for r in at_step), step
        assert all(journey_of(r).pages == index + 1 for r in at_step), step
    reviews = [r for r in found if r.path.endswith("/review")]
    assert len(reviews) == len(buyers)
    for review in reviews:
        assert journey_of(review).steps == WALK
        expected = {DRIP: ["cart", "review"], TOTAL: ["cart", "review"]} if review.path.startswith("/bad/") else {}
        assert violations(review) == expected


def _judgements(url: str, buyer: str, paths: Sequence[str]) -> list[Any]:
    with httpx.Client(timeout=30) as client:
        for path in paths:
            walk_remote(client, url, buyer, path)
        return [item["journey"] for item in client.get(f"{url}/_reports").json()]


def test_the_redis_store_across_two_server_processes_gives_the_in_memory_results(redis_url: str) -> None:
    buyer = f"buyer-{uuid.uuid4().hex}"
    bad = [f"/bad/checkout/{step}" for step in WALK]
    with serve_in_process(redis_url) as first, serve_in_process(redis_url) as second, httpx.Client(timeout=30) as c:
        # One buyer's pages alternate between the two processes: only a shared store sees the whole journey.
        for index, path in enumerate(bad):
            walk_remote(c, first if index % 2 == 0 else second, buyer, path)
        shared = [item["journey"] for item in c.get(f"{first}/_reports", params={"count": 2}).json()]
        shared += [item["journey"] for item in c.get(f"{second}/_reports", params={"count": 2}).json()]
    shared.sort(key=lambda journey: len(journey["steps"]))
    with serve_in_process(None) as alone:
        memory = _judgements(alone, buyer, bad)
    assert shared == memory
    review = memory[3]
    assert review["steps"] == list(WALK)
    assert [(v["id"], v["nodes"][0]["data"]["steps"]) for v in review["violations"]] == [
        (DRIP, ["cart", "review"]),
        (TOTAL, ["cart", "review"]),
    ]


def test_two_server_processes_with_their_own_memory_do_not_see_the_whole_journey() -> None:
    """The control for the test above: without a shared store, the process serving the review never saw
    the cart, so it cannot tell the fee came late."""
    buyer = f"buyer-{uuid.uuid4().hex}"
    with serve_in_process(None) as first, serve_in_process(None) as second, httpx.Client(timeout=30) as client:
        walk_remote(client, first, buyer, "/bad/checkout/cart")
        walk_remote(client, second, buyer, "/bad/checkout/review")
        (review,) = [item["journey"] for item in client.get(f"{second}/_reports", params={"count": 1}).json()]
    assert review["steps"] == ["review"] and review["violations"] == []
