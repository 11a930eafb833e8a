"""The arithmetic and linking the summary needs, on checkout documents: a tax row inside a tax-inclusive
total, a payment fee row and the method it belongs to. Rates and amounts are worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checkoutguard.audit import audit

ON = date(2026, 11, 23)


def _run(document: dict[str, Any], country: str = "FR") -> Any:
    return audit({"version": 1, **document}, country=country, on=ON, fail_on="minor")


def _outcome(report: Any, rule: str) -> str:
    for outcome in ("violations", "incomplete", "passes"):
        if rule in [f.id for f in getattr(report, outcome)]:
            return outcome
    return "inapplicable"


def _summary(tax: str, total: str = "88.90") -> dict[str, Any]:
    lines = [
        {"kind": "subtotal", "label": "Sous-total", "amount": "82.00"},
        {"kind": "shipping", "label": "Livraison", "amount": "6.90"},
        {"kind": "tax", "label": "TVA", "amount": tax},
    ]
    return {"currency": "EUR", "lines": lines, "total": {"amount": total}}


def test_a_tax_row_contained_in_a_tax_inclusive_total_passes() -> None:
    # 82,00 + 6,90 = 88,90 and 88,90 × 0,20 / 1,20 = 14,816… → "TVA 14,82" is the 20 % inside the total.
    report = _run(_summary("14.82"))
    assert _outcome(report, "total-incomplete") == "passes"
    assert "20 %" in report.passes[[f.id for f in report.passes].index("total-incomplete")].nodes[0].message


def test_a_tax_computed_on_the_total_and_left_out_is_a_violation() -> None:
    # 88,90 × 0,20 = 17,78: the tax of a net total, not added to it (the total should be 106,68).
    assert _outcome(_run(_summary("17.78")), "total-incomplete") == "violations"
    assert _outcome(_run(_summary("17.78", "106.68")), "total-incomplete") == "passes"


def test_a_tax_row_no_rate_explains_needs_review() -> None:
    # 11,11 is neither 88,90 × r / (1 + r) nor 88,90 × r for a rate in use.
    assert _outcome(_run(_summary("11.11")), "total-incomplete") == "incomplete"


def _fee(label: str, methods: list[dict[str, Any]]) -> dict[str, Any]:
    lines = [
        {"kind": "subtotal", "label": "Zwischensumme", "amount": "82.00"},
        {"kind": "fee", "label": label, "amount": "2.00"},
    ]
    return {"currency": "EUR", "lines": lines, "total": {"amount": "84.00"}, "payment_methods": methods}


@pytest.mark.parametrize("label", ["Card processing fee", "Kreditkarte", "Zuschlag für Zahlungsart (Kreditkarte)"])
def test_a_fee_row_naming_the_card_is_a_card_surcharge(label: str) -> None:
    # No control on the page (a confirmation page): the row itself names the card. Card surcharges are
    # banned for consumers in Germany (PSD2 Art. 62(4) as transposed in § 270a BGB).
    report = _run(_fee(label, []), "DE")
    assert _outcome(report, "payment-surcharge") == "violations"


def test_a_fee_row_goes_to_the_method_of_its_kind_not_just_the_selected_one() -> None:
    methods = [
        {"kind": "invoice", "label": "Rechnung", "selected": True},
        {"kind": "card", "label": "Kreditkarte", "selected": False},
    ]
    report = _run(_fee("Kreditkarte", methods), "DE")
    finding = report.violations[[f.id for f in report.violations].index("payment-surcharge")]
    assert "Kreditkarte" in finding.nodes[0].message


def test_a_plain_fee_row_is_not_a_payment_fee() -> None:
    assert _outcome(_run(_fee("Bearbeitungsgebühr", []), "DE"), "payment-surcharge") == "inapplicable"


def test_a_fee_left_for_checkout_is_a_violation_on_any_step() -> None:
    # California: the price shown must hold every mandatory fee but taxes and shipping, on every step.
    notice = {"kind": "deferred", "applies_to": "fees", "text": "A 3% service fee is added to all orders at checkout"}
    document = {"currency": "USD", "step": "cart", "total": {"amount": "42.00"}, "notices": [notice]}
    report = audit({"version": 1, **document}, country="US", subdivision="US-CA", on=ON, fail_on="minor")
    assert _outcome(report, "total-incomplete") == "violations"
    # Shipping worked out later is allowed before the last step.
    shipping = {**notice, "applies_to": "shipping", "text": "Shipping calculated at checkout"}
    later = {**document, "notices": [shipping]}
    assert _outcome(_run(later, "DE"), "total-incomplete") != "violations"


def test_a_fee_on_a_euro_bank_redirect_is_a_fee_on_a_sepa_credit_transfer() -> None:
    # iDEAL pays by SEPA credit transfer: PSD2 Art. 62(4) bans any charge for it.
    methods = [{"kind": "bank_redirect", "label": "iDEAL", "selected": True, "surcharge": "0.29"}]
    document = {"currency": "EUR", "total": {"amount": "50.29"}, "payment_methods": methods}
    assert _outcome(_run(document, "NL"), "payment-surcharge") == "violations"
    # Przelewy24 in złoty is no SEPA payment: the payments data names no instrument for it.
    zloty = {**document, "currency": "PLN", "payment_methods": [{**methods[0], "label": "Przelewy24"}]}
    assert _outcome(_run(zloty, "PL"), "payment-surcharge") != "violations"


def test_a_fee_the_page_says_comes_later_is_drip_pricing() -> None:
    # UK: "A £1.99 packaging & handling fee is added to every order at checkout" on the cart page.
    notice = {"kind": "deferred", "applies_to": "fees", "text": "A £1.99 handling fee is added at checkout"}
    document = {"currency": "GBP", "step": "cart", "total": {"amount": "44.00"}, "notices": [notice]}
    assert _outcome(_run(document, "GB"), "drip-pricing") == "violations"
    # Shipping announced for later is no dripped fee.
    shipping = {**document, "notices": [{**notice, "applies_to": "shipping", "text": "Shipping at checkout"}]}
    assert _outcome(_run(shipping, "GB"), "drip-pricing") == "inapplicable"
