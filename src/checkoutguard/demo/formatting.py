"""Amounts as a buyer in that country writes them (``€ 176,32``, ``R$ 1.251,23``, ``￥27,962``), via Babel's CLDR
data rather than a hand-kept table of symbols, separators and minor units."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_percent

__all__ = ["money", "percent"]


def money(amount: Decimal, currency: str, locale: str) -> str:
    """``amount`` (already rounded to the currency's minor unit by the core) in ``locale``'s notation."""
    return format_currency(amount, currency, locale=locale)


def percent(rate: Decimal, locale: str) -> str:
    """A rate such as ``Decimal("0.21")`` as ``21 %``, keeping up to two decimals (``2.7 %``)."""
    return format_percent(rate, format="#,##0.##%", locale=locale)
