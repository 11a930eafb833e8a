"""``precontract-info``: the trader, a contact channel, the terms, withdrawal and returns, shown or linked.

Pages in six languages carry the footer links real shops use (the link texts below were written by hand
from each language's usual wording, not taken from the vocabulary); one element is dropped at a time. A
page without marks is read from its links, so a missing element asks for a check (``incomplete``); a page
with ``data-checkoutguard-legal`` marks, or a JSON document with ``legal``, is exact and a missing element
is a violation.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checkoutguard.audit import audit

LINKS = {
    "en": ("IE", ["Legal notice", "Contact us", "Terms and conditions", "Right of withdrawal", "Returns & refunds"]),
    "de": ("DE", ["Impressum", "Kontakt", "AGB", "Widerrufsbelehrung", "Rücksendung"]),
    "fr": ("FR", ["Mentions légales", "Contactez-nous", "CGV", "Droit de rétractation", "Retours"]),
    "nl": ("NL", ["Bedrijfsgegevens", "Klantenservice", "Algemene voorwaarden", "Herroepingsrecht", "Retourneren"]),
    "es": ("ES", ["Aviso legal", "Contacto", "Términos y condiciones", "Derecho de desistimiento", "Devoluciones"]),
    "it": ("IT", ["Note legali", "Contatti", "Condizioni di vendita", "Diritto di recesso", "Resi e rimborsi"]),
}  # fmt: skip
ELEMENTS = ["trader", "contact", "terms", "withdrawal", "returns"]


def _page(language: str, links: list[str], *, marks: bool = False) -> bytes:
    items = []
    for index, text in enumerate(links):
        mark = f' data-checkoutguard-legal="{ELEMENTS[index]}"' if marks else ""
        items.append(f'<li><a href="/page/{index}"{mark}>{text}</a></li>')
    return f"""<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>Checkout</title></head>
<body><nav><a href="/">Shop</a> <a href="/cart">Cart</a></nav>
<form method="post" action="/order"><input type="email" name="email"><button type="submit">Order</button></form>
<table><tr><td>Item</td><td>20,00 €</td></tr><tr><td><strong>Total</strong></td><td>20,00 €</td></tr></table>
<footer><ul>{"".join(items)}</ul></footer></body></html>""".encode()


def _finding(report: object, bucket: str) -> list[dict[str, object]]:
    found = [f for f in getattr(report, bucket) if f.id == "precontract-info"]
    return [n.to_dict() for f in found for n in f.nodes]


@pytest.mark.parametrize("language", sorted(LINKS))
def test_all_five_elements_linked_pass_in_each_language(language: str) -> None:
    country, links = LINKS[language]
    report = audit(_page(language, links), country=country)
    assert _finding(report, "violations") == [] and _finding(report, "incomplete") == []
    assert len(_finding(report, "passes")) == 5


@pytest.mark.parametrize("language", sorted(LINKS))
@pytest.mark.parametrize("missing", range(5))
def test_each_missing_element_is_found_in_each_language(language: str, missing: int) -> None:
    country, links = LINKS[language]
    kept = [text if index != missing else "Blog" for index, text in enumerate(links)]
    report = audit(_page(language, kept), country=country)
    (node,) = _finding(report, "incomplete")
    assert node["data"] == {"missing": ELEMENTS[missing]}
    assert "data-checkoutguard-legal" in str(node["failureSummary"])
    assert _finding(report, "violations") == [] and len(_finding(report, "passes")) == 4


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_marked_page_is_exact_and_a_missing_element_is_a_violation(language: str) -> None:
    country, links = LINKS[language]
    clean = audit(_page(language, links, marks=True), country=country)
    assert _finding(clean, "violations") == [] and len(_finding(clean, "passes")) == 5
    marked = _page(language, [*links[:4], "Blog"], marks=True).replace(b' data-checkoutguard-legal="returns"', b"")
    report = audit(marked, country=country)
    (node,) = _finding(report, "violations")
    assert node["data"] == {"missing": "returns"} and node["impact"] == "serious"
    (finding,) = [f for f in report.violations if f.id == "precontract-info"]
    assert finding.citations[0].article == "Art. 6(1) and Art. 8(2)"


def test_marks_override_link_words_and_one_element_may_carry_several_kinds() -> None:
    page = _page("de", ["Impressum"]).replace(
        b'<li><a href="/page/0">Impressum</a></li>',
        b'<li><a href="/rechtliches" data-checkoutguard-legal="trader contact terms withdrawal-exempt returns">'
        b"Rechtliches</a></li>",
    )
    report = audit(page, country="DE")
    assert _finding(report, "violations") == [] and len(_finding(report, "passes")) == 5


def test_mailto_and_tel_links_are_a_contact_channel() -> None:
    _, links = LINKS["en"]
    page = _page("en", links).replace(b'href="/page/1">Contact us', b'href="mailto:help@shop.example">help@shop')
    report = audit(page, country="IE")
    assert _finding(report, "incomplete") == []


def test_a_page_with_no_legal_links_is_inapplicable_and_business_buyers_are_out_of_scope() -> None:
    report = audit(_page("de", ["Blog", "Presse"]), country="DE")
    assert "precontract-info" in report.inapplicable
    business = audit(_page("de", LINKS["de"][1]), country="DE", buyer_type="business")
    assert "precontract-info" in business.inapplicable
    outside = audit(_page("en", LINKS["en"][1][:2]), country="US")
    assert "precontract-info" in outside.inapplicable


def test_words_elsewhere_are_not_links() -> None:
    """Text and script that mention the terms are not a link to them: nothing is read from them."""
    page = _page("en", ["Blog"]).replace(
        b"<footer>", b"<p>See our terms and returns policy.</p><script>var a = 'withdrawal';</script><footer>"
    )
    assert "precontract-info" in audit(page, country="IE").inapplicable


def _document(**legal: str | None) -> dict[str, object]:
    return {
        "version": 1,
        "currency": "EUR",
        "lines": [{"kind": "goods", "label": "Item", "amount": "20.00"}],
        "total": {"amount": "20.00"},
        "legal": legal,
    }


def test_json_document_with_every_element_passes_and_a_missing_one_is_a_violation() -> None:
    full = {"trader": "Muster GmbH, Hauptstr. 1, 10115 Berlin", "contact": "mailto:hilfe@muster.example"}
    full |= {"terms": "/agb", "withdrawal_exempt": "Sealed goods", "returns": "/ruecksendung"}
    clean = audit(_document(**full), country="DE")
    assert _finding(clean, "violations") == [] and len(_finding(clean, "passes")) == 5
    report = audit(_document(**{**full, "withdrawal_exempt": None}), country="DE")
    (node,) = _finding(report, "violations")
    assert node["data"] == {"missing": "withdrawal"} and node["target"] == []
    without = _document()
    del without["legal"]
    assert "precontract-info" in audit(without, country="DE").inapplicable


def test_json_legal_is_checked_against_the_schema() -> None:
    from checkoutguard.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        audit({**_document(), "legal": {"imprint": "x"}}, country="DE")
    assert "legal" in str(caught.value)


PRESTASHOP_FOOTER = """
<div class="col-md-6 links"><div class="row"><div class="col-md-6 wrapper">
  <p class="h3 hidden-sm-down">Notre société</p>
  <ul id="footer_sub_menu_2" class="collapse">
    <li><a id="link-cms-page-1-2" class="cms-page-link" href="https://boutique.example/fr/content/1-livraison"
           title="Nos conditions de livraison">Livraison</a></li>
    <li><a id="link-cms-page-2-2" class="cms-page-link" href="https://boutique.example/fr/content/2-mentions-legales"
           title="Mentions légales">Mentions légales</a></li>
    <li><a id="link-cms-page-3-2" class="cms-page-link" href="https://boutique.example/fr/content/3-conditions-utilisation"
           title="Nos conditions d'utilisation">Conditions d'utilisation</a></li>
    <li><a id="link-cms-page-6-2" class="cms-page-link" href="https://boutique.example/fr/content/6-droit-de-retractation"
           title="Formulaire et conditions">Droit de rétractation</a></li>
    <li><a id="link-cms-page-7-2" class="cms-page-link" href="https://boutique.example/fr/content/7-retours"
           title="Retours et remboursements">Retours</a></li>
    <li><a id="link-static-page-contact-2" class="cms-page-link" href="https://boutique.example/fr/nous-contacter"
           title="Utiliser le formulaire pour nous contacter">Contactez-nous</a></li>
  </ul></div></div></div>
"""


def test_real_prestashop_checkout_with_its_legal_footer_passes_clean(page_builder: Callable[..., bytes]) -> None:
    """Provenance: the checkout is the PrestaShop classic-theme fixture (``pages/prestashop_fr.html``, AFL-3.0);
    the footer is the markup ``PrestaShop/ps_linklist`` ``views/templates/hook/linkblock.tpl`` renders (link ids
    ``link-cms-page-<id>-<block>``, class ``cms-page-link``) for PrestaShop's default CMS pages (Livraison,
    Mentions légales, Conditions d'utilisation) and the contact page, plus two CMS pages a French merchant adds
    (Droit de rétractation, Retours)."""
    raw = page_builder("prestashop_fr")
    before = raw.count(b"</body>")
    assert before == 1
    raw = raw.replace(b"</body>", PRESTASHOP_FOOTER.encode() + b"</body>")
    report = audit(raw, country="FR")
    assert [f.id for f in report.violations] == []
    assert _finding(report, "incomplete") == [] and len(_finding(report, "passes")) == 5
    unchanged = audit(page_builder("prestashop_fr"), country="FR")
    assert [n["data"]["missing"] for n in _finding(unchanged, "incomplete")] == ["trader", "withdrawal", "returns"]
