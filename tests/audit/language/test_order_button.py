"""The order button's words on the last step (CRD Art. 8(2), § 312j(3) BGB, UK CCR reg. 14(3))."""

from __future__ import annotations

import pytest

from checkoutguard.audit import audit
from checkoutguard.audit.html.extract import extract_html
from checkoutguard.audit.html.order_button import MAX_BUTTONS
from checkoutguard.audit.report import AuditReport


def _page(body: str, *, lang: str = "en", step: str | None = None) -> str:
    at = f' data-checkoutguard-step="{step}"' if step else ""
    return f'<!doctype html><html lang="{lang}"><body{at}>{body}</body></html>'


def _woocommerce(order_text: str) -> str:
    """WooCommerce's checkout form buttons (search, coupon, update totals, place order) and a footer form."""
    return (
        '<form role="search"><input type="search" name="s"><button type="submit" value="Search">Search</button></form>'
        '<form class="checkout_coupon"><button type="submit" class="button" name="apply_coupon">Apply coupon</button>'
        '</form><form name="checkout" class="checkout woocommerce-checkout">'
        '<button type="submit" class="button alt" name="woocommerce_checkout_place_order" id="place_order" '
        f'value="{order_text}" data-value="{order_text}">{order_text}</button></form>'
        '<footer><form class="newsletter"><input type="email"><button>Subscribe</button></form></footer>'
    )


def _rule(report: AuditReport) -> dict[str, list[str]]:
    return {
        outcome: [n.node.target for f in findings if f.id == "order-button" for n in f.nodes if n.node]
        for outcome, findings in (
            ("violation", report.violations),
            ("pass", report.passes),
            ("incomplete", report.incomplete),
        )
    }


def test_woocommerce_place_order_is_found_among_the_other_buttons_and_is_a_violation() -> None:
    report = audit(_page(_woocommerce("Place order")), country="DE")
    assert report.document.order_button is not None and report.document.order_button.text == "Place order"
    assert _rule(report)["violation"] == ["button[type=submit]"]
    node = next(n for f in report.violations if f.id == "order-button" for n in f.nodes)
    assert 'id="place_order"' in (node.node.html if node.node else "")
    assert node.data["wording"] == "final"


def test_germanized_wording_passes() -> None:
    report = audit(_page(_woocommerce("Zahlungspflichtig bestellen"), lang="de-DE"), country="DE")
    assert _rule(report) == {"violation": [], "pass": ["button[type=submit]"], "incomplete": []}
    finding = next(f for f in report.passes if f.id == "order-button")
    assert finding.nodes[0].data["sources"] == ["bgb-312j"]


def test_prestashop_continue_and_order_buttons() -> None:
    body = (
        '<button class="continue btn btn-primary" name="continue" type="submit" value="1">Continuer</button>'
        '<div id="payment-confirmation"><button type="submit" class="btn btn-primary center-block">'
        "Commander avec obligation de paiement</button></div>"
    )
    report = audit(_page(body, lang="fr-FR"), country="FR")
    assert report.document.order_button is not None
    assert report.document.order_button.text == "Commander avec obligation de paiement"
    assert _rule(report)["pass"] == ["button[type=submit]"]


@pytest.mark.parametrize(
    ("step", "expected"),
    [("review", "violation"), ("shipping", None), (None, None), ("confirmation", None)],
)
def test_weiter_is_a_violation_on_the_last_step_only(step: str | None, expected: str | None) -> None:
    report = audit(_page('<form><button type="submit">Weiter</button></form>', lang="de", step=step), country="DE")
    found = [outcome for outcome, nodes in _rule(report).items() for _ in nodes]
    assert found == ([expected] if expected else [])
    assert ("order-button" in report.inapplicable) == (expected is None)


def test_a_named_next_step_is_never_the_order_button() -> None:
    report = audit(_page('<button type="submit">Weiter zur Zahlung</button>', lang="de", step="review"), country="DE")
    assert "order-button" in report.inapplicable


def test_a_disputed_wording_asks_for_a_check() -> None:
    report = audit(_page('<button type="submit">Bestellen und kaufen</button>', lang="de"), country="AT")
    assert _rule(report)["incomplete"] == ["button[type=submit]"]


def test_a_marked_button_with_unknown_words_on_the_last_step_asks_for_a_check() -> None:
    body = '<button type="button" data-checkoutguard-order-button>Los geht\'s</button>'
    report = audit(_page(body, lang="de", step="review"), country="DE")
    assert _rule(report)["incomplete"] == ["button[data-checkoutguard-order-button]"]
    assert audit(_page(body, lang="de"), country="DE").inapplicable.count("order-button") == 1


def test_an_input_submit_is_read_by_its_value() -> None:
    body = '<form><input type="submit" name="order" value="Zahlungspflichtig bestellen"></form>'
    report = audit(_page(body, lang="de"), country="DE")
    assert _rule(report)["pass"] == ["input[type=submit]"]


def test_uk_cites_the_consumer_contracts_regulations_and_the_us_is_out_of_scope() -> None:
    uk = audit(_page(_woocommerce("Place order"), lang="en-GB"), country="GB")
    finding = next(f for f in uk.violations if f.id == "order-button")
    assert [c.article for c in finding.citations] == ["reg. 14(3) and (4)"]
    us = audit(_page(_woocommerce("Place order"), lang="en-US"), country="US")
    assert "order-button" not in {f.id for f in us.violations}


def test_the_buttons_own_language_wins() -> None:
    body = '<button type="submit" lang="en">Buy now</button>'
    report = audit(_page(body, lang="de"), country="DE")
    assert _rule(report)["pass"] == ["button[type=submit]"]


def test_json_order_button() -> None:
    document = {"version": 1, "step": "review", "order_button": {"id": "go", "text": "Jetzt bestellen"}}
    report = audit(document, country="DE")
    assert _rule(report)["violation"] == ["$.order_button (id go)"]
    assert report.document.to_dict()["order_button"] == {"text": "Jetzt bestellen"}


def test_the_button_limit_says_so() -> None:
    body = '<button type="submit">x</button>' * (MAX_BUTTONS + 1) + '<button type="submit">Buy now</button>'
    document = extract_html(_page(body).encode()).document
    assert document.order_button is None
    assert any(f"more than {MAX_BUTTONS} buttons" in note for note in document.notes)
