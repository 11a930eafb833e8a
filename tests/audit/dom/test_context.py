"""A control is read with the context it sits in: row heading, legend, section heading, an unlinked label
beside it, its description; the issue's classes of failure (#19) each have a page here."""

from __future__ import annotations

from decimal import Decimal

from audit.dom.reading import controls, document


def test_accessible_name_order_labelledby_then_aria_label_then_label_for_then_wrapping() -> None:
    raw = (
        b'<span id="n1">Gift</span><span id="n2">wrap</span>'
        b'<input type="checkbox" id="a" aria-labelledby="n1 n2" aria-label="ignored"><label for="a">no</label>'
        b'<input type="checkbox" id="b" aria-label="Send me offers"><label for="b">no</label>'
        b'<input type="checkbox" id="c"><label for="c">Terms <b>and</b> conditions</label>'
        b'<label for="elsewhere"><input type="checkbox" id="d"> labels another control</label>'
        b'<label><input type="checkbox" id="e"> Wrapped <em>label</em></label>'
        b'<div role="switch" aria-checked="true" id="f">Own text</div>'
        b'<input type="checkbox" id="g" title="By title">'
    )
    assert [c.label for c in controls(raw)] == [
        "Gift wrap",
        "Send me offers",
        "Terms and conditions",
        "",
        "Wrapped label",
        "Own text",
        "By title",
    ]


def test_row_heading_and_row_text_of_a_table_row() -> None:
    raw = (
        b"<table><tr><th>Shipping Insurance</th><td><input type='checkbox' name='ins' checked></td>"
        b"<td>\xc2\xa32.99</td></tr></table>"
    )
    (control,) = controls(raw)
    assert control.context.row == "Shipping Insurance"
    assert control.context.row_text == "Shipping Insurance \xa32.99".replace("\xa3", "£")
    (add_on,) = document(raw, "GBP").add_ons
    assert (add_on.kind, add_on.price, add_on.selected) == ("insurance", Decimal("2.99"), True)


def test_first_cell_heads_a_row_without_th_unless_the_control_is_in_it() -> None:
    raw = b"<table><tr><td>Gift wrap</td><td><input type='checkbox' name='g'></td></tr>"
    raw += b"<tr><td><input type='checkbox' name='h'> Newsletter</td><td>x</td></tr></table>"
    first, second = controls(raw)
    assert first.context.row == "Gift wrap"
    assert second.context.row == ""


def test_a_preselected_radio_under_a_th_is_a_paid_extra_not_a_shipping_choice() -> None:
    raw = (
        b"<table><tr><th>Shipping Insurance</th><td>"
        b"<label><input type='radio' name='sp' value='1' checked> Shipping Protection: \xc2\xa32.99</label>"
        b"<label><input type='radio' name='sp' value='0'> No, thanks</label></td></tr></table>"
    )
    (add_on,) = document(raw, "GBP").add_ons
    assert (add_on.kind, add_on.price, add_on.selected, add_on.control) == ("insurance", Decimal("2.99"), True, "radio")


def test_fieldset_legend_says_what_a_yes_box_is_for() -> None:
    raw = b"<fieldset><legend>Newsletter</legend><label><input type='checkbox' name='x' checked> Yes</label></fieldset>"
    (control,) = controls(raw)
    assert control.context.legend == "Newsletter"
    (consent,) = document(raw).consents
    assert (consent.purpose, consent.checked) == ("marketing", True)


def test_section_heading_counts_for_a_short_label_only() -> None:
    short = b"<h3>Newsletter</h3><div><label><input type='checkbox' name='a' checked> Ja, gerne</label></div>"
    (consent,) = document(short).consents
    assert consent.purpose == "marketing"
    long = (
        b"<h3>Newsletter</h3><div><label><input type='checkbox' name='b' checked> Save this address for my "
        b"next order</label></div>"
    )
    assert [c.purpose for c in document(long).consents] != ["marketing"]


def test_nearest_preceding_heading_wins() -> None:
    raw = (
        b"<h2>Payment</h2><p>x</p><div role='heading' aria-level='3'>Newsletter</div>"
        b"<input type='checkbox' name='a'><h2>Later</h2>"
    )
    (control,) = controls(raw)
    assert control.context.heading == "Newsletter"


def test_unlinked_neighbour_label_after_the_control() -> None:
    raw = (
        b"<div class='row'><div class='cell'><input type='checkbox' name='nl' checked></div>"
        b"<div class='cell'><label>Send me offers by e-mail</label></div></div>"
    )
    (control,) = controls(raw)
    assert control.label == ""
    assert control.context.neighbour == "Send me offers by e-mail"
    (consent,) = document(raw).consents
    assert (consent.purpose, consent.checked) == ("marketing", True)


def test_words_before_a_select_name_it() -> None:
    raw = (
        "<p>Versandversicherung <select name='ins'><option value='0'>Nein</option>"
        "<option value='1' selected>Ja [+€ 2,50]</option></select></p>"
    ).encode()
    (control,) = controls(raw)
    assert control.context.neighbour == "Versandversicherung"
    (add_on,) = document(raw).add_ons
    assert (add_on.kind, add_on.price, add_on.selected, add_on.control) == (
        "insurance",
        Decimal("2.50"),
        True,
        "select",
    )


def test_a_select_with_si_selected_is_a_preselected_extra() -> None:
    raw = (
        "<label for='a'>Assicurazione spedizione (+2,00 €)</label><select id='a' name='a'>"
        "<option value='no'>No</option><option value='si' selected>Sì</option></select>"
    ).encode()
    (add_on,) = document(raw).add_ons
    assert (add_on.kind, add_on.selected) == ("insurance", True)


def test_a_select_with_no_selected_is_not_an_added_extra() -> None:
    raw = (
        "<label for='a'>Versandversicherung (+2,50 €)</label><select id='a' name='a'>"
        "<option value='0' selected>Nein</option><option value='1'>Ja</option></select>"
    ).encode()
    assert [a.selected for a in document(raw).add_ons] == [False]


def test_aria_describedby_explains_a_bare_box() -> None:
    raw = (
        b"<input type='checkbox' id='x' checked aria-describedby='d'><label for='x'>Yes</label>"
        b"<p id='d'>We will send you our newsletter by e-mail</p>"
    )
    (control,) = controls(raw)
    assert control.context.description == "We will send you our newsletter by e-mail"
    assert [c.purpose for c in document(raw).consents] == ["marketing"]


def test_aria_switch_state_and_hidden_twin() -> None:
    raw = (
        b"<button type='button' role='switch' aria-checked='true' id='s'>Send me offers</button>"
        b"<input type='checkbox' aria-hidden='true' tabindex='-1' checked name='s'>"
    )
    (control,) = controls(raw)
    assert (control.kind, control.checked, control.label) == ("switch", True, "Send me offers")


def test_radio_group_chosen_option_is_the_selected_payment_method() -> None:
    raw = (
        b"<fieldset><legend>Payment method</legend>"
        b"<label><input type='radio' name='pm' value='card'> Credit card</label>"
        b"<label><input type='radio' name='pm' value='paypal' checked> PayPal</label></fieldset>"
    )
    methods = document(raw).payment_methods
    assert [(m.kind, m.selected) for m in methods] == [("card", False), ("payment_service", True)]


def test_unchosen_shipping_options_are_not_paid_extras() -> None:
    raw = (
        "<fieldset><legend>Versandart</legend>"
        "<label><input type='radio' name='ship' value='std' checked> Standard 4,90 €</label>"
        "<label><input type='radio' name='ship' value='exp'> Express 9,90 €</label></fieldset>"
    ).encode()
    doc = document(raw)
    assert doc.add_ons == ()
    assert doc.payment_methods == ()


def test_radios_group_by_form_owner_and_name() -> None:
    raw = (
        b"<form id='f1'><input type='radio' name='r' value='a'></form>"
        b"<form id='f2'><input type='radio' name='r' value='b'></form>"
        b"<input type='radio' name='r' value='c' form='f1'>"
    )
    a, b, c = controls(raw)
    assert a.form == c.form != b.form


def test_a_priced_option_with_value_zero_is_not_a_no() -> None:
    # The WooCommerce shipping-insurance plugin numbers its packages from 0 (realworld corpus).
    raw = (
        b"<table><tr><th>Shipping Insurance</th><td>"
        b"<label><input type='radio' name='pkg' value=''> No Insurance</label>"
        b"<label><input type='radio' name='pkg' value='0' checked> Shipping Protection: \xc2\xa32.99</label>"
        b"</td></tr></table>"
    )
    (add_on,) = document(raw, "GBP").add_ons
    assert (add_on.kind, add_on.selected, add_on.price) == ("insurance", True, Decimal("2.99"))


def test_a_preselected_express_carrier_beside_an_unpriced_pickup_is_no_upgrade() -> None:
    raw = (
        "<table><tr><th>Envío</th><td><ul>"
        "<li><input type='radio' name='sm' id='a' value='flat' checked><label for='a'>Correos Express: 5,95 €</label>"
        "<li><input type='radio' name='sm' id='b' value='pickup'><label for='b'>Recogida en tienda</label>"
        "</ul></td></tr></table>"
    ).encode()
    assert document(raw).add_ons == ()
    cheaper = raw.replace(b"Recogida en tienda", "Correos Estándar: 3,95 €".encode())
    assert [(a.kind, a.selected) for a in document(cheaper).add_ons] == [("priority", True)]


def test_a_disabled_ticked_box_is_no_default() -> None:
    raw = (
        b"<h3>Cookie-instellingen</h3>"
        b"<div><input type='checkbox' name='essential' id='e' disabled checked><label for='e'>Essential cookies"
        b"</label></div><fieldset disabled><input type='checkbox' name='nl' id='n' checked>"
        b"<label for='n'>Send me offers by e-mail</label></fieldset>"
    )
    essential, marketing = controls(raw)
    assert essential.disabled and marketing.disabled
    consents = document(raw).consents
    assert [(c.purpose, c.checked, c.required) for c in consents] == [
        ("other", True, True),  # strictly necessary cookies: nothing to choose
        ("marketing", True, True),  # consent the order depends on: required, not a default
    ]


def test_a_country_select_with_payment_in_its_id_is_no_payment_choice() -> None:
    raw = (
        b"<fieldset><legend>Your Address</legend><label for='input-payment-country'>Country</label>"
        b"<select name='country_id' id='input-payment-country'><option value='222' selected>United Kingdom</option>"
        b"<option value='103'>Ireland</option><option value='81'>Germany</option></select></fieldset>"
    )
    assert document(raw, "GBP").payment_methods == ()
    methods = raw.replace(b"Country", b"Payment method").replace(b"United Kingdom", b"Credit card")
    assert len(document(methods, "GBP").payment_methods) == 3
