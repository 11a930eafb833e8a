"""Amount limits at their exact boundaries; the figures are the providers' published limits."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from checkoutguard.data.paths import payment_methods_dir
from checkoutguard.payments import load_registry, select_methods

DAY = date(2026, 11, 23)


def _shown(country: str, currency: str, amount: str, method_id: str, **kw: object) -> bool:
    selection = select_methods(country=country, currency=currency, amount=amount, on=DAY, **kw)  # type: ignore[arg-type]
    return method_id in selection.ids


@pytest.mark.parametrize(
    ("country", "currency", "method_id", "low", "below", "high", "above"),
    [
        # iDEAL EUR 0.01-50,000.00 (Mollie, Worldpay)
        ("NL", "EUR", "ideal", "0.01", "0.00", "50000.00", "50000.01"),
        # Klarna per-country maxima (Mollie): NL 14,000; IT 4,000; minimum EUR 1.00
        ("NL", "EUR", "klarna", "1.00", "0.99", "14000.00", "14000.01"),
        ("IT", "EUR", "klarna", "1.00", "0.99", "4000.00", "4000.01"),
        # PayPal Pay upon Invoice EUR 5-2,500 (PayPal)
        ("DE", "EUR", "paypal_pay_upon_invoice", "5.00", "4.99", "2500.00", "2500.01"),
        # BLIK PLN 0.01-50,000 (PPRO)
        ("PL", "PLN", "blik", "0.01", "0.00", "50000.00", "50000.01"),
        # Przelewy24 PLN 0.01-55,000 (Mollie)
        ("PL", "PLN", "przelewy24", "0.01", "0.00", "55000.00", "55000.01"),
        # OXXO MXN 1-10,000 (PPRO)
        ("MX", "MXN", "oxxo", "1.00", "0.99", "10000.00", "10000.01"),
        # Pix BRL 0.01-250,000 (PPRO)
        ("BR", "BRL", "pix", "0.01", "0.00", "250000.00", "250000.01"),
        # Kakao Pay KRW 50-2,000,000 (PPRO), a zero-decimal currency
        ("KR", "KRW", "kakao_pay", "50", "49", "2000000", "2000001"),
        # Tabby AED 10-20,000 (Antom)
        ("AE", "AED", "tabby", "10.00", "9.99", "20000.00", "20000.01"),
        # Fawry EGP 0.10-300,000 (PayerMax)
        ("EG", "EGP", "fawry", "0.10", "0.09", "300000.00", "300000.01"),
        # Afterpay US USD 1-2,000 (PPRO)
        ("US", "USD", "afterpay_clearpay", "1.00", "0.99", "2000.00", "2000.01"),
    ],
)
def test_limits_are_inclusive_at_both_ends(
    country: str, currency: str, method_id: str, low: str, below: str, high: str, above: str
) -> None:
    assert _shown(country, currency, low, method_id)
    assert _shown(country, currency, high, method_id)
    assert not _shown(country, currency, below, method_id)
    assert not _shown(country, currency, above, method_id)


def test_konbini_maximum_in_yen() -> None:
    assert _shown("JP", "JPY", "300000", "konbini")
    assert not _shown("JP", "JPY", "300001", "konbini")


def test_excluded_limit_reason_names_amount_bound_and_provider() -> None:
    selection = select_methods(country="NL", currency="EUR", amount="50000.01", on=DAY)
    ideal = next(e for e in selection.excluded if e.id == "ideal")
    assert ideal.code == "limit"
    assert ideal.reason == "EUR 50,000.01 is above the maximum EUR 50,000.00 (mollie)"
    small = select_methods(country="DE", currency="EUR", amount="4.99", on=DAY)
    pui = next(e for e in small.excluded if e.id == "paypal_pay_upon_invoice")
    assert pui.reason == "EUR 4.99 is below the minimum EUR 5.00 (paypal)"


def test_caution_above_an_issuer_cap_keeps_the_method_but_warns() -> None:
    at_cap = select_methods(country="PL", currency="PLN", amount="10000.00", on=DAY).methods[0]
    over = select_methods(country="PL", currency="PLN", amount="10000.01", on=DAY).methods[0]
    assert at_cap.id == over.id == "blik"
    assert "caution" not in at_cap.reason
    assert "caution: most issuing banks cap BLIK at PLN 10,000" in over.reason


def test_provider_specific_limit_wins_when_the_provider_is_named(tmp_path: Path) -> None:
    # A copy of TWINT whose Mollie limit (CHF 1,000) is stricter than Stripe's (CHF 5,000, the default).
    document = json.loads((payment_methods_dir() / "twint.json").read_text(encoding="utf-8"))
    document["limits"].append(
        {"currency": "CHF", "max": "1000.00", "provider": "mollie", "source": "https://example.org/x"}
    )
    (tmp_path / "twint.json").write_text(json.dumps(document), encoding="utf-8")
    data = load_registry(tmp_path)

    def twint(provider: str | None) -> bool:
        sel = select_methods(country="CH", currency="CHF", amount="2000.00", on=DAY, provider=provider, data=data)
        return "twint" in sel.ids

    assert twint(None)
    assert twint("stripe")
    assert not twint("mollie")


def test_cards_have_no_amount_limit_in_our_data() -> None:
    assert _shown("DE", "EUR", "999999999.99", "card")
    assert _shown("DE", "EUR", "0", "card")
