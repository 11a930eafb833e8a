"""Fixtures for the transparency audit: storefront pages padded to real size, with violations planted.

Each page in ``pages/`` is the checkout markup of one storefront family (WooCommerce, Shopware,
PrestaShop, Magento, Shopify, a React/Radix storefront, hand-written themes) in one of nine languages,
with ``<!--cg:pad-...-->`` slots. ``build_page`` fills the slots with the bulk real pages carry (inline
CSS and JS, JSON state, SVG icons, navigation, recommendation grids, a footer with its own newsletter
form) until the page is about 100 KB, and adds the traps a naive scanner falls into: a pre-ticked
checkbox inside a JavaScript string, in an HTML comment, in a ``<template>`` and in ``<noscript>``.
``pages/manifest.json`` lists, per page, the buyer country and the *plants*: text replacements that
turn the clean page into one with exactly one violation.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGES = Path(__file__).parent / "pages"
MANIFEST: dict[str, Any] = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))
TARGET_BYTES = 100_000


def _css(rnd: random.Random, rules: int) -> str:
    props = ["margin", "padding", "color", "background", "border", "font-size", "line-height", "display", "gap"]
    out = []
    for i in range(rules):
        body = ";".join(f"{rnd.choice(props)}:{rnd.randint(0, 40)}px" for _ in range(5))
        out.append(f".c-{rnd.randrange(16**6):06x} .el-{i}>span,.m-{i}:hover{{{body}}}")
    # CSS that mentions what a scanner looks for: never markup.
    out.append('.checkout-total::after{content:"<input type=checkbox checked>"}')
    return "\n".join(out)


def _js(rnd: random.Random, statements: int) -> str:
    out = [
        'window.__tpl={addon:\'<label><input type="checkbox" checked name="addon_{{id}}"> {{label}}</label>\'};',
        "var total=0;for(var i=0;i<3;i++){if(i<2&&total>=0){total+=i}};document.querySelectorAll('input');",
        "/* </div> <input type=checkbox checked name=newsletter> */",
        "var s='</scr'+'ipt>';var summary={totals:{grand:'12.00'}};",
    ]
    for i in range(statements):
        out.append(
            f"function f{i}(a,b){{var x{i}=a*{rnd.randint(1, 99)}+b;if(x{i}>{rnd.randint(1, 999)}&&a<b)"
            f"{{window.dl&&window.dl.push({{e:'ev{i}',v:x{i}}})}}return x{i}<'{rnd.randrange(16**8):08x}'}}"
        )
    return ";\n".join(out)


def _svg(rnd: random.Random) -> str:
    points = " ".join(f"{rnd.randint(0, 24)},{rnd.randint(0, 24)}" for _ in range(10))
    return f'<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M{points}Z" fill="currentColor"/></svg>'


def _nav(rnd: random.Random, items: int) -> str:
    links = "".join(
        f'<li class="menu-item menu-item-{k}"><a href="/c/{k}">{_svg(rnd) if k % 7 == 0 else ""}Category {k}</a>'
        for k in range(items)
    )  # no </li>: browsers close them, and real themes forget them
    return f'<nav class="main-navigation" aria-label="Main"><ul class="menu">{links}</ul></nav>'


def _recos(rnd: random.Random, cards: int) -> str:
    out = []
    for k in range(cards):
        price = rnd.randint(500, 9000) / 100
        out.append(
            f'<article class="product-card" data-id="{k}"><a href="/p/{5000 + k}"><img src="/img/{5000 + k}.webp" '
            f'alt="" width="160" height="160" loading="lazy"><h3 class="card__title">Item {k}</h3></a>'
            f'<p class="price"><span class="money">{price:.2f}&nbsp;&euro;</span></p>'
            + "".join(
                f'<button type="button" class="swatch swatch--{c}" aria-label="{c}"></button>' for c in ("red", "blue")
            )
            + f'<button type="button" class="btn" data-add="{5000 + k}">+</button></article>'
        )
    return '<section class="recommendations"><div class="grid">' + "".join(out) + "</div></section>"


def _traps() -> str:
    return (
        "<!-- old opt-in, kept for reference: "
        '<input type="checkbox" name="newsletter_old" checked> Send me offers -->\n'
        '<template id="tpl-upsell"><label><input type="checkbox" name="warranty_tpl" checked> '
        "Extended warranty +€9.99</label></template>\n"
        '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-XXXX" height="0" width="0"></iframe>'
        '<input type="checkbox" name="noscript_optin" checked></noscript>\n'
    )


def _footer(rnd: random.Random, links: int, newsletter: str) -> str:
    items = "".join(f'<li><a href="/info/{k}" rel="nofollow">Footer link {k}</a></li>' for k in range(links))
    return f'<footer class="site-footer"><ul class="footer-links">{items}</ul>{newsletter}<p>&copy; 2026</p></footer>'


def build_page(name: str, plant: str | None = None, *, target: int = TARGET_BYTES) -> bytes:
    """The page ``name`` padded to about ``target`` bytes, with ``plant`` applied (or clean)."""
    entry = MANIFEST["pages"][name]
    template = (PAGES / entry["file"]).read_text(encoding="utf-8")
    if plant is not None:
        for old, new in entry["plants"][plant]["replace"]:
            assert old in template, f"{name}/{plant}: {old!r} not in the page"
            template = template.replace(old, new, 1)
    rnd = random.Random(name)
    newsletter = entry.get("footer_newsletter", "")
    if plant is not None:
        newsletter = entry["plants"][plant].get("footer_newsletter", newsletter)
    scale = 1.0
    page = template
    for _ in range(12):
        rnd.seed(name)
        head = (
            f"<style>{_css(rnd, int(120 * scale))}</style>\n"
            f'<script type="application/ld+json">{json.dumps({"@type": "WebPage", "name": "Checkout"})}</script>\n'
        )
        nav = _nav(rnd, int(50 * scale))
        body = _recos(rnd, int(14 * scale)) + _traps()
        foot = _footer(rnd, int(60 * scale), newsletter) + f"\n<script>{_js(rnd, int(110 * scale))}</script>\n"
        state = {"cart": {"currency": entry.get("currency", "EUR"), "total": "0.00"}, "flags": {"a": True}}
        foot += f'<script id="__STATE__" type="application/json">{json.dumps(state)}</script>'
        page = (
            template.replace("<!--cg:pad-head-->", head)
            .replace("<!--cg:pad-nav-->", nav)
            .replace("<!--cg:pad-body-->", body)
            .replace("<!--cg:pad-foot-->", foot)
        )
        size = len(page.encode(entry.get("encoding", "utf-8")))
        if target == 0 or abs(size - target) / target < 0.03:
            break
        scale *= max(0.1, (target - len(template)) / max(1, size - len(template)))
    return page.encode(entry.get("encoding", "utf-8"))


@pytest.fixture(scope="session")
def page_builder() -> Callable[..., bytes]:
    return build_page


def page_names() -> list[str]:
    return sorted(MANIFEST["pages"])


def plant_cases() -> list[tuple[str, str]]:
    return [(name, plant) for name in page_names() for plant in sorted(MANIFEST["pages"][name]["plants"])]
