"""What following a journey adds to a guarded page, next to the audit of that page (the floor).

Run: .venv/bin/python benchmarks/bench_journey.py

The guard already audits every guarded page; the journey adds ``observe`` (document → view), the store's
``add`` (encode, hash the key, decode the earlier views) and ``judge``. Each is timed per page on the last
page of a four-step journey, and on a journey at the store's limit (32 pages of 12 lines), next to the
``audit()`` of the same page measured in the same run. Fastest of 7 repeats (the machine is shared).
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from checkoutguard.audit import audit
from checkoutguard.journey import Journey, StepView, judge, observe
from checkoutguard.journey.stores import MemoryJourneyStore
from journey.builders import page

DAY = date(2026, 12, 7)
SHIRT = ("goods", "Organic cotton shirt", "40.00")
FEE = ("fee", "Service fee", "2.50")


def best_us(call: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(call, number=number, repeat=7)) / number * 1e6


def main() -> None:
    steps = ("cart", "shipping", "payment", "review")
    pages = {s: page(s, [SHIRT, FEE] if s == "review" else [SHIRT]) for s in steps}
    documents = {s: audit(pages[s], country="GB", on=DAY).document for s in steps}
    views = [observe(documents[s], s) for s in steps]
    review = documents["review"]
    floor = best_us(lambda: audit(pages["review"], country="GB", on=DAY), 200)
    store = MemoryJourneyStore()
    for seen in views[:-1]:
        store.add_sync("buyer", seen)
    journey = store.add_sync("buyer", views[-1])

    def add_review() -> object:
        store.forget_sync("buyer")
        for seen in views:
            journey = store.add_sync("buyer", seen)
        return journey

    rows = [
        ("floor: audit() of the review page", floor),
        ("observe(document, step)", best_us(lambda: observe(review, "review"), 2_000)),
        ("store.add of a 4-page journey, all 4 pages", best_us(add_review, 500)),
        ("judge(4-page journey)", best_us(lambda: judge(journey, country="GB", on=DAY), 2_000)),
    ]
    many = [("fee", f"Fee {i}", "1.00") for i in range(10)]
    big = Journey(
        tuple(
            StepView(
                steps[i % 4],
                "GBP",
                None,
                observe(audit(page(steps[i % 4], [SHIRT, *many]), country="GB", on=DAY).document, "x").lines,
            )
            for i in range(32)
        )
    )
    rows.append(("judge(32 pages × 11 lines)", best_us(lambda: judge(big, country="GB", on=DAY), 200)))
    print(f"{'case':48} {'µs':>9} {'× floor':>8}")
    for name, micros in rows:
        print(f"{name:48} {micros:9.1f} {micros / floor:8.3f}")


if __name__ == "__main__":
    main()
