"""Memory bounded by bytes (review F14): adversarial quotes (every order unique in its free text, postal
code, date and HS code) cannot grow any memo past its byte budget."""

from __future__ import annotations

from datetime import date, timedelta

from checkoutguard.landed_cost import LandedCostCalculator, RatesBook
from checkoutguard.memo import TOTAL_BUDGET, Memo, estimate, remember
from quote_builders import TODAY, item, order


def test_a_memo_empties_itself_at_its_byte_budget() -> None:
    memo: Memo[str, str] = Memo(limit=1_000_000, budget=64 << 10)
    for index in range(2_000):
        remember(memo, f"key-{index}", "x" * 500)  # about 700 bytes an entry with the key
        assert memo.used <= memo.budget
    assert 0 < len(memo) <= (64 << 10) // 700  # about 700 bytes an entry


def test_the_estimate_counts_owned_text() -> None:
    assert estimate(("a" * 500, 1)) - estimate(("a", 1)) == 499
    assert estimate("x" * 1000) > 1000


def test_adversarial_quotes_stay_within_every_memo_budget() -> None:
    book = RatesBook()
    calc = LandedCostCalculator(book)
    for index in range(1_500):
        day = date(2026, 1, 1) + timedelta(days=index % 300)
        hs = f"{610910 + index % 90:06d}"
        doc = order(
            "FR",
            item(amount="500.00", hs=hs, description=f"{index:05d} " + "d" * 490),
            registrations=["EU-IOSS"],
            day=day.isoformat(),
        )
        doc["ship_to"]["postal_code"] = f"{75000 + index}"
        calc.quote(doc, today=TODAY)
    table = book.duty("EU")
    memos = [book.memo, book.plans, book._by_address, book._destinations]
    memos += [table._lookups, table._estimates, table._preference_answers, table._additional_answers]  # type: ignore[union-attr]
    for memo in memos:
        assert memo.used <= memo.budget
    assert book.memo.used > 1 << 20  # the texts were remembered, and the budget, not the count, bounded them
    assert sum(memo.budget for memo in memos) < TOTAL_BUDGET
