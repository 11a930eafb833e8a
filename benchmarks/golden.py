"""Differential check for speed work: dump every observable output of a large, seeded sample of quotes
and payment selections, so a dump made before a change can be compared with one made after it.

Run: .venv/bin/python benchmarks/golden.py OUT.txt [--quotes N] [--selections N]
then ``diff`` two dumps (or ``cmp``); any byte of difference is a behaviour change.

Each case writes its input, then either ``json.dumps(result.to_dict())`` and ``repr(result)`` (every field,
Decimal exponents included), or the error's type, message and attributes. Inputs come from the shipped
examples, varied by a seeded random generator (destinations, origins, amounts, quantities, currencies, dates,
terms), and a grid of selection queries over every country in the payment data.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from checkoutguard import current_data, parse_order, select_methods
from checkoutguard.errors import CheckoutGuardError
from checkoutguard.landed_cost import LandedCostCalculator

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
DESTINATIONS = [
    "DE",
    "FR",
    "GB",
    "US",
    "CA",
    "AU",
    "CH",
    "NO",
    "JP",
    "NL",
    "IT",
    "ES",
    "SE",
    "IE",
    "AT",
    "BE",
    "PL",
    "CZ",
    "DK",
    "FI",
    "PT",
    "GR",
    "NZ",
    "SG",
    "KR",
    "IN",
    "BR",
    "MX",
    "ZA",
    "IS",
    "LU",
]
SUBDIVISIONS = {"CA": ["ON", "QC", "BC", "CA-AB", "XX"], "US": ["NY", "CA", "US-TX", "OR"], "ES": ["ES-CN", "MD"]}
ORIGINS = ["CN", "US", "DE", "GB", "JP", "VN", "IN", "TR", "FR", "CH"]
CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "CNY"]
AMOUNTS = ["0.50", "3.00", "19.99", "24.00", "75.00", "135.00", "149.99", "150.00", "400.00", "1000.00", "12500.00"]
PAY_AMOUNTS = ["0.01", "1.00", "10.00", "50.00", "99.99", "250.00", "1000.00", "5000.00", "30000.00"]


def _examples() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*.json"))]


def _vary(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    if rng.random() < 0.7:
        country = rng.choice(DESTINATIONS)
        doc["ship_to"] = {"country": country}
        if country in SUBDIVISIONS and rng.random() < 0.6:
            doc["ship_to"]["subdivision"] = rng.choice(SUBDIVISIONS[country])
    if rng.random() < 0.4:
        doc["ship_from"] = {"country": rng.choice(ORIGINS)}
    if rng.random() < 0.3:
        doc["incoterm"] = rng.choice(["DDP", "DAP"])
    if rng.random() < 0.2:
        doc["buyer"] = {"type": rng.choice(["consumer", "business"])}
    money_currency = rng.choice(CURRENCIES) if rng.random() < 0.3 else None
    for item in doc.get("items", []):
        if rng.random() < 0.5:
            item["price"]["amount"] = rng.choice(AMOUNTS)
        if money_currency:
            item["price"]["currency"] = money_currency
        if rng.random() < 0.4:
            item["quantity"] = rng.choice([1, 2, 3, 7, 40])
        if rng.random() < 0.2:
            item["origin"] = rng.choice(ORIGINS)
    if rng.random() < 0.3 and doc.get("items"):
        doc["items"].append(copy.deepcopy(rng.choice(doc["items"])) | {"id": f"extra-{rng.randrange(1000)}"})
    if "shipping" in doc and rng.random() < 0.4:
        doc["shipping"]["amount"] = rng.choice(AMOUNTS)
    if rng.random() < 0.3:
        doc["date"] = (TODAY - timedelta(days=rng.choice([0, 1, 30, 200, 400]))).isoformat()
    return doc


def _outcome(call: Callable[[], Any]) -> str:
    try:
        result = call()
    except CheckoutGuardError as exc:
        attrs = {k: repr(v) for k, v in sorted(vars(exc).items())}
        return f"ERROR {type(exc).__name__}: {exc} {attrs}"
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n" + repr(result)


def quote_cases(count: int) -> Iterator[tuple[str, Callable[[], Any]]]:
    rng = random.Random(20261207)
    examples = _examples()
    calculators = [LandedCostCalculator(), LandedCostCalculator(max_fx_age_days=3)]
    for index in range(count):
        doc = examples[index] if index < len(examples) else _vary(rng, rng.choice(examples))
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
