"""Memos never change an answer: a cold audit (every memo cleared), a warm one (memos filled by the same
page or by other pages) and the full path agree, and a page that changed is read as it is now.

Each memo is keyed on the bytes its function reads; these tests hold that to account from the outside.
The summary's row splitter (a regular-expression split, memoized per region) is also held to the token
walk it stands in for.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import checkoutguard.audit
from checkoutguard.audit import Mode, audit, memo
from checkoutguard.audit.bounded import BoundedMemo
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.scan import scan_fast

summary = importlib.import_module("checkoutguard.audit.html.summary")

MANIFEST: dict[str, Any] = json.loads((Path(__file__).parent / "pages" / "manifest.json").read_text("utf-8"))
CASES = [(p, None) for p in sorted(MANIFEST["pages"])] + [
    (p, plant) for p in sorted(MANIFEST["pages"]) for plant in sorted(MANIFEST["pages"][p]["plants"])
]
ON = date(2026, 11, 23)


def _report(raw: bytes, page: str, plant: str | None, path: str = "fast") -> dict[str, Any]:
    entry = MANIFEST["pages"][page]
    landed = entry["plants"][plant].get("landed_cost") if plant else None
    report = audit(raw, country=entry["country"], landed_cost=landed, on=ON, mode=Mode.FIX, path=path)
    result = report.to_dict()
    result["source"].pop("scan")
    result["fixed_body"] = report.fixed_body
    return result


@pytest.mark.parametrize(("page", "plant"), CASES)
def test_cold_warm_and_full_agree(page: str, plant: str | None, page_builder: Callable[..., bytes]) -> None:
    raw = page_builder(page, plant)
    memo.clear()
    cold = _report(raw, page, plant)
    warm = _report(raw, page, plant)
    assert cold == warm
    assert warm == _report(raw, page, plant, path="full")


def test_memos_fill_and_are_used(page_builder: Callable[..., bytes]) -> None:
    raw = page_builder("woocommerce_de")
    memo.clear()
    _report(raw, "woocommerce_de", None)
    _report(raw, "woocommerce_de", None)
    stats = memo.info()
    # The order summary is read from the DOM; its amounts and row kinds are what repeats between requests.
    for name in ("scan.chunk_at", "amounts.find_amounts", "classify.line", "parts.choice", "lexer.tag_attributes"):
        assert stats[name].hits > 0, name


def _variants(raw: bytes) -> list[bytes]:
    """What changes between two requests of one template: a nonce, the cart, the buyer's own choices."""
    return [
        raw.replace(b"9a1b2c3d4e", b"0f9e8d7c6b"),
        raw.replace(b"39,80&nbsp;", b"79,60&nbsp;").replace(b"64,70&nbsp;", b"104,50&nbsp;"),
        raw.replace(b'value="1">', b'value="1" checked>', 1),
        raw.replace(
            b'<tr class="order-total">',
            b'<tr class="fee"><th>Servicegeb\xc3\xbchr</th><td>2,50 \xe2\x82\xac</td></tr><tr class="order-total">',
        ),
        b"<!-- served by node 7 -->" + raw,  # everything after it moves
    ]


@pytest.mark.parametrize("index", range(5))
def test_a_page_that_changed_is_read_as_it_is(index: int, page_builder: Callable[..., bytes]) -> None:
    raw = page_builder("woocommerce_de")
    variant = _variants(raw)[index]
    assert variant != raw
    _report(raw, "woocommerce_de", None)  # the memos hold the page as it was
    assert _report(variant, "woocommerce_de", None) == _report(variant, "woocommerce_de", None, path="full")


def test_every_memo_of_the_audit_is_registered() -> None:
    """``memo.clear()`` must reach every cache; the vocabulary and catalog loaders are data, loaded once."""
    registered = {id(m) for m in memo.MEMOS.values()}
    loaders = {"vocabulary", "catalog"}
    missing = []
    for info in pkgutil.walk_packages(checkoutguard.audit.__path__, "checkoutguard.audit."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            memoized = hasattr(value, "cache_clear") and not isinstance(value, type)
            mine = getattr(value, "__module__", "") == info.name and name not in loaders
            if memoized and mine and id(value) not in registered:
                missing.append(f"{info.name}.{name}")
    assert missing == []


def test_every_memo_is_bounded() -> None:
    assert all(m.cache_info().maxsize is not None for m in memo.MEMOS.values())


# ------------------------------------------------------------------------------- the summary's row splitter
def _rows_both_ways(raw: bytes) -> int:
    """Compare the split (``_split_region``) with the token walk on every cluster; the number compared."""
    lo = raw.lower()
    page = Page(raw, lo, "utf-8", scan_fast(lo))
    compared = 0
    for cluster in summary._clusters(page):
        for start in {cluster[0], max(0, cluster[0] - 7), cluster[0] + 1}:
            stop = min(len(lo), cluster[-1] + summary._TAIL)
            last = cluster[-1]
            cut = summary._cut_end(page, start, stop)
            split = summary._split_region(raw[start:stop], "utf-8", "EUR", last - start, cut)
            walked = summary._merge(summary._walk_rows(page, start, last, stop, "EUR")[0], "EUR")
            if split is not None:
                placed = [r._replace(start=r.start + start, end=r.end + start) for r in split]
                assert placed == walked, raw[start:stop][:200]
                compared += 1
    return compared


@pytest.mark.parametrize(("page", "plant"), CASES)
def test_split_rows_equal_walked_rows_on_fixtures(
    page: str, plant: str | None, page_builder: Callable[..., bytes]
) -> None:
    assert _rows_both_ways(page_builder(page, plant)) > 0


_ROW_PIECES = [
    "Total",
    "Summe 12,00 €",
    "4,90 €",
    "<div>",
    "</div>",
    "<p class='sum'>",
    "<tr>",
    "<td>Versand</td>",
    "<span>",
    "</span>",
    " ",
    "<br>",
    "<input type=radio checked>",
    "<input type='radio'>",
    "<b>",
    "</li>",
    "<li>",
    "&euro;",
    "<DIV class=Total>",
    "< 5",
    "<a href='x>y'>",
    "<!-- c -->",
    "<script>'<div>'</script>",
    "<p",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ROW_PIECES), max_size=40))
def test_split_rows_equal_walked_rows_on_generated_summaries(pieces: list[str]) -> None:
    _rows_both_ways(("<html><body>" + "".join(pieces)).encode())


def test_split_rows_cache_is_bounded_in_bytes() -> None:
    wrapper = summary._region_rows
    assert isinstance(wrapper, BoundedMemo)
    assert wrapper.budget <= 4 << 20
    assert summary._REGION_MEMO_BYTES <= 64 * 1024


# ------------------------------------------------------------------------------ digit-blind vocabulary flags
_WORDS = ["Total", "incl. 19 % MwSt.", "zzgl.", "Versand", "kostenlos", "free", "co2", "p24", "1", "0", "x9", " "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS) | st.text(alphabet="0123456789,.€ %", max_size=6), max_size=8).map(" ".join),
    st.integers(0, 10**6),
)
def test_digit_blind_flags_answer_as_the_patterns_do(text: str, seed: int) -> None:
    """A flag whose patterns name no digit is memoized on the text with its digits read as 0: the answer
    must be the pattern's own, for the text as written and for any other digits in their place."""
    from checkoutguard.audit.classify import vocabulary

    vocab = vocabulary()
    other = "".join(str((int(ch) + seed) % 10) if ch.isdigit() else ch for ch in text)
    for name in vocab.digit_blind:
        expected = vocab.flags[name].search(text.lower())
        assert vocab.flag(name, text) == expected
        assert vocab.flag(name, other) == vocab.flags[name].search(other.lower())
