"""Each researched market's expected first methods, for a consumer on the web paying in local currency.

Expectations come from the research table (payment-methods-anchors.md, section 2): the method it lists
first, or the one a source calls the most popular (iDEAL 60%, Pix 3 in 4, UPI 64%, Fawry ~60%,
MB WAY 45%, Naver Pay, Vipps, Nigerian bank transfer). Cards lead where the research lists them first.
"""

from __future__ import annotations

from datetime import date

import pytest

from checkoutguard.payments import select_methods

DAY = date(2026, 11, 23)

# country: (currency, amount, expected first method, other methods that must be offered)
MARKETS = {
    "DE": ("EUR", "50.00", "paypal", {"klarna", "paypal_pay_upon_invoice", "sepa_debit", "wero"}),
    "FR": ("EUR", "50.00", "card", {"alma", "klarna", "wero"}),
    "IT": ("EUR", "50.00", "paypal", {"klarna", "satispay", "bancomat_pay", "mybank"}),
    "ES": ("EUR", "50.00", "bizum", {"klarna", "sequra"}),
    "NL": ("EUR", "50.00", "ideal", {"klarna", "riverty", "sepa_debit"}),
    "BE": ("EUR", "50.00", "bancontact", {"kbc", "klarna", "wero"}),
    "AT": ("EUR", "50.00", "eps", {"klarna", "sepa_debit"}),
    "PL": ("PLN", "200.00", "blik", {"przelewy24", "klarna"}),
    "PT": ("EUR", "50.00", "mb_way", {"multibanco", "klarna"}),
    "GB": ("GBP", "50.00", "pay_by_bank", {"bacs_debit", "afterpay_clearpay", "klarna", "paypal"}),
    "CH": ("CHF", "50.00", "twint", {"klarna"}),
    "NO": ("NOK", "500.00", "vipps", {"klarna"}),
    "SE": ("SEK", "500.00", "swish", {"klarna", "trustly"}),
    "DK": ("DKK", "500.00", "mobilepay", {"klarna"}),
    "FI": ("EUR", "50.00", "mobilepay", {"fi_online_banking", "klarna"}),
    "US": ("USD", "100.00", "card", {"paypal", "venmo", "cash_app_pay", "affirm", "afterpay_clearpay", "ach_debit"}),
    "CA": ("CAD", "100.00", "card", {"paypal", "affirm", "afterpay_clearpay", "klarna", "acss_debit"}),
    "MX": ("MXN", "1000.00", "oxxo", {"spei", "mercado_pago"}),
    "BR": ("BRL", "250.00", "pix", {"boleto", "card_installments", "mercado_pago"}),
    "AR": ("ARS", "50000.00", "mercado_pago", {"rapipago", "pago_facil"}),
    "CO": ("COP", "200000.00", "pse", {"efecty", "nequi"}),
    "CL": ("CLP", "50000", "webpay", {"khipu", "servipag", "mercado_pago"}),
    "JP": ("JPY", "5000", "konbini", {"paypay", "pay_easy"}),
    "KR": ("KRW", "50000", "naver_pay", {"kakao_pay", "samsung_pay", "payco"}),
    "CN": ("CNY", "300.00", "alipay", {"wechat_pay", "unionpay"}),
    "IN": ("INR", "2000.00", "upi", {"netbanking"}),
    "SG": ("SGD", "50.00", "paynow", {"grabpay"}),
    "MY": ("MYR", "200.00", "fpx", {"duitnow", "touch_n_go", "grabpay", "atome"}),
    "TH": ("THB", "2000.00", "promptpay", {"truemoney", "th_online_banking"}),
    "ID": ("IDR", "500000.00", "qris", {"id_bank_transfer", "dana", "ovo", "gopay", "alfamart", "indomaret"}),
    "PH": ("PHP", "2000.00", "gcash", {"maya", "grabpay", "seven_eleven_ph"}),
    "VN": ("VND", "1000000", "momo", {"momo_atm"}),
    "AU": ("AUD", "100.00", "payto", {"au_becs_debit", "afterpay_clearpay", "zip", "klarna"}),
    "NZ": ("NZD", "100.00", "afterpay_clearpay", {"poli"}),
    "AE": ("AED", "200.00", "card", {"apple_pay", "tabby", "tamara", "cash_on_delivery"}),
    "SA": ("SAR", "200.00", "mada", {"stc_pay", "apple_pay", "tabby", "tamara"}),
    "TR": ("TRY", "2000.00", "card", {"card_installments", "tr_bank_transfer"}),
    "ZA": ("ZAR", "1000.00", "card", {"ozow"}),
    "NG": ("NGN", "20000.00", "ng_bank_transfer", {"card", "ussd", "opay"}),
    "KE": ("KES", "5000.00", "mpesa", {"card", "cash_on_delivery"}),
    "EG": ("EGP", "2000.00", "fawry", {"cash_on_delivery", "meeza", "valu"}),
}
FALLBACKS = {"card", "apple_pay", "google_pay"}


@pytest.mark.parametrize("country", sorted(MARKETS))
def test_market_top_method_and_fallbacks(country: str) -> None:
    currency, amount, first, others = MARKETS[country]
    selection = select_methods(country=country, currency=currency, amount=amount, on=DAY)
    assert selection.ids[0] == first
    assert others <= set(selection.ids)
    assert set(selection.ids) >= FALLBACKS  # cards and device wallets are always kept as fallbacks
    assert selection.notes == ()


def test_netherlands_full_order() -> None:
    selection = select_methods(country="NL", currency="EUR", amount="50.00", on=DAY)
    assert selection.ids == ("ideal", "klarna", "riverty", "sepa_debit", "card", "paypal", "apple_pay", "google_pay")
    assert [m.position for m in selection.methods] == list(range(1, 9))


def test_reasons_cite_the_sourced_share() -> None:
    ideal = select_methods(country="NL", currency="EUR", amount="50.00", on=DAY).methods[0]
    assert ideal.reason.startswith("popular in NL: 60% of Dutch shoppers use it")
    assert "https://docs.mollie.com/docs/ideal" in ideal.sources
    pix = select_methods(country="BR", currency="BRL", amount="10.00", on=DAY).methods[0]
    assert "75% of Brazilians use Pix" in pix.reason


def test_editorial_ranks_say_so() -> None:
    klarna = select_methods(country="NL", currency="EUR", amount="50.00", on=DAY).methods[1]
    assert "editorial order, no share figure" in klarna.reason


def test_local_brand_names() -> None:
    gb = select_methods(country="GB", currency="GBP", amount="50.00", on=DAY)
    us = select_methods(country="US", currency="USD", amount="50.00", on=DAY)
    assert next(m for m in gb.methods if m.id == "afterpay_clearpay").name == "Clearpay"
    assert next(m for m in us.methods if m.id == "afterpay_clearpay").name == "Cash App Afterpay"


def test_country_without_local_data_gets_global_methods_and_a_note() -> None:
    selection = select_methods(country="IS", currency="EUR", amount="50.00", on=DAY)
    assert selection.ids == ("card", "paypal", "apple_pay", "google_pay")
    assert "global methods only" in selection.notes[0]
