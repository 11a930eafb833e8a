"""checkoutguard: landed cost, payment methods and checkout transparency checks.

>>> import checkoutguard
>>> quote = checkoutguard.quote(order_document)          # landed cost, every line explained
>>> methods = checkoutguard.select_methods(country="NL", currency="EUR", amount="50.00")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from checkoutguard._version import __version__
from checkoutguard.errors import (
    CheckoutGuardError,
    DataError,
    InvalidInput,
    LimitExceeded,
    RateUnavailable,
    UnknownCountry,
    UnknownCurrency,
    UnknownHSCode,
)

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__); type checkers see them here
    from checkoutguard.audit import AuditReport, CheckoutDocument, Finding, Mode, extract_html, load_document
    from checkoutguard.fx import EmbeddedFx, FxProvider, FxRate, LiveFx, RateTable, embedded_fx, forex_python_fetcher
    from checkoutguard.landed_cost import (
        DutyProvider,
        DutyTable,
        LandedCostCalculator,
        Order,
        Quote,
        QuoteLine,
        QuoteWarning,
        RatesBook,
        Totals,
        default_book,
        parse_order,
        quote,
    )
    from checkoutguard.middleware import CheckoutGuardMiddleware
    from checkoutguard.payments import (
        Citation,
        ExcludedMethod,
        MethodSelection,
        SelectedMethod,
        SurchargePolicy,
        select_methods,
        select_methods_from_query,
        surcharge_policy,
    )
    from checkoutguard.snapshot import DataSnapshot, current_data, reload_data, warm_up

#: Where each public name lives. ``import checkoutguard`` loads only the errors; a quote never pays for
#: the audit, the payment data or jsonschema (PEP 562 module ``__getattr__``).
_LAZY: dict[str, str] = {
    "AuditReport": "checkoutguard.audit",
    "CheckoutDocument": "checkoutguard.audit",
    "CheckoutGuardMiddleware": "checkoutguard.middleware",
    "Citation": "checkoutguard.payments",
    "DataSnapshot": "checkoutguard.snapshot",
    "DutyProvider": "checkoutguard.landed_cost",
    "DutyTable": "checkoutguard.landed_cost",
    "EmbeddedFx": "checkoutguard.fx",
    "ExcludedMethod": "checkoutguard.payments",
    "Finding": "checkoutguard.audit",
    "FxProvider": "checkoutguard.fx",
    "FxRate": "checkoutguard.fx",
    "LandedCostCalculator": "checkoutguard.landed_cost",
    "LiveFx": "checkoutguard.fx",
    "MethodSelection": "checkoutguard.payments",
    "Mode": "checkoutguard.audit",
    "Order": "checkoutguard.landed_cost",
    "Quote": "checkoutguard.landed_cost",
    "QuoteLine": "checkoutguard.landed_cost",
    "QuoteWarning": "checkoutguard.landed_cost",
    "RateTable": "checkoutguard.fx",
    "RatesBook": "checkoutguard.landed_cost",
    "SelectedMethod": "checkoutguard.payments",
    "SurchargePolicy": "checkoutguard.payments",
    "Totals": "checkoutguard.landed_cost",
    "current_data": "checkoutguard.snapshot",
    "default_book": "checkoutguard.landed_cost",
    "embedded_fx": "checkoutguard.fx",
    "extract_html": "checkoutguard.audit",
    "forex_python_fetcher": "checkoutguard.fx",
    "load_document": "checkoutguard.audit",
    "parse_order": "checkoutguard.landed_cost",
    "quote": "checkoutguard.landed_cost",
    "reload_data": "checkoutguard.snapshot",
    "select_methods": "checkoutguard.payments",
    "select_methods_from_query": "checkoutguard.payments",
    "surcharge_policy": "checkoutguard.payments",
    "warm_up": "checkoutguard.snapshot",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'checkoutguard' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "AuditReport",
    "CheckoutDocument",
    "CheckoutGuardError",
    "CheckoutGuardMiddleware",
    "Citation",
    "DataError",
    "DataSnapshot",
    "DutyProvider",
    "DutyTable",
    "EmbeddedFx",
    "ExcludedMethod",
    "Finding",
    "FxProvider",
    "FxRate",
    "InvalidInput",
    "LandedCostCalculator",
    "LimitExceeded",
    "LiveFx",
    "MethodSelection",
    "Mode",
    "Order",
    "Quote",
    "QuoteLine",
    "QuoteWarning",
    "RateTable",
    "RateUnavailable",
    "RatesBook",
    "SelectedMethod",
    "SurchargePolicy",
    "Totals",
    "UnknownCountry",
    "UnknownCurrency",
    "UnknownHSCode",
    "__version__",
    "current_data",
    "default_book",
    "embedded_fx",
    "extract_html",
    "forex_python_fetcher",
    "load_document",
    "parse_order",
    "quote",
    "reload_data",
    "select_methods",
    "select_methods_from_query",
    "surcharge_policy",
    "warm_up",
]
