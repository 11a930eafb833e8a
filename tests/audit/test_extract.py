"""What the extractor reads from markup: labels found the way assistive technology finds them, groups,
selects, ARIA switches, summaries in tables, lists and definition lists, and merchant annotations."""

from __future__ import annotations

from decimal import Decimal

from checkoutguard.audit import extract_html
from checkoutguard.audit.model import CheckoutDocument


def _read(html: str, hint: str | None = "EUR") -> CheckoutDocument:
    return extract_html(html.encode(), currency_hint=hint).document


def test_labels_by_for_wrapping_aria_and_nearby_text() -> None:
    document = _read(
        '<div class="col"><label for="a">Newsletter abonnieren</label></div><div class="col2">'
        '<input type="checkbox" id="a" checked></div>'  # a label far from its input
        '<label><input type="checkbox" name="b"> Send me offers</label>'
        '<span id="lbl">Share my data with partners</span><input type="checkbox" aria-labelledby="lbl" name="c">'
        '<input type="checkbox" name="d" aria-label="Cookies for advertising">'
        '<p><input type="checkbox" name="e"> I accept the terms</p>'
    )
    assert [(c.purpose, c.label, c.checked) for c in document.consents] == [
        ("marketing", "Newsletter abonnieren", True),
        ("marketing", "Send me offers", False),
        ("data_sharing", "Share my data with partners", False),
        ("cookies", "Cookies for advertising", False),
        ("terms", "I accept the terms", False),
    ]


def test_a_yes_no_radio_group_is_one_consent() -> None:
    html = (
        '<p>Newsletter?</p><label><input type="radio" name="newsletter" value="1" checked> Ja</label>'
        '<label><input type="radio" name="newsletter" value="0"> Nein</label>'
    )
    document = _read(html)
    assert [(c.purpose, c.checked, c.control) for c in document.consents] == [("marketing", True, "radio")]
    no = _read(html.replace(" checked", "").replace('value="0">', 'value="0" checked>'))
    assert [c.checked for c in no.consents] == [False]


def test_a_select_defaults_to_its_first_option() -> None:
    document = _read(
        '<label for="d">Donation to charity</label><select id="d" name="donation">'
        "<option>1,00 €</option><option>Keine Spende</option></select>"
    )
    assert [(a.kind, a.selected, a.price) for a in document.add_ons] == [("donation", True, Decimal("1.00"))]


def test_a_preselected_express_option_is_an_extra_only_when_a_cheaper_one_exists() -> None:
    group = (
        '<label><input type="radio" name="shipping_method" value="std"{0}> Standard: 4,90 €</label>'
        '<label><input type="radio" name="shipping_method" value="exp"{1}> Express: 9,90 €</label>'
    )
    assert [a.selected for a in _read(group.format("", " checked")).add_ons] == [True]
    # Unchosen, the express option is a choice of speed, not an extra on the bill (issue #19)
    assert _read(group.format(" checked", "")).add_ons == ()
    only = '<label><input type="radio" name="shipping_method" value="exp" checked> Express: 9,90 €</label>'
    assert _read(only).add_ons == ()


def test_payment_radios_are_methods_with_their_fees() -> None:
    document = _read(
        '<label><input type="radio" name="payment_method" value="card" checked> Kreditkarte (+1,50 €)</label>'
        '<label><input type="radio" name="payment_method" value="pp"> PayPal</label>'
    )
    assert [(m.kind, m.selected, m.surcharge) for m in document.payment_methods] == [
        ("card", True, Decimal("1.50")),
        ("payment_service", False, None),
    ]
    assert document.consents == ()


def test_aria_switches_radiogroups_and_hidden_twins() -> None:
    document = _read(
        '<button role="switch" aria-checked="true" data-state="checked">Email me offers</button>'
        '<input type="checkbox" aria-hidden="true" tabindex="-1" name="offers" checked>'
        '<div role="radiogroup"><button role="radio" aria-checked="true">Credit card</button>'
        '<button role="radio" aria-checked="false">PayPal</button></div>'
    )
    assert [(c.purpose, c.checked, c.control) for c in document.consents] == [("marketing", True, "switch")]
    assert [m.kind for m in document.payment_methods] == ["card", "payment_service"]


def test_conversion_offers_skip_the_shops_own_currency() -> None:
    document = _read(
        '<label><input type="radio" name="pay_currency" value="EUR" checked> Pay in EUR</label>'
        '<label><input type="radio" name="pay_currency" value="USD"> Pay in your currency: USD 61.23, '
        "3.2% above the ECB reference rate</label>"
    )
    assert [(o.currency, o.markup, o.reference_rate_shown, o.amount_shown) for o in document.conversions] == [
        ("USD", Decimal("0.032"), True, True)
    ]


def test_summary_in_a_definition_list() -> None:
    document = _read(
        '<dl class="summary"><dt>Zwischensumme</dt><dd>50,00 €</dd><dt>Versand</dt><dd>4,90 €</dd>'
        "<dt>Gesamtsumme</dt><dd>54,90 €</dd><dt>enthaltene MwSt.</dt><dd>8,77 €</dd></dl>"
    )
    assert [(line.kind, line.amount) for line in document.lines] == [
        ("subtotal", Decimal("50.00")),
        ("shipping", Decimal("4.90")),
    ]
    assert document.total is not None and document.total.amount == Decimal("54.90")
    assert document.currency == "EUR"


def test_notices_in_the_summary() -> None:
    document = _read(
        '<table class="totals"><tr><td>Subtotal</td><td>£40.00</td></tr>'
        "<tr><td>Shipping</td><td>Calculated at the next step</td></tr>"
        "<tr><td>Total</td><td>£40.00</td></tr>"
        "<tr><td>Import duties are payable on delivery</td></tr></table>",
        hint="GBP",
    )
    assert [(n.kind, n.applies_to) for n in document.notices] == [("deferred", "shipping"), ("on_delivery", "duty")]


def test_annotations_make_the_summary_exact() -> None:
    document = _read(
        '<body data-checkoutguard-step="review" data-checkoutguard-steps="cart review" '
        'data-checkoutguard-currency="CHF">'
        '<p>Subtotal <span data-checkoutguard-line="subtotal" data-checkoutguard-first-step="cart">40.00</span></p>'
        '<p>Fee <span data-checkoutguard-line="fee" data-checkoutguard-amount="2.00" '
        'data-checkoutguard-first-step="review">CHF 2</span></p>'
        '<p>Total <b data-checkoutguard-line="total" data-checkoutguard-first-step="cart">CHF 42.00</b></p>'
        '<input type="hidden" data-checkoutguard-line="charged-total" data-checkoutguard-amount="44.00">'
        '<input type="checkbox" name="x" checked data-checkoutguard-purpose="marketing"> ja',
        hint=None,
    )
    assert (document.step, document.steps, document.currency) == ("review", ("cart", "review"), "CHF")
    assert [(line.kind, line.amount, line.first_step) for line in document.lines] == [
        ("subtotal", Decimal("40.00"), "cart"),
        ("fee", Decimal("2.00"), "review"),
    ]
    assert document.total is not None and document.total.amount == Decimal("42.00")
    assert document.charged_total is not None and document.charged_total.amount == Decimal("44.00")
    assert [(c.purpose, c.checked) for c in document.consents] == [("marketing", True)]


def test_annotated_amounts_refuse_exponents_signs_and_overlong_numbers() -> None:
    # An attribute is page content: "1e999999999" must not reach the rules as a number with a huge exponent.
    document = _read(
        '<p>Fee <span data-checkoutguard-line="fee" data-checkoutguard-amount="9e99999999">x</span></p>'
        '<p>Fee <span data-checkoutguard-line="fee" data-checkoutguard-amount="-2.00">y</span></p>'
        '<p>Fee <span data-checkoutguard-line="fee" data-checkoutguard-amount="1234567890123456.00">z</span></p>'
        '<p>Fee <span data-checkoutguard-line="fee" data-checkoutguard-amount=" 2.50 ">w</span></p>'
        '<input type="checkbox" id="g" checked data-checkoutguard-price="1E+3"><label for="g">Gift wrap</label>'
    )
    assert [line.amount for line in document.lines] == [None, None, None, Decimal("2.50")]
    assert [a.price for a in document.add_ons] == [None]


def test_controls_in_templates_comments_scripts_and_noscript_do_not_count() -> None:
    document = _read(
        '<template><input type="checkbox" name="a" checked> Newsletter</template>'
        '<!-- <input type="checkbox" name="b" checked> Newsletter -->'
        '<script>var x = \'<input type="checkbox" name="c" checked> Newsletter\';</script>'
        '<noscript><input type="checkbox" name="d" checked> Newsletter</noscript>'
        '<textarea><input type="checkbox" name="e" checked></textarea>'
        '<input type="checkbox" name="f" data-checked-label="x"> Newsletter'
    )
    assert [(c.label, c.checked) for c in document.consents] == [("Newsletter", False)]
