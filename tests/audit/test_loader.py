"""The published checkout document schema and its loader."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, strategies as st

from checkoutguard.audit import load_document
from checkoutguard.data.schemas import errors
from checkoutguard.errors import InvalidInput

FULL: dict[str, Any] = {
    "version": 1,
    "currency": "EUR",
    "language": "de-DE",
    "buyer": {"country": "DE", "subdivision": None, "type": "consumer"},
    "step": "review",
    "steps": ["cart", "shipping", "payment", "review"],
    "lines": [
        {"kind": "subtotal", "label": "Zwischensumme", "amount": "59.80", "first_step": "cart"},
        {"kind": "shipping", "label": "Versand", "amount": "4.90", "first_step": "shipping"},
        {"kind": "tax", "label": "MwSt.", "amount": "10.33", "included_in_prices": True},
        {"kind": "duty", "label": "Zoll", "amount": "3.10", "payable": "delivery"},
    ],
    "total": {"amount": "64.70", "first_step": "cart", "label": "Gesamtsumme"},
    "charged_total": {"amount": "64.70"},
    "consents": [{"id": "nl", "purpose": "marketing", "label": "Newsletter", "checked": False, "required": False}],
    "add_ons": [{"kind": "insurance", "label": "Versandversicherung", "price": "2.49", "selected": False}],
    "payment_methods": [{"kind": "card", "label": "Kreditkarte", "selected": True, "surcharge": None}],
    "currency_conversions": [
        {"label": "Pay in USD", "currency": "USD", "markup": "0.032", "reference_rate_shown": True}
    ],
    "notices": [{"kind": "on_delivery", "applies_to": "duty", "text": "Zoll bei Lieferung"}],
    "landed_cost": {
        "currency": "EUR",
        "lines": [],
        "totals": {"checkout": "64.70", "delivery": "3.10", "grand": "67.80"},
    },
}


def test_a_full_document_passes_the_schema_and_loads() -> None:
    assert errors(FULL, "checkout") == []
    document = load_document(FULL)
    assert document.total is not None and document.total.amount == Decimal("64.70")
    assert document.lines[3].payable == "delivery"
    assert document.consents[0].node is not None and document.consents[0].node.target == "$.consents[0] (id nl)"


def test_round_trip_through_the_published_form() -> None:
    once = load_document(FULL).to_dict()
    assert errors(once, "checkout") == []
    assert load_document(once).to_dict() == once


def test_an_empty_document_is_a_checkout_with_nothing_in_it() -> None:
    assert load_document({}).lines == ()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"currency": "eur"}, "$.currency"),
        ({"lines": [{"kind": "fee", "amount": 2.5}]}, "$.lines[0].amount"),  # a float: money is a string
        ({"lines": [{"kind": "tip", "amount": "2.50"}]}, "$.lines[0].kind"),
        ({"consents": [{"purpose": "marketing"}]}, "$.consents[0]"),
        ({"step": "checkout!"}, "$.step"),
        ({"surprise": True}, "$"),
    ],
)
def test_schema_errors_name_the_path(change: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidInput) as error:
        load_document({"version": 1, **change})
    assert error.value.path == path


def test_steps_named_in_items_must_be_listed() -> None:
    with pytest.raises(InvalidInput, match="not one of the document's steps"):
        load_document(
            {"steps": ["cart", "review"], "lines": [{"kind": "fee", "amount": "1.00", "first_step": "payment"}]}
        )


def test_documents_are_bounded() -> None:
    with pytest.raises(InvalidInput):
        load_document({"lines": [{"kind": "goods", "amount": "1.00"}] * 501})


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c) | st.dictionaries(st.text(max_size=5), c),
        max_leaves=12,
    )
)
def test_anything_else_is_refused_cleanly(value: Any) -> None:
    """Any JSON value either loads or raises ``InvalidInput`` (never a bare exception)."""
    try:
        document = load_document(value)
    except InvalidInput as error:
        assert error.message
    else:
        assert isinstance(value, dict)
        assert document.source == "json"
