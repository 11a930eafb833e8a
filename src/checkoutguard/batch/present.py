"""Optional price presentation per market: a display price in its own columns, never in the tax arithmetic.

A charm ending (``x.99``) or a whole-unit price is a merchant's display choice; if the display price is
above the computed all-in price, the difference is the merchant's to absorb or to charge, and the computed
columns still say what the law adds. Off by default.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from checkoutguard.batch.arith import IntArray

__all__ = ["PRESENTATIONS", "present"]

#: ``charm``: the smallest price at or above the all-in price whose minor units end in 99 (x.99; for
#: currencies without minor units, ending in 9 ... 99 of the unit: 1,299). ``whole``: rounded up to a whole unit.
PRESENTATIONS: Final = ("charm", "whole")


def present(mode: str | None, total: IntArray, minor_units: IntArray, valid: Any) -> tuple[IntArray, str | None]:
    """Display prices in minor units (``-1`` where no display price applies) and the rule's name."""
    if mode is None:
        return np.full(len(total), -1, dtype=np.int64), None
    unit = np.power(10, minor_units.astype(np.int64))  # minor units per whole unit
    if mode == "whole":
        shown = -(-total // unit) * unit
    else:
        step = np.where(unit > 1, unit, 100)  # x.99 per whole unit; 99 per hundred where there are no minor units
        ending = step - 1
        shown = (total - ending + step - 1) // step * step + ending
        shown = np.where(shown < total, shown + step, shown)
    return np.where(valid, shown, -1).astype(np.int64), mode
