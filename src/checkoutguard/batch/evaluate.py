"""The band coefficients applied to many prices at once: the engine's line arithmetic in integer minor units.

Each step mirrors one line of ``landed_cost/engine.py`` for a one-item order (what the engine does with a
list of items reduces to this when there is one): goods converted and rounded, the customs value (goods
valued at the regime's factor, plus shipping under CIF), each duty line rounded on its own, the tax base the
rule names, each tax line rounded on its own (grossed up where the rule says so), totals as sums of rounded
lines. Which lines exist and at which rates is the engine's decision, read by ``plan.band_plan``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from checkoutguard.batch.arith import IntArray, div_half_up, pow10, scale_half_up
from checkoutguard.batch.plan import MAX_DUTY_TERMS, MAX_TAX_TERMS, BandPlan

__all__ = ["AMOUNTS", "Coefficients", "evaluate"]

AMOUNTS = ("goods", "shipping", "duty", "tax", "fees", "total", "checkout", "delivery")


class Coefficients:
    """The plans of a chunk's bands as columns (one entry per band), gathered per row by band number."""

    def __init__(self, plans: Sequence[BandPlan], exponent: int) -> None:
        def col(values: list[int]) -> IntArray:
            return np.array(values, dtype=np.int64)

        self.goods_m = col([p.fx[0] for p in plans])
        self.goods_s = col([exponent + p.fx[1] - p.minor_units for p in plans])
        self.shipping = col([p.shipping for p in plans])
        self.factor_m = col([p.factor[0] for p in plans])
        self.factor_s = col([p.factor[1] for p in plans])
        self.cif = col([int(p.cif) for p in plans])
        self.duty_m = [col([_term(p.duty_terms, i)[0] for p in plans]) for i in range(MAX_DUTY_TERMS)]
        self.duty_s = [col([_term(p.duty_terms, i)[1] for p in plans]) for i in range(MAX_DUTY_TERMS)]
        self.flat_m = col([p.duty_flat_rate[0] for p in plans])
        self.flat_s = col([p.duty_flat_rate[1] for p in plans])
        self.flat_base = [col([p.duty_flat_base[i] for p in plans]) for i in range(3)]
        self.duty_constant = col([p.duty_constant for p in plans])
        self.duty_on = col([int(p.duty_on) for p in plans])
        self.duty_checkout = col([int(p.duty_checkout) for p in plans])
        self.tax_m = [col([_tax(p, i)[0] for p in plans]) for i in range(MAX_TAX_TERMS)]
        self.tax_s = [col([_tax(p, i)[1] for p in plans]) for i in range(MAX_TAX_TERMS)]
        self.tax_gross = [col([int(_tax(p, i)[2]) for p in plans]) for i in range(MAX_TAX_TERMS)]
        self.tax_base = [col([p.tax_base[i] for p in plans]) for i in range(4)]
        self.uplift_m = col([p.uplift[0] for p in plans])
        self.uplift_s = col([p.uplift[1] for p in plans])
        self.tax_on = col([int(p.tax_on) for p in plans])
        self.tax_checkout = col([int(p.tax_checkout) for p in plans])
        self.fee_checkout = col([p.fee_checkout for p in plans])
        self.fee_delivery = col([p.fee_delivery for p in plans])


def _term(terms: tuple[tuple[int, int], ...], i: int) -> tuple[int, int]:
    return terms[i] if i < len(terms) else (0, 0)


def _tax(plan: BandPlan, i: int) -> tuple[int, int, bool]:
    return plan.tax_terms[i] if i < len(plan.tax_terms) else (0, 0, False)


def evaluate(
    price: IntArray, quantity: IntArray, band: IntArray, c: Coefficients, seen: list[int] | None = None
) -> dict[str, IntArray]:
    """Every amount of every row, in minor units of its quote currency (int64, or Python ints for object).

    ``seen`` (with object arrays) collects the largest intermediate: every intermediate grows with the price
    and the quantity, so evaluating a band's largest price decides whether int64 holds the whole band.
    """
    wide = price.dtype == object

    def g(values: IntArray) -> IntArray:
        out = values[band]
        return out.astype(object) if wide else out

    def rounded(n: IntArray, m: IntArray, shift: IntArray) -> IntArray:
        return scale_half_up(n, g(m), shift[band], seen)

    goods = rounded(price * (quantity.astype(object) if wide else quantity), c.goods_m, c.goods_s)
    shipping = g(c.shipping)
    customs = rounded(goods, c.factor_m, c.factor_s) + shipping * g(c.cif)
    flat_base = goods * g(c.flat_base[0]) + shipping * g(c.flat_base[1]) + customs * g(c.flat_base[2])
    duty = g(c.duty_constant) + rounded(flat_base, c.flat_m, c.flat_s)
    for m, s in zip(c.duty_m, c.duty_s, strict=True):
        duty = duty + rounded(customs, m, s)
    duty = duty * g(c.duty_on)
    base = (
        goods * g(c.tax_base[0])
        + shipping * g(c.tax_base[1])
        + customs * g(c.tax_base[2])
        + duty * g(c.tax_base[3])
        + rounded(customs, c.uplift_m, c.uplift_s)
    )
    tax = base * 0
    for m, s, gross in zip(c.tax_m, c.tax_s, c.tax_gross, strict=True):
        plain = rounded(base, m, s)
        shift = s[band]
        scale = pow10(shift.astype(object) if wide else shift)
        grossed = div_half_up(base * g(m), np.maximum(scale - g(m), 1), seen)
        tax = tax + np.where(gross[band] == 1, grossed, plain)
    tax = tax * g(c.tax_on)
    fee_checkout, fee_delivery = g(c.fee_checkout), g(c.fee_delivery)
    duty_checkout, tax_checkout = g(c.duty_checkout), g(c.tax_checkout)
    checkout = goods + shipping + duty * duty_checkout + tax * tax_checkout + fee_checkout
    delivery = duty * (1 - duty_checkout) + tax * (1 - tax_checkout) + fee_delivery
    amounts = {
        "goods": goods,
        "shipping": shipping,
        "duty": duty,
        "tax": tax,
        "fees": fee_checkout + fee_delivery,
        "total": checkout + delivery,
        "checkout": checkout,
        "delivery": delivery,
    }
    if seen is not None:
        seen.extend(abs(int(v)) for values in amounts.values() for v in values)
    return amounts
