"""Small helpers shared by the Asia-Pacific regime tests (orders are built with tests/quote_builders.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checkoutguard.landed_cost import Quote
from quote_builders import TODAY, item, order, run

__all__ = ["TODAY", "D", "Row", "duty_lines", "item", "quote_at", "rule_ids", "tax_lines", "warning_codes"]

#: (rule, amount, base, rate, payable) of one duty or tax line.
Row = tuple[str | None, Decimal, Decimal | None, Decimal | None, str]


def D(text: str) -> Decimal:
    return Decimal(text)


def rule_ids(result: Quote, kind: str) -> list[str]:
    """The ids of the tax or duty rules the quote applied, in order."""
    return [entry["id"] for entry in result.regime[kind]]


def duty_lines(result: Quote) -> list[Row]:
    return [(line.rule, line.amount, line.base, line.rate, line.payable) for line in result.lines_of("duty")]


def tax_lines(result: Quote) -> list[Row]:
    return [(line.rule, line.amount, line.base, line.rate, line.payable) for line in result.lines_of("tax")]


def warning_codes(result: Quote) -> set[str]:
    return {warning.code for warning in result.warnings}


def quote_at(to: str, *items: dict[str, Any], **extra: Any) -> Quote:
    """Quote an order into ``to`` on the review date 2026-11-23 (the quote date of every test here)."""
    extra.setdefault("day", TODAY.isoformat())
    return run(order(to, *items, **extra))
