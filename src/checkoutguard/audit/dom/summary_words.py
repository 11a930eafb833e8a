"""The few words the DOM summary reader needs that ``vocabulary.json`` does not hold (``summary_words.json``):
totals written as costs, fee rows that name a means of payment, rows that say which method was chosen."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from checkoutguard.audit.classify import payment_kind
from checkoutguard.errors import DataError

__all__ = ["SummaryWords", "summary_words"]

_FILE: Final = Path(__file__).resolve().parent / "summary_words.json"
_KEYS: Final = ("total", "payment_fee", "payment_choice", "deferred")


@dataclass(frozen=True, slots=True)
class SummaryWords:
    """The compiled word lists."""

    total: re.Pattern[str]
    payment_fee: re.Pattern[str]
    payment_choice: re.Pattern[str]
    deferred: re.Pattern[str]

    def is_total(self, label: str) -> bool:
        return self.total.search(label.lower()) is not None

    def is_payment_fee(self, label: str, kind: str | None = None) -> bool:
        """A fee for a means of payment: fee words that say so, or a fee row named after a method
        ("Kreditkarte" in a ``<tr class="fee">``)."""
        lowered = label.lower()
        return self.payment_fee.search(lowered) is not None or (kind == "fee" and payment_kind(lowered) is not None)

    def is_deferred(self, text: str) -> bool:
        return self.deferred.search(text.lower()) is not None

    def is_payment_choice(self, label: str) -> bool:
        return self.payment_choice.search(label.lower()) is not None


_loaded: list[SummaryWords] = []  # data, loaded once (not a memo: nothing to clear)


def summary_words() -> SummaryWords:
    """``summary_words.json``, compiled once."""
    if not _loaded:
        _loaded.append(_load())
    return _loaded[0]


def _load() -> SummaryWords:
    try:
        raw = json.loads(_FILE.read_text(encoding="utf-8"))
        compiled = {key: re.compile("|".join(f"(?:{p})" for p in raw[key])) for key in _KEYS}
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise DataError(f"the summary words cannot be loaded: {exc}", file=str(_FILE)) from exc
    return SummaryWords(*(compiled[key] for key in _KEYS))
