"""Quote latency for a 3-item order, next to the bare Decimal arithmetic of the same quote.

Run: .venv/bin/python benchmarks/bench_quote.py [--profile]

The floor is what any correct implementation must do: 3 line totals (price x quantity, FX, quantize),
shipping converted and spread, CIF per item, duty = rate x CIF per item, VAT = rate x (CIF + duty),
every amount quantized to the cent, all in Decimal. Both run in this process, on this machine, now.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
import timeit
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from checkoutguard.landed_cost import LandedCostCalculator, parse_order

TODAY = date(2026, 11, 23)
CENT = Decimal("0.01")


def _item(item_id: str, amount: str, quantity: int, hs: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "price": {"amount": amount, "currency": "USD"},
        "quantity": quantity,
        "hs_code": hs,
        "origin": "CN",
    }


ORDERS: dict[str, dict[str, Any]] = {
    "DE import, 3 tariff lines, DAP": {
        "date": "2026-11-23",
        "ship_from": {"country": "CN"},
        "ship_to": {"country": "DE"},
        "incoterm": "DAP",
        "items": [
            _item("a", "129.00", 1, "610910"),
            _item("b", "59.90", 2, "640411"),
            _item("c", "19.50", 3, "950300"),
        ],
        "shipping": {"amount": "14.90", "currency": "USD"},
    },
    "FR IOSS, EUR 3 flat duty, DDP": {
        "date": "2026-11-23",
        "ship_from": {"country": "CN"},
        "ship_to": {"country": "FR"},
        "merchant": {"registrations": ["EU-IOSS"]},
        "items": [
            _item("a", "19.00", 1, "610910"),
            _item("b", "24.00", 2, "420292"),
            _item("c", "9.50", 3, "950300"),
        ],
        "shipping": {"amount": "12.00", "currency": "USD"},
    },
}


def floor_quote(
    prices: list[tuple[Decimal, int]], shipping: Decimal, fx: Decimal, duty: list[Decimal], vat: Decimal
) -> Decimal:
    goods = [(p * q * fx).quantize(CENT, ROUND_HALF_UP) for p, q in prices]
    ship = (shipping * fx).quantize(CENT, ROUND_HALF_UP)
    total_goods = sum(goods)
    total = total_goods + ship
    tax_base = Decimal(0)
    for g, rate in zip(goods, duty, strict=True):
        share = (ship * g / total_goods).quantize(CENT, ROUND_HALF_UP)
        cif = g + share
        d = (cif * rate).quantize(CENT, ROUND_HALF_UP)
        total += d
        tax_base += cif + d
    return total + (tax_base * vat).quantize(CENT, ROUND_HALF_UP)


def measure(fn: Callable[[], object], number: int = 2000, repeat: int = 9) -> float:
    fn()
    runs = timeit.repeat(fn, number=number, repeat=repeat)
    return min(runs) / number * 1e6  # the least-disturbed run: the machine is shared


def breakdown(calc: LandedCostCalculator, order: Any, number: int = 5000) -> None:
    """Wall time per engine stage (wrapping adds ~0.3 us per call; read the shares, not the sum)."""
    from checkoutguard.landed_cost import engine

    spent: dict[str, int] = {}
    originals: dict[str, Any] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter_ns()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0) + time.perf_counter_ns() - start

        return wrapper

    stages = ["__init__", "assign", "_duty", "_tax", "_statutory_fees", "_review_warnings", "_result"]
    for name in stages:
        originals[name] = getattr(engine._Quoter, name)
        setattr(engine._Quoter, name, timed(name, originals[name]))
    original_allocate = engine._allocate
    engine._allocate = timed("_allocate (shipping split)", original_allocate)
    try:
        start = time.perf_counter_ns()
        for _ in range(number):
            calc.quote(order, today=TODAY)
        total = (time.perf_counter_ns() - start) / number / 1000
    finally:
        for name in stages:
            setattr(engine._Quoter, name, originals[name])
        engine._allocate = original_allocate
    print(f"  stage breakdown (total {total:.1f} us with timers):")
    for name, ns in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<28} {ns / number / 1000:6.1f} us")
    rest = total - sum(spent.values()) / number / 1000
    print(f"    {'run() itself (lines, loops)':<28} {rest:6.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true", help="cProfile the quotes")
    parser.add_argument("--breakdown", action="store_true", help="time each stage of the engine")
    args = parser.parse_args()
    calc = LandedCostCalculator()
    prices = [(Decimal("129.00"), 1), (Decimal("59.90"), 2), (Decimal("19.50"), 3)]
    rates = [Decimal("0.12"), Decimal("0.17"), Decimal("0")]
    fx, vat, ship = Decimal("0.895094880057"), Decimal("0.19"), Decimal("14.90")
    floor = measure(lambda: floor_quote(prices, ship, fx, rates, vat), number=20000)
    print(f"{'case':<34} {'us/quote':>9} {'x floor':>8}")
    print(f"{'floor: bare Decimal arithmetic':<34} {floor:>9.2f} {1.0:>8.1f}")
    for name, document in ORDERS.items():
        order = parse_order(document)
        parsed = measure(lambda order=order: calc.quote(order, today=TODAY))
        full = measure(lambda document=document: calc.quote(document, today=TODAY))
        print(f"{name + ' (parsed)':<34} {parsed:>9.2f} {parsed / floor:>8.1f}")
        print(f"{name + ' (from dict)':<34} {full:>9.2f} {full / floor:>8.1f}")
        if args.breakdown:
            breakdown(calc, order)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(3000):
                calc.quote(order, today=TODAY)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
