"""The depth bound: never below the true depth, near it on real pages, and a page over ``MAX_DEPTH`` is
not parsed but says so (an ``incomplete`` finding), never hangs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checkoutguard.audit import audit
from checkoutguard.audit.dom.depth import depth_bound
from checkoutguard.audit.html.scan import scan_fast
from checkoutguard.audit.limits import MAX_DEPTH


@pytest.mark.parametrize(
    ("page", "depth"),
    [
        (b"<div>" * 40 + b"</div>" * 40, 40),
        (b"<div></div>" * 40, 1),
        (b"<ul>" + b"<li>item" * 500 + b"</ul>", 1),  # li closes li
        (b"<p>a<p>b<p>c" + b"<br><img src=x><input>" * 300, 0),  # void and sibling-closed elements
        (b"<select>" + b"<option>x" * 300 + b"</select>", 1),
        (b"<svg>" + b'<path d="M0"/><circle r="1"/>' * 300 + b"</svg>", 1),
        (b"<pre><picture><progress>", 3),  # names that start like flat ones
        (b"<template>" * 900 + b"<div>", 1),  # a scope boundary: not counted
    ],
)
def test_bound(page: bytes, depth: int) -> None:
    assert depth_bound(page.lower()) == depth


def test_tags_in_scripts_and_comments_do_not_count() -> None:
    page = b"<div><script>for(i=0;i<n;i++){if(a<b)x()}</script><!-- <div><div> --></div>"
    lo = page.lower()
    assert depth_bound(lo) > 1
    assert depth_bound(lo, scan_fast(lo).skips) == 1


def test_the_project_pages_are_far_below_the_limit(page_builder: Callable[..., bytes]) -> None:
    for name in ("woocommerce_de", "shopware_nl", "shopify_es", "magento_it", "prestashop_fr"):
        lo = page_builder(name).lower()  # padded with inline scripts full of "a<b"
        assert depth_bound(lo, scan_fast(lo).skips) < 64, name


def test_a_page_nested_too_deep_is_incomplete_not_parsed() -> None:
    raw = b"<div>" * (MAX_DEPTH + 1) + b'<label><input type="checkbox" name="newsletter" checked> Offers</label>'
    report = audit(raw, country="DE")
    assert not report.complete
    assert report.source["limits"] == ["depth"]
    (finding,) = [f for f in report.incomplete if f.id == "checkout-document"]
    assert "nests elements up to" in str(finding.to_dict())


def test_a_page_at_the_limit_is_read() -> None:
    raw = b"<div>" * (MAX_DEPTH - 2) + b'<label><input type="checkbox" name="newsletter" checked> Offers</label>'
    report = audit(raw, country="DE")
    assert report.complete
    assert [f.id for f in report.violations] == ["consent-preticked"]
