"""Quote plans (``landed_cost/plan.py``) must not change a digit: every quote answered from a remembered plan
equals the quote decided afresh, over a seeded sample where the same shapes come back with amounts on both
sides of the value tests (``benchmarks/golden.py`` runs the same sample at full size against the code before a
change)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from checkoutguard.errors import CheckoutGuardError
from checkoutguard.landed_cost import LandedCostCalculator, RatesBook, parse_order
from checkoutguard.landed_cost.plan import Check, Decision, QuotePlan
from quote_builders import TODAY, item, order
from quote_samples import documents, rescale


def _outcome(calc: LandedCostCalculator, doc: Any) -> str:
    try:
        result = calc.quote(doc, today=TODAY)
    except CheckoutGuardError as exc:
        return f"{type(exc).__name__}: {exc} {sorted((k, repr(v)) for k, v in vars(exc).items())}"
    return json.dumps(result.to_dict()) + repr(result)


def _paths(node: Check | Decision | None) -> int:
    if node is None:
        return 0
    if isinstance(node, Decision):
        return 1
    return _paths(node.passed) + _paths(node.failed)


def test_planned_quotes_equal_quotes_decided_afresh() -> None:
    planned_book, fresh_book = RatesBook(), RatesBook()
    planned, fresh = LandedCostCalculator(planned_book), LandedCostCalculator(fresh_book)
    sample = list(documents(250, seed=16))
    inputs: list[Any] = []
    for doc in sample:
        inputs.append(doc)
        with contextlib.suppress(CheckoutGuardError):
            inputs.append(parse_order(doc, today=TODAY))
    compared = 0
    for doc in [*inputs, *reversed(inputs)]:  # the second pass meets every plan with the other amounts
        fresh_book.plans.clear()  # decided afresh: no plan to replay
        assert _outcome(planned, doc) == _outcome(fresh, doc), doc
        compared += 1
    assert compared > 1000
    plans = [p for p in planned_book.plans.values() if isinstance(p, QuotePlan)]
    # The sample did exercise replays: some shapes took more than one path through their value tests.
    assert any(_paths(p.root) >= 2 for p in plans)
    assert any(isinstance(p.root, Check) for p in plans)


def test_a_value_test_outcome_never_seen_is_decided_afresh() -> None:
    # GB: goods of at most GBP 135 are taxed at the point of sale, above that at import. Same shape, both sides.
    book = RatesBook()
    calc = LandedCostCalculator(book)
    low = order("GB", item(amount="100.00", currency="GBP"), registrations=["GB-VAT"])
    high = rescale(low, "2")
    answers = {id(d): _outcome(LandedCostCalculator(RatesBook()), d) for d in (low, high)}
    for doc in (low, high, low, high):
        assert _outcome(calc, doc) == answers[id(doc)]
    (plan,) = book.plans.values()
    assert _paths(plan.root) == 2
    assert answers[id(low)] != answers[id(high)]
