"""The library call: inputs of every shape, never an exception on page bytes, bounds, modes, encodings."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checkoutguard.audit import MAX_PAGE_BYTES, Mode, audit
from checkoutguard.errors import InvalidInput, UnknownCountry

ON = date(2026, 11, 23)
PAGE = '<form><input type="checkbox" id="n" checked><label for="n">Newsletter abonnieren</label></form>'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4_000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    report = audit(raw, country="DE", on=ON)
    assert report.errors == () or report.errors[0].startswith("not a checkout document")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000))
def test_arbitrary_text_never_raises(text: str) -> None:
    report = audit(text, country="FR", mode=Mode.FIX, on=ON)
    assert not [e for e in report.errors if "could not be read" in e]


def test_oversized_pages_are_reported_not_read() -> None:
    report = audit(b"<p>" + b"x" * (MAX_PAGE_BYTES + 1), country="DE", on=ON)
    assert report.violations == ()
    assert [f.id for f in report.incomplete] == ["checkout-document"]
    assert "not read" in report.errors[0]


def test_json_bytes_that_are_not_a_checkout_are_reported() -> None:
    report = audit(b'{"products": []}', country="DE", content_type="application/json", on=ON)
    assert [f.id for f in report.incomplete] == ["checkout-document"]
    assert "not a checkout document" in report.errors[0]


def test_json_text_and_mappings_are_read_the_same_way() -> None:
    document = {"version": 1, "consents": [{"purpose": "marketing", "checked": True}]}
    from_mapping = audit(document, country="DE", on=ON)
    from_text = audit(json.dumps(document), country="DE", on=ON)
    assert from_mapping.to_dict() == from_text.to_dict() | {"source": from_mapping.to_dict()["source"]}


def test_a_mapping_that_breaks_the_schema_raises_with_its_path() -> None:
    with pytest.raises(InvalidInput) as error:
        audit({"consents": [{"purpose": "marketing", "checked": "yes"}]}, country="DE")
    assert error.value.path == "$.consents[0].checked"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"country": "XX"}, UnknownCountry),
        ({"country": "US", "subdivision": "US-ZZ"}, UnknownCountry),
        ({"country": "DE", "buyer_type": "robot"}, InvalidInput),
        ({"country": "DE", "mode": "block"}, InvalidInput),
        ({"country": "DE", "fail_on": "huge"}, InvalidInput),
        ({"country": "DE", "landed_cost": {"lines": []}}, InvalidInput),
    ],
)
def test_bad_arguments_raise(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        audit(PAGE, **kwargs)  # type: ignore[arg-type]


def test_country_codes_are_case_insensitive() -> None:
    assert [f.id for f in audit(PAGE, country="de", on=ON).violations] == ["consent-preticked"]


def test_latin1_pages_are_decoded_by_their_meta_charset() -> None:
    html = '<meta charset="iso-8859-1"><input type=checkbox checked id=n><label for=n>Ich möchte den Newsletter</label>'
    report = audit(html.encode("latin-1"), country="DE", on=ON)
    assert report.source["encoding"] == "windows-1252"  # the Encoding Standard's name for it
    assert report.document.consents[0].label == "Ich möchte den Newsletter"


def test_utf16_pages_are_read_but_not_patched() -> None:
    report = audit(PAGE.encode("utf-16"), country="DE", mode=Mode.FIX, on=ON)
    assert [f.id for f in report.violations] == ["consent-preticked"]
    assert report.fixed_body is None
    assert report.source["reencoded_from"].startswith("utf-16")


def test_modes() -> None:
    reported = audit(PAGE, country="DE", on=ON)
    assert reported.mode is Mode.REPORT and not reported.blocked and reported.fixed_body is None
    enforced = audit(PAGE, country="DE", mode="enforce", on=ON)
    assert enforced.blocked and enforced.to_dict()["disposition"] == "enforce"
    fixed = audit(PAGE, country="DE", mode="fix", on=ON)
    assert fixed.fixed_body == PAGE.replace(" checked", "").encode()
    assert fixed.violations[0].nodes[0].fixed is True


def test_report_shape_follows_axe() -> None:
    result = audit(PAGE, country="DE", on=ON).to_dict()
    assert set(result) >= {"testEngine", "violations", "passes", "incomplete", "inapplicable", "buyer", "document"}
    finding = result["violations"][0]
    assert set(finding) == {"id", "impact", "description", "help", "helpUrl", "citation", "citations", "tags", "nodes"}
    assert finding["citation"] == finding["citations"][0]  # DESIGN.md's v1 name, kept next to the full list
    node = finding["nodes"][0]
    assert node["target"] == ["input#n"]
    assert node["html"].startswith("<input")
    assert PAGE.encode()[slice(*node["offset"])] == node["html"].encode()
    assert {"eea", "consent"} <= set(finding["tags"])
    json.dumps(result)  # serialisable as is
