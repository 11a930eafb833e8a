"""The audit's memos are bounded in bytes, not only in entries (issue #9, deliverable 9; review F14).

``bounded.BoundedMemo`` weighs every entry when it stores it and drops the least recently used until it
fits its budget; ``memo.TOTAL_BYTES`` is the sum of the budgets. The flood test fills every memo with
pages built to make each entry as large as the reader allows (tags of a thousand bytes holding five
hundred attributes, long labels, long summaries, distinct on every page) and checks both the memos' own
accounting and the memory Python actually allocated.
"""

from __future__ import annotations

import gc
import threading
import tracemalloc

from checkoutguard.audit import audit, memo
from checkoutguard.audit.bounded import BoundedMemo, bounded, weigh


def test_entries_go_oldest_first_when_the_bytes_run_out() -> None:
    calls: list[int] = []

    def double(text: str) -> str:
        calls.append(1)
        return text * 2

    cached = bounded(40_000)(double)
    for i in range(100):
        cached(f"{i:04d}" * 250)  # 1 KB in, 2 KB out: about 3 KB an entry
    assert cached.used <= 40_000
    assert 5 < len(cached._entries) < 20
    cached(f"{99:04d}" * 250)
    assert len(calls) == 100  # the newest is kept
    cached(f"{0:04d}" * 250)
    assert len(calls) == 101  # the oldest went


def test_an_entry_larger_than_a_quarter_of_the_budget_is_not_kept() -> None:
    cached = bounded(10_000)(lambda n: "x" * n)
    assert cached(5_000) == "x" * 5_000
    assert cached.used == 0 and cached.cache_info().currsize == 0


def test_weigh_counts_what_a_value_refers_to() -> None:
    assert weigh(("x" * 1_000, ("y" * 1_000,))) > 2_000
    assert weigh({"a" * 500: ["b" * 500]}) > 1_000


def test_threads_share_a_memo_safely() -> None:
    cached = bounded(20_000)(lambda n: str(n) * 50)
    failures: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for i in range(3_000):
                assert cached((i * 7 + offset) % 500) == str((i * 7 + offset) % 500) * 50
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert cached.used <= 20_000


def test_budgets_add_up_to_the_documented_total() -> None:
    assert sum(memo.budgets().values()) <= memo.TOTAL_BYTES
    assert all(isinstance(memo.MEMOS[name], BoundedMemo) for name in memo.budgets())
    # Every memo keyed on page content is byte-bounded; the others are keyed on data (countries, dates).
    assert set(memo.MEMOS) - set(memo.budgets()) == {
        "amounts.minor_units",
        "api.jurisdictions",
        "api.plan",
        "encoding.labels",
        "rules.surcharge_policy",
    }


def _flood_page(k: int) -> bytes:
    attributes = b" ".join(b"a%d" % i for i in range(100))
    tags = b"".join(b'<div class="total-%d-%d" %s>' % (k, j, attributes) for j in range(40))
    boxes = b"".join(
        b'<label><input type="checkbox" name="c%d-%d" data-x="%s"> %s offer %d</label>'
        % (k, j, b"z" * 300, b"Newsletter " * 20, j)
        for j in range(40)
    )
    rows = b"".join(b"<p>Fee %d-%d %d,00 \xe2\x82\xac</p>" % (k, j, j) for j in range(100))
    select = b"<select>" + b"".join(b"<option>Option %d %d</option>" % (k, j) for j in range(100)) + b"</select>"
    return tags + b"<form>" + boxes + select + b'<div class="summary">' + rows + b"<p>Total 1,00 \xe2\x82\xac</p></div>"


def test_a_flood_of_distinct_pages_stays_within_the_budget() -> None:
    # The budgets cut to a thirty-second, so that a few pages fill every memo: what is measured is whether
    # the memos' accounting matches the memory Python allocates for them.
    budgets = memo.budgets()
    audit(_flood_page(-1), country="DE")  # what the first audit allocates for good (patterns, catalogs)
    memo.clear()
    gc.collect()
    tracemalloc.start()
    try:
        for name, budget in budgets.items():
            memo.MEMOS[name].budget = budget // 32  # type: ignore[attr-defined]
        base = tracemalloc.get_traced_memory()[0]
        for k in range(6):
            audit(_flood_page(k), country="DE")
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
        used = memo.used()
        assert all(used[name] <= budget // 32 for name, budget in budgets.items())
        assert sum(used.values()) > memo.TOTAL_BYTES // 32 // 4  # the flood did fill them
        assert grown < memo.TOTAL_BYTES // 32 * 1.5, f"{grown / 2**20:.1f} MiB"
    finally:
        tracemalloc.stop()
        for name, budget in budgets.items():
            memo.MEMOS[name].budget = budget  # type: ignore[attr-defined]
        memo.clear()
