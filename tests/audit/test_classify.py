"""The label classifier in nine languages, and the money parser behind every amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from checkoutguard.audit.amounts import find_amounts, find_percent
from checkoutguard.audit.classify import classify_control, line_kind, payment_kind

# (language, label, purpose, extra kind) — labels as storefronts word them.
CONTROLS = [
    ("en", "Email me with news and offers", "marketing", None),
    ("en", "Share my details with selected partners", "data_sharing", None),
    ("en", "I have read and agree to the terms and conditions", "terms", None),
    ("en", "Add shipping protection (£2.99)", "add_on", "insurance"),
    ("en", "Round up my order for charity (+£0.43)", "add_on", "donation"),
    ("de", "Ja, ich möchte den Newsletter mit Angeboten abonnieren", "marketing", None),
    ("de", "Ich bin mit der Weitergabe meiner Daten an Partner einverstanden", "data_sharing", None),
    ("de", "Ich habe die AGB gelesen und akzeptiere sie", "terms", None),
    ("de", "Versandversicherung (+2,49 €)", "add_on", "insurance"),
    ("de", "Garantieverlängerung auf 3 Jahre (+19,90 €)", "add_on", "warranty"),
    ("fr", "Recevoir notre newsletter et nos offres", "marketing", None),
    ("fr", "Recevoir les offres de nos partenaires", "data_sharing", None),
    ("fr", "J'accepte les conditions générales de vente", "terms", None),
    ("fr", "Emballage cadeau (+2,00 €)", "add_on", "gift_wrap"),
    ("nl", "Ik wil de nieuwsbrief ontvangen", "marketing", None),
    ("nl", "Mijn gegevens mogen met derden gedeeld worden: delen met partners", "data_sharing", None),
    ("nl", "Ik ga akkoord met de algemene voorwaarden", "terms", None),
    ("nl", "Verzendverzekering (+ 1,95 €)", "add_on", "insurance"),
    ("es", "Enviarme novedades y ofertas por correo electrónico", "marketing", None),
    ("es", "Acepto los términos y condiciones", "terms", None),
    ("es", "Añadir una donación de 1,00 €", "add_on", "donation"),
    ("it", "Iscriviti alla newsletter per ricevere offerte", "marketing", None),
    ("it", "Accetto i termini e le condizioni di vendita", "terms", None),
    ("it", "Consegna espressa (+8,00 €)", "add_on", "priority"),
    ("pt", "Desejo receber a newsletter com promoções", "marketing", None),
    ("pt", "Li e aceito os Termos e Condições", "terms", None),
    ("pt", "Garantia alargada de 3 anos (+14,90 €)", "add_on", "warranty"),
    ("pl", "Wyrażam zgodę na otrzymywanie informacji handlowych", "marketing", None),
    ("pl", "Akceptuję regulamin sklepu", "terms", None),
    ("pl", "Ubezpieczenie przesyłki (+9,99 zł)", "add_on", "insurance"),
    ("sv", "Ja, jag vill få nyhetsbrev med erbjudanden", "marketing", None),
    ("sv", "Jag godkänner köpvillkoren", "terms", None),
    ("sv", "Klimatkompensera min leverans (+15 kr)", "add_on", "donation"),
]
NOT_CONSENT = [
    "Billing address same as shipping address",
    "Rechnungsadresse entspricht der Lieferadresse",
    "Se souvenir de moi",
    "Onthoud mij",
    "Guardar mi información y consultar más rápidamente la próxima vez",
    "Crea un account",
    "Criar conta",
    "Zapamiętaj mnie",
    "Kom ihåg mig",
]
OPT_OUT = [
    "I do not want to receive marketing emails",
    "Ich möchte den Newsletter nicht erhalten",
    "Je ne souhaite pas recevoir les offres",
    "Ik wil geen nieuwsbrief ontvangen",
    "No deseo recibir ofertas",
    "Non desidero ricevere la newsletter",
    "Não desejo receber a newsletter",
    "Nie chcę otrzymywać newslettera",
    "Jag vill inte få nyhetsbrev",
]


@pytest.mark.parametrize(("language", "label", "purpose", "kind"), CONTROLS)
def test_control_purpose(language: str, label: str, purpose: str, kind: str | None) -> None:
    found = classify_control(label, has_price=bool(find_amounts(label)))
    assert (found.purpose, found.add_on) == (purpose, kind), language


def test_every_language_has_marketing_terms_and_an_extra() -> None:
    for language in ("en", "de", "fr", "nl", "es", "it", "pt", "pl", "sv"):
        purposes = {purpose for lang, _, purpose, _ in CONTROLS if lang == language}
        assert {"marketing", "terms", "add_on"} <= purposes, language


@pytest.mark.parametrize("label", NOT_CONSENT)
def test_convenience_boxes_are_not_consent(label: str) -> None:
    assert classify_control(label).purpose == "other"


@pytest.mark.parametrize("label", OPT_OUT)
def test_opt_out_wording_is_recognised(label: str) -> None:
    found = classify_control(label)
    assert found.purpose == "marketing"
    assert found.opt_out


def test_opt_out_needs_a_refusal_not_just_a_negative_word() -> None:
    assert not classify_control("Verpasse keine Angebote mehr: Newsletter").opt_out


def test_names_and_ids_are_a_fallback() -> None:
    assert classify_control("", "checkout buyer accepts marketing").purpose == "marketing"
    assert classify_control("Yes please").purpose == "unknown"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Subtotal", "subtotal"),
        ("Zwischensumme", "subtotal"),
        ("Total incl. VAT", "total"),
        ("Gesamtsumme (inkl. MwSt.)", "total"),
        ("VAT (19%)", "tax"),
        ("Versandkosten", "shipping"),
        ("Frais de port", "shipping"),
        ("Shipping protection", "add_on"),
        ("Import duties & taxes", "duty"),
        ("Credit card fee", "surcharge"),
        ("Servicegebühr", "fee"),
        ("Korting", "discount"),
        ("Totaal", "total"),
        ("Razem (brutto)", "total"),
        ("Suma częściowa", "subtotal"),
        ("Delsumma", "subtotal"),
        ("Organic cotton T-shirt × 2", None),
    ],
)
def test_row_kinds(label: str, kind: str | None) -> None:
    assert line_kind(label) == kind


def test_class_names_never_make_a_total() -> None:
    assert line_kind("Organic cotton T-shirt", '<td class="product-total">') is None
    assert line_kind("", '<tr class="fee">') == "fee"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Kreditkarte (Stripe)", "card"),
        ("American Express", "three_party_card"),
        ("PayPal", "payment_service"),
        ("SEPA-Lastschrift", "sepa_direct_debit"),
        ("Payer par virement bancaire", "sepa_credit_transfer"),
        ("iDEAL", "bank_redirect"),
        ("Klarna – betala senare", "pay_later"),
        ("Za pobraniem", "cash_on_delivery"),
        ("Factuur", "invoice"),
    ],
)
def test_payment_kinds(label: str, kind: str) -> None:
    assert payment_kind(label) == kind


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("€1.234,56", None, [("1234.56", "EUR", False)]),
        ("12,99 €", None, [("12.99", "EUR", False)]),
        ("Total: $1,234.56", "USD", [("1234.56", "USD", False)]),
        ("Total: $1,234.56", "EUR", [("1234.56", None, False)]),  # "$" is not the euro
        ("CHF 12.–", None, [("12.00", "CHF", False)]),
        ("1.234 €", None, [("1234.00", "EUR", False)]),  # three digits after a dot: thousands
        ("KWD 1.234", None, [("1.234", "KWD", False)]),  # ...unless the currency has three minor units
        ("Rabatt -5,00 €", None, [("5.00", "EUR", True)]),
        ("12 990 kr", "SEK", [("12990.00", "SEK", False)]),
        ("Qty 2 12,00 €", None, [("12.00", "EUR", False)]),  # a quantity is not money
        ("3 items, order 12345", None, []),
        ("Total €119.00 (includes €19.00 VAT)", None, [("119.00", "EUR", False), ("19.00", "EUR", False)]),
    ],
)
def test_amounts(text: str, hint: str | None, expected: list[tuple[str, str | None, bool]]) -> None:
    assert [(str(m.amount), m.currency, m.negative) for m in find_amounts(text, hint)] == expected


def test_percent() -> None:
    assert find_percent("Kort +2 %") == Decimal("0.02")
    assert find_percent("incl. 2,5% surcharge") == Decimal("0.025")
    assert find_percent("no rate") is None


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_amounts_round_trip_in_both_conventions(value: Decimal) -> None:
    english = f"€{value:,.2f}"
    continental = f"{value:,.2f} €".replace(",", "_").replace(".", ",").replace("_", ".")
    assert [m.amount for m in find_amounts(english)] == [value]
    assert [m.amount for m in find_amounts(continental)] == [value]


@given(st.text(max_size=200))
def test_amount_parser_never_fails(text: str) -> None:
    for money in find_amounts(text, "EUR"):
        assert money.amount >= 0
