"""A band's plan applied to many prices at once: the engine's line arithmetic in integer minor units.

Each step mirrors one line of ``landed_cost/engine.py`` for a one-item order (what the engine does with a
list of items reduces to this when there is one): goods converted and rounded, the customs value (goods
valued at the regime's factor, plus shipping under CIF), each duty line rounded on its own, the tax base the
rule names, each tax line rounded on its own (grossed up where the rule says so), totals as sums of rounded
lines. Which lines exist and at which rates is the engine's decision, read by ``plan.band_plan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from checkoutguard.batch.arith import IntArray, div_half_up, scale_half_up
from checkoutguard.batch.plan import BandPlan

__all__ = ["AMOUNTS", "evaluate", "evaluate_rows"]

AMOUNTS = ("goods", "shipping", "duty", "tax", "fees", "total", "checkout", "delivery")


def evaluate(
    price: IntArray, quantity: int, plan: BandPlan, exponent: int, seen: list[int] | None = None
) -> dict[str, IntArray]:
    """Every amount for ``price`` (units of ``10**-exponent``), in minor units of the plan's currency.

    ``price`` is int64, or object (Python ints) where int64 could overflow. ``seen`` (with object arrays)
    collects the largest intermediate: every intermediate grows with the price, so evaluating a band's
    largest price decides whether int64 holds the whole band.
    """
    fx_m, fx_k = plan.fx
    goods = scale_half_up(price * quantity, fx_m, exponent + fx_k - plan.minor_units, seen)
    shipping = plan.shipping
    customs = scale_half_up(goods, *plan.factor, seen) + (shipping if plan.cif else 0)
    duty = goods * 0 + plan.duty_constant
    rate_m, rate_k = plan.duty_flat_rate
    if rate_m:
        cg, cs, ccv = plan.duty_flat_base
        duty = duty + scale_half_up(goods * cg + shipping * cs + customs * ccv, rate_m, rate_k, seen)
    for m, k in plan.duty_terms:
        duty = duty + scale_half_up(customs, m, k, seen)
    if not plan.duty_on:
        duty = duty * 0
    tg, ts, tcv, td = plan.tax_base
    base = goods * tg + shipping * ts + customs * tcv + duty * td
    if plan.uplift[0]:
        base = base + scale_half_up(customs, *plan.uplift, seen)
    tax = goods * 0
    if plan.tax_on:
        for m, k, gross in plan.tax_terms:
            # grossed up: amount = base x rate / (1 - rate), exactly m * base / (10**k - m)
            term = div_half_up(base * m, 10**k - m, seen) if gross else scale_half_up(base, m, k, seen)
            tax = tax + term
    duty_now = duty if plan.duty_checkout else duty * 0
    tax_now = tax if plan.tax_checkout else tax * 0
    checkout = goods + shipping + duty_now + tax_now + plan.fee_checkout
    delivery = (duty - duty_now) + (tax - tax_now) + plan.fee_delivery
    amounts = {
        "goods": goods,
        "shipping": goods * 0 + shipping,
        "duty": duty,
        "tax": tax,
        "fees": goods * 0 + plan.fee_checkout + plan.fee_delivery,
        "total": checkout + delivery,
        "checkout": checkout,
        "delivery": delivery,
    }
    if seen is not None:
        seen.extend(abs(int(v)) for values in amounts.values() for v in values)
    return amounts


_POW10: Final = np.array([10**i for i in range(19)], dtype=np.int64)


def _rows_half_up(n: IntArray, m: IntArray, shift: IntArray) -> IntArray:
    divisor = _POW10[np.maximum(shift, 0)]
    result: IntArray = (n * m * _POW10[np.maximum(-shift, 0)] + divisor // 2) // divisor
    return result


def evaluate_rows(
    price: IntArray, quantity: IntArray, which: IntArray, plans: Sequence[BandPlan], exponent: int
) -> dict[str, IntArray]:
    """``evaluate`` for many small bands at once: each row's coefficients gathered from its plan ``which``.

    The same steps on int64 columns (every plan here was found int64-safe for its rows); one pass of array
    operations instead of one per band, for catalogues with many kinds of item and few rows of each.
    """

    def col(values: list[int]) -> IntArray:
        return np.array(values, dtype=np.int64)[which]

    def term(terms: Sequence[Sequence[tuple[int, ...]]], i: int, j: int) -> list[int]:
        return [int(t[i][j]) if i < len(t) else 0 for t in terms]

    goods = _rows_half_up(
        price * quantity, col([p.fx[0] for p in plans]), col([exponent + p.fx[1] - p.minor_units for p in plans])
    )
    shipping = col([p.shipping for p in plans])
    customs = _rows_half_up(goods, col([p.factor[0] for p in plans]), col([p.factor[1] for p in plans]))
    customs = customs + shipping * col([int(p.cif) for p in plans])
    flat_base = (
        goods * col([p.duty_flat_base[0] for p in plans])
        + shipping * col([p.duty_flat_base[1] for p in plans])
        + customs * col([p.duty_flat_base[2] for p in plans])
    )
    duty = col([p.duty_constant for p in plans]) + _rows_half_up(
        flat_base, col([p.duty_flat_rate[0] for p in plans]), col([p.duty_flat_rate[1] for p in plans])
    )
    duty_terms = [p.duty_terms for p in plans]
    for i in range(max((len(t) for t in duty_terms), default=0)):
        duty = duty + _rows_half_up(customs, col(term(duty_terms, i, 0)), col(term(duty_terms, i, 1)))
    duty = duty * col([int(p.duty_on) for p in plans])
    base = (
        goods * col([p.tax_base[0] for p in plans])
        + shipping * col([p.tax_base[1] for p in plans])
        + customs * col([p.tax_base[2] for p in plans])
        + duty * col([p.tax_base[3] for p in plans])
        + _rows_half_up(customs, col([p.uplift[0] for p in plans]), col([p.uplift[1] for p in plans]))
    )
    tax = goods * 0
    tax_terms = [p.tax_terms for p in plans]
    for i in range(max((len(t) for t in tax_terms), default=0)):
        m, k = col(term(tax_terms, i, 0)), col(term(tax_terms, i, 1))
        denominator = np.maximum(_POW10[k] - m, 1)
        grossed = (2 * base * m + denominator) // (2 * denominator)
        tax = tax + np.where(col(term(tax_terms, i, 2)) == 1, grossed, _rows_half_up(base, m, k))
    tax = tax * col([int(p.tax_on) for p in plans])
    duty_now = duty * col([int(p.duty_checkout) for p in plans])
    tax_now = tax * col([int(p.tax_checkout) for p in plans])
    fee_checkout, fee_delivery = col([p.fee_checkout for p in plans]), col([p.fee_delivery for p in plans])
    checkout = goods + shipping + duty_now + tax_now + fee_checkout
    delivery = (duty - duty_now) + (tax - tax_now) + fee_delivery
    return {
        "goods": goods,
        "shipping": shipping,
        "duty": duty,
        "tax": tax,
        "fees": fee_checkout + fee_delivery,
        "total": checkout + delivery,
        "checkout": checkout,
        "delivery": delivery,
    }
