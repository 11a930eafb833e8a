"""Customs entry fees (the US Merchandise Processing Fee), from ``rates/entry_fees/<country>.json``.

A consignment above the formal-entry threshold pays the ad valorem MPF held between a minimum and a
maximum; one at or below it is entered informally for a flat fee. Amounts change every fiscal year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.data.periods import Period, day_or_none, in_force
from checkoutguard.money import CONTEXT

__all__ = ["EntryFee", "EntryFeeTable", "FeeYear"]


@dataclass(frozen=True, slots=True)
class FeeYear:
    """One fiscal year's MPF amounts."""

    fiscal_year: str
    start: date
    end: date
    rate: Decimal
    minimum: Decimal
    maximum: Decimal
    informal: Decimal
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class EntryFee:
    """The fee one consignment owes, unrounded, in the table's currency, and why."""

    formal: bool
    amount: Decimal
    fee_year: FeeYear
    stale: bool  # True: the quote date is after the last fiscal year the data holds
    explanation: str


class EntryFeeTable:
    """The entry-fee data of one country."""

    def __init__(self, document: Mapping[str, Any], *, file: str = "") -> None:
        self.file = file
        self.country: str = document["country"]
        self.currency: str = document["currency"]
        self.review_by = date.fromisoformat(document["review_by"])
        self.thresholds = tuple(
            Period(
                Decimal(t["amount"]),
                date.fromisoformat(t["effective_from"]),
                day_or_none(t.get("effective_to")),
                t["source"],
                t.get("note", ""),
            )
            for t in document["formal_entry_above"]
        )
        self.years = tuple(
            sorted(
                (
                    FeeYear(
                        y["fiscal_year"],
                        date.fromisoformat(y["effective_from"]),
                        date.fromisoformat(y["effective_to"]),
                        Decimal(y["mpf_rate"]),
                        Decimal(y["mpf_minimum"]),
                        Decimal(y["mpf_maximum"]),
                        Decimal(y["informal_automated"]),
                        y["source"],
                        y["confirmed"],
                    )
                    for y in document["fees"]
                ),
                key=lambda y: y.start,
            )
        )

    def fee_year(self, day: date) -> tuple[FeeYear, bool] | None:
        """The fiscal year in force on ``day``; past the last one held, the last one and ``True`` (stale)."""
        for year in self.years:
            if year.start <= day <= year.end:
                return year, False
        last = self.years[-1]
        return (last, True) if day > last.end else None

    def fee(self, entered_value: Decimal, day: date) -> EntryFee | None:
        """The MPF on a consignment whose entered value (in ``self.currency``) is ``entered_value``."""
        found = self.fee_year(day)
        threshold = in_force(self.thresholds, day)
        if found is None or threshold is None:
            return None
        year, stale = found
        limit = threshold.value
        if entered_value > limit:
            ad_valorem = CONTEXT.multiply(entered_value, year.rate)
            amount = min(max(ad_valorem, year.minimum), year.maximum)
            held = "the minimum" if amount == year.minimum else "the maximum" if amount == year.maximum else ""
            why = (
                f"Formal entry (entered value above {self.currency} {limit:f}): Merchandise Processing Fee "
                f"{year.rate * 100:f} % of the entered value, at least {self.currency} {year.minimum:f} and at most "
                f"{self.currency} {year.maximum:f} ({year.fiscal_year})" + (f"; {held} applies." if held else ".")
            )
        else:
            amount = year.informal
            why = (
                f"Informal entry (entered value {self.currency} {limit:f} or less): flat Merchandise Processing Fee "
                f"for an automated informal entry, {self.currency} {year.informal:f} ({year.fiscal_year})."
            )
        why += " Owed by the importer of record; goods exempt under USMCA or another FTA, manual-entry surcharges "
        why += "and carriers' brokerage charges are not modelled."
        if stale:
            why += f" Amounts for the fiscal year of {day} are not in the data: {year.fiscal_year} amounts are used."
        elif not year.confirmed:
            why += f" {year.fiscal_year} amounts are taken from a later notice, not from their own."
        return EntryFee(entered_value > limit, amount, year, stale, why)
