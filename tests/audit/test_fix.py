"""Fix mode: pre-ticked consent and pre-selected extras are undone, and nothing else in the page changes."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.audit import Mode, audit

MANIFEST: dict[str, Any] = json.loads((Path(__file__).parent / "pages" / "manifest.json").read_text("utf-8"))
FIXABLE = ("consent-preticked", "addon-preselected")
CASES = [
    (page, plant)
    for page in sorted(MANIFEST["pages"])
    for plant, entry in sorted(MANIFEST["pages"][page]["plants"].items())
    if entry["rule"] in FIXABLE
]
ON = date(2026, 11, 23)


_ATTR = re.compile(rb"""([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_STATE = {b"checked", b"selected", b"aria-checked", b"data-state"}


def _changed_tags(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The tag-sized chunks (split at "<") that differ between two pages, paired up."""
    left, right = before.split(b"<"), after.split(b"<")
    chunks = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in chunks.get_opcodes():
        if op == "equal":
            continue
        assert op == "replace" and i2 - i1 == j2 - j1, "whole tags were added or removed"
        changes += list(zip(left[i1:i2], right[j1:j2], strict=True))
    return changes


def _without_state(chunk: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    tag, _, rest = chunk.partition(b">")
    name, _, body = tag.partition(b" ")
    attrs = {m.group(1).lower(): m.group(2) or b"" for m in _ATTR.finditer(body)}
    return name + b">" + rest, {k: v for k, v in attrs.items() if k not in _STATE}


@pytest.mark.parametrize(("page", "plant"), CASES)
def test_fix_undoes_the_default_and_changes_nothing_else(
    page: str, plant: str, page_builder: Callable[..., bytes]
) -> None:
    entry = MANIFEST["pages"][page]
    raw = page_builder(page, plant)
    report = audit(raw, country=entry["country"], mode=Mode.FIX, on=ON)
    fixed = report.fixed_body
    if plant == "consent-optout":
        # Opt-out wording cannot be fixed by an attribute: the report says so.
        assert fixed is None
        assert all(node.fixed is False for f in report.violations for node in f.nodes)
        return
    assert fixed is not None
    assert all(node.fixed for f in report.violations for node in f.nodes)
    changes = _changed_tags(raw, fixed)
    assert changes, "something was changed"
    for before, after in changes:
        # Same tag, same text after it, same attributes but for those that set a default state.
        assert _without_state(before) == _without_state(after), (before[:120], after[:120])
    again = audit(fixed, country=entry["country"], on=ON)
    assert not [f for f in again.violations if f.id in FIXABLE]


def test_fix_is_none_when_nothing_needs_fixing(page_builder: Callable[..., bytes]) -> None:
    report = audit(page_builder("woocommerce_de"), country="DE", mode="fix", on=ON)
    assert report.fixed_body is None
    assert report.to_dict()["fixed"] is False


def test_fix_moves_a_preselected_option_to_no_thanks() -> None:
    html = (
        '<label for="d">Donate to charity</label><select id="d" name="donation">'
        '<option value="0">No donation</option><option value="1" selected>€1.00</option></select>'
    )
    report = audit(html, country="DE", mode="fix", on=ON)
    assert [f.id for f in report.violations] == ["addon-preselected"]
    assert report.fixed_body == (
        b'<label for="d">Donate to charity</label><select id="d" name="donation">'
        b'<option value="0" selected>No donation</option><option value="1">\xe2\x82\xac1.00</option></select>'
    )


def test_fix_unticks_an_aria_switch() -> None:
    html = '<button type="button" role="switch" aria-checked="true" data-state="checked">Send me offers</button>'
    report = audit(html, country="GB", mode="fix", on=ON)
    assert report.fixed_body == (
        b'<button type="button" role="switch" aria-checked="false" data-state="unchecked">Send me offers</button>'
    )


def test_json_documents_are_reported_not_patched() -> None:
    report = audit({"consents": [{"purpose": "marketing", "checked": True}]}, country="DE", mode="fix", on=ON)
    assert report.fixed_body is None
    assert [f.id for f in report.violations] == ["consent-preticked"]
