"""The journey stores: the same behaviour in memory and in a real Redis, and the memory store's bounds."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from checkoutguard.errors import InvalidInput, LimitExceeded
from checkoutguard.journey import Journey, encode, judge
from checkoutguard.journey.stores import (
    ENTRY_OVERHEAD,
    MAX_KEY_BYTES,
    JourneyStore,
    JourneyStoreError,
    MemoryJourneyStore,
    RedisJourneyStore,
    journey_id,
)
from journey.builders import FEE, SHIRT, view
from journey.servers import free_port

CART = view("cart", [SHIRT])
SHIPPING = view("shipping", [SHIRT])
REVIEW = view("review", [SHIRT, FEE])


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


Scenario = Callable[[JourneyStore], Awaitable[Any]]


@pytest.fixture(params=["memory", "redis"])
def with_store(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """Runs a scenario against a new store of one kind, in one event loop (a Redis client belongs to
    one); Redis stores get a fresh key prefix each, so tests never share journeys."""

    def with_store(scenario: Scenario, **kwargs: Any) -> Any:
        async def main() -> Any:
            store: JourneyStore
            if request.param == "memory":
                store = MemoryJourneyStore(**kwargs)
            else:
                url = request.getfixturevalue("redis_url")
                store = RedisJourneyStore(url, prefix=f"test:{request.node.name}:", **kwargs)
                await store.forget("k")  # nothing left from an earlier run of the same test
            try:
                return await scenario(store)
            finally:
                await store.aclose()

        return asyncio.run(main())

    return with_store


def test_a_journey_holds_its_views_in_order_and_a_reload_is_kept_once(with_store: Callable[..., Any]) -> None:
    async def scenario(store: JourneyStore) -> tuple[list[list[str]], Journey]:
        steps = []
        await store.forget("session-a")
        for seen in (CART, CART, SHIPPING, REVIEW, REVIEW):
            journey = await store.add("session-a", seen)
            steps.append([v.step for v in journey.views])
        return steps, await store.get("session-a")

    steps, journey = with_store(scenario)
    assert steps[-1] == ["cart", "shipping", "review"]
    assert steps[1] == ["cart"]
    assert journey.views == (CART, SHIPPING, REVIEW) and not journey.cut
    assert [f.id for f in judge(journey, country="GB").violations] == [
        "journey-drip-pricing",
        "journey-total-increased",
    ]


def test_journeys_of_two_keys_never_mix(with_store: Callable[..., Any]) -> None:
    async def scenario(store: JourneyStore) -> list[Journey]:
        for key in ("buyer-0", "buyer-1", "buyer-2"):
            await store.forget(key)
        await asyncio.gather(*(store.add(f"buyer-{i % 2}", CART if i % 2 else REVIEW) for i in range(20)))
        return [await store.get(f"buyer-{i}") for i in range(3)]

    zero, one, two = with_store(scenario)
    assert zero.views == (REVIEW,) and one.views == (CART,) and two.views == ()


def test_a_journey_longer_than_max_views_keeps_the_first_and_the_newest_and_says_cut(
    with_store: Callable[..., Any],
) -> None:
    pages = [view("cart", [SHIRT], total=str(40 + i)) for i in range(6)]

    async def scenario(store: JourneyStore) -> tuple[Journey, Journey]:
        for page in pages:
            journey = await store.add("k", page)
        return journey, await store.get("k")

    journey, again = with_store(scenario, max_views=3)
    assert journey.views == (pages[0], pages[1], pages[5]) and journey.cut
    assert again == journey


def test_forget_drops_a_journey(with_store: Callable[..., Any]) -> None:
    async def scenario(store: JourneyStore) -> Journey:
        await store.add("k", CART)
        await store.forget("k")
        return await store.get("k")

    assert with_store(scenario).views == ()


def test_keys_are_stored_hashed_never_as_given(redis_url: str) -> None:
    import redis

    async def scenario() -> None:
        store = RedisJourneyStore(redis_url, prefix="hashed:", secret=b"s3cret")
        await store.add("sessionid=abc123", CART)
        await store.aclose()

    run(scenario())
    client = redis.Redis.from_url(redis_url)
    keys = [k.decode() for k in client.keys("hashed:*")]
    client.close()
    assert keys == [f"hashed:{{{journey_id('sessionid=abc123', b's3cret')}}}"]
    assert "abc123" not in keys[0]
    assert journey_id("sessionid=abc123") != journey_id("sessionid=abc123", b"s3cret")


def test_redis_sets_the_journey_to_expire_after_ttl(redis_url: str) -> None:
    import redis

    async def scenario() -> None:
        store = RedisJourneyStore(redis_url, prefix="ttl:", ttl=90)
        await store.add("k", CART)
        await store.aclose()

    run(scenario())
    client = redis.Redis.from_url(redis_url)
    (key,) = client.keys("ttl:*")
    ttl_ms = client.pttl(key)
    client.close()
    assert 80_000 < ttl_ms <= 90_000


def test_an_unreachable_redis_is_a_typed_error_quickly() -> None:
    async def scenario() -> None:
        store = RedisJourneyStore(f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
        try:
            await store.add("k", CART)
        finally:
            await store.aclose()

    with pytest.raises(JourneyStoreError, match="could not record"):
        run(scenario())


def test_memory_journeys_expire_after_ttl_since_their_last_view() -> None:
    clock = Clock()
    store = MemoryJourneyStore(ttl=60, clock=clock)
    store.add_sync("a", CART)
    clock.now += 59
    store.add_sync("a", SHIPPING)
    clock.now += 59
    assert store.get_sync("a").views == (CART, SHIPPING)
    clock.now += 2
    assert store.get_sync("a").views == ()
    assert len(store) == 0 and store.bytes == 0


def test_memory_store_evicts_the_least_recently_seen_beyond_its_count() -> None:
    store = MemoryJourneyStore(max_journeys=3)
    for key in "abcd":
        store.add_sync(key, CART)
    assert store.get_sync("a").views == ()
    store.add_sync("b", SHIPPING)  # b is now the most recent
    store.add_sync("e", CART)
    assert [bool(store.get_sync(k).views) for k in "bcde"] == [True, False, True, True]


def test_memory_store_accounts_bytes_and_evicts_beyond_them() -> None:
    size = ENTRY_OVERHEAD + len(encode(CART)) + 41
    store = MemoryJourneyStore(max_bytes=size * 2)
    store.add_sync("a", CART)
    assert store.bytes == size
    store.add_sync("b", CART)
    store.add_sync("c", CART)
    assert len(store) == 2 and store.bytes == 2 * size and store.get_sync("a").views == ()


def test_a_journey_bigger_than_the_whole_bound_is_judged_but_not_kept() -> None:
    store = MemoryJourneyStore(max_bytes=ENTRY_OVERHEAD + 10)
    assert store.add_sync("a", REVIEW).views == (REVIEW,)
    assert len(store) == 0 and store.bytes == 0


@pytest.mark.parametrize("kwargs", [{"max_journeys": 0}, {"max_bytes": -1}, {"ttl": 0}, {"max_views": 1}])
def test_bad_bounds_are_refused_naming_the_field(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as caught:
        MemoryJourneyStore(**kwargs)
    assert caught.value.path == next(iter(kwargs))


def test_empty_and_oversized_keys_are_refused() -> None:
    store = MemoryJourneyStore()
    with pytest.raises(InvalidInput):
        store.add_sync("", CART)
    with pytest.raises(LimitExceeded):
        store.add_sync("x" * (MAX_KEY_BYTES + 1), CART)


def test_memory_stays_within_its_bound_under_100000_journeys() -> None:
    bound = 4 * 1024 * 1024
    gc.collect()
    tracemalloc.start()
    try:
        store = MemoryJourneyStore(max_journeys=1_000_000, max_bytes=bound)
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        for i in range(100_000):
            key = f"session-{i}"
            # Every tenth buyer goes through three steps; the others leave after the cart.
            for page in (CART, SHIPPING, REVIEW) if i % 10 == 0 else (CART,):
                store.add_sync(key, page)
            assert store.bytes <= bound
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What the store holds, measured by the allocator, stays within the bound it was given. The peak
    # may pass it briefly by what a dict resize holds twice (old and new table) and the journey an add
    # returns: at most a tenth.
    assert current - base <= bound, (current - base, bound)
    assert peak - base <= bound * 1.1, (peak - base, bound)
    assert 1_000 < len(store) < 100_000
    assert store.get_sync("session-99999").views == (CART,)
    assert store.get_sync("session-99990").views == (CART, SHIPPING, REVIEW)
    assert store.get_sync("session-0").views == ()
