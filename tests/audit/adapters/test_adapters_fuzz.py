"""Hostile values at random places in every platform's payload: an adapter returns a document or raises
``InvalidInput`` naming a path inside the payload; ``audit()`` on the JSON text never raises and reports
what it could not read. Never a ``KeyError``, ``TypeError`` or a float in the document."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from audit.adapters import payloads
from checkoutguard.audit import audit
from checkoutguard.audit.adapters import read_document
from checkoutguard.errors import InvalidInput
from fuzz.test_fuzz_audit_json import _paths

ON = date(2026, 12, 1)
_HOSTILE: list[Any] = [None, True, -1, 0, 10**40, 1.5, -0.5, "", "x" * 3_000, "12,99", "NaN", "1e999", "-100"]
_HOSTILE += [[], {}, [1, "a"], {"amount": "1"}, "eur", "XXX", "\u0000"]
_MAKERS: list[Callable[[], dict[str, Any]]] = [
    payloads.woocommerce_cart,
    payloads.shopify_cart,
    payloads.storefront_cart,
    payloads.saleor_checkout,
    payloads.medusa_v1_cart,
    payloads.medusa_v2_cart,
    payloads.commercetools_cart,
    payloads.stripe_session,
]


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    payload = draw(st.sampled_from(_MAKERS))()
    paths = _paths(payload)[1:]
    for _ in range(draw(st.integers(1, 3))):
        *parents, last = draw(st.sampled_from(paths))
        target: Any = payload
        try:
            for key in parents:
                target = target[key]
            # A copy: a hostile {} or [] put in place can be the target of a later change in this example,
            # which must not alter _HOSTILE itself (Hypothesis would then meet another payload on replay).
            target[last] = copy.deepcopy(draw(st.sampled_from(_HOSTILE)))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    return payload


@settings(max_examples=300)
@given(_mutated())
def test_an_adapter_reads_or_names_the_path(payload: dict[str, Any]) -> None:
    try:
        document, _ = read_document(payload)
    except InvalidInput as exc:
        assert exc.path == "" or exc.path.startswith("$") or exc.path == "input_format"
        assert len(str(exc)) <= 1_000
        return
    amounts = [line.amount for line in document.lines] + [document.total.amount if document.total else None]
    assert all(amount is None or isinstance(amount, Decimal) for amount in amounts)
    assert all(amount is None or amount >= 0 for amount in amounts)


@settings(max_examples=100)
@given(_mutated())
def test_audit_of_the_json_text_never_raises(payload: dict[str, Any]) -> None:
    report = audit(json.dumps(payload).encode(), country="DE", on=ON, content_type="application/json")
    if report.errors:
        assert not report.complete and report.errors[0].startswith("not a checkout document")
        assert "could not be read" not in report.errors[0]  # an adapter bug, not the input
    else:
        assert report.source["format"] != ""


@pytest.mark.parametrize("make", _MAKERS)
def test_every_payload_survives_a_round_trip_through_json_text(make: Callable[[], dict[str, Any]]) -> None:
    text = json.dumps(make())
    assert read_document(json.loads(text)) == read_document(make())
