"""Landed cost: the all-in price of a cross-border order, every line explained."""

from __future__ import annotations

from checkoutguard.landed_cost.book import DutyProvider, DutyTable, RatesBook, default_book
from checkoutguard.landed_cost.csv_duty import CsvDutyTable
from checkoutguard.landed_cost.engine import LandedCostCalculator, quote
from checkoutguard.landed_cost.local_rates import LocalRates, LocalRateTable
from checkoutguard.landed_cost.order import Order, parse_order
from checkoutguard.landed_cost.result import Quote, QuoteLine, QuoteWarning, Totals

__all__ = [
    "CsvDutyTable",
    "DutyProvider",
    "DutyTable",
    "LandedCostCalculator",
    "LocalRateTable",
    "LocalRates",
    "Order",
    "Quote",
    "QuoteLine",
    "QuoteWarning",
    "RatesBook",
    "Totals",
    "default_book",
    "parse_order",
    "quote",
]
