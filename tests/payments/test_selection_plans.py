"""Selection plans: what a registry decides once per kind of query must not depend on the amount that
built it, and the plan memo stays within its bounds (issue #16, deliverable 4)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from checkoutguard.errors import CheckoutGuardError
from checkoutguard.payments import load_registry, registry, select_methods

DAY = date(2026, 11, 23)
AMOUNTS = ["0.01", "1.00", "10.00", "49.99", "50.00", "250.00", "1000.00", "5000.00", "30000.00"]


def _queries(count: int) -> list[dict[str, Any]]:
    rng = random.Random(16)
    book = registry()
    countries = [*sorted(book.by_country), "IS"]
    ids = sorted(book.methods)
    queries = []
    for _ in range(count):
        country = rng.choice(countries)
        local = [book.methods[i] for i in book.by_country.get(country, ())]
        currencies = sorted({c for m in local for c in (m.currencies_in(country) or ())} | {"EUR", "USD"})
        query: dict[str, Any] = {
            "country": country,
            "currency": rng.choice(currencies),
            "buyer_type": rng.choice(["consumer", "business"]),
            "channel": rng.choice(["web", "ios", "android"]),
            "recurring": rng.random() < 0.3,
            "on": DAY - timedelta(days=rng.choice([0, 700, 2500])),
        }
        if rng.random() < 0.3:
            query["allow"] = rng.sample(ids, 6)
        if rng.random() < 0.3:
            query["prefer"] = rng.sample(ids, 2)
        if rng.random() < 0.3:
            query["provider"] = rng.choice(book.providers)
        queries.append(query)
    return queries


def _seen(selection: Any) -> tuple[str, str]:
    return repr(selection.to_dict()), repr(selection)


def test_a_plan_built_for_one_amount_answers_every_other_amount_as_a_fresh_plan_would() -> None:
    book = load_registry()  # its own memo: nothing shared with other tests
    compared = 0
    for query in _queries(60):
        order = random.Random(repr(query)).sample(AMOUNTS, len(AMOUNTS))
        for amount in order:
            try:
                warm = _seen(select_methods(amount=amount, data=book, **query))
            except CheckoutGuardError as exc:  # JPY and the like refuse cents: then both must refuse alike
                book.plans.clear()
                try:
                    select_methods(amount=amount, data=book, **query)
                except type(exc) as again:
                    assert str(again) == str(exc)
                continue
            book.plans.clear()
            assert _seen(select_methods(amount=amount, data=book, **query)) == warm, (query, amount)
            compared += 1
    assert compared > 300


def test_plans_are_per_registry_and_the_memo_stays_bounded() -> None:
    book = load_registry()
    other = load_registry()
    select_methods(country="NL", currency="EUR", amount="50.00", on=DAY, data=book)
    assert len(book.plans) == 1 and len(other.plans) == 0
    for offset in range(book.plans.limit + 50):  # more kinds of query than the memo holds
        select_methods(country="NL", currency="EUR", amount="50.00", on=DAY + timedelta(days=offset), data=book)
        assert len(book.plans) <= book.plans.limit
        assert book.plans.used <= book.plans.budget
