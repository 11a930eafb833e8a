"""Payment-method selection latency, and the one-off cost of loading the method data.

Run: .venv/bin/python benchmarks/bench_payments.py [--profile]

Selection runs on every checkout page (middleware, HTTP API); loading runs once per process.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import timeit
from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.payments import Registry, load_registry, registry, select_methods

TODAY = date(2026, 11, 23)
SCENARIOS: dict[str, dict[str, Any]] = {
    "NL consumer web EUR 50": {"country": "NL", "currency": "EUR", "amount": "50.00"},
    "DE business recurring iOS": {
        "country": "DE",
        "currency": "EUR",
        "amount": "300.00",
        "buyer_type": "business",
        "recurring": True,
        "channel": "ios",
    },
    "ID consumer IDR (9 local methods)": {"country": "ID", "currency": "IDR", "amount": "500000"},
    "GB allow-list + prefer + stripe": {
        "country": "GB",
        "currency": "GBP",
        "amount": "80.00",
        "allow": ["card", "klarna", "afterpay_clearpay", "pay_by_bank", "apple_pay"],
        "prefer": ["apple_pay"],
        "provider": "stripe",
    },
    "IS (global methods only)": {"country": "IS", "currency": "EUR", "amount": "20.00"},
}


def floor_select(book: Registry, country: str, currency: str, amount: Decimal, buyer: str, channel: str) -> list[str]:
    """The floor: a bare filter over the same registry data (country, currency, buyer, channel, limits),
    with no dates, ranking, reasons or result objects: what any selection must at least do."""
    shown = []
    for method_id in (*book.by_country.get(country, ()), *book.global_ids):
        method = book.methods[method_id]
        if country in method.excluded_countries or buyer not in method.buyers or channel not in method.channels:
            continue
        local = method.countries.get(country)
        accepted = local.currencies if local is not None and local.currencies is not None else method.currencies
        if accepted is not None and currency not in accepted:
            continue
        for limit in method.limits:
            if limit.currency == currency and (
                (limit.min is not None and amount < limit.min) or (limit.max is not None and amount > limit.max)
            ):
                break
        else:
            shown.append(method_id)
    return shown


def floor_args(kwargs: dict[str, Any]) -> tuple[str, str, Decimal, str, str]:
    return (
        kwargs["country"],
        kwargs["currency"],
        Decimal(kwargs["amount"]),
        kwargs.get("buyer_type", "consumer"),
        kwargs.get("channel", "web"),
    )


def _median_us(call: Any, number: int) -> float:
    runs = timeit.repeat(call, number=number, repeat=7)
    return statistics.median(runs) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    load_ms = statistics.median(timeit.repeat(load_registry, number=1, repeat=5)) * 1e3
    registry()
    print(f"load + validate {len(registry().methods)} method files: {load_ms:.0f} ms (once per process)")
    print(f"{'scenario':40} {'select µs':>10} {'+to_dict µs':>12}")
    for name, kwargs in SCENARIOS.items():
        select_us = _median_us(lambda kw=kwargs: select_methods(on=TODAY, **kw), 200)
        full_us = _median_us(lambda kw=kwargs: select_methods(on=TODAY, **kw).to_dict(), 200)
        print(f"{name:40} {select_us:10.0f} {full_us:12.0f}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(500):
            select_methods(on=TODAY, **SCENARIOS["NL consumer web EUR 50"])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
