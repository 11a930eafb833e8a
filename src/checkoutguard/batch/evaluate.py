"""A band's plan applied to many prices at once: the engine's line arithmetic in integer minor units.

Each step mirrors one line of ``landed_cost/engine.py`` for a one-item order (what the engine does with a
list of items reduces to this when there is one): goods converted and rounded, the customs value (goods
valued at the regime's factor, plus shipping under CIF), each duty line rounded on its own, the tax base the
rule names, each tax line rounded on its own (grossed up where the rule says so), totals as sums of rounded
lines. Which lines exist and at which rates is the engine's decision, read by ``plan.band_plan``.
"""

from __future__ import annotations

from checkoutguard.batch.arith import IntArray, div_half_up, scale_half_up
from checkoutguard.batch.plan import BandPlan

__all__ = ["AMOUNTS", "evaluate"]

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
