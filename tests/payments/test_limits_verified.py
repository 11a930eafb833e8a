"""Limits, cautions and shares added in the verification pass, checked at their exact boundaries.

Every expected number below is the figure printed on the cited provider page (see the comment on each
row), not a value read back from the data or the code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from checkoutguard.payments import ExcludedMethod, registry, select_methods

DAY = date(2026, 11, 23)


def _kept(country: str, currency: str, amount: str, method_id: str) -> bool:
    return method_id in select_methods(country=country, currency=currency, amount=amount, on=DAY).ids


def _excluded(country: str, currency: str, amount: str, method_id: str) -> ExcludedMethod:
    selection = select_methods(country=country, currency=currency, amount=amount, on=DAY)
    return next(e for e in selection.excluded if e.id == method_id)


def _reason(country: str, currency: str, amount: str, method_id: str) -> str:
    selection = select_methods(country=country, currency=currency, amount=amount, on=DAY)
    return next(m for m in selection.methods if m.id == method_id).reason


@pytest.mark.parametrize(
    ("country", "currency", "method_id", "at_max", "above_max", "bound", "provider"),
    [
        # Alma: "entre 50 EUR et 5 000 EUR" (Stripe, docs.stripe.com/payments/alma?locale=fr-FR)
        ("FR", "EUR", "alma", "5000.00", "5000.01", "EUR 5,000.00", "stripe"),
        # Zip: Zip Money credit limit up to AUD 50,000 (PPRO simple-api/docs/zip)
        ("AU", "AUD", "zip", "50000.00", "50000.01", "AUD 50,000.00", "ppro"),
        # PayNow: maximum payment amount 200,000 SGD (Antom antomop/paynow)
        ("SG", "SGD", "paynow", "200000.00", "200000.01", "SGD 200,000.00", "antom"),
        # TrueMoney: 30,000 THB per transaction (Antom antomop/truemoney)
        ("TH", "THB", "truemoney", "30000.00", "30000.01", "THB 30,000.00", "antom"),
        # Trustly: EUR 50,000.00 / GBP 25,000.00 / SEK 580,000.00 (Mollie docs/trustly)
        ("FI", "EUR", "trustly", "50000.00", "50000.01", "EUR 50,000.00", "mollie"),
        ("GB", "GBP", "trustly", "25000.00", "25000.01", "GBP 25,000.00", "mollie"),
        ("SE", "SEK", "trustly", "580000.00", "580000.01", "SEK 580,000.00", "mollie"),
        # Cash App Pay: verified accounts $40,000 per rolling 30 days (PPRO global-api/docs/cashapppay)
        ("US", "USD", "cash_app_pay", "40000.00", "40000.01", "USD 40,000.00", "ppro"),
        # Venmo: KYC users' weekly spending limit US $7,000 (PPRO venmo-via-paypal-smart-buttons)
        ("US", "USD", "venmo", "7000.00", "7000.01", "USD 7,000.00", "ppro"),
        # SPEI via SafetyPay: up to MXN 199,000 (PPRO mexico-banks-via-safetypay)
        ("MX", "MXN", "spei", "199000.00", "199000.01", "MXN 199,000.00", "ppro"),
        # Pay-easy: 999.999 JPY with a cash card or internet banking (Worldpay apms/konbini); zero-decimal currency
        ("JP", "JPY", "pay_easy", "999999", "1000000", "JPY 999,999", "worldpay"),
        # QRIS: Max Amount 10,000,000.00 (Xendit docs/qris.md, updated 2025-12-14; Antom agrees)
        ("ID", "IDR", "qris", "10000000", "10000001", "IDR 10,000,000", "xendit"),
        # Clearpay: GBP 1,200 Pay-in-4 (PPRO simple-api/docs/afterpay; PayPal gives the same)
        ("GB", "GBP", "afterpay_clearpay", "1200.00", "1200.01", "GBP 1,200.00", "ppro"),
        # M-Pesa: KES 250,000 after CBK's September 2023 increase (news reports of CBK's statement)
        ("KE", "KES", "mpesa", "250000.00", "250000.01", "KES 250,000.00", None),
    ],
)
def test_maximum_is_inclusive_and_one_minor_unit_above_is_a_limit_exclusion(
    country: str, currency: str, method_id: str, at_max: str, above_max: str, bound: str, provider: str | None
) -> None:
    assert _kept(country, currency, at_max, method_id)
    excluded = _excluded(country, currency, above_max, method_id)
    assert excluded.code == "limit"
    whose = f" ({provider})" if provider else ""
    assert f"is above the maximum {bound}{whose}" in excluded.reason


@pytest.mark.parametrize(
    ("country", "currency", "method_id", "at_min", "below_min", "bound", "provider"),
    [
        # Affirm: "minimum transaction amount is 50 USD or 50 CAD" (Stripe affirm/site-messaging)
        ("US", "USD", "affirm", "50.00", "49.99", "USD 50.00", "stripe"),
        ("CA", "CAD", "affirm", "50.00", "49.99", "CAD 50.00", "stripe"),
        # Alma: 50 EUR minimum (Stripe)
        ("FR", "EUR", "alma", "50.00", "49.99", "EUR 50.00", "stripe"),
        # Tamara: minimum 1 SAR; 1 AED (Antom antomop/tamara)
        ("SA", "SAR", "tamara", "1.00", "0.99", "SAR 1.00", "antom"),
        ("AE", "AED", "tamara", "1.00", "0.99", "AED 1.00", "antom"),
        # TrueMoney: 1 THB (Antom)
        ("TH", "THB", "truemoney", "1.00", "0.99", "THB 1.00", "antom"),
        # Pay-easy: minimum transaction value 100 JPY (Worldpay)
        ("JP", "JPY", "pay_easy", "100", "99", "JPY 100", "worldpay"),
        # Konbini: minimum JPY 1 (PPRO simple-api/docs/konbini)
        ("JP", "JPY", "konbini", "1", "0", "JPY 1", "ppro"),
    ],
)
def test_minimum_is_inclusive_and_one_minor_unit_below_is_a_limit_exclusion(
    country: str, currency: str, method_id: str, at_min: str, below_min: str, bound: str, provider: str
) -> None:
    assert _kept(country, currency, at_min, method_id)
    excluded = _excluded(country, currency, below_min, method_id)
    assert excluded.code == "limit"
    assert f"is below the minimum {bound} ({provider})" in excluded.reason


def test_tamara_has_no_maximum_at_antom() -> None:
    # Antom: "Maximum payment amount: No limit".
    assert _kept("SA", "SAR", "1000000.00", "tamara")
    assert _kept("AE", "AED", "1000000.00", "tamara")


def test_affirm_has_no_maximum_in_our_data() -> None:
    # No PSP page with an Affirm maximum was found; the method must not be dropped for a large basket.
    assert _kept("US", "USD", "25000.00", "affirm")


@pytest.mark.parametrize(
    ("country", "currency", "method_id", "at_cap", "over_cap", "words"),
    [
        # Zip Pay: credit limit up to AUD 1,000 (PPRO)
        ("AU", "AUD", "zip", "1000.00", "1000.01", "Zip Pay credit limits go up to AUD 1,000"),
        # Pay-easy: 99.000 JPY at an ATM with cash (Worldpay)
        ("JP", "JPY", "pay_easy", "99000", "99001", "cash payments at an ATM are capped at JPY 99,000"),
        # Venmo: non-KYC weekly spending limit US $299.99 (PPRO)
        ("US", "USD", "venmo", "299.99", "300.00", "unverified Venmo users can spend USD 299.99 per week"),
        # Cash App Pay: unverified accounts $1000 per rolling 30 days (PPRO)
        (
            "US",
            "USD",
            "cash_app_pay",
            "1000.00",
            "1000.01",
            "unverified Cash App accounts can spend USD 1,000 per rolling 30 days",
        ),
    ],
)
def test_caution_appears_only_above_the_buyer_side_cap(
    country: str, currency: str, method_id: str, at_cap: str, over_cap: str, words: str
) -> None:
    assert "caution" not in _reason(country, currency, at_cap, method_id)
    assert f"caution: {words}" in _reason(country, currency, over_cap, method_id)


def test_named_provider_uses_its_own_trustly_limit() -> None:
    # Mollie's EUR maximum is 50,000.00; with provider="mollie" the same boundary holds.
    def shown(amount: str) -> bool:
        selection = select_methods(country="FI", currency="EUR", amount=amount, on=DAY, provider="mollie")
        return "trustly" in selection.ids

    assert shown("50000.00")
    assert not shown("50000.01")


def test_every_provider_limit_is_kept_side_by_side() -> None:
    # Provider differences are data, not conflicts: each PSP's figure stays with its name.
    methods = registry().methods
    konbini = {(lim.provider, lim.max) for lim in methods["konbini"].limits}
    assert {("ppro", Decimal(300000)), ("worldline", Decimal(299999)), ("worldpay", Decimal(299000))} <= konbini
    pay_easy = {(lim.provider, lim.max) for lim in methods["pay_easy"].limits}
    assert pay_easy == {("worldpay", Decimal(999999)), ("worldline", Decimal(1000000))}
    truemoney = {(lim.provider, lim.max) for lim in methods["truemoney"].limits}
    assert truemoney == {("antom", Decimal(30000)), ("xendit", Decimal(50000))}


@pytest.mark.parametrize(
    ("country", "currency", "amount", "method_id", "opening"),
    [
        # EHI "Online-Payment 2025": PayPal 28.5% of 2024 online turnover, shown rounded half up.
        ("DE", "EUR", "50.00", "paypal", "popular in DE: 29% of German online retail turnover in 2024 (28.5%"),
        # Same study: direct debit 17.3%.
        (
            "DE",
            "EUR",
            "50.00",
            "sepa_debit",
            "popular in DE: 17% of German online retail turnover paid by direct debit",
        ),
        # Riksbank 2022: "drygt 30 procent" paid with Swish online in the past 30 days.
        ("SE", "SEK", "500.00", "swish", "popular in SE: 30% of people in Sweden paid with Swish"),
        # Blue Media 2022: BLIK preferred by 35% (one answer).
        ("PL", "PLN", "100.00", "blik", "popular in PL: 35% of Poles name BLIK their preferred way"),
    ],
)
def test_new_shares_are_cited_in_the_reason(
    country: str, currency: str, amount: str, method_id: str, opening: str
) -> None:
    assert _reason(country, currency, amount, method_id).startswith(opening)


def test_shares_do_not_reorder_the_german_market() -> None:
    ids = select_methods(country="DE", currency="EUR", amount="50.00", on=DAY).ids
    assert ids[0] == "paypal"
    assert ids.index("paypal_pay_upon_invoice") < ids.index("sepa_debit")
