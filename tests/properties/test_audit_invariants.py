"""Audit invariants on checkouts the QA kit generates: clean ones pass, each planted violation is found at
its node (as a document and as a page), fix mode undoes pre-ticked boxes and changes nothing else, and the
extractor never raises, whatever the bytes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, strategies as st

from checkoutguard.audit import RULES, Mode, audit, extract_html
from checkoutguard.testing.pages import render_page
from checkoutguard.testing.strategies import PLANTED, UNPLANTABLE, checkout_documents, checkout_pages
from properties.profile import QA, budget


def _audit(source: Any, doc: dict[str, Any], **options: Any) -> Any:
    buyer = doc["buyer"]
    return audit(source, country=buyer["country"], subdivision=buyer.get("subdivision"), **options)


@QA
@given(checkout_documents())
def test_a_clean_checkout_has_no_violation_as_a_document_or_as_a_page(doc: dict[str, Any]) -> None:
    assert _audit(doc, doc).violations == ()
    page = _audit(render_page(doc), doc)
    assert page.violations == () and page.errors == ()


@pytest.mark.parametrize("rule", [rule for rule in RULES if rule not in UNPLANTABLE])
@given(data=st.data())
@budget(3)
def test_a_planted_violation_is_found_at_its_node_and_nothing_else_is(rule: str, data: st.DataObject) -> None:
    doc = data.draw(checkout_documents(violation=rule), label="document")
    report = _audit(doc, doc)
    assert [f.id for f in report.violations] == [rule]
    targets = [n.node.target for n in report.violations[0].nodes if n.node]
    assert any(f"(id {PLANTED})" in t for t in targets), targets
    if rule == "duties-undisclosed":
        return  # a page cannot carry the landed-cost quote
    page = _audit(render_page(doc), doc)
    assert [f.id for f in page.violations] == [rule]
    snippets = [n.node.html for n in page.violations[0].nodes if n.node]
    assert any(f'id="{PLANTED}"' in s for s in snippets), snippets


@pytest.mark.parametrize("rule", ["consent-preticked", "addon-preselected"])
@given(data=st.data())
@budget(2)
def test_fix_mode_unticks_the_planted_box_and_leaves_every_other_byte_alone(rule: str, data: st.DataObject) -> None:
    doc = data.draw(checkout_documents(violation=rule), label="document")
    planted = next(p for p in (*doc["consents"], *doc["add_ons"]) if p.get("id") == PLANTED)
    assume(not planted.get("opt_out"))  # opt-out wording cannot be fixed by an attribute (reported fixed: false)
    page = render_page(doc).encode()
    fixed = _audit(page, doc, mode=Mode.FIX).fixed_body
    assert fixed is not None
    again = _audit(fixed, doc)
    assert rule not in {f.id for f in again.violations}
    at = page.index(f'id="{PLANTED}"'.encode())
    start, end = page.rindex(b"<", 0, at), page.index(b">", at) + 1  # the planted element's tag
    tail = len(page) - end
    assert fixed[:start] == page[:start] and fixed[len(fixed) - tail :] == page[end:]  # every other byte
    tag, new_tag = page[start:end], fixed[start : len(fixed) - tail]
    assert b" checked" in tag and new_tag == tag.replace(b" checked", b"", 1), (tag, new_tag)


@QA
@given(st.binary(max_size=4_000))
def test_the_extractor_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    extract_html(raw)
    extract_html(raw, path="full")
    assert audit(raw, country="DE", content_type="text/html").errors == ()


@QA
@given(checkout_pages("FR", violation="consent-preticked"), st.data())
def test_the_extractor_never_raises_on_a_page_cut_or_spliced_anywhere(page: str, data: st.DataObject) -> None:
    raw = page.encode()
    cut = data.draw(st.integers(0, len(raw)), label="cut")
    junk = data.draw(
        st.sampled_from([b"", b"<", b'"', b"<!--", b"<script>", b"\xff\xfe", b"<input checked"]), label="junk"
    )
    spliced = raw[:cut] + junk + raw[cut:]
    for variant in (raw[:cut], spliced):
        extract_html(variant)
        assert audit(variant, country="FR", content_type="text/html").errors == ()
