"""The report store: a panel waits for the report of its own view, on an event, and the store stays bounded."""

from __future__ import annotations

import asyncio
import threading

from checkoutguard.demo.reports import ReportStore


def test_a_report_put_from_another_thread_wakes_the_waiting_panel() -> None:
    async def scenario() -> object:
        store = ReportStore()
        store.expect("view-one")
        waiter = asyncio.create_task(store.wait("view-one", timeout=30))
        await asyncio.sleep(0)  # let the waiter block first
        thread = threading.Thread(target=store.put, args=("view-one", {"id": 1}))
        thread.start()
        result = await waiter
        thread.join()
        return result

    assert asyncio.run(scenario()) == {"id": 1}


def test_unknown_views_and_late_reports() -> None:
    async def scenario() -> tuple[object, object, bool, object]:
        store = ReportStore()
        unknown = await store.wait("never", timeout=30)
        store.expect("slow")
        late = await store.wait("slow", timeout=0.01)
        refused = store.put("never", {"id": 2})
        store.put("slow", {"id": 3})
        arrived = await store.wait("slow", timeout=30)
        return unknown, late, refused, arrived

    assert asyncio.run(scenario()) == (None, None, False, {"id": 3})


def test_rendering_a_view_again_forgets_its_old_report() -> None:
    async def scenario() -> object:
        store = ReportStore()
        store.expect("view")
        store.put("view", "first render")
        store.expect("view")
        return await store.wait("view", timeout=0.01)

    assert asyncio.run(scenario()) is None


def test_the_oldest_views_are_forgotten_first() -> None:
    async def scenario() -> list[bool]:
        store = ReportStore(limit=3)
        for view in ("a", "b", "c", "d"):
            store.expect(view)
        return [store.known(view) for view in ("a", "b", "c", "d")]

    assert asyncio.run(scenario()) == [False, True, True, True]
