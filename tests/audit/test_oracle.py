"""The shared grammar agrees with real HTML parsers on what matters: which boxes exist and which are ticked.

Two oracles read every fixture: the standard library's ``html.parser`` (always available) and, when it is
installed, Lexbor through selectolax (the HTML5 parser browsers' behaviour is measured against). Both are
asked for the checkbox and radio inputs a buyer can see (not in templates, comments or scripts; not in
``<noscript>``, which a browser with scripting on shows as text) and whether each is checked on load.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.scan import scan_fast

MANIFEST: dict[str, Any] = json.loads((Path(__file__).parent / "pages" / "manifest.json").read_text("utf-8"))
CASES = [(p, None) for p in sorted(MANIFEST["pages"])] + [
    (p, plant) for p in sorted(MANIFEST["pages"]) for plant in sorted(MANIFEST["pages"][p]["plants"])
]
Box = tuple[str, str, bool]


def _ours(raw: bytes) -> set[Box]:
    """Every checkbox and radio input the scan finds, read with the shared attribute grammar (before the
    extractor drops the hidden twins some UI kits render next to an ARIA switch)."""
    lo = raw.lower()
    page = Page(raw, lo, "utf-8", scan_fast(lo))
    found: set[Box] = set()
    for event in page.scan.events:
        if event.kind != "start" or event.name != b"input":
            continue
        attrs = page.attrs(Token("start", event.start, event.end, event.name))
        kind = attrs["type"].value.strip().lower() if "type" in attrs else ""
        if kind in ("checkbox", "radio"):
            value = attrs["value"].value if "value" in attrs else ("on" if kind == "checkbox" else "")
            ident = (
                attrs["id"].value
                if "id" in attrs and attrs["id"].value
                else f"{attrs['name'].value if 'name' in attrs else ''}={value}"
            )
            found.add((kind, ident, "checked" in attrs))
    return found


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[Box] = set()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("template", "noscript"):
            self.hidden += 1
            return
        if tag != "input" or self.hidden:
            return
        values: dict[str, str] = {}
        for key, value in attrs:
            values.setdefault(key, value or "")
        kind = values.get("type", "").strip().lower()
        if kind in ("checkbox", "radio"):
            ident = (
                values.get("id")
                or f"{values.get('name', '')}={values.get('value', 'on' if kind == 'checkbox' else '')}"
            )
            self.found.add((kind, ident, "checked" in values))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("template", "noscript") and self.hidden:
            self.hidden -= 1


def _html_parser(raw: bytes) -> set[Box]:
    parser = _Inputs()
    parser.feed(raw.decode("utf-8"))
    parser.close()
    return parser.found


def _lexbor(raw: bytes) -> set[Box]:
    from selectolax.lexbor import LexborHTMLParser  # a dev dependency: the oracle never skips

    tree = LexborHTMLParser(raw)
    found: set[Box] = set()
    for node in tree.css("input"):
        parent, hidden = node.parent, False
        while parent is not None:
            hidden = hidden or parent.tag in ("template", "noscript")
            parent = parent.parent
        attrs = node.attributes
        kind = (attrs.get("type") or "").strip().lower()
        if hidden or kind not in ("checkbox", "radio"):
            continue
        ident = (
            attrs.get("id") or f"{attrs.get('name') or ''}={attrs.get('value') or ('on' if kind == 'checkbox' else '')}"
        )
        found.add((kind, ident, "checked" in attrs))
    return found


@pytest.mark.parametrize(("page", "plant"), CASES)
def test_html_parser_agrees(page: str, plant: str | None, page_builder: Callable[..., bytes]) -> None:
    raw = page_builder(page, plant)
    assert _ours(raw) == _html_parser(raw)


@pytest.mark.parametrize(("page", "plant"), CASES)
def test_lexbor_agrees(page: str, plant: str | None, page_builder: Callable[..., bytes]) -> None:
    raw = page_builder(page, plant)
    assert _ours(raw) == _lexbor(raw)
