"""Currency, buyer type, recurring, channel, merchant allow-list and order, PSP, inputs and outputs."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import moneyed
import pytest

from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCountry, UnknownCurrency
from checkoutguard.payments import select_methods, select_methods_from_query

DAY = date(2026, 11, 23)


def _select(**kw: object):  # type: ignore[no-untyped-def]
    base: dict[str, object] = {"country": "NL", "currency": "EUR", "amount": "50.00", "on": DAY}
    base.update(kw)
    return select_methods(**base)  # type: ignore[arg-type]


def _excluded(selection, method_id: str):  # type: ignore[no-untyped-def]
    return next(e for e in selection.excluded if e.id == method_id)


# ------------------------------------------------------------------ currency


def test_currency_mismatch_drops_local_methods_but_keeps_cards() -> None:
    selection = _select(currency="GBP")
    assert "ideal" not in selection.ids
    ideal = _excluded(selection, "ideal")
    assert ideal.code == "currency"
    assert ideal.reason == "iDEAL | Wero takes EUR, not GBP"
    assert {"card", "paypal", "apple_pay", "google_pay"} <= set(selection.ids)


def test_klarna_takes_only_the_buyers_local_currency() -> None:
    # Klarna: "We only support the local currency of each country" - a Danish buyer cannot pay in EUR.
    selection = _select(country="DK", currency="EUR")
    klarna = _excluded(selection, "klarna")
    assert klarna.reason == "Klarna takes DKK from buyers in DK, not EUR"
    assert "klarna" in _select(country="DK", currency="DKK", amount="500.00").ids


def test_paypal_refuses_currencies_outside_its_list() -> None:
    selection = _select(country="IS", currency="ISK", amount="5000")
    assert _excluded(selection, "paypal").code == "currency"
    assert selection.ids == ("card", "apple_pay", "google_pay")


def test_withdrawn_currency_is_an_error() -> None:
    # Bulgaria adopted the euro on 2026-01-01; BGN was last usable on 2025-12-31.
    assert _select(country="BG", currency="BGN", on=date(2025, 12, 31)).currency == "BGN"
    with pytest.raises(UnknownCurrency, match="withdrawn"):
        _select(country="BG", currency="BGN", on=date(2026, 1, 1))


# ------------------------------------------------------------------ buyer type


def test_business_buyers_lose_consumer_only_methods_and_get_b2b_invoice_first() -> None:
    selection = _select(country="DE", buyer_type="business")
    assert selection.ids[0] == "billie"
    assert "made for business buyers" in selection.methods[0].reason
    for consumer_only in ("klarna", "paypal_pay_upon_invoice", "ratepay", "riverty"):
        assert consumer_only not in selection.ids
        assert _excluded(selection, consumer_only).code == "buyer_type"
    assert _excluded(selection, "klarna").reason == "Klarna is for consumers only"


def test_consumers_do_not_see_business_only_methods() -> None:
    billie = _excluded(_select(country="DE"), "billie")
    assert billie.reason == "Billie (pay by invoice for businesses) is for business buyers only"


def test_afterpay_is_not_for_businesses() -> None:
    selection = _select(country="US", currency="USD", buyer_type="business")
    assert _excluded(selection, "afterpay_clearpay").code == "buyer_type"


# ------------------------------------------------------------------ recurring


def test_recurring_keeps_only_methods_that_can_charge_again() -> None:
    selection = _select(country="DE", recurring=True)
    assert set(selection.ids) == {"paypal", "sepa_debit", "card", "apple_pay", "google_pay"}
    assert _excluded(selection, "klarna").reason == "Klarna cannot be charged again without the buyer"


def test_ideal_recurring_runs_through_sepa_direct_debit() -> None:
    selection = _select(recurring=True)
    ideal = selection.methods[0]
    assert ideal.id == "ideal"
    assert ideal.recurring_via == "sepa_debit"
    assert "later charges run on sepa_debit" in ideal.reason
    assert ideal.to_dict()["recurring_via"] == "sepa_debit"
    assert "recurring_via" not in _select().methods[0].to_dict()


def test_recurring_not_offered_by_the_named_psp() -> None:
    # PayPay: recurring at PPRO, one-time only at Stripe.
    stripe = select_methods(country="JP", currency="JPY", amount="5000", on=DAY, recurring=True, provider="stripe")
    assert _excluded(stripe, "paypay").reason == "stripe offers PayPay for one-off payments only"
    assert "paypay" in select_methods(country="JP", currency="JPY", amount="5000", on=DAY, recurring=True).ids


# ------------------------------------------------------------------ channel


def test_apple_pay_in_ios_apps_goes_just_before_cards() -> None:
    selection = _select(channel="ios")
    assert "google_pay" not in selection.ids
    assert _excluded(selection, "google_pay").reason == "Google Pay is not offered in iOS apps"
    assert selection.ids.index("apple_pay") == selection.ids.index("card") - 1
    assert "placed before cards in iOS apps" in selection.methods[selection.ids.index("apple_pay")].reason


def test_google_pay_in_android_apps_goes_just_before_cards() -> None:
    selection = _select(channel="android")
    assert "apple_pay" not in selection.ids
    assert selection.ids.index("google_pay") == selection.ids.index("card") - 1


def test_web_keeps_both_wallets_with_the_client_side_check() -> None:
    selection = _select(channel="web")
    apple = selection.methods[selection.ids.index("apple_pay")]
    assert "ApplePaySession.canMakePayments()" in apple.reason
    assert selection.ids.index("apple_pay") > selection.ids.index("card")


# ------------------------------------------------------------------ merchant allow-list, order, PSP


def test_allow_list_limits_the_methods_and_says_why_others_were_dropped() -> None:
    selection = _select(allow=["card", "ideal", "bancontact"])
    assert selection.ids == ("ideal", "card")
    assert _excluded(selection, "klarna").reason == "klarna is not in the merchant's allow-list"
    bancontact = _excluded(selection, "bancontact")
    assert bancontact.code == "country"
    assert bancontact.reason == "Bancontact is not offered in NL"


def test_empty_allow_list_shows_nothing_and_explains() -> None:
    selection = _select(allow=[])
    assert selection.methods == ()
    assert "no payment method fits" in selection.notes[0]


def test_preferred_order_comes_first_and_ineligible_preferences_are_skipped() -> None:
    selection = _select(prefer=["paypal", "klarna", "bancontact"])
    assert selection.ids[:2] == ("paypal", "klarna")
    assert selection.ids[2] == "ideal"
    assert selection.methods[0].reason.startswith("merchant's preferred order #1")
    assert _excluded(selection, "bancontact").code == "country"


def test_provider_drops_methods_that_psp_does_not_process() -> None:
    selection = _select(country="DE", provider="stripe")
    assert "paypal_pay_upon_invoice" not in selection.ids
    assert _excluded(selection, "paypal_pay_upon_invoice").reason == (
        "stripe does not offer PayPal Pay upon Invoice (no identifier in our data)"
    )
    assert "klarna" in selection.ids


def test_failure_reasons_are_all_listed_first_check_first() -> None:
    # PUI for a business buyer paying EUR 3,000: buyer type and limit both fail.
    selection = _select(country="DE", buyer_type="business", amount="3000.00")
    pui = _excluded(selection, "paypal_pay_upon_invoice")
    assert pui.codes == ("buyer_type", "limit")
    assert pui.code == "buyer_type"
    assert pui.reason == (
        "PayPal Pay upon Invoice is for consumers only; EUR 3,000.00 is above the maximum EUR 2,500.00 (paypal)"
    )


# ------------------------------------------------------------------ inputs


@pytest.mark.parametrize(
    ("kw", "error", "message"),
    [
        ({"country": "UK"}, UnknownCountry, "use GB"),
        ({"country": "XX"}, UnknownCountry, "not an ISO 3166-1 country"),
        ({"currency": "eur"}, UnknownCurrency, "three upper-case letters"),
        ({"currency": "XYZ"}, UnknownCurrency, "not an ISO 4217 currency"),
        ({"amount": "-1"}, InvalidInput, "negative"),
        ({"amount": 50.0}, InvalidInput, "float"),
        ({"amount": "1e3"}, InvalidInput, "plain decimal"),
        ({"amount": "10.001"}, InvalidInput, "more decimal places than EUR allows"),
        ({"currency": "JPY", "amount": "10.5"}, InvalidInput, "at most 0 decimal places for JPY"),
        ({"amount": "1" * 41}, LimitExceeded, "characters"),
        ({"buyer_type": "company"}, InvalidInput, "consumer or business"),
        ({"channel": "tv"}, InvalidInput, "web, ios, android"),
        ({"recurring": "yes"}, InvalidInput, "true or false"),
        ({"on": "2026-11-23"}, InvalidInput, "not a date"),
        ({"on": date(1999, 12, 31)}, InvalidInput, "outside the years"),
        ({"allow": "ideal"}, InvalidInput, "not one string"),
        ({"allow": ["idael"]}, InvalidInput, "did you mean 'ideal'"),
        ({"allow": ["ideal"] * 201}, LimitExceeded, "more than 200"),
        ({"prefer": [3]}, InvalidInput, "not a method id"),
        ({"provider": "worldpay-x"}, InvalidInput, "not a PSP in our data"),
    ],
)
def test_bad_input_is_refused_with_what_is_accepted(
    kw: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as info:
        _select(**kw)
    assert isinstance(info.value, InvalidInput) and info.value.accepted


def test_amount_can_be_decimal_int_or_money() -> None:
    assert _select(amount=Decimal("50")).amount == Decimal("50.00")
    assert _select(amount=50).amount == Decimal("50.00")
    assert _select(amount=moneyed.Money("50.00", "EUR")).ids[0] == "ideal"
    with pytest.raises(InvalidInput, match="the amount is in USD but the currency is EUR"):
        _select(amount=moneyed.Money("50.00", "USD"))


def test_lower_case_country_and_datetime_are_accepted() -> None:
    selection = _select(country="nl", on=datetime(2026, 11, 23, 15, 30))
    assert selection.country == "NL" and selection.on == DAY


def test_default_date_is_today() -> None:
    assert select_methods(country="NL", currency="EUR", amount="1.00").on == date.today()


# ------------------------------------------------------------------ outputs


def test_to_dict_is_json_with_the_contract_fields() -> None:
    document = json.loads(json.dumps(_select(currency="EUR", amount="50").to_dict()))
    assert {"country", "currency", "amount", "methods", "excluded", "data_version"} <= document.keys()
    assert document["amount"] == "50.00"
    first = document["methods"][0]
    assert first["id"] == "ideal" and first["kind"] == "bank_redirect"
    assert first["provider_ids"] == {"stripe": "ideal", "adyen": "ideal", "mollie": "ideal", "paypal": "ideal"}
    assert {"id", "code", "reason"} <= document["excluded"][0].keys()


def test_same_input_same_output() -> None:
    assert _select(country="BR", currency="BRL").to_dict() == _select(country="BR", currency="BRL").to_dict()


def test_query_api_matches_the_library_call() -> None:
    query = {"country": "NL", "currency": "EUR", "amount": "50.00", "date": "2026-11-23", "allow": ["ideal", "card"]}
    assert select_methods_from_query(query).to_dict() == _select(allow=["ideal", "card"]).to_dict()


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ({"country": "NL", "currency": "EUR"}, "amount"),
        ({"country": "NL", "currency": "EUR", "amount": 50.5}, "amount"),
        ({"country": "NL", "currency": "EUR", "amount": "5", "colour": "red"}, "colour"),
        ({"country": "NL", "currency": "EUR", "amount": "5", "date": "23/11/2026"}, "date"),
        ({"country": "NL", "currency": "EUR", "amount": "5", "recurring": "true"}, "recurring"),
        ({"country": "NL", "currency": "EUR", "amount": "5", "allow": "ideal"}, "allow"),
        ({"country": "NL", "currency": "EUR", "amount": "5", "allow": ["ideal", 1]}, "allow[1]"),
    ],
)
def test_query_errors_point_at_the_field(query: dict[str, object], path: str) -> None:
    with pytest.raises(InvalidInput) as info:
        select_methods_from_query(query)
    assert info.value.path == path


def test_query_must_be_an_object() -> None:
    with pytest.raises(InvalidInput, match="JSON object"):
        select_methods_from_query(["NL"])  # type: ignore[arg-type]
