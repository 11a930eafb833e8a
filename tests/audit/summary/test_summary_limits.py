"""Hostile summaries: the DOM reader stays linear in the page and every limit that stops it says so.

Time per byte is compared at two sizes as in ``tests/audit/test_growth.py`` (best of several calls, memos
cleared, garbage collection off, a ratio bound with room for a loaded machine, measured again before
failing); the parse is Lexbor's and is left out, so the ratio is the reader's own."""

from __future__ import annotations

import timeit
from collections.abc import Callable
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

from checkoutguard.audit import memo
from checkoutguard.audit.dom.summary import read_summary
from checkoutguard.audit.limits import MAX_SUMMARY_ROWS, Limit

SMALL = 40_000
GROWTH = 4
BOUND = 2.2
TOTAL = '<table><tr class="order-total"><th>Total</th><td>12,00 €</td></tr></table>'


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


GENERATORS: dict[str, Callable[[int], str]] = {
    # one long table of priced rows, its total at the end
    "table_rows": lambda size: _repeat("<tr><td>Item × 1</td><td>1,00 €</td></tr>", size, "<table>", TOTAL[7:]),
    # label/value pairs (dt/dd) with totals all along: every total is tried, each walk is bounded
    "totals": lambda size: _repeat("<dl><dt>Summe</dt><dd>3,00 €</dd><dt>Versand</dt><dd>1,00 €</dd></dl>", size),
    # blocks wrapped in deep inline nesting: each inline element climbed once
    "inline_nesting": lambda size: _repeat("<span>" * 20 + "<div>Fee 1,00 €</div>" + "</span>" * 20, size, "", TOTAL),
    # rows offering many options
    "radios": lambda size: _repeat(
        '<li><input type="radio" name="r"><label>Express 9,90 €</label></li>', size, "<ul>", "</ul>" + TOTAL
    ),
    # nested tables: a row holding a table holding rows
    "nested_tables": lambda size: _repeat(
        "<table><tr><td><table><tr><td>A</td><td>1,00 €</td></tr></table></td></tr></table>", size, "", TOTAL
    ),
    # label-only rows followed by many amount-only columns
    "columns": lambda size: _repeat(
        "<div><div>Fee</div><div>1</div><div>1,00 €</div><div>1,00 €</div></div>", size, "", TOTAL
    ),
}


def _seconds(tree: LexborHTMLParser) -> float:
    """The best of several reads, memos cleared before each (``timeit`` turns garbage collection off)."""
    return min(timeit.repeat(lambda: (memo.clear(), read_summary(tree, None, None, None, [])), number=1, repeat=5))


def _ratio(name: str) -> float:
    small, big = GENERATORS[name](SMALL), GENERATORS[name](SMALL * GROWTH)
    small_tree, big_tree = LexborHTMLParser(small), LexborHTMLParser(big)
    read_summary(small_tree, None, None, None, [])  # the first call pays for compiled patterns
    return (_seconds(big_tree) / len(big)) / (_seconds(small_tree) / len(small))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_time_per_byte_stays_flat(name: str) -> None:
    # Measured again (up to three times) before failing: a loaded machine may pass a bound once, a
    # quadratic step never.
    seen: list[float] = []
    assert any(seen.append(ratio) or ratio < BOUND for ratio in (_ratio(name) for _ in range(3))), seen


def test_a_summary_longer_than_the_limit_says_so() -> None:
    rows = "".join(f"<tr><td>Artikel {k}</td><td>1,00 €</td></tr>" for k in range(MAX_SUMMARY_ROWS + 30))
    html = f'<table>{rows}<tr class="order-total"><th>Gesamtsumme</th><td>150,00 €</td></tr></table>'
    limits: list[Limit] = []
    summary = read_summary(LexborHTMLParser(html), None, None, None, limits)
    assert [limit.name for limit in limits] == ["summary_rows"]
    assert limits[0].value == MAX_SUMMARY_ROWS
    assert summary.total is not None and summary.total.amount == Decimal("150.00")
    assert len(summary.lines) == MAX_SUMMARY_ROWS  # the rows nearest the total; the first 30 were not read


def test_a_summary_within_the_limit_leaves_no_note() -> None:
    rows = "".join(f"<tr><td>Artikel {k}</td><td>1,00 €</td></tr>" for k in range(MAX_SUMMARY_ROWS - 1))
    html = f'<table>{rows}<tr class="order-total"><th>Gesamtsumme</th><td>119,00 €</td></tr></table>'
    limits: list[Limit] = []
    summary = read_summary(LexborHTMLParser(html), None, None, None, limits)
    assert limits == []
    assert len(summary.lines) == MAX_SUMMARY_ROWS - 1
