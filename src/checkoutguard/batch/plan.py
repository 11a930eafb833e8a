"""What the engine decided for one kind of catalogue row, and the proof that it holds for a band of prices.

A catalogue row is a one-item order. Everything but the price is the same within a *group* (destination,
HS code, origin, category, currency, quantity, shipping rule), so the engine's decision can only change with
the price, and only where a value test or a waiver flips. Every such test compares a quantity that never
decreases as the price rises (a converted value, a rounded duty) with a fixed bound, so each comparison can
flip at most once. ``signature`` reads every comparison the engine made from its own quote; two prices with
the same signature therefore have the same decision for every price between them, and ``band_plan`` turns
that decision into integer coefficients (rates, constants, which amounts are in which base) taken from the
engine's lines and rules. Anything this module cannot express exactly returns ``None``: the rows are then
priced by the single quote, one by one.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checkoutguard.batch.arith import decimal_parts
from checkoutguard.landed_cost.book import Rule
from checkoutguard.landed_cost.result import Quote, QuoteLine
from checkoutguard.money import currency

__all__ = ["BandPlan", "RuleIndex", "band_plan", "find_bands", "signature"]

_WAIVED = ": not collected"
_TAX_ELEMENTS = frozenset({"goods", "shipping", "insurance", "customs_value", "duty", "fees"})
_DUTY_ELEMENTS = frozenset({"goods", "shipping", "insurance", "customs_value", "fees"})
MAX_DUTY_TERMS = 3
MAX_TAX_TERMS = 2

Signature = Hashable


class RuleIndex:
    """The rules of one destination's regime on one day, by id (what the engine's quote names)."""

    def __init__(
        self, rules: Mapping[str, Rule], factor: Decimal, stacked_tax: Callable[[str], bool] = lambda _: False
    ) -> None:
        self.rules = rules
        self.factor = factor  # the valuation factor the engine applies to goods (customs value share)
        #: whether a tax of that category is charged on a base that includes another tax (Quebec's QST on
        #: GST): not expressed by a plan, so those rows go to the single quote
        self.stacked_tax = stacked_tax


def _test_sides(index: RuleIndex, entry: Mapping[str, Any]) -> tuple[bool, bool] | None:
    """Each bound of a value test on its own: both are monotone in the price, their conjunction is not."""
    rule = index.rules.get(entry["rule"])
    test = rule.when.value if rule is not None else None
    if test is None:
        return None
    value = Decimal(str(entry["value"]).rpartition(" ")[2])
    above = test.above is None or value > test.above
    below = True if test.limit is None else value <= test.limit if test.inclusive else value < test.limit
    return above, below


def _duty_state(index: RuleIndex, result: Quote) -> tuple[str, ...]:
    """Per waivable duty rule: nothing due, due but waived, or charged (in that order as the price rises)."""
    states = []
    for applied in result.regime.get("duty", ()):
        rule = index.rules.get(applied["id"])
        if rule is None or rule.waive_up_to is None:
            continue
        lines = [line for line in result.lines if line.type == "duty" and line.rule == rule.id]
        if any(line.label.endswith(_WAIVED) for line in lines):
            states.append("waived")
        else:
            states.append("charged" if any(line.amount for line in lines) else "zero")
    return tuple(states)


def signature(index: RuleIndex, result: Quote) -> Signature:
    """Every decision of the engine for this quote that may depend on the price, each one monotone in it."""
    lines = tuple(
        (line.type, line.rule, line.payable, line.rate, line.label.endswith(_WAIVED))
        for line in result.lines
        if line.type in ("duty", "tax", "fee")
    )
    tests = tuple((entry["rule"], _test_sides(index, entry)) for entry in result.regime.get("tests", ()))
    warnings = tuple(sorted({w.code for w in result.warnings}))
    return (result.regime.get("id"), lines, tests, _duty_state(index, result), warnings, result.complete)


Band = tuple[int, int, "Signature | None"]


def _member(ordered: Sequence[int], value: int) -> bool:
    at = bisect.bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def find_bands(
    prices: Sequence[int],
    known: dict[int, Signature | None],
    sig: Callable[[int], Signature | None],
    *,
    step: int,
    guesses: Sequence[int] = (),
) -> list[Band]:
    """Cover sorted distinct ``prices`` with bands ``(low, high, signature)`` whose two ends are probed prices.

    ``known`` maps prices probed before (earlier chunks) to their signature and receives the new probes;
    ``sig(price)`` asks the engine (``None``: it refused that price). A range whose two ends agree is one
    band (decisions are monotone: they cannot flip and flip back); otherwise it is split: just below a
    ``guesses`` price if one lies inside (a boundary found for a similar kind of item; ``step`` is the
    smallest price difference), else at a price probed before, else in the middle. Guesses only choose where
    to split, never what a band is. A range with a refused end is returned with ``None``: its rows go to
    the single quote.
    """
    if not prices:
        return []
    anchors = sorted(known)
    below = bisect.bisect_right(anchors, prices[0]) - 1
    above = bisect.bisect_left(anchors, prices[-1])
    lowest = anchors[below] if below >= 0 else prices[0]
    highest = anchors[above] if above < len(anchors) else prices[-1]
    extra = sorted({lowest, highest, *anchors[max(below, 0) : above + 1]})
    extra = [p for p in extra if not _member(prices, p)]
    points = sorted([*prices, *extra]) if extra else list(prices)  # timsort: two sorted runs, merged in C
    ordered_guesses = sorted(guesses)

    def at(price: int) -> Signature | None:
        if price not in known:
            known[price] = sig(price)
        return known[price]

    bands: list[Band] = []
    stack = [(lowest, highest)]
    while stack:
        lo, hi = stack.pop()
        first, last = at(lo), at(hi)
        if first is not None and first == last:
            bands.append((lo, hi, first))
            continue
        i, j = bisect.bisect_left(points, lo), bisect.bisect_left(points, hi)
        if j - i <= 1 or (first is None and last is None):
            bands.append((lo, hi, None) if first is None and last is None else (lo, lo, first))
            if not (first is None and last is None) and hi != lo:
                bands.append((hi, hi, last))
            continue
        if first is None or last is None:  # the refused end alone; the rest is searched on
            bands.append((lo, lo, None) if first is None else (hi, hi, None))
            stack.append((points[i + 1], hi) if first is None else (lo, points[j - 1]))
            continue
        g = bisect.bisect_right(ordered_guesses, lo)
        if g < len(ordered_guesses) and ordered_guesses[g] <= hi and ordered_guesses[g] - step >= lo:
            split, after = ordered_guesses[g] - step, ordered_guesses[g]
            for price in (split, after):
                if price not in known and price not in points[i : j + 1]:
                    bisect.insort(points, price)
        else:
            inside = [p for p in points[i + 1 : j] if p in known]
            split = min(inside, key=lambda p: abs(2 * p - lo - hi)) if inside else points[(i + j) // 2]
            after = points[bisect.bisect_right(points, split)]
        stack.append((after, hi))
        stack.append((lo, split))
    bands.sort(key=lambda band: band[0])
    merged: list[Band] = []
    for band in bands:  # neighbours with one signature are one band: the decisions hold between their ends
        if merged and band[2] is not None and merged[-1][2] == band[2]:
            merged[-1] = (merged[-1][0], band[1], band[2])
        else:
            merged.append(band)
    return merged


def pin_boundaries(
    bands: Sequence[Band], known: dict[int, Signature | None], sig: Callable[[int], Signature | None], step: int
) -> list[int]:
    """The first price of every upper side, found to ``step`` by bisection between two differing bands.

    Costs about log2(gap / step) engine calls per boundary, once for a family of similar kinds of item;
    the result is only ever used as ``guesses``.
    """
    found: list[int] = []
    for (_, low, below), (high, _, above) in itertools.pairwise(bands):
        if below is None or above is None:
            continue
        while high - low > step:
            mid = low + (high - low) // (2 * step) * step
            mid = max(mid, low + step)
            value = known.get(mid) if mid in known else known.setdefault(mid, sig(mid))
            if value == below:
                low = mid
            elif value == above:
                high = mid
            else:
                break  # a third decision in between: leave it to the bands
        else:
            found.append(high)
    return found


@dataclass(frozen=True, slots=True)
class BandPlan:
    """Integer coefficients of one band: amounts in minor units of the quote currency, rates as (m, k)."""

    currency: str
    minor_units: int
    fx: tuple[int, int]  # goods conversion rate (price currency -> quote currency)
    shipping: int
    factor: tuple[int, int]
    cif: bool
    duty_terms: tuple[tuple[int, int], ...]  # ad valorem on the customs value, each line rounded
    duty_flat_rate: tuple[int, int]  # rate on duty_flat_base (flat_rate method), or (0, 0)
    duty_flat_base: tuple[int, int, int]  # coefficients of goods, shipping, customs value
    duty_constant: int
    duty_on: bool
    duty_checkout: bool
    tax_terms: tuple[tuple[int, int, bool], ...]  # (m, k, gross_up)
    tax_base: tuple[int, int, int, int]  # coefficients of goods, shipping, customs value, duty
    uplift: tuple[int, int]
    tax_on: bool
    tax_checkout: bool
    fee_checkout: int
    fee_delivery: int
    regime: str
    warnings: str
    complete: bool


def _minor_units(code: str) -> int:
    return currency(code).minor_units or 0


def _units(amount: Decimal, code: str) -> int:
    """An amount already rounded to ``code``'s minor unit, as an integer count of minor units."""
    return int(amount.scaleb(_minor_units(code)))


def _coefficients(elements: tuple[str, ...], allowed: frozenset[str]) -> dict[str, int] | None:
    if not set(elements) <= allowed:
        return None
    return {name: elements.count(name) for name in ("goods", "shipping", "customs_value", "duty")}


def _plain_percent(line: QuoteLine) -> bool:
    """The tariff line's rate text is its ad valorem rate alone (no per-unit part, minimum or maximum)."""
    if line.rate is None:
        return False
    return line.label.endswith(f"{(line.rate * 100).normalize():f} %)")


def band_plan(
    index: RuleIndex, result: Quote, incoterm: str, price_currency: str, category: str = "general"
) -> BandPlan | None:
    """The band's coefficients from the engine's quote at one of its prices, or None if not expressible."""
    code = result.currency
    applied_duty = [index.rules.get(r["id"]) for r in result.regime.get("duty", ())]
    applied_tax = [index.rules.get(r["id"]) for r in result.regime.get("tax", ())]
    if len(applied_duty) != 1 or len(applied_tax) != 1 or applied_duty[0] is None or applied_tax[0] is None:
        return None
    duty_rule, tax_rule = applied_duty[0], applied_tax[0]
    if index.stacked_tax(category):
        return None
    goods = [line for line in result.lines if line.type == "goods"]
    if len(goods) != 1 or any(line.type in ("insurance",) for line in result.lines):
        return None
    if price_currency == code:
        fx = (1, 0)
    else:
        pairs = [f.rate for f in result.fx if f.base == price_currency and f.quote == code]
        if len(pairs) != 1:
            return None
        fx = decimal_parts(pairs[0])
    shipping = sum((line.amount for line in result.lines if line.type == "shipping"), Decimal(0))
    fees = [line for line in result.lines if line.type == "fee"]
    if any(line.rule == "merchant" for line in fees):
        return None
    duty_lines = [line for line in result.lines if line.type == "duty"]
    tax_lines = [line for line in result.lines if line.type == "tax"]
    duty_on = not any(line.label.endswith(_WAIVED) for line in duty_lines)
    duty_terms: list[tuple[int, int]] = []
    flat_rate = (0, 0)
    flat_base = (0, 0, 0)
    constant = 0
    if duty_rule.surcharge is not None:
        return None
    if duty_rule.method == "tariff":
        for line in duty_lines:
            if not _plain_percent(line) or line.rate is None:
                return None
            duty_terms.append(decimal_parts(line.rate))
    elif duty_rule.method == "flat_per_tariff_line":
        if len(duty_lines) != 1 or not duty_on:
            return None
        constant = _units(duty_lines[0].amount, code)
    elif duty_rule.method == "flat_rate":
        coefficients = _coefficients(duty_rule.base, _DUTY_ELEMENTS)
        if duty_rule.deduction is not None or duty_rule.rate is None or coefficients is None or len(duty_lines) != 1:
            return None
        flat_rate = decimal_parts(duty_rule.rate)
        flat_base = (coefficients["goods"], coefficients["shipping"], coefficients["customs_value"])
    elif duty_rule.method != "exempt":
        return None
    if len(duty_terms) > MAX_DUTY_TERMS:
        return None
    tax_terms: list[tuple[int, int, bool]] = []
    tax_base = (0, 0, 0, 0)
    uplift = (0, 0)
    if tax_rule.method in ("import", "point_of_sale"):
        elements = tax_rule.base
        if tax_rule.method == "point_of_sale" and incoterm != "DDP":
            elements = tuple(e for e in elements if e != "duty")
        coefficients = _coefficients(elements, _TAX_ELEMENTS)
        if coefficients is None:
            return None
        tax_base = (
            coefficients["goods"],
            coefficients["shipping"],
            coefficients["customs_value"],
            coefficients["duty"],
        )
        if tax_rule.uplift is not None:
            uplift = decimal_parts(tax_rule.uplift)
        for line in tax_lines:
            if line.rate is None:
                continue
            tax_terms.append((*decimal_parts(line.rate), tax_rule.gross_up))
        if len(tax_terms) > MAX_TAX_TERMS:
            return None
    elif tax_rule.method not in ("exempt", "reverse_charge"):
        return None
    return BandPlan(
        currency=code,
        minor_units=_minor_units(code),
        fx=fx,
        shipping=_units(shipping, code),
        factor=decimal_parts(index.factor),
        cif=result.regime.get("valuation") == "CIF",
        duty_terms=tuple(duty_terms),
        duty_flat_rate=flat_rate,
        duty_flat_base=flat_base,
        duty_constant=constant,
        duty_on=duty_on,
        duty_checkout=all(line.payable == "checkout" for line in duty_lines),
        tax_terms=tuple(tax_terms),
        tax_base=tax_base,
        uplift=uplift,
        tax_on=not any(line.label.endswith(_WAIVED) for line in tax_lines),
        tax_checkout=all(line.payable == "checkout" for line in tax_lines),
        fee_checkout=sum(_units(f.amount, code) for f in fees if f.payable == "checkout"),
        fee_delivery=sum(_units(f.amount, code) for f in fees if f.payable == "delivery"),
        regime=str(result.regime.get("id", "")),
        warnings=" ".join(sorted({w.code for w in result.warnings})),
        complete=result.complete,
    )
