"""Fuzz target: ``audit()`` on checkout documents as JSON text (issue #9, deliverable 10).

Documents near the schema (every field, with hostile values at random places), JSON that is not a
checkout document (arrays, scalars, deep nesting, huge numbers, duplicate keys, a BOM), and JSON text
sent as ``application/json``. The oracle is ``audit_oracle``: a report, never an exception; a document
that cannot be read is an ``incomplete`` report with a bounded message, never a pass.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given, strategies as st

from fuzz.audit_oracle import Stats, check_page, warm

ON = date(2026, 11, 23)
STATS = Stats("audit json")

_HOSTILE: list[Any] = [None, True, -1, 10**400, 1.5, "", "x" * 5_000, "\u0000", [], {}, "12,99", "NaN", "1e999999"]
_DOCUMENT: dict[str, Any] = {
    "version": 1,
    "currency": "EUR",
    "step": "payment",
    "lines": [{"kind": "goods", "label": "Shirt", "amount": "20.00"}, {"kind": "fee", "amount": "2.00"}],
    "total": {"amount": "20.00", "first_step": "payment"},
    "consents": [{"purpose": "marketing", "checked": True, "label": "Send me offers"}],
    "add_ons": [{"kind": "insurance", "price": "2.99", "selected": True}],
    "payment_methods": [{"kind": "card", "surcharge": "1.00"}],
    "currency_conversions": [{"currency": "USD", "markup": "0.03"}],
    "notices": [{"kind": "on_delivery", "applies_to": "duty"}],
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


_PATHS = _paths(_DOCUMENT)[1:]


@st.composite
def _document(draw: st.DrawFn) -> Any:
    document = json.loads(json.dumps(_DOCUMENT))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_PATHS))
        target = document
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = copy.deepcopy(draw(st.sampled_from(_HOSTILE)))  # never a shared list or dict
        except (KeyError, IndexError, TypeError):
            continue
    return document


def _nested(depth: int) -> str:
    return '{"consents": ' + "[" * depth + "]" * depth + "}"


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    warm()
    yield
    print(f"\n{STATS.line()}")


@given(_document(), st.booleans())
def test_documents_near_the_schema(document: Any, bom: bool) -> None:
    text = json.dumps(document).encode()
    check_page(STATS, (b"\xef\xbb\xbf" if bom else b"") + text, country="DE", on=ON)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10), st.lists, max_leaves=30))
def test_any_json(value: Any) -> None:
    check_page(STATS, json.dumps(value), country="FR", on=ON, content_type="application/json")


@given(st.sampled_from([1, 63, 64, 65, 999, 1_000, 50_000]), st.sampled_from(["[", "{", '{"a":']))
def test_deep_and_unbalanced(depth: int, opener: str) -> None:
    check_page(STATS, _nested(depth), country="DE", on=ON)
    check_page(STATS, opener * depth, country="DE", on=ON, content_type="application/json")
