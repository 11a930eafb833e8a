"""Fuzz target: ``audit()`` on HTML pages, as bytes and as ``str`` (issue #9, deliverable 10).

Three sources of pages: arbitrary bytes; tag soup built from the fragments that broke readers before
(comments and their odd ends, raw-text elements and false end tags, templates, quotes in attribute
values, entities, BOMs, ``<meta charset>`` with labels browsers know and labels they ignore, floods of
labels, controls and summary words past the audit's limits); and ``str`` pages with lone surrogates.
The oracle is ``audit_oracle``: a report, never an exception; ``complete`` exactly when nothing stopped
reading; both scan paths agree. CI runs the ``ci`` profile's examples; ``make fuzz`` runs the ``fuzz``
profile (``FUZZ_EXAMPLES`` per target) and prints the figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, strategies as st

from fuzz.audit_oracle import Stats, check_page, warm

ON = date(2026, 11, 23)
STATS = Stats("audit html")
_COUNTRIES = ["DE", "FR", "GB", "NL", "US", "BR", "IN", "JP"]
_LABELS = ["utf-8", "latin1", "windows-1251", "shift_jis", "gbk", "euc-kr", "iso-2022-jp", "iso-2022-kr", "utf-16le"]
_LABELS += ["x-user-defined", "cp037", "utf-7", "punycode", "rot13", "zlib", "", " UTF-8 ", "koi8-u"]
_FRAGMENTS = [
    "<form>",
    "</form>",
    "<label>",
    "</label>",
    '<input type="checkbox" name="newsletter" checked>',
    '<input type=checkbox checked name="insurance">',
    "<input type='radio' name='pm' value='card' checked>",
    '<select name="donation"><option selected>1 €<option>No thanks</select>',
    '<div role="switch" aria-checked="true">Send me offers</div>',
    "Newsletter",
    "Send me offers",
    "Versandversicherung (+ 2,99 €)",
    "Total 12,99 €",
    "Subtotal",
    "Summe",
    '<div class="order-summary">',
    "</div>",
    "<tr><td>Shipping</td><td>4,90 €</td></tr>",
    "<!--",
    "-->",
    "--!>",
    "<!---->",
    "<!-->",
    "<!-- -->",
    "<script>",
    "</script>",
    "</scripty",
    "<style>",
    "</style>",
    "<template>",
    "</template>",
    "<textarea>",
    "<plaintext>",
    "<noscript>",
    "</noscript>",
    '<p title="<input type=checkbox checked>">',
    "<p a='>' \">",
    "<",
    ">",
    '"',
    "'",
    "=",
    "&amp;",
    "&#99999999999999999999;",
    "&lt;input&gt;",
    "<b>",
    "</",
    "<!DOCTYPE html>",
    "<?xml?>",
    "\x00",
    "\ufeff",
    " ",
    "\n",
]


@st.composite
def _soup(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
    if draw(st.booleans()):
        label = draw(st.sampled_from(_LABELS))
        parts.insert(0, f'<meta charset="{label}">')
    if draw(st.integers(0, 19)) == 0:  # a flood past a limit, now and then
        unit = draw(st.sampled_from(["<label></label>", '<input type="checkbox" name="c">', "<p>consumer</p>"]))
        parts.insert(draw(st.integers(0, len(parts))), unit * draw(st.sampled_from([10, 2_100, 20_001])))
    return "".join(parts)


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    warm()
    yield
    print(f"\n{STATS.line()}")


@given(st.binary(max_size=4_000), st.sampled_from(_COUNTRIES))
def test_any_bytes(raw: bytes, country: str) -> None:
    check_page(STATS, raw, country=country, on=ON)


@given(_soup(), st.sampled_from(["utf-8", "windows-1252", "utf-16"]), st.sampled_from(_COUNTRIES))
def test_tag_soup_as_bytes(page: str, encoding: str, country: str) -> None:
    check_page(STATS, page.encode(encoding, "replace"), country=country, on=ON, mode="fix")


@given(_soup(), st.text(max_size=20), st.sampled_from([None, "text/html; charset=cp037", "text/html; charset=koi8-r"]))
def test_tag_soup_as_str(page: str, noise: str, content_type: str | None) -> None:
    check_page(STATS, noise + page + "\ud800", country="DE", on=ON, content_type=content_type)
