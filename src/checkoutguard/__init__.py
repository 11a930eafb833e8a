"""checkoutguard: landed cost, payment methods and checkout transparency checks.

>>> import checkoutguard
>>> quote = checkoutguard.quote(order_document)          # landed cost, every line explained
>>> methods = checkoutguard.select_methods(country="NL", currency="EUR", amount="50.00")
"""

from __future__ import annotations

import typing as _typing

from checkoutguard._version import __version__
from checkoutguard.audit import AuditReport, CheckoutDocument, Finding, Mode, extract_html, load_document
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

__all__ = [
    "AuditReport",
    "CheckoutDocument",
    "CheckoutGuardError",
    "CheckoutGuardMiddleware",
    "Citation",
    "DataError",
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
    "default_book",
    "embedded_fx",
    "extract_html",
    "forex_python_fetcher",
    "load_document",
    "parse_order",
    "quote",
    "select_methods",
    "select_methods_from_query",
    "surcharge_policy",
]

if _typing.TYPE_CHECKING:
    from checkoutguard.middleware import CheckoutGuardMiddleware

#: Names imported on first use, so ``import checkoutguard`` does not load the middleware (and Starlette).
_LAZY = {"CheckoutGuardMiddleware": "checkoutguard.middleware"}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'checkoutguard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
