"""Each control node is placed on the bytes of its own start tag, so fix mode edits exactly those bytes,
on messy pages too: ``>`` inside quoted attributes, comments and scripts holding ``<input``, a select the
tree builder drops, tags in other cases."""

from __future__ import annotations

import pytest

from audit.dom.reading import controls
from checkoutguard.audit import Mode, audit

_BOX = b'<input data-x="a>b" type=checkbox name="newsletter" checked>'
_MESSY = (
    b"<!-- <input type=checkbox name=newsletter checked> -->"
    b'<script>var t = \'<input type="checkbox" name="newsletter" checked>\';</script>'
    b"<div title='<input type=checkbox checked>'>"
    b"<label>" + _BOX + b" Send me offers</label></div>"
    b"<textarea><input type=checkbox name=newsletter checked></textarea>"
)


def test_the_node_span_is_its_start_tag() -> None:
    (control,) = controls(_MESSY)
    assert _MESSY[control.token.start : control.token.end] == _BOX


@pytest.mark.parametrize(
    ("page", "tag"),
    [
        (b"<select name=a><select name=b><option>x</select><input type=checkbox id=k>", b"<input type=checkbox id=k>"),
        (b"<INPUT TYPE=CHECKBOX NAME=Up>", b"<INPUT TYPE=CHECKBOX NAME=Up>"),
        (b"<input type=checkbox name=a><input type=checkbox name=a value=2>", b"<input type=checkbox name=a>"),
    ],
)
def test_spans_follow_document_order(page: bytes, tag: bytes) -> None:
    spans = [page[c.token.start : c.token.end] for c in controls(page)]
    assert tag in spans
    assert spans == sorted(spans, key=page.index)


def test_fix_mode_removes_only_the_checked_attribute_of_the_real_control() -> None:
    report = audit(_MESSY, country="DE", mode=Mode.FIX)
    assert [f.id for f in report.violations] == ["consent-preticked"]
    expected = _MESSY.replace(_BOX, b'<input data-x="a>b" type=checkbox name="newsletter">')
    assert report.fixed_body == expected


def test_fix_mode_moves_selected_in_a_select_after_a_dropped_select() -> None:
    page = (
        "<select name=x><select name=y></select>"
        "<label for=i>Versandversicherung (+2,50 €)</label><select id=i name=i>"
        "<option value=0>Nein</option><option value=1 selected>Ja</option></select>"
    ).encode()
    report = audit(page, country="DE", mode=Mode.FIX)
    assert [f.id for f in report.violations] == ["addon-preselected"]
    expected = page.replace(b"<option value=0>", b"<option value=0 selected>").replace(
        b"<option value=1 selected>", b"<option value=1>"
    )
    assert report.fixed_body == expected
