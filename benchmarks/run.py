"""``make bench``: every speed goal of issue #16 as a ratio to a floor measured in the same run.

Run: .venv/bin/python benchmarks/run.py [--rounds N] [--quick]

In-process cases run in interleaved rounds (one timed batch of every case per round), so drift on a
shared machine hits a floor and its subject alike; each batch is timed by this thread's CPU time (other
processes on a loaded machine do not inflate it), and each line gives the fastest round (µs per call)
and the ratio of fastest to fastest. Whole processes are timed by the CPU time they used (user + system, from
``getrusage``), which other jobs on the machine do not inflate; the median of the runs is reported.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_payments import SCENARIOS, floor_args, floor_select
from bench_quote import ORDERS, TODAY, floor_quote
from checkoutguard.landed_cost import LandedCostCalculator, parse_order
from checkoutguard.payments import registry, select_methods

ROOT = Path(__file__).resolve().parent.parent
CENT = Decimal("0.01")


def research_floor(
    items: list[tuple[Decimal, int]], ship: Decimal, duty: Decimal, vat: Decimal, fx: Decimal
) -> Decimal:
    """Floor A (``shared/research/performance-limits.md`` §1): 3 lines, FX, duty = rate × CIF,
    VAT = rate × (CIF + duty), every amount quantized to the cent."""
    goods = Decimal(0)
    for price, qty in items:
        goods += (price * qty).quantize(CENT, ROUND_HALF_UP)
    goods_b = (goods * fx).quantize(CENT, ROUND_HALF_UP)
    cif = goods_b + (ship * fx).quantize(CENT, ROUND_HALF_UP)
    duty_amount = (cif * duty).quantize(CENT, ROUND_HALF_UP)
    return cif + duty_amount + ((cif + duty_amount) * vat).quantize(CENT, ROUND_HALF_UP)


def interleaved(cases: dict[str, tuple[Callable[[], object], int]], rounds: int) -> dict[str, float]:
    """The fastest round of each case, in µs per call."""
    best = {name: float("inf") for name in cases}  # float-ok: timings
    for fn, _ in cases.values():
        fn()
    for _ in range(rounds):
        for name, (fn, number) in cases.items():
            started = time.thread_time()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.thread_time() - started) / number * 1e6)
    return best


def quotes(rounds: int, scale: int) -> None:
    calc = LandedCostCalculator()
    floor_b_args = (
        [(Decimal("129.00"), 1), (Decimal("59.90"), 2), (Decimal("19.50"), 3)],
        Decimal("14.90"),
        Decimal("0.895094880057"),
        [Decimal("0.12"), Decimal("0.17"), Decimal("0")],
        Decimal("0.19"),
    )
    floor_a_args = (
        [(Decimal("19.99"), 2), (Decimal("5.49"), 3), (Decimal("129.00"), 1)],
        Decimal("12.50"),
        Decimal("0.12"),
        Decimal("0.19"),
        Decimal("0.921734"),
    )
    cases: dict[str, tuple[Callable[[], object], int]] = {
        "floor A: research 3-line Decimal quote": (lambda: research_floor(*floor_a_args), 2000 * scale),
        "floor B: per-item Decimal quote (bench_quote)": (lambda: floor_quote(*floor_b_args), 1000 * scale),
    }
    for name, document in ORDERS.items():
        order = parse_order(document)
        cases[f"{name}, parsed"] = (lambda o=order: calc.quote(o, today=TODAY), 200 * scale)
        cases[f"{name}, from dict"] = (lambda d=document: calc.quote(d, today=TODAY), 100 * scale)
    best = interleaved(cases, rounds)
    floor_a, floor_b = (
        best["floor A: research 3-line Decimal quote"],
        best["floor B: per-item Decimal quote (bench_quote)"],
    )
    print("\n## 3-item quote (goal: parsed <= 10x floor A, from a dict <= 15x; stretch 5x / 8x)\n")
    print("| case | µs | × floor A | × floor B |\n|---|---:|---:|---:|")
    for name, value in best.items():
        print(f"| {name} | {value:.2f} | {value / floor_a:.1f} | {value / floor_b:.1f} |")


def growth(scale: int) -> None:
    """µs per item of a parsed quote as the order grows (linear means a flat column)."""
    calc = LandedCostCalculator()
    base = ORDERS["DE import, 3 tariff lines, DAP"]
    print("\n## Growth in items (parsed DE quote; linear = flat µs per item)\n")
    print("| items | µs per quote | µs per item |\n|---:|---:|---:|")
    for count in (3, 30, 300, 1000):
        items = [dict(base["items"][i % 3], id=f"i{i}") for i in range(count)]
        order = parse_order(dict(base, items=items))
        number = max(1, (300 * scale) // count)
        value = interleaved({"q": (lambda o=order: calc.quote(o, today=TODAY), number)}, 5)["q"]
        print(f"| {count} | {value:.1f} | {value / count:.2f} |")


def payments(rounds: int, scale: int) -> None:
    book = registry()
    cases: dict[str, tuple[Callable[[], object], int]] = {}
    for name, kwargs in SCENARIOS.items():
        args = floor_args(kwargs)
        cases[f"floor: {name}"] = (lambda a=args: floor_select(book, *a), 500 * scale)
        cases[name] = (lambda kw=kwargs: select_methods(on=TODAY, **kw), 200 * scale)
    best = interleaved(cases, rounds)
    print("\n## select_methods (goal: <= 5x a bare filter over the same registry data)\n")
    print("| scenario | bare filter µs | select_methods µs | × floor |\n|---|---:|---:|---:|")
    for name in SCENARIOS:
        floor, value = best[f"floor: {name}"], best[name]
        print(f"| {name} | {floor:.1f} | {value:.1f} | {value / floor:.1f} |")


def _cpu_ms(command: list[str], env: dict[str, str]) -> tuple[float, float]:  # float-ok: timings
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    wall = (time.perf_counter() - started) * 1e3
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3
    return cpu, wall


def startup(runs: int) -> None:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install has .pyc files; this checkout gets them too
    cli = str(Path(sys.executable).with_name("checkoutguard"))
    commands = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "python -c 'import checkoutguard'": [sys.executable, "-c", "import checkoutguard"],
        "checkoutguard quote examples/fr-ioss-tshirts.json": [cli, "quote", "examples/fr-ioss-tshirts.json"],
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():
        _cpu_ms(command, env)  # writes .pyc files, warms the page cache
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_cpu_ms(command, env))
    floor = statistics.median(cpu for cpu, _ in samples["python -c pass (floor)"])
    print("\n## Start-up, whole processes (goal: import <= 60 ms; CLI quote <= 3x python -c pass)\n")
    print("| process | CPU ms (median) | wall ms (median) | × floor (CPU) |\n|---|---:|---:|---:|")
    for name, values in samples.items():
        cpu = statistics.median(c for c, _ in values)
        wall = statistics.median(w for _, w in values)
        print(f"| {name} | {cpu:.0f} | {wall:.0f} | {cpu / floor:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds per in-process table")
    parser.add_argument("--quick", action="store_true", help="smaller batches (a smoke run, noisier)")
    args = parser.parse_args()
    scale = 1 if args.quick else 5
    print(f"checkoutguard benchmarks, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    quotes(args.rounds, scale)
    growth(scale)
    payments(args.rounds, scale)
    startup(3 if args.quick else 9)


if __name__ == "__main__":
    main()
