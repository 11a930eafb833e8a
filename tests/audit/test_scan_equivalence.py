"""The fast scan finds exactly what the full scan finds: on every fixture and on generated pages.

``scan_fast`` looks only where an event can be and proves each candidate is in data state; when it cannot
prove it, it hands the page to ``scan_full``. These tests hold both paths to the same events, the same
skipped regions and the same extracted document. The generated pages are built to break a naive
scanner: markup inside attribute values, comments and scripts, stray quotes, unclosed tags and comments,
templates, upper-case tags, needles split across tags.

The fast scan memoizes the markup between two skipped regions (a *chunk*) on its bytes. Memos persist from
one page to the next, so every test here also runs against memos other pages filled; the chunk tests put
the same chunk into different pages on purpose, and compare cold (memos cleared) and warm scans.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checkoutguard.audit import memo
from checkoutguard.audit.html.extract import extract_html
from checkoutguard.audit.html.scan import scan_fast, scan_full

MANIFEST: dict[str, Any] = json.loads((Path(__file__).parent / "pages" / "manifest.json").read_text("utf-8"))
PLANTS = [(p, None) for p in sorted(MANIFEST["pages"])] + [
    (p, plant) for p in sorted(MANIFEST["pages"]) for plant in sorted(MANIFEST["pages"][p]["plants"])
]


def _same(raw: bytes) -> str:
    lo = raw.lower()
    fast, full = scan_fast(lo), scan_full(lo)
    assert fast.events == full.events
    assert fast.skips == full.skips
    left = extract_html(raw, path="fast").document.to_dict()
    right = extract_html(raw, path="full").document.to_dict()
    assert left == right
    return fast.path


@pytest.mark.parametrize(("page", "plant"), PLANTS)
def test_fixtures(page: str, plant: str | None, page_builder: Callable[..., bytes]) -> None:
    assert _same(page_builder(page, plant)) == "fast"


# ---------------------------------------------------------------------------------------------- generator
_WORDS = ["Total", "Subtotal", "Summe", "newsletter", "offers", "Versand", "4,90 €", "€12.00", "terms", "x", ""]
_NAMES = ["div", "span", "p", "li", "td", "tr", "section", "label", "form", "input", "select", "option", "b", "DIV"]
_VALUES = [
    "checkbox",
    "radio",
    "total",
    "a > b",
    "<input checked>",
    "x' y",
    'say "hi"',
    "=",
    "order-total",
    "data-checkoutguard-line",
    "",
    "</form>",
    "<!--",
    "</script>",
]
_ATTR_NAMES = ["class", "id", "type", "name", "checked", "for", "aria-checked", "role", "data-checkoutguard-line", "x"]


@st.composite
def _attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_ATTR_NAMES))
    value = draw(st.sampled_from(_VALUES))
    style = draw(st.integers(0, 4))
    if style == 0:
        return f" {name}"
    if style == 1:
        return f' {name}="{value.replace(chr(34), "")}"'
    if style == 2:
        return f" {name}='{value.replace(chr(39), '')}'"
    if style == 3:
        return f" {name}={value.split()[0] if value.split() else 'v'}"
    return f' {name}  =  "{value.replace(chr(34), "")}"/'  # spaces around =, a slash: still one attribute


@st.composite
def _fragment(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 13 if depth < 3 else 4))
    if kind == 0:
        return draw(st.sampled_from(_WORDS))
    if kind == 1:
        attrs = "".join(draw(st.lists(_attribute(), max_size=4)))
        return f"<input{attrs}>"
    if kind == 2:
        return "<!-- " + draw(st.sampled_from(_WORDS)) + ' <input type="checkbox" checked> -->'
    if kind == 3:
        return "<script>var t='<input type=\"checkbox\" checked>'; if (a<b) {}</script>"
    if kind == 4:
        return draw(st.sampled_from(["<", " < ", "a<b", "</", "<!", "<?x?>", "<!doctype html>", "</>", "&lt;"]))
    name = draw(st.sampled_from(_NAMES))
    attrs = "".join(draw(st.lists(_attribute(), max_size=3)))
    inner = "".join(draw(st.lists(_fragment(depth=depth + 1), max_size=4)))
    close = draw(st.sampled_from([f"</{name}>", "", f"</{name.upper()}>", "</span>"]))
    if kind == 5:
        return f"<template>{inner}</template>"
    if kind == 6:
        return f"<style>.a{{content:'{inner[:40]}'}}</style>"
    if kind == 7:
        return f'<textarea placeholder="<input checked>">{inner}</textarea>'
    if kind == 8:
        return f"<{name}{attrs}>{inner}"  # never closed
    if kind == 9:
        return f'<{name} title="{draw(st.sampled_from(_VALUES))}"{attrs}>{inner}{close}'
    if kind == 10:
        return f"<noscript>{inner}</noscript>"
    if kind == 11:
        return f"<{name}{attrs}>{inner}<!--"  # a comment that never ends
    return f"<{name}{attrs}>{inner}{close}"


_PAGES = st.lists(_fragment(), max_size=14).map(lambda parts: "<!DOCTYPE html><html><body>" + "".join(parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PAGES)
def test_generated_pages(html: str) -> None:
    _same(html.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes(raw: bytes) -> None:
    _same(raw)


@pytest.mark.parametrize(
    "html",
    [
        '<div title="a > <input type=checkbox checked>"><input type="radio" checked></div>',
        "<div title='x' <input type=checkbox checked>",
        '<p data-x="<b>"><input type="checkbox" checked name="n"></p>',
        '<a href="/search?q=">x</a><input type="checkbox" checked name="newsletter">',
        "<!-- <input type=checkbox checked> --><input type=checkbox name=b>",
        "<script>'<input type=checkbox checked>'</script><label class=total>Total 4,00 €</label>",
        "<template><input type=checkbox checked><template></template></template><input type=radio>",
        "<INPUT TYPE=CHECKBOX CHECKED NAME=N><LABEL FOR=N>Newsletter</LABEL>",
        '<div class="a""><input type=checkbox checked>',  # a stray quote after a value
        "<p>To<b>tal</b> 4,00 €</p><input type=checkbox",  # a needle split by a tag; a tag cut off at EOF
        # A bogus comment that runs over a comment opener: the markup before "<!--" is no chunk of its own.
        '<!DOCTYPE html><html><body><!Total<!-- Total <input type="checkbox" checked> -->Total',
        # Needles hidden inside other needles and tag names.
        "<p>totaria-checkedata-checkoutguard</p><inputota type=checkbox><noframesum>Total</noframesum>",
        "<script>a</script><p class=total>x</p><style>p{}</style><p data-checkoutguard-line=total>1 €</p>",
    ],
)
def test_adversarial_cases(html: str) -> None:
    _same(html.encode())


def test_fast_path_takes_the_fast_route_on_ordinary_markup() -> None:
    html = '<form><p class="row"><input type="checkbox" id="n"><label for="n">Newsletter</label></p></form>'
    assert scan_fast(html.encode()).path == "fast"


def test_fast_path_hands_over_when_a_value_may_hide_markup() -> None:
    html = '<div title="a > b" data-x="<input type=checkbox checked>"></div>'
    result = scan_fast(html.encode())
    assert result.path == "full"
    assert result.fallback
    assert result.events == scan_full(html.encode()).events


# ------------------------------------------------------------------------------------------ chunk memos
# What a chunk may end with: things that run on into the next bytes.
_DANGLING = ["", "<!Total ", "</ sum", "<?x Total", '<input title="', "<p class=total", "<!doctype Total"]
_SKIPS = ["<!-- c -->", "<script>var a = '<input checked>';</script>", "<style>p{}</style>", "<noscript>n</noscript>"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_fragment(), max_size=6).map("".join),
    st.lists(_fragment(), max_size=6).map("".join),
    st.lists(_fragment(), min_size=1, max_size=8).map("".join),
    st.sampled_from(_DANGLING),
    st.sampled_from(_SKIPS),
    st.sampled_from(_SKIPS),
    st.lists(_fragment(), max_size=4).map("".join),
)
def test_a_chunk_reused_in_another_page(
    first: str, second: str, body: str, dangling: str, before: str, after: str, tail: str
) -> None:
    """The same chunk after different markup and before different skipped regions: the memo filled by
    one page must give, in the other, what the full scan gives. Chunks may end in something that runs on
    into what follows them (a bogus comment, a tag cut off)."""
    head = "<!DOCTYPE html><html><body>"
    chunk = body + dangling
    for page in (head + first + before + chunk + after + tail, head + second + after + chunk + before):
        raw = page.encode()
        fast, full = scan_fast(raw.lower()), scan_full(raw.lower())
        assert (fast.events, fast.skips) == (full.events, full.skips)


@pytest.mark.parametrize(("page", "plant"), PLANTS[:: max(1, len(PLANTS) // 8)])
def test_cold_and_warm_scans_agree(page: str, plant: str | None, page_builder: Callable[..., bytes]) -> None:
    lo = page_builder(page, plant).lower()
    memo.clear()
    cold = scan_fast(lo)
    warm = scan_fast(lo)
    assert memo.info()["scan.chunk_at"].hits > 0, "the second scan of a page reads its chunks from the memo"
    assert cold == warm
    assert (warm.events, warm.skips) == (scan_full(lo).events, scan_full(lo).skips)


def test_a_changed_chunk_is_read_again(page_builder: Callable[..., bytes]) -> None:
    """A request that differs from the last one only in the cart: the changed chunk misses the memo and
    is walked, the others hit, and the events are those of the page as it is now."""
    raw = page_builder("woocommerce_de")
    scan_fast(raw.lower())
    changed = raw.replace(
        b'<tr class="order-total">', b'<tr class="fee"><td>Fee 2,50 \xe2\x82\xac</td></tr><tr class="order-total">'
    )
    assert changed != raw
    lo = changed.lower()
    assert scan_fast(lo).events == scan_full(lo).events
