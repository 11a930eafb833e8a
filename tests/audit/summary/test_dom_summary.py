"""The DOM summary reader on pages modelled on real templates (each page's first line names the template:
repository and path), one failure class of issue #19 per test. Expected lines and totals are read off the
page by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from checkoutguard.audit.dom.summary import Summary, read_summary
from checkoutguard.audit.limits import Limit

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def _read(html: bytes | str, hint: str | None = None) -> tuple[Summary, list[Limit]]:
    limits: list[Limit] = []
    return read_summary(LexborHTMLParser(html), None, hint, None, limits), limits


def _lines(summary: Summary) -> list[tuple[str, Decimal | None]]:
    return [(line.kind, line.amount) for line in summary.lines]


def test_quantity_cells_and_unit_prices_are_not_lines() -> None:
    summary, limits = _read(page("woocommerce_pl"))
    assert limits == []
    assert summary.currency == "PLN"
    assert summary.total is not None and summary.total.amount == Decimal("1204.00")
    assert _lines(summary) == [
        ("goods", Decimal("189.00")),  # "× 1" + "189,00 zł" is 189,00, not 1189,00
        ("goods", Decimal("1000.00")),  # the "(94,50 zł / kg)" in the name is a unit price
        ("subtotal", Decimal("1189.00")),  # grouped with U+202F
        ("shipping", Decimal("15.00")),  # the chosen carrier only, not the 29,00 express option
    ]
    assert summary.lines[0].label == "Koszulka lniana"


def test_option_rows_count_only_what_is_chosen() -> None:
    summary, _ = _read(page("woocommerce_en"))
    assert summary.total is not None and summary.total.amount == Decimal("48.69")
    assert _lines(summary) == [
        ("goods", Decimal("40.00")),
        ("subtotal", Decimal("40.00")),
        ("shipping", Decimal("4.50")),
        # the pre-selected radio under <th>Shipping Insurance</th>: one extra of 2.99, read once
        ("add_on", Decimal("2.99")),
        # the unticked breakage insurance (1.99) is an offer, not a charge: no line
        ("surcharge", Decimal("1.20")),  # "Card processing fee" is a fee for a means of payment
    ]
    extra = summary.lines[3]
    assert not extra.mandatory
    assert "Shipping Protection" in extra.label


def test_fee_row_is_linked_to_a_method_named_in_plain_text() -> None:
    summary, _ = _read(page("shopware_de"))
    assert summary.total is not None and summary.total.amount == Decimal("88.90")
    assert _lines(summary) == [
        ("subtotal", Decimal("82.00")),
        ("shipping", Decimal("4.90")),
        ("surcharge", Decimal("2.00")),
    ]
    # The finish page names the method only in text; the fee row carries it so the rule can judge it.
    assert "Kreditkarte" in summary.lines[2].label


def test_tax_row_inside_a_tax_inclusive_summary_is_read_before_the_total() -> None:
    summary, _ = _read(page("prestashop_fr"))
    assert summary.total is not None and summary.total.amount == Decimal("88.90")
    assert summary.total.label == "Total TTC"
    assert _lines(summary) == [
        ("goods", Decimal("82.00")),
        ("subtotal", Decimal("82.00")),
        ("shipping", Decimal("6.90")),
        ("tax", Decimal("14.82")),
    ]


def test_magento_totals_table_after_the_cart_table() -> None:
    summary, _ = _read(page("magento_it"))
    assert summary.total is not None and summary.total.amount == Decimal("57.00")
    assert ("subtotal", Decimal("50.00")) in _lines(summary)
    assert ("shipping", Decimal("7.00")) in _lines(summary)
    assert ("goods", Decimal("12.50")) not in _lines(summary)  # the unit price column


def test_localized_estimated_total_and_its_tax_note() -> None:
    summary, _ = _read(page("dawn_de"))
    assert summary.total is not None and summary.total.amount == Decimal("18.90")
    assert summary.total.label == "Geschätzte Gesamtkosten"
    assert _lines(summary) == [("goods", Decimal("18.90"))]
    assert [(n.kind, n.applies_to) for n in summary.notices] == [("deferred", "shipping")]


def test_a_page_without_a_total_has_no_summary() -> None:
    summary, limits = _read("<html><body><p>Versand wird beim Checkout berechnet</p><p>Hallo</p></body></html>")
    assert summary.total is None and summary.lines == ()
    assert [n.kind for n in summary.notices] == ["deferred"]
    assert limits == []


def test_a_select_with_priced_options_is_read_through_its_selected_option() -> None:
    html = """<table class="shop_table"><tfoot>
    <tr class="cart-subtotal"><th>Zwischensumme</th><td>40,00&nbsp;€</td></tr>
    <tr class="insurance"><th>Versandversicherung</th><td><select name="ins">
      <option value="0">Nein</option><option value="1" selected>Ja [+€ 2,50]</option></select></td></tr>
    <tr class="country"><th>Land</th><td><select name="c"><option>Österreich</option>
      <option selected>Deutschland</option></select></td></tr>
    <tr class="order-total"><th>Gesamtsumme</th><td>42,50&nbsp;€</td></tr></tfoot></table>"""
    summary, _ = _read(html)
    assert summary.total is not None and summary.total.amount == Decimal("42.50")
    assert _lines(summary) == [("subtotal", Decimal("40.00")), ("add_on", Decimal("2.50"))]


def test_unchosen_shipping_options_in_list_rows_are_not_lines() -> None:
    # Shipping rates as a list of radios named as Shopify's checkout names them: only the checked one is a
    # cost, and the control's name says it is shipping.
    html = """<div class="order-summary"><ul class="shipping-rates">
    <li><input type="RADIO" name="checkout[shipping_rate][id]" id="r1" checked>
      <label for="r1">Standard 4,90 €</label></li>
    <li><input type="radio" name="checkout[shipping_rate][id]" id="r2"><label for="r2">Express 12,90 €</label></li></ul>
    <div class="line"><span>Zwischensumme</span><span>30,00 €</span></div>
    <div class="line total"><span>Gesamt</span><span>34,90 €</span></div></div>"""
    summary, _ = _read(html)
    assert summary.total is not None and summary.total.amount == Decimal("34.90")
    assert _lines(summary) == [("shipping", Decimal("4.90")), ("subtotal", Decimal("30.00"))]


def test_an_extra_chooser_and_the_fee_it_adds_are_one_charge() -> None:
    summary, _ = _read(page("woocommerce_gb_insurance"))
    assert summary.total is not None and summary.total.amount == Decimal("44.99")
    # The radio row ("Shipping Protection: £2.99", checked) offers the extra; the fee row charges it. Counted
    # twice, the lines would add up to 47.98 and the total would look 2.99 short.
    assert _lines(summary) == [
        ("goods", Decimal("42.00")),
        ("subtotal", Decimal("42.00")),
        ("add_on", Decimal("2.99")),
    ]
    assert summary.lines[2].label == "Shipping Insurance (Shipping Protection)"


def test_grid_columns_and_a_payment_fee_among_the_line_items() -> None:
    summary, _ = _read(page("shopware_de_line_items"))
    assert summary.total is not None and summary.total.amount == Decimal("81.50")
    # The fee row's columns (label, quantity 1, unit price, total) read as one line; it sits above the
    # summary, whose Zwischensumme holds it, so it comes before the subtotal.
    assert _lines(summary) == [
        ("surcharge", Decimal("2.50")),
        ("subtotal", Decimal("81.50")),
        ("shipping", Decimal("0.00")),
    ]
    assert summary.lines[0].label == "Zuschlag Zahlungsart Kreditkarte"


def test_a_payment_method_fee_row_is_a_surcharge() -> None:
    summary, _ = _read(page("nopcommerce_gb"))
    assert summary.total is not None and summary.total.amount == Decimal("50.49")
    # The totals table holds the subtotal: its rows are the summary (the cart table above is not needed).
    assert _lines(summary) == [
        ("subtotal", Decimal("44.00")),
        ("shipping", Decimal("4.99")),
        ("surcharge", Decimal("1.50")),
    ]


def test_a_fee_added_at_checkout_is_a_deferred_fee() -> None:
    summary, _ = _read(page("dawn_us_fee_note"))
    assert summary.total is not None and summary.total.amount == Decimal("42.00")
    assert ("deferred", "fees") in [(n.kind, n.applies_to) for n in summary.notices]


def test_a_footer_listing_accepted_methods_is_not_the_chosen_method() -> None:
    html = (
        page("shopware_de").replace(b"<strong>Zahlungsart:</strong> Kreditkarte", b"<strong>Versand:</strong> DHL")
        + b"<footer><p>Zahlungsarten: Visa, Mastercard, PayPal, Klarna, Rechnung</p></footer>"
    )
    summary, _ = _read(html)
    assert summary.lines[2].kind == "surcharge"
    assert summary.lines[2].label == "Zuschlag für Zahlungsart"  # no method named: the rule asks for review


def test_a_fee_row_that_says_it_comes_later_is_a_line_and_a_notice() -> None:
    # Dawn's cart footer with a shop's note row holding the amount (main-cart-footer.liquid's js-contents).
    html = """<div class="js-contents"><div class="cart-items"><div class="item">Tea towel <span>£18.00</span></div>
    <p class="fee-note">A £1.99 packaging &amp; handling fee is added to every order at checkout.</p></div>
    <div class="totals"><h2 class="totals__total">Estimated total</h2>
    <p class="totals__total-value">£18.00 GBP</p></div></div>"""
    summary, _ = _read(html)
    assert summary.total is not None and summary.total.amount == Decimal("18.00")
    assert ("fee", Decimal("1.99")) in _lines(summary)
    assert ("deferred", "fees") in [(n.kind, n.applies_to) for n in summary.notices]
