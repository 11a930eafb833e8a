"""Differential check for speed work: dump every observable output of a large, seeded sample of quotes
and payment selections, so a dump made before a change can be compared with one made after it.

Run: .venv/bin/python benchmarks/golden.py OUT.txt [--quotes N] [--selections N]
then ``diff`` two dumps (or ``cmp``); any byte of difference is a behaviour change.

Each case writes its input, then either ``json.dumps(result.to_dict())`` and ``repr(result)`` (every field,
Decimal exponents included), or the error's type, message and attributes. Quote inputs come from
``tests/quote_samples.py`` (the shipped examples varied by a seeded generator, and the same shapes at other
amounts), selection queries from a grid over every country in the payment data. The folder the data was
read from is written as ``<rates>`` so that dumps of two checkouts compare.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from checkoutguard import current_data, parse_order, select_methods
from checkoutguard.errors import CheckoutGuardError
from checkoutguard.landed_cost import LandedCostCalculator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from quote_samples import CURRENCIES, TODAY, documents  # noqa: E402  (the shared seeded sample)

PAY_AMOUNTS = ["0.01", "1.00", "10.00", "50.00", "99.99", "250.00", "1000.00", "5000.00", "30000.00"]


def _outcome(call: Callable[[], Any]) -> str:
    try:
        result = call()
    except CheckoutGuardError as exc:
        attrs = {k: repr(v) for k, v in sorted(vars(exc).items())}
        return f"ERROR {type(exc).__name__}: {exc} {attrs}"
    return _RATES_DIR.sub("<rates>/", json.dumps(result.to_dict(), ensure_ascii=False) + "\n" + repr(result))


_RATES_DIR = re.compile(r"[^\s\"']*/rates/")


def quote_cases(count: int) -> Iterator[tuple[str, Callable[[], Any]]]:
    calculators = [LandedCostCalculator(), LandedCostCalculator(max_fx_age_days=3)]
    for index, doc in enumerate(documents(count)):
        calc = calculators[index % 2]
        text = json.dumps(doc, sort_keys=True)
        yield f"quote dict {text}", lambda d=doc, c=calc: c.quote(d, today=TODAY)
        yield f"parse {text}", lambda d=doc: _Parsed(parse_order(d))
        try:
            parsed = parse_order(doc)
        except CheckoutGuardError:
            continue
        yield f"quote parsed {text}", lambda o=parsed, c=calc: c.quote(o, today=TODAY)


class _Parsed:
    """An ``Order`` shown by its repr (orders have no ``to_dict``)."""

    def __init__(self, order: Any) -> None:
        self.order = order

    def to_dict(self) -> str:
        return repr(self.order)

    def __repr__(self) -> str:
        return f"parsed {self.order!r}"


def selection_cases(count: int) -> Iterator[tuple[str, Callable[[], Any]]]:
    rng = random.Random(7)
    book = current_data().methods
    countries = [*sorted(book.by_country), "IS", "AQ"]
    method_ids = sorted(book.methods)
    providers = sorted({p for m in book.methods.values() for p in m.providers})
    for _ in range(count):
        query: dict[str, Any] = {
            "country": rng.choice(countries),
            "currency": rng.choice([*CURRENCIES, "IDR", "BRL", "PLN", "INR", "MXN"]),
            "amount": rng.choice(PAY_AMOUNTS),
            "buyer_type": rng.choice(["consumer", "consumer", "business"]),
            "channel": rng.choice(["web", "web", "ios", "android"]),
            "recurring": rng.random() < 0.25,
            "on": TODAY - timedelta(days=rng.choice([0, 0, 400, 1500, 3000])) + timedelta(days=rng.choice([0, 900])),
        }
        if rng.random() < 0.2:
            query["allow"] = rng.sample(method_ids, rng.randrange(1, 8))
        if rng.random() < 0.2:
            query["prefer"] = rng.sample(method_ids, rng.randrange(1, 4))
        if rng.random() < 0.25:
            query["provider"] = rng.choice(providers)
        text = repr(sorted(query.items()))
        yield f"select {text}", lambda q=query: select_methods(**q)
        if rng.random() < 0.1:  # the same query again: remembered answers must equal fresh ones
            yield f"select again {text}", lambda q=query: select_methods(**q)


def dump(out: TextIO, quotes: int, selections: int) -> int:
    written = 0
    for label, call in [*quote_cases(quotes), *selection_cases(selections)]:
        out.write(label + "\n" + _outcome(call) + "\n\n")
        written += 1
    return written


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":  # set reprs (registrations) follow string hashing
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quotes", type=int, default=8000)
    parser.add_argument("--selections", type=int, default=6000)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        count = dump(out, args.quotes, args.selections)
    print(f"{count} cases written to {args.out}")


if __name__ == "__main__":
    main()
