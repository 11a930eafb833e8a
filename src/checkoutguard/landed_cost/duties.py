"""What a quote says when a duty table has no row for an item: the code, the territory, and what it covers.

A code whose chapter has no row is never priced at another chapter's rate (a wooden window is not a
T-shirt), so the message must tell the merchant exactly what is missing and how to go on.
"""

from __future__ import annotations

from datetime import date

from checkoutguard.landed_cost.book import DutyProvider

__all__ = ["no_row_message"]


def no_row_message(table: DutyProvider, jurisdiction: str, hs: str | None, day: date) -> str:
    """Why ``hs`` has no duty rate in ``table`` on ``day``: outside the dates covered, or a chapter with no row."""
    what = f"HS code {hs}" if hs else "an item with no HS code"
    first: date | None = getattr(table, "first_day", None)
    last: date | None = getattr(table, "last_day", None)
    remedy = "pin a rate with overrides.duty_rates or quote with unknown_hs='exclude'"
    if first is not None and (day < first or (last is not None and day > last)):
        span = f"from {first} to {last}" if last else f"from {first} (still in force)"
        return f"no duty rate for {what} on {day} in the {jurisdiction} tariff data: its rows run {span}; {remedy}"
    chapters_on = getattr(table, "chapters_on", None)
    covered: tuple[str, ...] = chapters_on(day) if chapters_on is not None else ()
    listed = f"; the table covers chapters {', '.join(covered)}" if covered else ""
    chapter = f"chapter {hs[:2]} has no row and no chapter rule" if hs else "the table has no row to estimate from"
    return f"no duty row for {what} in the {jurisdiction} tariff data on {day}: {chapter}{listed}; {remedy}"
