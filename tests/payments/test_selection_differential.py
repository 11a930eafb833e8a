"""The per-call part of selection against the way it was written before issue #16's fourth round: every
market × currency × amount × buyer type × channel, old reference logic (below, test-only) and
``select_methods`` over the same plan entries must give the same methods, order, reasons and exclusions.

The plan (what does not depend on the amount) is shared; ``test_selection_plans.py`` checks plans against
fresh ones, and ``benchmarks/golden.py`` compared 6,569 whole selections with the code before the change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.payments import load_registry, select_methods, selection as sel
from checkoutguard.payments.model import Limit

DAY = date(2026, 11, 23)
AMOUNTS = ["0.01", "1.00", "10.00", "35.00", "50.00", "99.99", "250.00", "1000.00", "5000.00", "30000.00"]


def _limit_check(limit: Limit, code: str, amount: Decimal, fails: list[tuple[str, str]], remarks: list[str]) -> None:
    """The amount test as ``selection._limits`` wrote it (min first, then max, then the remarks)."""
    shown = f"{code} {amount:,}"
    whose = f" ({limit.provider})" if limit.provider else ""
    if limit.min is not None and amount < limit.min:
        fails.append(("limit", f"{shown} is below the minimum {code} {limit.min:,}{whose}"))
    elif limit.max is not None and amount > limit.max:
        fails.append(("limit", f"{shown} is above the maximum {code} {limit.max:,}{whose}"))
    else:
        if limit.min is None:
            bounds = f"under the maximum {code} {limit.max:,}"
        elif limit.max is None:
            bounds = f"above the minimum {code} {limit.min:,}, no maximum"
        else:
            bounds = f"within {code} {limit.min:,}-{limit.max:,}"
        remarks.append(f"{shown} is {bounds}{whose}")
        if limit.caution_above is not None and amount > limit.caution_above:
            remarks.append(f"caution: {limit.caution}")


def _reference(plan: Any, code: str, amount: Decimal) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Shown methods (id, position, reason) and exclusions (id, code, codes, reason), as before."""
    passed: list[tuple[Any, tuple[str, ...]]] = []
    excluded: list[tuple[Any, ...]] = []
    card = None
    for entry in plan.entries:
        limit_fails: list[tuple[str, str]] = []
        remarks: list[str] = []
        if entry.limit is not None:
            _limit_check(entry.limit, code, amount, limit_fails, remarks)
        if entry.excluded is not None and not limit_fails:
            excluded.append((entry.excluded.id, entry.excluded.code, entry.excluded.codes, entry.excluded.reason))
        elif entry.excluded is not None or limit_fails:
            fails = entry.before + tuple(limit_fails) + entry.after
            reason = "; ".join(text for _, text in fails)
            excluded.append((entry.method.id, fails[0][0], tuple(c for c, _ in fails), reason))
        else:
            passed.append((entry, entry.remarks + tuple(remarks)))
            if entry.method.id == "card":
                card = entry
    last = len(plan.preferred) + 1

    def order(item: tuple[Any, tuple[str, ...]]) -> tuple[Any, ...]:
        entry = item[0]
        rank = entry.rank
        if card is not None and entry.boost:
            rank = min(rank, card.rank - 0.5)
        return (plan.preferred.get(entry.method.id, last), rank, -entry.share, entry.method.id)

    shown = [
        (entry.method.id, position, "; ".join((*entry.head, *remarks, *entry.tail)))
        for position, (entry, remarks) in enumerate(sorted(passed, key=order), start=1)
    ]
    return shown, sorted(excluded)


def test_selection_matches_the_reference_over_every_market_currency_amount_and_buyer() -> None:
    book = load_registry()
    compared = shown = dropped = 0
    for country in [*sorted(book.by_country), "IS"]:
        local = [book.methods[i] for i in book.by_country.get(country, ())]
        currencies = sorted({c for m in local for c in (m.currencies_in(country) or ())} | {"EUR", "USD"})
        for currency in currencies:
            for buyer in ("consumer", "business"):
                for channel in ("web", "ios"):
                    query = sel._Query(country, currency, DAY, buyer, channel, False, None, (), None)
                    for amount in AMOUNTS:
                        try:
                            got = select_methods(
                                country=country,
                                currency=currency,
                                amount=amount,
                                buyer_type=buyer,
                                channel=channel,
                                on=DAY,
                                data=book,
                            )
                        except sel.InvalidInput:  # cents in a currency without them: no selection to compare
                            continue
                        methods, excluded = _reference(sel._plan_for(book, query), currency, got.amount)
                        assert [(m.id, m.position, m.reason) for m in got.methods] == methods, (query, amount)
                        assert [(e.id, e.code, e.codes, e.reason) for e in got.excluded] == excluded, (query, amount)
                        compared += 1
                        shown += len(methods)
                        dropped += sum(1 for e in excluded if "limit" in e[2])
    assert compared > 2000 and shown > 10_000 and dropped > 500, (compared, shown, dropped)
