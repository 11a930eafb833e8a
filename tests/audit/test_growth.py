"""The audit's time per byte stays flat as adversarial pages grow (issue #9, deliverable 2; review F1).

Each generator in ``adversarial.py`` repeats one hostile pattern (comments, ``<!---->``, scripts,
attributes, nesting, entities, labels, summary rows...). The test times ``audit()`` on the page at
``SMALL`` and at four times that size, with every memo cleared before each call (a memo could hide
repeated work), garbage collection off, and the best of several calls, and compares the time per byte.
Linear reading keeps the ratio near 1; a quadratic step makes it about 4 (the comment pages of F1 gave
3.7–4.0 per *doubling*). The bound, 2.2, leaves room for a loaded 2-core machine; a ratio over it is
measured again (up to three times) before the test fails, which a quadratic step cannot pass. Absolute
times are not asserted (they live in ``benchmarks/``).
"""

from __future__ import annotations

import gc
import time

import pytest

from audit.adversarial import GENERATORS, page
from checkoutguard.audit import audit, memo

SMALL = 48_000
GROWTH = 4
BOUND = 2.2
_TIMED_SECONDS = 0.15  # per size: calls are repeated until they add up to this (at least 2, at most 7)


def _best_seconds(raw: bytes) -> float:
    best = float("inf")  # float-ok: seconds
    spent = 0.0  # float-ok: seconds
    calls = 0
    while calls < 2 or (spent < _TIMED_SECONDS and calls < 7):
        memo.clear()
        gc.disable()
        try:
            start = time.perf_counter()
            audit(raw, country="DE")
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        best = min(best, elapsed)
        spent += elapsed
        calls += 1
    return best


def _ratio(name: str) -> float:
    small, big = page(name, SMALL), page(name, SMALL * GROWTH)
    audit(small, country="DE")  # the first call of a process pays for imports and compiled patterns
    per_byte_small = _best_seconds(small) / len(small)
    per_byte_big = _best_seconds(big) / len(big)
    return per_byte_big / per_byte_small


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_time_per_byte_stays_flat(name: str) -> None:
    ratios = []
    for _ in range(3):
        ratios.append(_ratio(name))
        if ratios[-1] < BOUND:
            break
    assert min(ratios) < BOUND, f"{name}: time per byte grew {ratios} times as the page grew {GROWTH} times"


def test_the_generators_grow_as_asked() -> None:
    for name in GENERATORS:
        small, big = page(name, SMALL), page(name, SMALL * GROWTH)
        assert 3.5 < len(big) / len(small) < 4.5, name
