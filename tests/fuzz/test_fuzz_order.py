"""Fuzz target: the order parser and ``quote`` (issue #9, deliverable 10).

Plausible orders with zero to two hostile mutations at random field paths, JSON-shaped or Python-only
(datetimes, non-string keys, huge ints, deep nesting, lone surrogates). The oracle is the contract in
``core_oracle``. CI runs the ``ci`` profile's 100 examples per target; ``make fuzz`` runs the ``fuzz``
profile (``FUZZ_EXAMPLES``, default 20,000) and prints the figures.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, strategies as st

from checkoutguard import quote
from checkoutguard.landed_cost import Quote
from fuzz.core_oracle import Stats, check, check_quote, short, warm

TODAY = date(2026, 11, 23)
STATS = Stats("quote")

_DESTINATIONS = [
    ("DE", None),
    ("FR", None),
    ("NL", None),
    ("IT", None),
    ("ES", "ES-CN"),
    ("GB", None),
    ("US", None),
    ("CA", "CA-ON"),
    ("CA", "CA-QC"),
    ("AU", None),
    ("JP", None),
    ("CH", None),
    ("NO", None),
    ("NZ", None),
    ("SG", None),
    ("KR", None),
    ("IN", None),
    ("BR", None),
    ("MX", None),
    ("TR", None),
    ("ZA", None),
    ("AE", None),
]
_CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "CNY", "KWD", "BHD"]
_HS = [None, "610910", "6109.10.00", "950300", "851712", "847130", "420222", "330499", "640399", "999999"]
_CATEGORIES = ["general", "books", "food", "children_clothing", "alcohol", "no_such_category"]


def _deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


HOSTILE: list[Any] = [
    None,
    True,
    0,
    -1,
    10**5000,
    1.5,
    float("nan"),
    "",
    " ",
    "x" * 100_000,
    "\ud800",
    "٣",
    "1e5",
    "-0",
    " 19.90 ",
    "1_000",
    [],
    {},
    {1: 2},
    {"": ""},
    _deep(2_000),
    datetime(2026, 3, 2, 12),
    date(1, 1, 1),
    Decimal("NaN"),
    Decimal("1e999999999"),
    Decimal("-1"),
    b"bytes",
    object(),
    ("a", "b"),
    frozenset({"EU-IOSS"}),
]

_PATHS: list[tuple[Any, ...]] = [
    ("date",),
    ("currency",),
    ("incoterm",),
    ("transport",),
    ("unknown_hs",),
    ("claim_preferences",),
    ("ship_to", "country"),
    ("ship_to", "subdivision"),
    ("ship_to", "postal_code"),
    ("ship_from", "country"),
    ("ship_from", "subdivision"),
    ("ship_from", "postal_code"),
    ("buyer",),
    ("buyer", "type"),
    ("buyer", "tax_id"),
    ("merchant", "registrations"),
    ("items",),
    ("items", 0),
    ("items", 0, "id"),
    ("items", 0, "price"),
    ("items", 0, "price", "amount"),
    ("items", 0, "price", "currency"),
    ("items", 0, "quantity"),
    ("items", 0, "hs_code"),
    ("items", 0, "origin"),
    ("items", 0, "category"),
    ("items", 0, "weight_kg"),
    ("items", 0, "description"),
    ("shipping",),
    ("insurance",),
    ("fees",),
    ("overrides",),
    ("overrides", "fx"),
    ("overrides", "fx", "EUR/USD"),
    ("overrides", "duty_rates"),
    ("overrides", "duty_rates", "a"),
    ("no_such_field",),
    (7,),
]


@st.composite
def orders(draw: st.DrawFn) -> dict[str, Any]:
    country, subdivision = draw(st.sampled_from(_DESTINATIONS))
    items = []
    for index in range(draw(st.integers(1, 4))):
        cents = draw(st.integers(0, 10**9))
        items.append(
            {
                "id": f"i{index}",
                "price": {
                    "amount": f"{cents // 100}.{cents % 100:02d}",
                    "currency": draw(st.sampled_from(_CURRENCIES)),
                },
                "quantity": draw(st.integers(1, 50)),
                "hs_code": draw(st.sampled_from(_HS)),
                "origin": draw(st.sampled_from(["CN", "US", "DE", "VN", "MX", "GB", "JP"])),
                "category": draw(st.sampled_from(_CATEGORIES)),
                "weight_kg": draw(st.sampled_from(["0.2", "1.5", "30"])),
                "description": draw(st.text(max_size=30)),
            }
        )
    doc: dict[str, Any] = {
        "date": draw(st.dates(date(2024, 1, 1), date(2030, 12, 31))).isoformat(),
        "ship_from": {"country": draw(st.sampled_from(["CN", "US", "DE", "GB", "JP", "FR"]))},
        "ship_to": {"country": country},
        "items": items,
        "incoterm": draw(st.sampled_from(["DDP", "DAP"])),
        "buyer": {"type": draw(st.sampled_from(["consumer", "business"]))},
        "merchant": {
            "registrations": sorted(draw(st.sets(st.sampled_from(["EU-IOSS", "GB-VAT", "AU-GST", "NO-VOEC"]))))
        },
        "shipping": {"amount": draw(st.sampled_from(["0", "9.90", "250.00"])), "currency": "EUR"},
        "unknown_hs": draw(st.sampled_from(["estimate", "exclude"])),
    }
    if subdivision:
        doc["ship_to"]["subdivision"] = subdivision
    if draw(st.booleans()):
        doc["currency"] = draw(st.sampled_from(_CURRENCIES))
    if draw(st.booleans()):
        doc["overrides"] = {"fx": {"EUR/USD": draw(st.sampled_from(["1.08", "0.00000001", "99999999"]))}}
    return doc


def _put(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = doc
    for key in path[:-1]:
        if isinstance(target, dict):
            target = target.setdefault(key, {})
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
        else:
            return
    if isinstance(target, dict) or (isinstance(target, list) and isinstance(path[-1], int) and path[-1] < len(target)):
        target[path[-1]] = value


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    warm()
    yield
    print(f"\n{STATS.line()}")


def _run(doc: Any) -> None:
    result = check(STATS, lambda: quote(doc, today=TODAY), lambda: short(doc))
    if isinstance(result, Quote):
        check_quote(result)


@given(orders())
def test_plausible_orders_quote_or_fail_typed(doc: dict[str, Any]) -> None:
    _run(doc)


@given(orders(), st.lists(st.tuples(st.sampled_from(_PATHS), _JSON_VALUES), max_size=2))
def test_json_shaped_mutations(doc: dict[str, Any], mutations: list[tuple[tuple[Any, ...], Any]]) -> None:
    for path, value in mutations:
        _put(doc, path, copy.deepcopy(value))
    _run(doc)


@given(orders(), st.lists(st.tuples(st.sampled_from(_PATHS), st.sampled_from(HOSTILE)), min_size=1, max_size=2))
def test_python_only_mutations(doc: dict[str, Any], mutations: list[tuple[tuple[Any, ...], Any]]) -> None:
    for path, value in mutations:
        _put(doc, path, value)
    _run(doc)
