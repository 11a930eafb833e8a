"""From an audited page or document to what a journey keeps; which step a page is; the stored bytes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from checkoutguard.audit import audit, load_document
from checkoutguard.errors import InvalidInput
from checkoutguard.journey import SeenLine, StepView, decode, encode, journey_of, observe, recognise_step
from checkoutguard.journey.model import MAX_LABEL, MAX_LINES
from journey.builders import FEE, SHIRT, document, page, view


def test_an_html_page_marked_with_its_step_gives_its_amounts_and_roles() -> None:
    html = page(
        "review", [("goods", "Shirt", "40.00"), ("fee", "Service fee", "2.50"), ("add_on", "Gift wrap", "3.00")]
    )
    report = audit(html, country="GB")
    assert report.document.step == "review"
    seen = observe(report.document, "review")
    assert seen.total == Decimal("45.50") and seen.currency == "GBP"
    assert [(x.kind, x.label, str(x.amount), x.role) for x in seen.lines] == [
        ("goods", "Shirt", "40.00", "price"),
        ("fee", "Service fee", "2.50", "fee"),
        ("add_on", "Gift wrap", "3.00", "choice"),
    ]


def test_lines_outside_the_checkout_price_are_not_kept() -> None:
    lines = [
        {"kind": "goods", "label": "Shirt", "amount": "40.00"},
        {"kind": "tax", "label": "VAT 20 %", "amount": "6.67", "included_in_prices": True},
        {"kind": "duty", "label": "Duty on delivery", "amount": "4.00", "payable": "delivery"},
        {"kind": "surcharge", "label": "Card fee", "amount": "0.50"},
        {"kind": "fee", "label": "Handling", "amount": None},
        {"kind": "discount", "label": "Welcome", "amount": "5.00"},
    ]
    seen = observe(load_document(document("cart", lines, total="35.50")), "cart")
    assert [(x.kind, x.role) for x in seen.lines] == [("goods", "price"), ("discount", "discount")]


def test_deferred_costs_are_remembered_by_kind() -> None:
    notices = [
        {"kind": "deferred", "applies_to": "shipping", "text": "Shipping calculated at checkout"},
        {"kind": "deferred", "applies_to": "fees", "text": "Fees at the next step"},
        {"kind": "on_delivery", "applies_to": "duty", "text": "Duties payable on delivery"},
    ]
    assert view("cart", [SHIRT], notices=notices).deferred == frozenset({"shipping", "fee"})


def test_long_labels_and_many_lines_are_cut_and_the_view_says_so() -> None:
    lines = [("fee", f"Fee {i} " + "x" * 200, "1.00") for i in range(MAX_LINES + 5)]
    seen = view("cart", lines)
    assert len(seen.lines) == MAX_LINES and seen.cut
    assert all(len(x.label) == MAX_LABEL for x in seen.lines)


@pytest.mark.parametrize(
    ("kwargs", "step"),
    [
        ({"path": "/shop/basket"}, "cart"),
        ({"path": "/checkout/delivery/"}, "shipping"),
        ({"path": "/checkout/confirm?x=1"}, "review"),
        ({"path": "/checkout/payment"}, "payment"),
        ({"path": "/checkout"}, None),
        ({"path": "/checkout", "declared": "review"}, "review"),
        ({"path": "/checkout/review", "declared": "nonsense"}, "review"),
        ({"path": "/checkout/2", "routes": {"/checkout/2": "shipping"}}, "shipping"),
        ({"path": "/c/9", "route_name": "checkout_pay", "routes": {"checkout_pay": "payment"}}, "payment"),
        ({"path": "/basket", "declared": "review", "routes": {"/basket": "cart"}}, "cart"),
        ({"path": "/upsell", "order": ("cart", "upsell", "review")}, "upsell"),
    ],
)
def test_steps_come_from_routes_then_the_page_then_the_url(kwargs: dict[str, object], step: str | None) -> None:
    assert recognise_step(**kwargs) == step  # type: ignore[arg-type]


def test_a_view_survives_its_stored_form() -> None:
    notices = [{"kind": "deferred", "applies_to": "shipping", "text": "later"}]
    original = view("review", [SHIRT, FEE, ("discount", "Welcome", "1.00")], notices=notices)
    assert decode(encode(original)) == original


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
labels = st.text(max_size=MAX_LABEL)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["goods", "fee", "tax"]), labels, amounts, st.sampled_from(["price", "fee", "choice"])
        ),
        max_size=8,
    ),
    st.one_of(st.none(), amounts),
)
def test_any_view_round_trips(rows: list[tuple[str, str, Decimal, str]], total: Decimal | None) -> None:
    original = StepView("cart", "EUR", total, tuple(SeenLine(*row) for row in rows))
    assert decode(encode(original)) == original


@pytest.mark.parametrize(
    ("blob", "field"),
    [
        (b"not json", ""),
        (b'{"v":2,"s":"cart"}', "v"),
        (b'{"v":1,"s":"cart","l":[["fee","x","1e999999999","f"]]}', "l[0]"),
        (b'{"v":1,"s":"cart","l":[["fee","x","NaN","f"]]}', "l[0]"),
        (b'{"v":1,"s":"cart","l":[["fee","x","1.00","z"]]}', "l[0]"),
        (b'{"v":1,"s":"cart","t":1.5}', "t"),
        (b'{"v":1,"s":7}', "s"),
    ],
)
def test_stored_bytes_that_encode_did_not_make_are_refused_by_field(blob: bytes, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode(blob)
    assert caught.value.path == field


def test_a_journey_leaves_out_unreadable_views_and_counts_them() -> None:
    good = encode(view("cart", [SHIRT]))
    journey = journey_of([good, b"{}", good])
    assert len(journey.views) == 2 and journey.unreadable == 1
