"""Money in summary cells as real templates write it: counts after "×", prices per unit, digit groups split
by (no-break, narrow, thin) spaces. Each expected amount is read off the text by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checkoutguard.audit.amounts import find_amounts


def _amounts(text: str, hint: str | None = None) -> list[tuple[Decimal, str | None]]:
    return [(m.amount, m.currency) for m in find_amounts(text, hint)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # WooCommerce review-order.php: the name cell ends in <strong class="product-quantity">&times;&nbsp;1</strong>
        ("Koszulka lniana ×\u00a01 189,00\u00a0zł", [(Decimal("189.00"), "PLN")]),
        ("Linen shirt × 1 £20.00", [(Decimal("20.00"), "GBP")]),
        ("Leinen-Beutel × 2 20,00 €", [(Decimal("20.00"), "EUR")]),
        # PrestaShop cart-summary-product-line.tpl: <span class="product-quantity">x{$product.quantity}</span>
        ("Miel de lavande x2 24,00 €", [(Decimal("24.00"), "EUR")]),
        # "2 x 9,95 €": the price after the sign has cents, so it is money (a unit price times a count)
        ("2 x 9,95 €", [(Decimal("9.95"), "EUR")]),
    ],
)
def test_a_count_after_a_times_sign_is_not_money(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kaffee, 500 g 9,45 € (18,90 € / kg)", [(Decimal("9.45"), "EUR")]),
        ("Grundpreis: 18,90 €/kg", []),
        ("Olivenöl 3,99 € pro Liter", []),
        ("€2.50/100 g", []),
        ("Abo 9,99 € / Monat", []),
        # A fee "per order" is a charge, not a unit price.
        ("Service fee €5.00 per order", [(Decimal("5.00"), "EUR")]),
    ],
)
def test_a_price_per_unit_is_not_a_line_amount(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1 189,00 zł", "1\u00a0189,00\u00a0zł", "1\u202f189,00\u00a0zł", "1\u2009189,00 zł", "1.189,00 zł"],
)
def test_space_grouped_thousands(text: str) -> None:
    assert _amounts(text) == [(Decimal("1189.00"), "PLN")]


def test_a_currency_sign_belongs_to_one_amount() -> None:
    # Storefront's header cart: "59,80 € 2 Artikel" is one amount and a count of items.
    assert _amounts("59,80\u00a0€ 2 Artikel") == [(Decimal("59.80"), "EUR")]
