"""The assertions fail with the rule, the law and the node, and pass on a transparent checkout."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.testing import (
    assert_no_preselected_addons,
    assert_no_preticked_consent,
    assert_quote_consistent,
    assert_transparent,
)
from checkoutguard.testing.pages import render_page

CLEAN: dict[str, Any] = {
    "version": 1,
    "currency": "EUR",
    "step": "review",
    "lines": [
        {"id": "tee", "kind": "goods", "label": "T-shirt", "amount": "20.00", "first_step": "product"},
        {"id": "ship", "kind": "shipping", "label": "Shipping", "amount": "4.90", "first_step": "product"},
    ],
    "total": {"id": "total", "amount": "24.90", "first_step": "product"},
    "charged_total": {"id": "charged", "amount": "24.90"},
    "consents": [{"id": "news", "purpose": "marketing", "label": "Send me offers", "checked": False}],
    "add_ons": [{"id": "care", "kind": "insurance", "label": "Parcel insurance", "price": "2.50", "selected": False}],
}


def changed(**parts: Any) -> dict[str, Any]:
    doc = copy.deepcopy(CLEAN)
    doc.update(parts)
    return doc


def test_a_transparent_checkout_passes_every_assertion_as_a_document_and_as_a_page() -> None:
    for checkout in (CLEAN, render_page(CLEAN)):
        assert_transparent(checkout, country="DE")
        assert_no_preticked_consent(checkout, country="DE")
        assert_no_preselected_addons(checkout, country="DE")


def test_a_preticked_box_fails_naming_rule_law_and_node() -> None:
    doc = changed(consents=[{"id": "news", "purpose": "marketing", "label": "Send me offers", "checked": True}])
    with pytest.raises(AssertionError) as failed:
        assert_no_preticked_consent(doc, country="FR")
    text = str(failed.value)
    assert "consent-preticked" in text and "GDPR" in text and "$.consents[0] (id news)" in text and "FR" in text
    with pytest.raises(AssertionError, match=r"consent-preticked .*input#news"):
        assert_no_preticked_consent(render_page(doc), country="FR")


def test_an_unreadable_ticked_box_fails_as_unchecked() -> None:
    page = '<form><label><input type="checkbox" name="x" checked> Lorem ipsum</label></form>'
    with pytest.raises(AssertionError, match=r"unchecked consent-preticked"):
        assert_no_preticked_consent(page, country="DE")


def test_a_preselected_extra_fails_naming_rule_law_and_node() -> None:
    doc = changed(
        add_ons=[{"id": "care", "kind": "insurance", "label": "Insurance", "price": "2.50", "selected": True}]
    )
    with pytest.raises(AssertionError, match=r"addon-preselected \[.*2011/83.*\] at \$\.add_ons\[0\] \(id care\)"):
        assert_no_preselected_addons(doc, country="DE")


def test_a_fee_left_out_of_the_total_fails_assert_transparent() -> None:
    lines = [
        *CLEAN["lines"],
        {"id": "svc", "kind": "fee", "label": "Service fee", "amount": "1.50", "first_step": "product"},
    ]
    with pytest.raises(AssertionError, match=r"total-incomplete .*\(id svc\).*leaves out 'Service fee'"):
        assert_transparent(changed(lines=lines), country="DE")


def test_a_charge_that_differs_from_the_total_fails_even_when_it_is_lower() -> None:
    with pytest.raises(AssertionError, match=r"total-incomplete .*charged 30.00"):
        assert_transparent(changed(charged_total={"amount": "30.00"}), country="DE")
    with pytest.raises(AssertionError, match=r"charged 20.00, the page shows 24.90"):
        assert_transparent(changed(charged_total={"amount": "20.00"}), country="DE")


def test_a_gap_no_line_explains_fails_as_unchecked() -> None:
    with pytest.raises(AssertionError, match=r"unchecked total-incomplete .*at \$\.total: .*an unexplained charge"):
        assert_transparent(changed(total={"amount": "29.00"}, charged_total=None), country="DE")
    with pytest.raises(AssertionError, match=r"unchecked total-incomplete .*no single line explains"):
        assert_transparent(changed(total={"amount": "22.00"}, charged_total=None), country="DE")


def test_duties_due_on_delivery_must_be_disclosed_given_the_quote() -> None:
    order = {
        "date": "2026-03-02",
        "ship_from": {"country": "CN"},
        "ship_to": {"country": "DE"},
        "incoterm": "DAP",
        "items": [{"id": "a", "price": {"amount": "400.00", "currency": "EUR"}, "hs_code": "640399", "origin": "CN"}],
    }
    landed = quote(order, today=date(2026, 3, 2))
    due_now, due_later = landed.totals.checkout, landed.totals.delivery
    assert due_later > 0
    lines = [{"id": "shoes", "kind": "goods", "label": "Shoes", "amount": str(due_now), "first_step": "product"}]
    page = changed(lines=lines, total={"amount": str(due_now)}, charged_total={"amount": str(due_now)})
    assert_transparent(page, country="DE")  # without the quote, duties are not judged
    with pytest.raises(AssertionError, match=r"duties-undisclosed \[.*\].*collected on delivery"):
        assert_transparent(page, landed, country="DE")
    duty = {"kind": "duty", "label": "Duties", "amount": str(due_later), "payable": "delivery"}
    assert_transparent(changed(**{**page, "lines": [*lines, duty]}), landed.to_dict(), country="DE")


def test_a_country_outside_the_rules_has_nothing_to_hold_the_page_to() -> None:
    assert_transparent(changed(charged_total={"amount": "30.00"}), country="JP")


def test_assert_quote_consistent_passes_a_real_quote_and_names_each_broken_invariant() -> None:
    order = {
        "date": "2026-03-02",
        "ship_from": {"country": "CN"},
        "ship_to": {"country": "GB"},
        "items": [{"id": "a", "price": {"amount": "99.99", "currency": "GBP"}, "hs_code": "610910", "origin": "CN"}],
        "shipping": {"amount": "5.00", "currency": "GBP"},
    }
    real = quote(order, today=date(2026, 3, 2))
    assert_quote_consistent(real)
    broken = real.to_dict()
    broken["lines"][0]["amount"] = "99.990"
    broken["lines"][1]["amount"] = "-5.00"
    with pytest.raises(AssertionError) as failed:
        assert_quote_consistent(broken)
    text = str(failed.value)
    assert "lines[0] (" in text and "not written in GBP's minor unit (0.01)" in text
    assert "lines[1] (" in text and "is negative" in text
    assert "totals.checkout:" in text and "its lines add up to" in text


def test_a_host_decimal_context_changes_nothing() -> None:
    order = {
        "date": "2026-03-02",
        "ship_from": {"country": "CN"},
        "ship_to": {"country": "FR"},
        "items": [{"id": "a", "price": {"amount": "12345.67", "currency": "EUR"}, "hs_code": "610910"}],
    }
    real = quote(order, today=date(2026, 3, 2)).to_dict()
    broken = copy.deepcopy(real)
    broken["totals"]["grand"] = str(Decimal(real["totals"]["grand"]) + Decimal("0.01"))
    with localcontext() as host:
        host.prec = 3  # a host application's own setting: sums of amounts must not round under it
        assert_quote_consistent(real)
        with pytest.raises(AssertionError, match=r"totals\.grand: "):
            assert_quote_consistent(broken)
