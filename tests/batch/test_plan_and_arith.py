"""The pieces the batch pricer's proof rests on: exact rounding, and bands that never cross a decision."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given, strategies as st

from checkoutguard.batch.arith import decimal_parts, div_half_up, scale_half_up
from checkoutguard.batch.plan import find_bands, pin_boundaries
from checkoutguard.money import CONTEXT


@given(st.integers(0, 10**12), st.integers(0, 10**9), st.integers(-4, 18))
def test_scale_half_up_is_decimal_quantize_half_up(n: int, m: int, shift: int) -> None:
    exact = CONTEXT.multiply(Decimal(n), Decimal(m).scaleb(-shift))
    expected = int(exact.quantize(Decimal(1), ROUND_HALF_UP, CONTEXT))
    assert int(scale_half_up(np.array([n], dtype=object), m, shift)[0]) == expected
    if n * m * 10 ** max(-shift, 0) + 10 ** max(shift, 0) < 2**62:
        assert int(scale_half_up(np.array([n], dtype=np.int64), m, shift)[0]) == expected


@given(st.integers(0, 10**12), st.integers(1, 999), st.integers(3, 4))
def test_gross_up_is_the_engines_division(base: int, m: int, k: int) -> None:
    rate = Decimal(m).scaleb(-k)
    engine = CONTEXT.divide(CONTEXT.multiply(rate, Decimal(base)), 1 - rate)
    expected = int(engine.quantize(Decimal(1), ROUND_HALF_UP, CONTEXT))
    assert int(div_half_up(np.array([base * m], dtype=object), 10**k - m)[0]) == expected


def test_decimal_parts() -> None:
    assert decimal_parts(Decimal("0.19")) == (19, 2)
    assert decimal_parts(Decimal("1.08560000")) == (108560000, 8)
    assert decimal_parts(Decimal("1E+2")) == (100, 0)


def _truth(bounds: list[int]) -> dict[str, object]:
    """A decision that flips at each bound (monotone sides), as the engine's value tests do."""
    calls: list[int] = []

    def sig(price: int) -> tuple[bool, ...]:
        calls.append(price)
        return tuple(price >= b for b in bounds)

    return {"sig": sig, "calls": calls}


@given(
    st.lists(st.integers(0, 5000), min_size=1, max_size=300, unique=True),
    st.lists(st.integers(1, 5000), max_size=3, unique=True),
    st.lists(st.integers(0, 5000), max_size=40, unique=True),
)
def test_bands_hold_one_decision_and_cover_every_price(prices: list[int], bounds: list[int], later: list[int]) -> None:
    truth = _truth(sorted(bounds))
    sig = truth["sig"]
    known: dict[int, object] = {}
    for chunk in (sorted(prices), sorted(later)):
        if not chunk:
            continue
        bands = find_bands(chunk, known, sig, step=1)
        covered = []
        for low, high, found in bands:
            assert found is not None and known[low] == found == known[high]
            inside = [p for p in chunk if low <= p <= high]
            assert all(sig(p) == found for p in inside)
            covered.extend(inside)
        assert sorted(covered) == chunk  # every price in exactly one band


def test_pinned_boundaries_guide_the_next_kind() -> None:
    prices = list(range(100, 60_000, 7))
    first = _truth([15_000])
    known: dict[int, object] = {}
    bands = find_bands(prices, known, first["sig"], step=1)
    guesses = pin_boundaries(bands, known, first["sig"], 1)
    assert guesses == [15_000]
    second = _truth([15_000])
    find_bands(prices, {}, second["sig"], step=1, guesses=guesses)
    assert len(second["calls"]) == 4  # both ends, and either side of the guessed boundary
