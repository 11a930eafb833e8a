"""Loading the data once, off the request path, and saying whether it is loaded.

Loading the rates, payment methods and audit catalogue takes a second or two; the server accepts
connections at once, ``/healthz`` answers, and ``/readyz`` and the ``/v1`` endpoints answer 503 with
``Retry-After`` until the data is in. The first request starts the loading when no lifespan did (an app
mounted inside another one).
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import date
from typing import Any

from checkoutguard.api.problems import Problem
from checkoutguard.landed_cost import LandedCostCalculator

__all__ = ["DataState", "coverage_on"]

logger = logging.getLogger("checkoutguard.api")

_WARM_ORDER: dict[str, Any] = {
    "ship_from": {"country": "CN"},
    "ship_to": {"country": "DE"},
    "items": [{"id": "a", "price": {"amount": "10.00", "currency": "EUR"}, "hs_code": "610910"}],
}


@functools.lru_cache(maxsize=4)
def coverage_on(today: date) -> dict[str, Any]:
    """What the embedded data covers as of ``today`` (immutable data: one answer per day)."""
    from checkoutguard.cli.rates import coverage

    return coverage(today)


class DataState:
    """Whether the data is loaded; ``calculator`` is the one quoter every request shares."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._calculator: LandedCostCalculator | None = None
        self.error: str | None = None
        self.data_version = ""

    @property
    def ready(self) -> bool:
        return self._calculator is not None

    def start(self) -> None:
        """Start loading in a background thread (once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self.load, name="checkoutguard-data", daemon=True)
                self._thread.start()

    def load(self) -> None:
        """Load everything a request needs, and run each kind of request once so caches are warm."""
        from checkoutguard.audit import audit
        from checkoutguard.payments import registry, select_methods

        try:
            calculator = LandedCostCalculator()
            calculator.quote(_WARM_ORDER)
            registry()
            select_methods(country="DE", currency="EUR", amount="10.00")
            audit({"currency": "EUR"}, country="DE")
            coverage_on(date.today())
        except Exception as exc:  # the server stays up and says why it is not ready
            logger.exception("loading the data failed")
            self.error = f"{type(exc).__name__}: {exc}"
            return
        self.data_version = calculator.book.data_version
        self._calculator = calculator

    def require(self) -> LandedCostCalculator:
        """The calculator, or a 503 problem while the data is still loading (or failed to load)."""
        calculator = self._calculator
        if calculator is not None:
            return calculator
        self.start()
        detail = f"the data failed to load: {self.error}" if self.error else "the data is still loading"
        raise Problem(503, "not-ready", detail, headers={"Retry-After": "1"})
