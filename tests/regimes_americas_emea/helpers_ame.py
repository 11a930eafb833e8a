"""Small helpers shared by the Americas/EMEA regime tests (orders are built with tests/quote_builders.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checkoutguard.landed_cost import Quote
from quote_builders import TODAY, item, order, run

__all__ = ["TODAY", "D", "duty_lines", "fee_lines", "item", "order", "quote_at", "rule_ids", "run", "tax_lines"]


def D(text: str) -> Decimal:
    """A Decimal from a literal string (reads like the amounts in the worked examples)."""
    return Decimal(text)


def rule_ids(result: Quote, kind: str) -> list[str]:
    """The ids of the tax or duty rules the quote applied, in order."""
    return [entry["id"] for entry in result.regime[kind]]


def _rows(result: Quote, kind: str) -> list[tuple[str | None, Decimal, Decimal | None, Decimal | None, str]]:
    return [(line.rule, line.amount, line.base, line.rate, line.payable) for line in result.lines_of(kind)]  # type: ignore[arg-type]


def duty_lines(result: Quote) -> list[tuple[str | None, Decimal, Decimal | None, Decimal | None, str]]:
    """(rule, amount, base, rate, payable) of every duty line."""
    return _rows(result, "duty")


def tax_lines(result: Quote) -> list[tuple[str | None, Decimal, Decimal | None, Decimal | None, str]]:
    """(rule, amount, base, rate, payable) of every tax line."""
    return _rows(result, "tax")


def fee_lines(result: Quote) -> list[tuple[str | None, Decimal, str]]:
    return [(line.rule, line.amount, line.payable) for line in result.lines_of("fee")]


def quote_at(to: str, *items: dict[str, Any], **extra: Any) -> Quote:
    """Quote an order (quote date defaults to the review date 2026-11-23)."""
    extra.setdefault("day", TODAY.isoformat())
    return run(order(to, *items, **extra))
