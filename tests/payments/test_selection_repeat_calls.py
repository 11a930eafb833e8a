"""Repeat calls skip the checks their plain arguments passed before (``Registry.queries``): they must
answer, and refuse, exactly as a first call does."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from checkoutguard.errors import CheckoutGuardError, InvalidInput
from checkoutguard.payments import load_registry, select_methods

DAY = date(2026, 11, 23)


def _fresh(**kwargs: object) -> object:
    return select_methods(data=load_registry(), **kwargs)  # type: ignore[arg-type]


def test_a_repeat_call_answers_as_a_first_call_on_a_fresh_registry() -> None:
    book = load_registry()
    calls: list[dict[str, object]] = [
        {"country": "NL", "currency": "EUR", "amount": "50.00"},
        {"country": "NL", "currency": "EUR", "amount": "5000.00"},
        {"country": "GB", "currency": "GBP", "amount": "80.00", "allow": ["card", "klarna"], "prefer": ["klarna"]},
        {"country": "GB", "currency": "GBP", "amount": "80.00", "allow": ("card",), "provider": "stripe"},
        {"country": "DE", "currency": "EUR", "amount": "300.00", "buyer_type": "business", "recurring": True},
    ]
    for call in calls * 2:
        assert select_methods(on=DAY, data=book, **call) == _fresh(on=DAY, **call)  # type: ignore[arg-type]
    assert len(book.queries) == len(calls) - 1  # the two NL calls differ only in their amount


def test_only_the_amount_is_checked_again_and_its_errors_are_the_first_calls() -> None:
    book = load_registry()
    select_methods(country="JP", currency="JPY", amount="5000", on=DAY, data=book)
    for bad in ("50.5", "abc", "-1"):
        with pytest.raises(CheckoutGuardError) as first:
            _fresh(country="JP", currency="JPY", amount=bad, on=DAY)
        with pytest.raises(type(first.value)) as again:
            select_methods(country="JP", currency="JPY", amount=bad, on=DAY, data=book)
        assert str(again.value) == str(first.value) and again.value.path == "amount"


def test_look_alike_arguments_are_not_taken_for_ones_seen_before() -> None:
    book = load_registry()
    select_methods(country="NL", currency="EUR", amount="50.00", on=DAY, recurring=True, data=book)
    with pytest.raises(InvalidInput) as exc:  # 1 == True and hash(1) == hash(True): still not a bool
        select_methods(country="NL", currency="EUR", amount="50.00", on=DAY, recurring=1, data=book)  # type: ignore[arg-type]
    assert exc.value.path == "recurring"
    moment = datetime(2026, 11, 23, 12, 0)  # a datetime counts as its date, through the full checks
    assert select_methods(country="NL", currency="EUR", amount="50.00", on=moment, data=book).on == DAY
    with pytest.raises(InvalidInput) as bad_id:  # an allow-list is checked afresh when it differs
        select_methods(country="NL", currency="EUR", amount="50.00", on=DAY, allow=["idael"], data=book)
    assert bad_id.value.path == "allow[0]"
