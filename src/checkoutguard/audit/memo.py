"""The audit's memos: caches of pure functions of a page's bytes, filled as pages are read.

A storefront serves one template many times: the same tags, labels, summary markup and markup between its
scripts on every request. Each memo below is keyed on exactly the bytes (and the few arguments) its
function reads, so a hit returns what a fresh computation would, and a page that changed only misses where
it changed.

Memory is bounded in bytes. Every memo keyed on page content is a ``bounded.BoundedMemo`` with a byte
budget (key and value weighed when stored, least recently used out first); their budgets add up to
25.5 MiB (tags 4, texts 1, element texts 2, scan chunks 4 + 4, options 2, parts 4 × 0.5, summary regions
2 + 2, amounts 1, vocabulary 5 × 0.25, legal links 0.25), under ``TOTAL_BYTES`` (28 MiB).
The five memos keyed on the data only or on short labels (``api.plan``, ``api.jurisdictions``,
``rules.surcharge_policy``, ``amounts.minor_units``, ``encoding.labels``: countries, buyer types, dates, currency
codes, charset labels of at most 64 characters) hold at most 3,072 small entries, well under 2 MiB. A realistic
mix of storefronts fills a few MB.

``clear()`` empties them all (tests compare a cold and a warm audit; the benchmark measures both), and
``info()`` reports their hits and sizes; ``used()`` the bytes each bounded memo holds.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final, Protocol

from checkoutguard.audit import amounts, api, classify
from checkoutguard.audit.bounded import BoundedMemo
from checkoutguard.audit.html import controls, encoding, legal, lexer, parts, summary
from checkoutguard.audit.html.scan import _chunk_at, _chunk_events
from checkoutguard.audit.rules.payment import policy_for

__all__ = ["MEMOS", "TOTAL_BYTES", "budgets", "clear", "info", "used"]

#: What the byte-bounded memos may hold together.
TOTAL_BYTES: Final = 28 << 20


class _Memo(Protocol):
    def cache_clear(self) -> None: ...

    def cache_info(self) -> functools._CacheInfo: ...


def _memos() -> dict[str, _Memo]:
    return {
        "lexer.tag_attributes": lexer._tag_attributes,
        "lexer.decode_text": lexer._decode_short,
        "lexer.element_text": lexer._element_text_memo,
        "scan.chunk_events": _chunk_events,
        "scan.chunk_at": _chunk_at,
        "controls.options": controls._memo_options,
        "parts.single": parts._single_plan,
        "parts.choice": parts._choice_plan,
        "parts.conversion": parts._conversion_fields,
        "parts.method": parts._method_fields,
        "summary.region_rows": summary._region_rows,
        "summary.placed_reading": summary._placed_reading,
        "amounts.find_amounts": amounts._amounts,
        "amounts.minor_units": amounts.minor_units,
        "classify.flag": classify._flag,
        "classify.control_names": classify._control_names,
        "classify.classify": classify._classify,
        "classify.payment": classify._payment,
        "classify.line": classify._line,
        "rules.surcharge_policy": policy_for,
        "api.plan": api._plan,
        "api.jurisdictions": api._jurisdictions,
        "encoding.labels": encoding._encoding,
        "legal.link": legal._link,
    }


#: Every memo of the audit by name.
MEMOS: Mapping[str, _Memo] = _memos()


def clear() -> None:
    """Empty every memo: the next audit computes everything afresh (a cold start)."""
    for memo in MEMOS.values():
        memo.cache_clear()


def info() -> dict[str, functools._CacheInfo]:
    """Hits, misses and size of each memo."""
    return {name: memo.cache_info() for name, memo in MEMOS.items()}


def used() -> dict[str, int]:
    """Bytes each byte-bounded memo holds (as weighed when stored)."""
    return {name: memo.used for name, memo in MEMOS.items() if isinstance(memo, BoundedMemo)}


def budgets() -> dict[str, int]:
    """The byte budget of each byte-bounded memo."""
    return {name: memo.budget for name, memo in MEMOS.items() if isinstance(memo, BoundedMemo)}
