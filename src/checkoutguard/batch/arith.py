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

import numpy as np
import numpy.typing as npt

__all__ = ["INT64_SAFE", "IntArray", "decimal_parts", "div_half_up", "pow10", "scale_half_up"]

IntArray = npt.NDArray[Any]  # int64, or object (Python int) where int64 would overflow

#: Intermediates stay below this bound on the int64 path (2**62 leaves room for the half-up addend).
INT64_SAFE: Final = 2**62
_POW10_INT: Final = np.array([10**i for i in range(19)], dtype=np.int64)
_POW10_OBJ: Final = np.array([10**i for i in range(40)], dtype=object)


def decimal_parts(value: Decimal) -> tuple[int, int]:
    """``(m, k)`` with ``value == m * 10**-k`` and ``k >= 0`` (a non-negative finite Decimal)."""
    sign, digits, exponent = value.as_tuple()
    if sign or not isinstance(exponent, int):
        raise ValueError(f"{value} is not a non-negative finite amount")
    mantissa = int("".join(map(str, digits)) or "0")
    if exponent > 0:
        return mantissa * 10**exponent, 0
    return mantissa, -exponent


def pow10(shift: IntArray) -> IntArray:
    """``10**shift`` element-wise for ``0 <= shift``, in the dtype of the arithmetic."""
    if shift.dtype == object:
        return _POW10_OBJ[shift.astype(np.int64)]
    return _POW10_INT[np.minimum(shift, 18)]  # callers check int64 safety with ``seen`` first


def scale_half_up(n: IntArray, m: IntArray, shift: IntArray, seen: list[int] | None = None) -> IntArray:
    """``n * m * 10**-shift`` rounded half up to an integer (``shift`` may be negative: a multiplication).

    ``seen`` collects the largest intermediate (on Python integers), to decide whether int64 is safe.
    """
    product = n * m
    up = np.maximum(-shift, 0)
    down = np.maximum(shift, 0)
    if product.dtype == object:
        up, down = up.astype(object), down.astype(object)
    divisor = pow10(down)
    numerator = product * pow10(up) + divisor // 2
    if seen is not None:
        seen.append(max([abs(int(v)) for v in numerator] + [int(v) for v in divisor], default=0))
    result: IntArray = numerator // divisor
    return result


def div_half_up(numerator: IntArray, denominator: IntArray, seen: list[int] | None = None) -> IntArray:
    """``numerator / denominator`` rounded half up (both non-negative, denominator positive)."""
    twice = 2 * numerator + denominator
    if seen is not None:
        seen.append(max([abs(int(v)) for v in twice] + [2 * int(v) for v in denominator], default=0))
    result: IntArray = twice // (2 * denominator)
    return result
