"""Fuzz target: ``audit()`` with arbitrary arguments (issue #9, deliverables 5 and 10).

Every keyword gets hostile values (wrong types, huge strings, lone surrogates, datetimes, nested
structures) next to good ones. The oracle is ``audit_oracle.check_arguments``: a report, or
``InvalidInput`` that names the argument, within 10 ms, with a bounded message; nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, strategies as st

from fuzz.audit_oracle import Stats, check_arguments, warm

STATS = Stats("audit arguments")
PAGE = '<input type="checkbox" id="n" checked><label for="n">Newsletter</label>'


def _deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


_HOSTILE: list[Any] = [None, 5, -1, 10**5000, 1.5, "", "x" * 1_000_000, "\ud800", b"DE", [], {}, {1: 2}]
_HOSTILE += [_deep(100_000), datetime(2026, 3, 2, 12), date(1, 1, 1), Decimal("NaN"), object()]
_GOOD: dict[str, list[Any]] = {
    "source": [PAGE, PAGE.encode(), {"consents": [{"purpose": "marketing", "checked": True}]}, "{}", b"[]"],
    "country": ["DE", "gb", "US"],
    "subdivision": [None, "US-CA", "CA"],
    "buyer_type": ["consumer", "business"],
    "content_type": [None, "text/html", "application/json", "text/html; charset=cp037"],
    "landed_cost": [None, {"currency": "EUR", "totals": {"checkout": "1.00", "delivery": "0.00", "grand": "1.00"}}],
    "mode": ["report", "enforce", "fix"],
    "on": [None, date(2026, 11, 23)],
    "fail_on": ["minor", "moderate", "serious", "critical"],
    "path": ["fast", "full"],
}


@st.composite
def _choices(draw: st.DrawFn) -> dict[str, tuple[str, int]]:
    """Which value each argument gets, as (list, index): Hypothesis prints these, not the values (an
    int of 5,000 digits or a list nested 1e5 deep has no printable repr)."""
    chosen = {name: ("good", draw(st.integers(0, len(values) - 1))) for name, values in _GOOD.items()}
    for name in draw(st.lists(st.sampled_from(sorted(_GOOD)), max_size=2, unique=True)):
        chosen[name] = ("hostile", draw(st.integers(0, len(_HOSTILE) - 1)))
    return chosen


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    warm()
    yield
    print(f"\n{STATS.line()}")


@given(_choices())
def test_arguments(choices: dict[str, tuple[str, int]]) -> None:
    kwargs = {
        name: _GOOD[name][index] if kind == "good" else _HOSTILE[index] for name, (kind, index) in choices.items()
    }
    check_arguments(STATS, kwargs)
