"""Platform JSON per audit: detecting and reading each platform's cart, next to the JSON parse it follows.

Run: taskset -c 1 .venv/bin/python benchmarks/bench_adapters.py [--repeat N]

Payloads: the realistic carts of ``tests/audit/adapters/payloads.py`` as JSON bytes. Floor measured in the same
run on the same bytes: ``json.loads`` (what any reading of the payload costs). Ours: ``read_document`` (shape
walk, detection, the adapter) on the parsed payload, and the whole ``audit()`` of the bytes for a buyer the
rules apply to. Figures are the median of N timed calls, with the minimum beside it (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import runpy
import statistics
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from checkoutguard.audit import audit
from checkoutguard.audit.adapters import read_document

ROOT = Path(__file__).resolve().parents[1]
ON = date(2026, 12, 1)


def _payloads() -> dict[str, Any]:
    """The test payload builders, by name (``payloads.py`` is a plain module of functions)."""
    return runpy.run_path(str(ROOT / "tests" / "audit" / "adapters" / "payloads.py"))


def _time(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and minimum of ``repeat`` single calls, in µs (``timeit`` turns the garbage collector off)."""
    runs = timeit.repeat(call, number=1, repeat=repeat)
    return statistics.median(runs) * 1e6, min(runs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2_000)
    args = parser.parse_args()
    p = _payloads()
    carts = [
        ("woocommerce-store-api", p["woocommerce_cart"](), "DE"),
        ("shopify-cart", p["shopify_cart"]("GBP"), "GB"),
        ("shopify-storefront-cart", p["storefront_cart"](), "GB"),
        ("saleor-checkout", p["saleor_checkout"](), "PL"),
        ("medusa-cart (v2)", p["medusa_v2_cart"](), "FR"),
        ("commercetools-cart", p["commercetools_cart"](), "IT"),
        ("stripe-checkout-session", p["stripe_session"](), "DE"),
    ]
    print("| format | bytes | json.loads µs | read_document µs (× loads) | audit() of the bytes µs (× loads) |")
    print("|---|---|---|---|---|")
    for name, payload, country in carts:
        raw = json.dumps(payload).encode()
        parsed = json.loads(raw)
        floor, floor_min = _time(lambda raw=raw: json.loads(raw), args.repeat)
        read, _ = _time(lambda parsed=parsed: read_document(parsed), args.repeat)
        whole, _ = _time(lambda raw=raw, c=country: audit(raw, country=c, on=ON), args.repeat)
        print(
            f"| {name} | {len(raw)} | {floor:.1f} (min {floor_min:.1f}) | {read:.1f} ({read / floor:.1f}×) "
            f"| {whole:.1f} ({whole / floor:.1f}×) |"
        )


if __name__ == "__main__":
    main()
