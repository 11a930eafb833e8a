"""The audit's memos: bounded caches of pure functions of a page's bytes, filled as pages are read.

A storefront serves one template many times: the same tags, labels, summary markup and markup between its
scripts on every request. Each memo below is keyed on exactly the bytes (and the few arguments) its
function reads, so a hit returns what a fresh computation would, and a page that changed only misses where
it changed. Every memo is bounded in entries (and its keys in size), so memory stays bounded:
about 2 MB after the nine storefront fixtures in five countries, keys of some 60 MB at worst.

``clear()`` empties them all (tests compare a cold and a warm audit; the benchmark measures both), and
``info()`` reports their hits and sizes.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Protocol

from checkoutguard.audit import amounts, api, classify
from checkoutguard.audit.html import controls, lexer, parts, summary
from checkoutguard.audit.html.scan import _chunk_at, _chunk_events
from checkoutguard.audit.rules.payment import policy_for

__all__ = ["MEMOS", "clear", "info"]


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
        "controls.facts": controls._memo_facts,
        "controls.options": controls._memo_options,
        "controls.label_for": controls._memo_for,
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
