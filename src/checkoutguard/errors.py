"""The exceptions checkoutguard raises.

Every error is a ``CheckoutGuardError``, so one ``except`` catches them all::

    CheckoutGuardError
    ├── InvalidInput (ValueError)        the caller sent something we cannot accept
    │   ├── UnknownCountry               not an ISO 3166 code we know
    │   ├── UnknownCurrency              not an active ISO 4217 code on that date
    │   └── LimitExceeded                a bound on size, count or precision was passed
    ├── RateUnavailable (LookupError)    no fact for that question in the data (never a silent zero)
    │   └── UnknownHSCode                a tariff lookup failed and the policy says "error"
    └── DataError                        a data file is malformed or fails its JSON Schema

Messages say what was wrong and what is accepted; ``path`` points into the input document
(``items[2].price.amount``) so an HTTP API can return it in a problem+json body.
"""

from __future__ import annotations

__all__ = [
    "CheckoutGuardError",
    "DataError",
    "InvalidInput",
    "LimitExceeded",
    "RateUnavailable",
    "UnknownCountry",
    "UnknownCurrency",
    "UnknownHSCode",
]


class CheckoutGuardError(Exception):
    """Base class of every error raised by checkoutguard."""


class InvalidInput(CheckoutGuardError, ValueError):
    """The input cannot be accepted; ``path`` says where and ``accepted`` what would be."""

    def __init__(self, message: str, *, path: str = "", accepted: str = "") -> None:
        self.message = message
        self.path = path
        self.accepted = accepted
        text = f"{path}: {message}" if path else message
        if accepted:
            text = f"{text} (accepted: {accepted})"
        super().__init__(text)


class UnknownCountry(InvalidInput):
    """A country or subdivision code that is not in ISO 3166."""


class UnknownCurrency(InvalidInput):
    """A currency code that is not an active ISO 4217 currency on the date in question."""


class LimitExceeded(InvalidInput):
    """An input passed one of the bounds that keep a request cheap (items, digits, bytes)."""


class RateUnavailable(CheckoutGuardError, LookupError):
    """The data has no answer (no FX rate, no tax rule) for this question on this date."""


class UnknownHSCode(RateUnavailable):
    """No duty rate matches an item's HS code and the unknown-HS policy is ``"error"``."""

    def __init__(self, message: str, *, item_id: str = "", hs_code: str = "") -> None:
        self.item_id = item_id
        self.hs_code = hs_code
        super().__init__(message)


class DataError(CheckoutGuardError):
    """A data file under ``rates/`` or ``payment_methods/`` is malformed; ``file`` names it."""

    def __init__(self, message: str, *, file: str = "") -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)
