"""The contract the core's fuzz targets hold ``quote`` and ``select_methods`` to (issue #9, deliverable 10).

A call either returns a result that satisfies its invariants, or raises a ``CheckoutGuardError`` subclass
within 10 ms whose message is bounded and (for ``InvalidInput``) names the field. Anything else fails.
Time is this thread's CPU time (other processes on a loaded machine do not inflate it), checked on the
best of three runs of the same input; cold loads are paid before the fuzzing starts (``warm``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from checkoutguard import current_data
from checkoutguard.errors import MESSAGE_LIMIT, CheckoutGuardError, InvalidInput
from checkoutguard.landed_cost import Quote
from checkoutguard.money import quantum

T = TypeVar("T")
ERROR_BUDGET = 0.010  # float-ok: seconds


@dataclass
class Stats:
    """What a run saw: cases, outcomes and the slowest case (for ``make fuzz``'s summary)."""

    name: str
    cases: int = 0
    ok: int = 0
    typed: int = 0
    slowest: float = 0.0  # float-ok: seconds
    slowest_case: str = ""
    errors: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        return (
            f"{self.name}: {self.cases} cases, {self.ok} ok, {self.typed} typed errors ({kinds}), crashes 0, "
            f"slowest {self.slowest * 1000:.2f} ms CPU ({self.slowest_case[:100]})"
        )


def warm() -> None:
    """Pay every cold load (data files, schemas, country codes) before timing anything."""
    current_data().warm_up()


def _timed(call: Callable[[], T]) -> tuple[float, T | CheckoutGuardError]:
    started = time.thread_time()
    try:
        result: T | CheckoutGuardError = call()
    except CheckoutGuardError as exc:
        result = exc
    return time.thread_time() - started, result


def check(stats: Stats, call: Callable[[], T], describe: Callable[[], str]) -> T | CheckoutGuardError:
    """Run ``call`` under the contract; return its result or its typed error."""
    elapsed, result = _timed(call)  # an untyped exception propagates: that is a crash, and a failure
    stats.cases += 1
    if elapsed > ERROR_BUDGET:  # a GC pass over the fuzzer's heap counts as CPU time: keep the best of three
        elapsed = min(elapsed, *(_timed(call)[0] for _ in range(2)))
    if isinstance(result, CheckoutGuardError):
        stats.typed += 1
        name = type(result).__name__
        stats.errors[name] = stats.errors.get(name, 0) + 1
        assert elapsed <= ERROR_BUDGET, f"{name} after {elapsed * 1000:.1f} ms: {result}"
        assert len(str(result)) <= MESSAGE_LIMIT
        if isinstance(result, InvalidInput):
            assert result.path, f"no field named: {result}"
    else:
        stats.ok += 1
    if elapsed > stats.slowest:
        stats.slowest, stats.slowest_case = elapsed, describe()
    return result


def check_quote(result: Quote) -> None:
    """A quote's invariants: totals are the sums of their lines, at the currency's minor unit."""
    step = quantum(result.currency)
    checkout = sum((line.amount for line in result.lines if line.payable == "checkout"), Decimal(0))
    delivery = sum((line.amount for line in result.lines if line.payable == "delivery"), Decimal(0))
    assert (result.totals.checkout, result.totals.delivery) == (checkout, delivery)
    assert result.totals.grand == checkout + delivery
    for line in result.lines:
        assert line.currency == result.currency
        assert line.amount >= 0, line
        assert line.amount.as_tuple().exponent == step.as_tuple().exponent, line
    assert result.data_version == current_data().data_version or "+custom" in result.data_version


def short(value: Any) -> str:
    from checkoutguard.errors import echo

    return echo(value)
