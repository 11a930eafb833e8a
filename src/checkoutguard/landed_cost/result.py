"""What a landed-cost quote returns: explained lines whose rounded amounts add up to the totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import moneyed

from checkoutguard.fx import FxRate
from checkoutguard.money import to_money

__all__ = ["LineType", "Payable", "Quote", "QuoteLine", "QuoteWarning", "Totals"]

LineType = Literal["goods", "shipping", "insurance", "duty", "tax", "fee"]
Payable = Literal["checkout", "delivery"]


class QuoteLine(NamedTuple):
    """One displayed amount, already rounded to the currency's minor unit, with why it is what it is.

    An immutable record (a named tuple: a quote builds several per call, and tuples are the cheapest
    immutable objects Python has).
    """

    type: LineType
    label: str
    amount: Decimal
    currency: str
    payable: Payable = "checkout"
    rate: Decimal | None = None
    base: Decimal | None = None
    item_id: str | None = None
    item_ids: tuple[str, ...] = ()
    rule: str | None = None
    explanation: str = ""
    source: str | None = None
    effective_from: date | None = None
    estimated: bool = False

    @property
    def money(self) -> moneyed.Money:
        return to_money(self.amount, self.currency)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "label": self.label, "amount": str(self.amount)}
        if self.rate is not None:
            out["rate"] = str(self.rate)
        if self.base is not None:
            out["base"] = str(self.base)
        if self.item_id is not None:
            out["item_id"] = self.item_id
        if self.item_ids:
            out["item_ids"] = list(self.item_ids)
        if self.rule is not None:
            out["rule"] = self.rule
        if self.explanation:
            out["explanation"] = self.explanation
        if self.source is not None:
            out["source"] = self.source
        if self.effective_from is not None:
            out["effective_from"] = self.effective_from.isoformat()
        if self.estimated:
            out["estimated"] = True
        out["payable"] = self.payable
        return out


@dataclass(frozen=True, slots=True)
class Totals:
    """``checkout`` is charged now, ``delivery`` is collected at the door; ``grand`` is both."""

    checkout: Decimal
    delivery: Decimal
    grand: Decimal
    currency: str

    def money(self, which: Literal["checkout", "delivery", "grand"] = "grand") -> moneyed.Money:
        return to_money(getattr(self, which), self.currency)

    def to_dict(self) -> dict[str, str]:
        return {"checkout": str(self.checkout), "delivery": str(self.delivery), "grand": str(self.grand)}


class QuoteWarning(NamedTuple):
    code: str
    message: str
    item_id: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"code": self.code, "message": self.message}
        if self.item_id is not None:
            out["item_id"] = self.item_id
        return out


@dataclass(frozen=True, slots=True)
class Quote:
    """The all-in price of an order in the buyer's currency, line by line."""

    currency: str
    date: date
    destination: Mapping[str, Any]
    incoterm: str
    lines: tuple[QuoteLine, ...]
    totals: Totals
    regime: Mapping[str, Any]
    fx: tuple[FxRate, ...]
    data_version: str
    warnings: tuple[QuoteWarning, ...] = ()
    complete: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)

    def lines_of(self, kind: LineType) -> tuple[QuoteLine, ...]:
        return tuple(line for line in self.lines if line.type == kind)

    def total_of(self, kind: LineType) -> Decimal:
        return sum((line.amount for line in self.lines if line.type == kind), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "date": self.date.isoformat(),
            "destination": dict(self.destination),
            "incoterm": self.incoterm,
            "lines": [line.to_dict() for line in self.lines],
            "totals": self.totals.to_dict(),
            "regime": dict(self.regime),
            "fx": [rate.to_dict() for rate in self.fx],
            "data_version": self.data_version,
            "warnings": [w.to_dict() for w in self.warnings],
            "complete": self.complete,
        }
