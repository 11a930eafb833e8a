"""What the guard said about each page view, kept so the page's audit panel can show it.

In report mode the guard audits a page after its last byte has gone out, so the page cannot carry its
own report: it carries a view id in its path (``/checkout/<view>``) and its panel asks for the report
of that view. ``wait`` blocks on an event, not a poll, until the guard's ``on_report`` delivers it or
the timeout passes. Bounded: the oldest views are forgotten first.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from typing import Any, Final

__all__ = ["ReportStore"]


class _Slot:
    __slots__ = ("event", "loop", "report")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.event = asyncio.Event()
        self.report: Any = None


class ReportStore:
    """Reports by view id. ``expect`` when a page is rendered, ``put`` from ``on_report``, ``wait`` from the panel."""

    def __init__(self, limit: int = 512) -> None:
        self.limit: Final = limit
        self._slots: OrderedDict[str, _Slot] = OrderedDict()
        self._lock = threading.Lock()  # on_report may run on a worker thread

    def expect(self, view: str) -> None:
        """Forget an earlier report of ``view``: the page is being rendered again."""
        slot = _Slot(asyncio.get_running_loop())
        with self._lock:
            self._slots[view] = slot
            self._slots.move_to_end(view)
            while len(self._slots) > self.limit:
                self._slots.popitem(last=False)

    def put(self, view: str, report: Any) -> bool:
        """Deliver the report of ``view``; False when nobody expects it (unknown or forgotten view)."""
        with self._lock:
            slot = self._slots.get(view)
            if slot is None:
                return False
            slot.report = report
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is slot.loop:
            slot.event.set()
        else:
            slot.loop.call_soon_threadsafe(slot.event.set)
        return True

    def known(self, view: str) -> bool:
        with self._lock:
            return view in self._slots

    async def wait(self, view: str, timeout: float) -> Any:  # float-ok: seconds
        """The report of ``view``, or None if it is unknown or has not arrived within ``timeout`` seconds."""
        with self._lock:
            slot = self._slots.get(view)
        if slot is None:
            return None
        try:
            await asyncio.wait_for(slot.event.wait(), timeout)
        except TimeoutError:
            return None
        return slot.report
