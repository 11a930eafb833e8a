"""US state junk-fee laws by state and day, and the UK's DMCCA drip-pricing citations by day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checkoutguard.audit import audit
from checkoutguard.audit.rules.base import catalog


def _document(fee_step: str = "review", *, fee_kind: str = "fee", in_total: bool | None = None) -> dict[str, Any]:
    """A $40 item first priced on its product page and a $4.50 mandatory fee first shown at ``fee_step``."""
    fee: dict[str, Any] = {"kind": fee_kind, "label": "Service fee", "amount": "4.50", "first_step": fee_step}
    if in_total is not None:
        fee["included_in_total"] = in_total
    return {
        "version": 1,
        "currency": "USD",
        "step": "review",
        "lines": [{"kind": "goods", "label": "Concert poster", "amount": "40.00", "first_step": "product"}, fee],
        "total": {"amount": "44.50" if in_total is not False else "40.00", "first_step": "product"},
    }


def _findings(report: Any, rule: str = "junk-fees") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for outcome in ("violations", "passes", "incomplete"):
        for finding in getattr(report, outcome):
            if finding.id == rule:
                found[outcome] = [node.message for node in finding.nodes]
    return found


def test_minnesota_buyer_the_day_before_and_the_day_the_law_took_effect() -> None:
    before = audit(_document(), country="US", subdivision="US-MN", on=date(2024, 12, 31))
    assert "junk-fees" in before.inapplicable
    after = audit(_document(), country="US", subdivision="US-MN", on=date(2025, 1, 1))
    (finding,) = [f for f in after.violations if f.id == "junk-fees"]
    assert "'Service fee' (4.50 USD) first appears at the review step" in finding.nodes[0].message
    assert [c.law for c in finding.citations] == ["Minnesota Statutes § 325D.44 (as amended by HF 3438, 2024)"]
    assert "us-mn" in finding.tags


def test_minnesota_lets_an_avoidable_card_surcharge_stay_out_of_the_price() -> None:
    report = audit(_document(fee_kind="surcharge"), country="US", subdivision="US-MN", on=date(2025, 6, 1))
    assert _findings(report) == {}


def test_californian_buyer_with_a_mandatory_service_fee_outside_the_headline_price() -> None:
    """California is judged by total-incomplete and drip-pricing (counting fees only), from SB 478's day."""
    report = audit(_document(in_total=False), country="US", subdivision="US-CA", on=date(2024, 7, 1))
    (finding,) = [f for f in report.violations if f.id == "total-incomplete"]
    assert finding.nodes[0].message == (
        "The mandatory fee 'Service fee' (4.50 USD) is shown beside the total but not counted in it."
    )
    assert [(c.article, c.effective_from) for c in finding.citations] == [("§ 1770(a)(29)", date(2024, 7, 1))]
    assert "drip-pricing" in [f.id for f in report.violations]
    assert "junk-fees" in report.inapplicable  # one law, judged once
    before = audit(_document(in_total=False), country="US", subdivision="US-CA", on=date(2024, 6, 30))
    assert before.violations == ()
    assert {"total-incomplete", "drip-pricing"} <= set(before.inapplicable)


def test_fee_left_out_of_the_total_by_the_arithmetic() -> None:
    document = _document(fee_step="product")
    document["total"]["amount"] = "40.00"
    report = audit(document, country="US", subdivision="US-VA", on=date(2025, 7, 1))
    assert _findings(report)["violations"] == [
        "The mandatory fee 'Service fee' (4.50 USD) is left out of the total shown: the lines add up to 4.50 more."
    ]


def test_a_fee_in_the_first_price_passes_and_one_with_no_step_needs_review() -> None:
    clean = audit(_document(fee_step="product"), country="US", subdivision="US-CO", on=date(2026, 1, 1))
    assert list(_findings(clean)) == ["passes"]
    unknown = _document()
    del unknown["lines"][1]["first_step"]
    report = audit(unknown, country="US", subdivision="US-OR", on=date(2026, 1, 1))
    assert list(_findings(report)) == ["incomplete"]


def test_shipping_counts_only_in_connecticut_and_weighs_less_there() -> None:
    document = _document(fee_kind="shipping")
    elsewhere = audit(document, country="US", subdivision="US-VA", on=date(2026, 7, 1))
    assert _findings(elsewhere) == {}
    connecticut = audit(document, country="US", subdivision="US-CT", on=date(2026, 7, 1))
    (finding,) = [f for f in connecticut.violations if f.id == "junk-fees"]
    assert finding.impact == "moderate"
    assert audit(document, country="US", subdivision="US-CT", on=date(2026, 6, 30)).violations == ()


def test_massachusetts_wants_the_total_before_personal_details() -> None:
    document = _document(fee_step="product")
    document["total"]["first_step"] = "payment"
    late = audit(document, country="US", subdivision="US-MA", on=date(2025, 9, 2))
    assert any("after the buyer's details were asked" in m for m in _findings(late)["violations"])
    early = audit(document, country="US", subdivision="US-MA", on=date(2025, 9, 1))
    assert "junk-fees" in early.inapplicable


@pytest.mark.parametrize("subdivision", [None, "US-NY", "US-TX"])
def test_no_state_law_no_junk_fee_rule_and_the_ftc_rule_is_not_applied_to_shops(subdivision: str | None) -> None:
    report = audit(_document(in_total=False), country="US", subdivision=subdivision, on=date(2026, 12, 1))
    assert "junk-fees" in report.inapplicable
    assert "only live-event tickets and short-term lodging" in catalog().rules["junk-fees"].help


def test_every_state_law_has_its_day_and_leaves_taxes_out() -> None:
    rule = catalog().rules["junk-fees"]
    days = {c.jurisdictions[0]: c.effective_from for c in rule.citations}
    assert days == {
        "us-mn": date(2025, 1, 1),
        "us-va": date(2025, 7, 1),
        "us-ma": date(2025, 9, 2),
        "us-co": date(2026, 1, 1),
        "us-or": date(2026, 1, 1),
        "us-ct": date(2026, 7, 1),
    }
    assert all("tax" in c.excludes for c in rule.citations)
    assert catalog().tags_for("US", "US-MN") == {"us-mn"}


def _booking_fee() -> dict[str, Any]:
    return {
        "version": 1,
        "currency": "GBP",
        "lines": [
            {"kind": "goods", "label": "Theatre ticket", "amount": "45.00", "first_step": "product"},
            {"kind": "fee", "label": "Booking fee", "amount": "3.50", "first_step": "payment"},
        ],
        "total": {"amount": "48.50", "first_step": "payment"},
    }


def test_uk_drip_priced_booking_fee_cites_the_law_in_force_on_the_day() -> None:
    def laws(day: date) -> list[str]:
        report = audit(_booking_fee(), country="GB", on=day)
        (finding,) = [f for f in report.violations if f.id == "drip-pricing"]
        assert "'Booking fee' first appears at the payment step" in finding.nodes[0].message
        return [c.law for c in finding.citations]

    assert laws(date(2025, 4, 5)) == ["Consumer Protection from Unfair Trading Regulations 2008"]
    assert laws(date(2025, 4, 6)) == [
        "Digital Markets, Competition and Consumers Act 2024",
        "CMA, Unfair commercial practices guidance (CMA207, 4 April 2025)",
    ]
    assert laws(date(2025, 11, 18))[-1] == "CMA Price Transparency Guidance (final, 18 November 2025)"


def test_uk_preselected_extra_cites_the_november_2025_consent_guidance() -> None:
    document = {
        "version": 1,
        "currency": "GBP",
        "add_ons": [{"kind": "insurance", "label": "Delivery protection", "price": "2.99", "selected": True}],
    }
    report = audit(document, country="GB", on=date(2026, 1, 5))
    (finding,) = [f for f in report.violations if f.id == "addon-preselected"]
    assert finding.citations[0].article == "reg. 40"
    assert finding.citations[1].url.startswith("https://www.gov.uk/government/publications/getting-consent")
    before = audit(document, country="GB", on=date(2025, 11, 17))
    assert len(next(f for f in before.violations if f.id == "addon-preselected").citations) == 1
