"""Consent with polarity and channels, judged on real wording (samples.py says where each comes from).

A box that says yes when the buyer does nothing is judged by what it asks and how the marketing arrives:
partners or other brands: a violation; the shop's own e-mail/SMS with a refusal offered at the point of sale:
a check (a possible soft opt-in); post: not a consent violation, and the result says why.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pytest

from audit.language.samples import DP, MC4WC, MC4WP, PS
from checkoutguard.audit import audit
from checkoutguard.audit.report import AuditReport

LOAF_EMAIL = (
    "We'd like to send you weekly emails packed full of our lovely products, clearance goodies and cool stuff to "
    "win. You can unsubscribe at any time. If you DON'T want to receive these emails, please tick this box."
)
LOAF_POST = (
    "We'd like to send you the occasional brochure so you can get a regular fix of our lovely product! You can "
    "unsubscribe at any time. If you DON'T want to receive these brochures, please tick this box."
)
LOAF_BRANDS = (
    "We'd like to introduce you to other brands you might love who will post you the occasional brochure. You "
    "can opt out of this at any time. If you DON'T want to receive these brochures, please tick this box."
)
VERY = (
    "If you click continue below we will be happy to tell you about discounts, money off and new products from "
    "Very by e-mail and text, unless you tell us you DO NOT want to hear about them, by ticking here."
)
BCBG = "Uncheck the box if you prefer not to receive email updates."


def _page(*boxes: tuple[str, str, bool], lang: str = "en") -> str:
    """A checkout form with one checkbox per (name, label, checked)."""
    rows = "".join(
        f'<p><input type="checkbox" id="{name}" name="{name}" value="1"{" checked" if checked else ""}>'
        f'<label for="{name}">{escape(label)}</label></p>'
        for name, label, checked in boxes
    )
    return f'<!doctype html><html lang="{lang}"><body><form method="post">{rows}</form></body></html>'


def _outcomes(report: AuditReport, rule: str = "consent-preticked") -> dict[str, list[Any]]:
    return {
        outcome: [n for f in findings if f.id == rule for n in f.nodes]
        for outcome, findings in (
            ("violation", report.violations),
            ("pass", report.passes),
            ("incomplete", report.incomplete),
        )
    }


@pytest.mark.parametrize("country", ["GB", "IE", "DE"])
def test_loaf_three_opt_out_boxes_are_three_different_findings(country: str) -> None:
    """loaf.com (dataset row): e-mail, brochures, other brands' brochures; every box unticked, every box says
    yes unless ticked."""
    report = audit(
        _page(("email", LOAF_EMAIL, False), ("post", LOAF_POST, False), ("brands", LOAF_BRANDS, False)), country=country
    )
    found = _outcomes(report)
    assert [n.node.target for n in found["violation"]] == ["input#brands"], DP
    [email] = found["incomplete"]
    assert email.node.target == "input#email" and email.impact == "minor"
    assert email.data["basis"] == "soft_opt_in" and email.data["channels"] == ["email"]
    [post] = found["pass"]
    assert post.node.target == "input#post" and post.data["basis"] == "legitimate_interest"
    assert "Recital 47" in post.message
    soft = next(f for f in report.incomplete if f.id == "consent-preticked")
    laws = " ".join(f"{c.law} {c.article}" for c in soft.citations)
    assert ("reg. 22(3)" in laws) == (country == "GB") and ("Art. 13(2)" in laws) == (country != "GB")


def test_very_e_mail_and_text_opt_out_is_a_soft_opt_in_check_and_third_parties_opt_in_pass() -> None:
    third = "If you would like to receive offers from carefully selected 3rd parties, please tick here"
    report = audit(_page(("own", VERY, False), ("third", third, False)), country="GB")
    found = _outcomes(report)
    assert found["violation"] == []
    assert [n.node.target for n in found["incomplete"]] == ["input#own"]
    assert found["incomplete"][0].data["channels"] == ["email", "sms"]
    assert [n.node.target for n in found["pass"]] == ["input#third"]


def test_untick_wording_keeps_ticked_as_yes() -> None:
    """bcbg.com: the box comes ticked and asks to be unticked; unticked, it waits for the buyer."""
    ticked = _outcomes(audit(_page(("news", BCBG, True)), country="FR"))
    assert [n.data["basis"] for n in ticked["incomplete"]] == ["soft_opt_in"]
    assert ticked["violation"] == []
    unticked = _outcomes(audit(_page(("news", BCBG, False)), country="FR"))
    assert unticked["violation"] == unticked["incomplete"] == [] and len(unticked["pass"]) == 1


@pytest.mark.parametrize(
    ("label", "source"),
    [
        ("Subscribe to our newsletter", MC4WC),
        ("Sign me up for the newsletter!", MC4WP),
        ("Sign up for our newsletter", PS),
    ],
)
def test_a_plugin_newsletter_box_ticked_by_default_is_a_violation(label: str, source: str) -> None:
    """MC4WC and MC4WP tick their box by default: consent asked for, and given before the buyer acts."""
    found = _outcomes(audit(_page(("news", label, True)), country="DE"))
    assert [n.node.target for n in found["violation"]] == ["input#news"], source
    unticked = _outcomes(audit(_page(("news", label, False)), country="DE"))
    assert unticked["violation"] == [] and len(unticked["pass"]) == 1


def test_partner_offers_ticked_by_default_are_a_violation() -> None:
    found = _outcomes(audit(_page(("optin", "Receive offers from our partners", True)), country="FR"))
    assert [n.data["channels"] for n in found["violation"]] == [["partners"]], PS


@pytest.mark.parametrize(
    "label",
    [
        "Save my payment information for next time",
        "Create an account?",
        "Remember me",
        "Billing address same as shipping",
    ],
)
def test_a_ticked_convenience_box_is_not_marketing_consent(label: str) -> None:
    report = audit(_page(("box", label, True)), country="DE")
    assert [f.id for f in report.violations] == []
    assert [c.purpose for c in report.document.consents] in ([], ["other"])


def test_a_required_unticked_terms_box_is_fine() -> None:
    page = (
        '<!doctype html><html lang="en"><body><form method="post"><input type="checkbox" id="terms" name="terms" '
        'required><label for="terms">I have read and agree to the website terms and conditions</label></form>'
        "</body></html>"
    )
    report = audit(page, country="DE")
    assert report.violations == ()


@pytest.mark.parametrize(
    ("lang", "label", "expected"),
    [
        ("de", "Ich möchte keine Werbung per Post erhalten", "pass"),
        ("de", "Ich möchte den Newsletter nicht erhalten", "incomplete"),
        ("fr", "Je ne souhaite pas recevoir les offres de nos partenaires", "violation"),
        ("es", "No deseo recibir comunicaciones comerciales por SMS", "incomplete"),
        ("it", "Non desidero ricevere comunicazioni promozionali per posta", "pass"),
        ("nl", "Ik wil geen aanbiedingen van onze partners ontvangen", "violation"),
        ("pl", "Nie chcę otrzymywać newslettera", "incomplete"),
        ("pt", "Não desejo receber ofertas de parceiros", "violation"),
        ("sv", "Jag vill inte få erbjudanden per post", "pass"),
        ("da", "Jeg ønsker ikke at modtage nyhedsbrev", "incomplete"),
        ("cs", "Nechci dostávat obchodní sdělení od partnerů", "violation"),
    ],
)
def test_opt_out_wording_in_every_language(lang: str, label: str, expected: str) -> None:
    """An unticked box worded as a refusal says yes by default, in every language the vocabulary reads."""
    found = _outcomes(audit(_page(("box", label, False), lang=lang), country="DE"))
    assert [outcome for outcome, nodes in found.items() for _ in nodes] == [expected], label


def test_json_documents_are_judged_the_same_way() -> None:
    document = {
        "version": 1,
        "consents": [
            {"id": "a", "purpose": "marketing", "label": LOAF_POST, "checked": False, "opt_out": True},
            {"id": "b", "purpose": "data_sharing", "label": LOAF_BRANDS, "checked": False, "opt_out": True},
            {"id": "c", "purpose": "marketing", "label": LOAF_EMAIL, "checked": False, "opt_out": True},
            {"id": "d", "purpose": "marketing", "label": "Yes, marketing please", "checked": True},
        ],
    }
    found = _outcomes(audit(document, country="GB"))
    assert [n.node.target for n in found["violation"]] == ["$.consents[1] (id b)", "$.consents[3] (id d)"]
    assert [n.node.target for n in found["pass"]] == ["$.consents[0] (id a)"]
    assert [n.node.target for n in found["incomplete"]] == ["$.consents[2] (id c)"]
