"""Launches, retirements and renamings by date; the dates come from the sources cited in the data."""

from __future__ import annotations

from datetime import date

import pytest

from checkoutguard.payments import select_methods


def _select(country: str, currency: str, day: date, **kw: object):  # type: ignore[no-untyped-def]
    return select_methods(country=country, currency=currency, amount="50.00", on=day, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("country", "currency", "method_id", "last_day"),
    [
        ("DE", "EUR", "giropay", date(2024, 6, 30)),  # PSPs accepted no giropay payments after 30 June 2024
        ("DE", "EUR", "sofort", date(2025, 9, 28)),  # Airwallex, the last PSP we found: gone from 29 Sep 2025
        ("NZ", "NZD", "laybuy", date(2024, 6, 16)),  # receivership on 17 June 2024
        ("AU", "AUD", "poli", date(2023, 9, 30)),  # Australia Post closed POLi in Australia on 30 Sep 2023
    ],
)
def test_retired_methods_are_shown_on_their_last_day_and_dropped_the_day_after(
    country: str, currency: str, method_id: str, last_day: date
) -> None:
    assert method_id in _select(country, currency, last_day).ids
    after = _select(country, currency, date.fromordinal(last_day.toordinal() + 1))
    assert method_id not in after.ids
    dropped = next(e for e in after.excluded if e.id == method_id)
    assert dropped.code == "retired"
    assert str(last_day) in dropped.reason


def test_giropay_names_wero_as_successor() -> None:
    dropped = next(e for e in _select("DE", "EUR", date(2026, 1, 1)).excluded if e.id == "giropay")
    assert dropped.reason.endswith("Successor: wero.")


def test_poli_stays_in_new_zealand() -> None:
    assert "poli" in _select("NZ", "NZD", date(2026, 11, 23)).ids


def test_wero_starts_in_germany_in_december_2025() -> None:
    before = _select("DE", "EUR", date(2025, 11, 30))
    assert "wero" not in before.ids
    assert next(e for e in before.excluded if e.id == "wero").code == "not_launched"
    assert "wero" in _select("DE", "EUR", date(2025, 12, 1)).ids


def test_ideal_is_shown_as_ideal_wero_from_29_january_2026() -> None:
    assert _select("NL", "EUR", date(2026, 1, 28)).methods[0].name == "iDEAL"
    renamed = _select("NL", "EUR", date(2026, 1, 29)).methods[0]
    assert renamed.name == "iDEAL | Wero"
    assert "since 2026-01-29" in renamed.reason


def test_provider_ids_follow_each_psps_own_retirement() -> None:
    # Stripe: 'SOFORT has been discontinued as of 31 March 2025'; PayPal (PrestaShop Checkout): end of Sep 2024.
    def sofort_ids(day: date) -> dict[str, str]:
        return dict(next(m for m in _select("DE", "EUR", day).methods if m.id == "sofort").provider_ids)

    assert sofort_ids(date(2024, 9, 30)).keys() == {"stripe", "paypal", "adyen", "mollie"}
    assert sofort_ids(date(2024, 10, 1)).keys() == {"stripe", "adyen", "mollie"}
    assert sofort_ids(date(2025, 3, 31)).keys() == {"adyen", "mollie"}


def test_grabpay_retired_at_ppro_only() -> None:
    def grabpay(day: date, **kw: object):  # type: ignore[no-untyped-def]
        return _select("SG", "SGD", day, **kw)

    assert "grabpay" in grabpay(date(2026, 11, 23)).ids
    assert "grabpay" in grabpay(date(2026, 1, 14), provider="ppro").ids
    after = grabpay(date(2026, 1, 15), provider="ppro")
    dropped = next(e for e in after.excluded if e.id == "grabpay")
    assert dropped.code == "provider" and "after 2026-01-14" in dropped.reason
    assert "grabpay" in grabpay(date(2026, 1, 15), provider="stripe").ids


def test_pix_recurring_from_pix_automatico_launch() -> None:
    before = _select("BR", "BRL", date(2025, 6, 15), recurring=True)
    assert "pix" not in before.ids
    assert next(e for e in before.excluded if e.id == "pix").reason == "recurring Pix payments start on 2025-06-16"
    assert "pix" in _select("BR", "BRL", date(2025, 6, 16), recurring=True).ids


def test_stripe_paypay_starts_with_its_public_preview() -> None:
    assert "paypay" not in _select("JP", "JPY", date(2025, 9, 29), provider="stripe").ids
    assert "paypay" in _select("JP", "JPY", date(2025, 9, 30), provider="stripe").ids
