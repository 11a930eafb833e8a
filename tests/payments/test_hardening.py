"""Regression tests for the reliability review, payments side: ``select_methods`` lets only typed errors
out, fast, naming the argument, and its prices do not depend on the caller's decimal context."""

from __future__ import annotations

import decimal
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import moneyed
import pytest

from checkoutguard.errors import MESSAGE_LIMIT, InvalidInput, LimitExceeded
from checkoutguard.payments import select_methods, select_methods_from_query

DAY = date(2026, 11, 23)
BASE: dict[str, Any] = {"country": "NL", "currency": "EUR", "amount": "50.00", "on": DAY}


def _deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


def _refused(call: Callable[[], object], kind: type[InvalidInput] = InvalidInput) -> InvalidInput:
    best = float("inf")  # float-ok: seconds
    error: InvalidInput | None = None
    for _ in range(3):
        started = time.perf_counter()
        with pytest.raises(kind) as caught:
            call()
        best = min(best, time.perf_counter() - started)
        error = caught.value
    assert error is not None
    assert best < 0.010, f"{best * 1000:.1f} ms"
    assert len(str(error)) <= MESSAGE_LIMIT
    return error


@pytest.mark.parametrize(
    "amount",
    [
        pytest.param(Decimal("1e999999999"), id="1e999999999"),
        pytest.param(Decimal("1e-999999999"), id="1e-999999999"),
        pytest.param(10**5000, id="int-of-5001-digits"),
        pytest.param(moneyed.Money(Decimal("1e999999999"), "EUR"), id="Money-1e999999999"),
    ],
)
def test_f7_huge_amounts_are_refused_before_formatting(amount: object) -> None:
    error = _refused(lambda: select_methods(**{**BASE, "amount": amount}), LimitExceeded)
    assert error.path == "amount"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("allow", 5, id="allow-int"),
        pytest.param("prefer", 5, id="prefer-int"),
        pytest.param("allow", [_deep(100_000)], id="allow-deep"),
        pytest.param("buyer_type", _deep(100_000), id="buyer-deep"),
        pytest.param("channel", 10**5000, id="channel-huge-int"),
        pytest.param("recurring", _deep(100_000), id="recurring-deep"),
        pytest.param("provider", 10**5000, id="provider-huge-int"),
        pytest.param("country", _deep(100_000), id="country-deep"),
        pytest.param("currency", 10**5000, id="currency-huge-int"),
        pytest.param("on", "2026-11-23", id="on-str"),
        pytest.param("data", "x", id="data-str"),
        pytest.param("country", "N" * 10_000_000, id="country-10MB"),
    ],
)
def test_f12_python_only_arguments_are_typed_errors_naming_the_argument(name: str, value: object) -> None:
    error = _refused(lambda: select_methods(**{**BASE, name: value}))
    expected = {"on": "on", "allow": "allow", "prefer": "prefer"}.get(name, name)
    assert error.path.startswith(expected)


def test_f12_a_datetime_counts_as_its_day() -> None:
    assert select_methods(**{**BASE, "on": datetime(2026, 11, 23, 9)}).ids == select_methods(**BASE).ids


def test_f12_query_with_odd_keys_is_a_typed_error() -> None:
    error = _refused(lambda: select_methods_from_query({"country": "NL", 10**5000: 1}))
    assert "digits" in str(error)


@pytest.mark.parametrize("settings", [{"prec": 2}, {"prec": 5, "rounding": decimal.ROUND_DOWN}])
def test_f8_ambient_context_does_not_change_a_selection(settings: dict[str, Any]) -> None:
    expected = select_methods(**{**BASE, "amount": "12345.67"}).to_dict()
    with decimal.localcontext() as context:
        for name, value in settings.items():
            setattr(context, name, value)
        assert select_methods(**{**BASE, "amount": "12345.67"}).to_dict() == expected
