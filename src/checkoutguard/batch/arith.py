"""Exact integer arithmetic on minor units, vectorised: the engine's Decimal rounding, one array at a time.

Every amount is a non-negative integer count of ``10**-e`` units. Multiplying by a rate ``m * 10**-k`` and
rounding half up to the currency's minor unit is ``(n * m + 10**s // 2) // 10**s`` for a shift ``s``: the
same result as ``Decimal.quantize(step, ROUND_HALF_UP)`` on the exact product, which is what the engine does
(its 34-digit context holds these products exactly). int64 is used where the largest intermediate of a band
fits in it; otherwise the same code runs on Python integers (numpy object arrays), never on floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import numpy.typing as npt

__all__ = ["INT64_SAFE", "IntArray", "decimal_parts", "div_half_up", "scale_half_up"]

IntArray = npt.NDArray[Any]  # int64, or object (Python int) where int64 would overflow

#: Intermediates stay below this bound on the int64 path (2**62 leaves room for the half-up addend).
INT64_SAFE: Final = 2**62


def decimal_parts(value: Decimal) -> tuple[int, int]:
    """``(m, k)`` with ``value == m * 10**-k`` and ``k >= 0`` (a non-negative finite Decimal)."""
    sign, digits, exponent = value.as_tuple()
    if sign or not isinstance(exponent, int):
        raise ValueError(f"{value} is not a non-negative finite amount")
    mantissa = int("".join(map(str, digits)) or "0")
    if exponent > 0:
        return mantissa * 10**exponent, 0
    return mantissa, -exponent


def _track(seen: list[int] | None, values: IntArray, *scalars: int) -> None:
    if seen is not None:
        seen.append(max([abs(int(v)) for v in values] + [abs(s) for s in scalars]))


def scale_half_up(n: IntArray, m: int, shift: int, seen: list[int] | None = None) -> IntArray:
    """``n * m * 10**-shift`` rounded half up to an integer (``shift`` may be negative: a multiplication).

    ``seen`` collects the largest intermediate (on Python integers), to decide whether int64 is safe.
    """
    if shift <= 0:
        product: IntArray = n * (m * 10**-shift)
        _track(seen, product, m * 10**-shift)
        return product
    divisor = 10**shift
    numerator: IntArray = n * m + divisor // 2
    _track(seen, numerator, divisor, m)
    result: IntArray = numerator // divisor
    return result


def div_half_up(numerator: IntArray, denominator: int, seen: list[int] | None = None) -> IntArray:
    """``numerator / denominator`` rounded half up (non-negative numerator, positive denominator)."""
    twice: IntArray = 2 * numerator + denominator
    _track(seen, twice, 2 * denominator)
    result: IntArray = twice // (2 * denominator)
    return result
