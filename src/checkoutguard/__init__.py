"""checkoutguard: landed cost, payment methods and checkout transparency checks."""

from __future__ import annotations

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

__all__ = [
    "CheckoutGuardError",
    "DataError",
    "InvalidInput",
    "LimitExceeded",
    "RateUnavailable",
    "UnknownCountry",
    "UnknownCurrency",
    "UnknownHSCode",
    "__version__",
]
