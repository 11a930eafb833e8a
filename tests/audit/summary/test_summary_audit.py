"""The whole audit on the summary pages (``pages/``, each modelled on a real template): the findings a
reviewer would give, worked out from the page and the law by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.audit import audit

PAGES = Path(__file__).parent / "pages"
ON = date(2026, 11, 23)


def _outcome(name: str, rule: str, country: str, subdivision: str | None = None) -> str:
    raw = (PAGES / f"{name}.html").read_bytes()
    report: Any = audit(raw, country=country, subdivision=subdivision, on=ON, fail_on="minor")
    for outcome in ("violations", "incomplete", "passes"):
        if rule in [f.id for f in getattr(report, outcome)]:
            return outcome
    return "inapplicable"


@pytest.mark.parametrize(
    ("name", "country", "rule", "expected"),
    [
        # 82,00 + 6,90 = 88,90 with "TVA 14,82" = 88,90 × 20/120 inside it: nothing left out.
        ("prestashop_fr", "FR", "total-incomplete", "passes"),
        # The chooser row and the fee row are one £2.99: 42.00 + 2.99 = 44.99, not a short total.
        ("woocommerce_gb_insurance", "GB", "total-incomplete", "passes"),
        # The card fee sits among the line items and inside the Zwischensumme: the total is whole...
        ("shopware_de_line_items", "DE", "total-incomplete", "passes"),
        # ...and a fee for a consumer credit card is banned in Germany (§ 270a BGB).
        ("shopware_de_line_items", "DE", "payment-surcharge", "violations"),
        # Card surcharges are banned in the UK (Consumer Rights (Payment Surcharges) Regulations 2012).
        ("nopcommerce_gb", "GB", "payment-surcharge", "violations"),
        ("nopcommerce_gb", "GB", "total-incomplete", "passes"),
        # A confirmation page naming the card in text: the "Zuschlag für Zahlungsart" row is a card fee.
        ("shopware_de", "DE", "payment-surcharge", "violations"),
        ("woocommerce_pl", "PL", "total-incomplete", "passes"),
        ("magento_it", "IT", "total-incomplete", "passes"),
    ],
)
def test_findings_on_the_summary_pages(name: str, country: str, rule: str, expected: str) -> None:
    assert _outcome(name, rule, country) == expected


def test_a_fee_left_for_checkout_fails_a_californian_cart() -> None:
    assert _outcome("dawn_us_fee_note", "total-incomplete", "US", "US-CA") == "violations"
