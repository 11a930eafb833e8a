"""Fuzz target: ``select_methods`` and ``select_methods_from_query`` (issue #9, deliverable 10).

Plausible checkouts with hostile values in any argument, JSON-shaped queries and Python-only values; the
oracle is the contract in ``core_oracle``, plus the selection's own invariants (every method considered
is either shown or excluded with a reason, positions run 1..n, no id twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given, strategies as st

from checkoutguard.payments import MethodSelection, select_methods, select_methods_from_query
from fuzz.core_oracle import Stats, check, short, warm
from fuzz.test_fuzz_order import HOSTILE

STATS = Stats("select_methods")
_COUNTRIES = ["NL", "DE", "BE", "FR", "PL", "GB", "US", "BR", "JP", "IN", "CN", "SE", "AT", "CH", "MX", "ZZ", "nl"]
_CURRENCIES = ["EUR", "USD", "GBP", "PLN", "BRL", "JPY", "INR", "CNY", "SEK", "CHF", "MXN", "XXX", "eur"]
_IDS = ["ideal", "card", "paypal", "klarna", "sofort", "blik", "pix", "apple_pay", "google_pay", "nope"]
_ARGS = ["country", "currency", "amount", "buyer_type", "channel", "recurring", "on", "allow", "prefer", "provider"]


@st.composite
def checkouts(draw: st.DrawFn) -> dict[str, Any]:
    cents = draw(st.integers(0, 10**11))
    return {
        "country": draw(st.sampled_from(_COUNTRIES)),
        "currency": draw(st.sampled_from(_CURRENCIES)),
        "amount": f"{cents // 100}.{cents % 100:02d}",
        "buyer_type": draw(st.sampled_from(["consumer", "business"])),
        "channel": draw(st.sampled_from(["web", "ios", "android"])),
        "recurring": draw(st.booleans()),
        "on": draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))),
        "allow": draw(st.none() | st.lists(st.sampled_from(_IDS), max_size=4)),
        "prefer": draw(st.none() | st.lists(st.sampled_from(_IDS), max_size=3)),
        "provider": draw(st.sampled_from([None, "stripe", "adyen", "mollie", "paypal", "nope"])),
    }


def _invariants(result: MethodSelection) -> None:
    shown = [m.id for m in result.methods]
    assert len(shown) == len(set(shown))
    assert [m.position for m in result.methods] == list(range(1, len(shown) + 1))
    assert not set(shown) & {e.id for e in result.excluded}
    assert all(e.reason and e.code for e in result.excluded)
    assert all(m.reason for m in result.methods)


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    warm()
    yield
    print(f"\n{STATS.line()}")


def _run(call: Any, described: Any) -> None:
    result = check(STATS, call, lambda: short(described))
    if isinstance(result, MethodSelection):
        _invariants(result)


@given(checkouts())
def test_plausible_checkouts(kwargs: dict[str, Any]) -> None:
    _run(lambda: select_methods(**kwargs), kwargs)


@given(checkouts(), st.dictionaries(st.sampled_from(_ARGS), st.sampled_from(HOSTILE), min_size=1, max_size=2))
def test_python_only_values(kwargs: dict[str, Any], hostile: dict[str, Any]) -> None:
    mixed = {**kwargs, **hostile}
    _run(lambda: select_methods(**mixed), mixed)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@given(checkouts(), st.dictionaries(st.sampled_from([*_ARGS, "date", "x"]), _JSON, max_size=3))
def test_json_queries(kwargs: dict[str, Any], changes: dict[str, Any]) -> None:
    query: dict[str, Any] = {k: v for k, v in kwargs.items() if v is not None and k != "on"}
    query["date"] = kwargs["on"].isoformat()
    query.update(changes)
    query.pop("on", None)
    _run(lambda: select_methods_from_query(query), query)
