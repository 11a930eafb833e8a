"""Trustmark checks per 100 KB page: the transport scan and the pre-contract link reading, next to floors.

Run: taskset -c 1 .venv/bin/python benchmarks/bench_trust.py [--repeat N]

Pages: three storefront fixtures of ``tests/audit/pages`` padded to ~100 KB (as ``bench_audit.py``). Floors
measured in the same run on the same bytes: ``bytes.lower()`` (touching every byte) and ``audit()`` warm
(what the guard already spends per page). Ours: ``TransportPolicy.check`` on the page (plain HTTP, no HSTS
header: every check runs) and ``read_legal`` warm (its link memo has seen the page). Figures are the median
of N timed calls, with the minimum beside it, because the machine is shared.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from checkoutguard.audit import audit
from checkoutguard.audit.html.legal import read_legal
from checkoutguard.middleware.transport import TransportPolicy

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("woocommerce_de", "prestashop_fr", "shopify_es")


def _builder() -> Callable[[str], bytes]:
    spec = importlib.util.spec_from_file_location("audit_fixtures", ROOT / "tests" / "audit" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    build: Callable[[str], bytes] = module.build_page
    return build


def _time(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    call()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1e3, min(runs) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    build = _builder()
    policy = TransportPolicy()
    print("| page | lower() ms | audit() warm ms | transport ms (× audit) | legal read ms (× audit) |")
    print("|---|---|---|---|---|")
    for name in PAGES:
        print(_row(name, build(name), policy, args.repeat))


def _row(name: str, raw: bytes, policy: TransportPolicy, repeat: int) -> str:
    lo = raw.lower()
    scope = {"type": "http", "scheme": "http", "path": "/checkout", "headers": [(b"host", b"shop.example")]}
    floor = _time(lambda: raw.lower(), repeat)
    whole = _time(lambda: audit(raw, country="DE"), repeat)
    transport = _time(lambda: policy.check(scope, [], raw), repeat)
    legal = _time(lambda: read_legal(raw, lo), repeat)
    return (
        f"| {name} | {floor[0]:.3f} (min {floor[1]:.3f}) | {whole[0]:.3f} (min {whole[1]:.3f}) | "
        f"{transport[0]:.3f} ({transport[0] / whole[0]:.2f}×) | {legal[0]:.3f} ({legal[0] / whole[0]:.2f}×) |"
    )


if __name__ == "__main__":
    main()
