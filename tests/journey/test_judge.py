"""The drip-pricing judgement over journeys built from checkout documents (no server, no store)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from checkoutguard.errors import InvalidInput
from checkoutguard.journey import DRIP, TOTAL, Journey, judge
from journey.builders import FEE, SHIPPING, SHIRT, view

DAY = date(2026, 12, 7)


def ids(findings: tuple[object, ...]) -> list[str]:
    return [f.id for f in findings]  # type: ignore[attr-defined]


def only(findings: tuple[object, ...], rule: str) -> object:
    chosen = [f for f in findings if f.id == rule]  # type: ignore[attr-defined]
    assert len(chosen) == 1, findings
    return chosen[0]


def test_a_fee_first_shown_at_review_is_drip_pricing_with_both_steps_and_the_uk_law() -> None:
    journey = Journey((view("cart", [SHIRT]), view("shipping", [SHIRT]), view("review", [SHIRT, FEE])))
    report = judge(journey, country="GB", on=DAY)
    drip = only(report.violations, DRIP)
    node = drip.nodes[0]  # type: ignore[attr-defined]
    assert node.data["steps"] == ["cart", "review"]
    assert node.data["label"] == "Service fee" and node.data["amount"] == "2.50"
    assert "review step" in node.message and "cart step" in node.message
    laws = [c.law for c in drip.citations]  # type: ignore[attr-defined]
    assert laws[0] == "Digital Markets, Competition and Consumers Act 2024"
    assert "CMA Price Transparency Guidance (final, 18 Nov 2025)" in laws
    assert "uk" in drip.tags  # type: ignore[attr-defined]
    total = only(report.violations, TOTAL)
    data = total.nodes[0].data  # type: ignore[attr-defined]
    assert (data["first_total"], data["total"], data["unexplained"]) == ("40.00", "42.50", "2.50")
    assert data["charges"] == [{"kind": "fee", "label": "Service fee", "amount": "2.50"}]


def test_the_same_fee_shown_from_the_cart_on_passes() -> None:
    journey = Journey((view("cart", [SHIRT, FEE]), view("shipping", [SHIRT, FEE]), view("review", [SHIRT, FEE])))
    report = judge(journey, country="GB", on=DAY)
    assert report.violations == ()
    drip = only(report.passes, DRIP)
    assert drip.nodes[0].data["steps"] == ["cart", "cart"]  # type: ignore[attr-defined]
    assert ids(report.passes) == [DRIP, TOTAL]


def test_a_buyer_chosen_extra_and_more_goods_are_not_flagged() -> None:
    insurance = {"kind": "add_on", "label": "Parcel insurance", "amount": "4.99"}
    express = {"kind": "shipping", "label": "Express delivery", "amount": "9.90", "mandatory": False}
    journey = Journey(
        (
            view("cart", [SHIRT]),
            view("shipping", [SHIRT, ("goods", "Socks", "8.00"), express]),
            view("review", [SHIRT, ("goods", "Socks", "8.00"), express, insurance]),
        )
    )
    report = judge(journey, country="GB", on=DAY)
    assert report.violations == () and report.incomplete == ()
    data = only(report.passes, TOTAL).nodes[0].data  # type: ignore[attr-defined]
    assert (data["rise"], data["buyer_changes"]) == ("22.89", "22.89")


def test_an_extra_the_page_says_the_buyer_did_not_choose_is_the_merchants() -> None:
    donation = {"kind": "add_on", "label": "Charity donation", "amount": "1.00"}
    declined = [
        {"kind": "donation", "label": "Charity donation", "price": "1.00", "selected": True, "chosen_by_buyer": False}
    ]
    journey = Journey((view("cart", [SHIRT]), view("review", [SHIRT, donation], add_ons=declined)))
    report = judge(journey, country="GB", on=DAY)
    assert only(report.violations, TOTAL).nodes[0].data["unexplained"] == "1.00"  # type: ignore[attr-defined]


def test_shipping_dripped_in_the_uk_but_not_after_a_notice_or_in_california() -> None:
    plain = Journey((view("cart", [SHIRT]), view("shipping", [SHIRT, SHIPPING])))
    assert ids(judge(plain, country="GB", on=DAY).violations) == [DRIP, TOTAL]
    later = {"kind": "deferred", "applies_to": "shipping", "text": "Shipping calculated at the next step"}
    told = Journey((view("cart", [SHIRT], notices=[later]), view("shipping", [SHIRT, SHIPPING])))
    assert judge(told, country="GB", on=DAY).violations == ()
    california = Journey((view("cart", [SHIRT], currency="USD"), view("shipping", [SHIRT, SHIPPING], currency="USD")))
    report = judge(california, country="US", subdivision="US-CA", on=DAY)
    assert report.violations == ()
    assert only(report.passes, TOTAL).nodes[0].data["allowed_later"] == "3.90"  # type: ignore[attr-defined]


def test_each_us_state_law_applies_from_its_own_date() -> None:
    journey = Journey((view("cart", [SHIRT], currency="USD"), view("review", [SHIRT, FEE], currency="USD")))
    cases = [
        ("US-CA", date(2024, 6, 30), date(2024, 7, 1), "California Civil Code (SB 478, Honest Pricing Law)"),
        ("US-MN", date(2024, 12, 31), date(2025, 1, 1), "Minnesota Statutes § 325D.44 (as amended)"),
        ("US-VA", date(2025, 6, 30), date(2025, 7, 1), "Code of Virginia § 59.1-607 ff. (Title 59.1, Chapter 58)"),
        ("US-MA", date(2025, 9, 1), date(2025, 9, 2), "940 CMR 38.00 (Massachusetts Attorney General regulation)"),
        ("US-CO", date(2025, 12, 31), date(2026, 1, 1), "Colorado HB25-1090"),
        ("US-OR", date(2025, 12, 31), date(2026, 1, 1), "Oregon SB 430"),
        ("US-CT", date(2026, 6, 30), date(2026, 7, 1), "Connecticut price-disclosure law (signed 10 Jun 2025)"),
    ]
    for state, before, start, law in cases:
        early = judge(journey, country="US", subdivision=state, on=before)
        assert early.violations == () and early.inapplicable == (DRIP, TOTAL), state
        late = judge(journey, country="US", subdivision=state, on=start)
        drip = only(late.violations, DRIP)
        assert [c.law for c in drip.citations] == [law], state  # type: ignore[attr-defined]
        assert state.lower() in drip.tags  # type: ignore[attr-defined]
    texas = judge(journey, country="US", subdivision="US-TX", on=DAY)
    assert texas.violations == () and texas.inapplicable == (DRIP, TOTAL)


def test_uk_law_starts_on_6_april_2025_and_eu_buyers_get_ucpd_and_crd() -> None:
    journey = Journey((view("cart", [SHIRT]), view("review", [SHIRT, FEE])))
    assert judge(journey, country="GB", on=date(2025, 4, 5)).violations == ()
    assert ids(judge(journey, country="GB", on=date(2025, 4, 6)).violations) == [DRIP, TOTAL]
    eu = only(judge(journey, country="DE", on=DAY).violations, DRIP)
    assert [c.article for c in eu.citations][1] == "Art. 6(1)(e)"  # type: ignore[attr-defined]
    assert eu.citations[0].law == "Directive 2005/29/EC (Unfair Commercial Practices Directive)"  # type: ignore[attr-defined]


def test_a_fee_seen_on_the_review_page_before_the_cart_page_is_still_caught() -> None:
    # The buyer opened the review page first; the cart shown afterwards had the price without the fee.
    journey = Journey((view("review", [SHIRT, FEE]), view("cart", [SHIRT])))
    drip = only(judge(journey, country="GB", on=DAY).violations, DRIP)
    assert drip.nodes[0].data["steps"] == ["cart", "review"]  # type: ignore[attr-defined]
    # ...but a journey that starts at review and shows the fee everywhere is fine.
    fine = Journey((view("review", [SHIRT, FEE]), view("cart", [SHIRT, FEE])))
    assert judge(fine, country="GB", on=DAY).violations == ()


def test_a_rise_the_buyer_did_not_cause_without_a_new_line_is_flagged_and_a_drop_is_not() -> None:
    silent = Journey((view("cart", [SHIRT]), view("review", [SHIRT], total="45.00")))
    total = only(judge(silent, country="GB", on=DAY).violations, TOTAL)
    assert total.nodes[0].data["unexplained"] == "5.00"  # type: ignore[attr-defined]
    cheaper = Journey((view("cart", [SHIRT]), view("review", [SHIRT, ("discount", "Welcome", "4.00")])))
    assert judge(cheaper, country="GB", on=DAY).violations == ()


def test_a_rise_with_no_goods_price_shown_needs_a_person() -> None:
    journey = Journey((view("cart", [], total="40.00"), view("review", [], total="42.50")))
    report = judge(journey, country="GB", on=DAY)
    assert ids(report.incomplete) == [TOTAL] and report.violations == ()


def test_pages_in_another_currency_or_at_unknown_steps_are_left_out_and_said() -> None:
    journey = Journey(
        (
            view("cart", [SHIRT], currency="EUR"),
            view("upsell", [SHIRT], steps=["cart", "upsell", "review"]),
            view("review", [SHIRT, FEE]),
        )
    )
    report = judge(journey, country="GB", on=DAY)
    assert report.violations == () and report.steps == ("review",)
    assert any("another currency" in n for n in report.notes)
    assert any("outside" in n for n in report.notes)


def test_a_cut_journey_reports_a_late_fee_on_its_last_page_as_incomplete() -> None:
    views = (view("cart", [SHIRT]), view("review", [SHIRT, FEE]))
    report = judge(Journey(views, cut=True), country="GB", on=DAY)
    assert ids(report.incomplete) == [DRIP]
    assert any("more pages than the store keeps" in n for n in report.notes)


def test_bad_buyer_codes_raise_a_typed_error_naming_the_field() -> None:
    with pytest.raises(InvalidInput):
        judge(Journey(), country="XX")
    assert judge(Journey(), country="GB").violations == ()


def test_the_report_serialises_to_json_types() -> None:
    import json

    journey = Journey((view("cart", [SHIRT]), view("review", [SHIRT, FEE])))
    data = json.loads(json.dumps(judge(journey, country="GB", on=DAY).to_dict()))
    assert data["summary"] == {"violations": 2, "passes": 0, "incomplete": 0}
    assert data["violations"][0]["citation"]["law"] == "Digital Markets, Competition and Consumers Act 2024"
    assert data["steps"] == ["cart", "review"]


_STEPS = ("product", "cart", "shipping", "payment", "review")
_CHARGES = [("fee", "Service fee"), ("fee", "Booking fee"), ("shipping", "Delivery"), ("tax", "Sales tax")]
_views = st.lists(
    st.tuples(
        st.sampled_from(_STEPS),
        st.sets(st.sampled_from(range(len(_CHARGES)))),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


def _journey(pages: list[tuple[str, set[int], bool]], *, all_fees: bool = False) -> Journey:
    everything = set().union(*(charges for _, charges, _ in pages))
    views = []
    for step, charges, priced in pages:
        shown = everything if all_fees else charges
        lines = ([SHIRT] if priced or all_fees else []) + [(*_CHARGES[i], "1.50") for i in sorted(shown)]
        views.append(view(step, lines, total="auto" if priced or all_fees else None))
    return Journey(tuple(views))


@given(_views)
def test_any_journey_is_judged_and_each_drip_violation_names_an_earlier_then_a_later_step(
    pages: list[tuple[str, set[int], bool]],
) -> None:
    report = judge(_journey(pages), country="GB", on=DAY)
    for finding in report.violations + report.passes + report.incomplete:
        if finding.id == DRIP and finding in report.violations:
            for node in finding.nodes:
                first, then = node.data["steps"]
                assert _STEPS.index(first) < _STEPS.index(then)


@given(_views)
def test_a_journey_that_shows_every_charge_on_every_page_has_no_drip(pages: list[tuple[str, set[int], bool]]) -> None:
    report = judge(_journey(pages, all_fees=True), country="GB", on=DAY)
    assert report.violations == ()
