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
(``items[2].price.amount``) so an HTTP API can return it in a problem+json body. Messages are
bounded: an input echoed back goes through ``echo`` (at most ``ECHO_LIMIT`` characters, safe for any
object), and a whole message is cut at ``MESSAGE_LIMIT`` characters, so a 10 MB field never becomes a
10 MB error.
"""

from __future__ import annotations

import reprlib
from typing import Final

__all__ = [
    "ECHO_LIMIT",
    "MESSAGE_LIMIT",
    "CheckoutGuardError",
    "DataError",
    "InvalidInput",
    "LimitExceeded",
    "RateUnavailable",
    "UnknownCountry",
    "UnknownCurrency",
    "UnknownHSCode",
    "echo",
]

#: Characters of an input value repeated in a message.
ECHO_LIMIT: Final = 80
#: Characters of a whole message (path and accepted values included).
MESSAGE_LIMIT: Final = 1000

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = ECHO_LIMIT
_REPR.maxother = ECHO_LIMIT
_REPR.maxlong = 40


def echo(value: object) -> str:
    """``repr(value)`` cut to ``ECHO_LIMIT`` characters, for any value: deep nesting, ints too long to
    print and objects whose ``repr`` raises give a short stand-in instead of an exception."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<int of about {value.bit_length() * 30103 // 100000 + 1} digits>"
    try:
        text = _REPR.repr(value)
    except Exception:  # a hostile __repr__, a recursion limit: the message must still be made
        return f"<{type(value).__name__}>"
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 3] + "..."


def _cut(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 3] + "..."


class CheckoutGuardError(Exception):
    """Base class of every error raised by checkoutguard."""


class InvalidInput(CheckoutGuardError, ValueError):
    """The input cannot be accepted; ``path`` says where and ``accepted`` what would be."""

    def __init__(self, message: str, *, path: str = "", accepted: str = "") -> None:
        self.message = message = _cut(message)
        self.path = path = path if len(path) <= ECHO_LIMIT * 2 else path[: ECHO_LIMIT * 2 - 3] + "..."
        self.accepted = accepted = _cut(accepted)
        text = f"{path}: {message}" if path else message
        if accepted:
            text = f"{text} (accepted: {accepted})"
        super().__init__(_cut(text))


class UnknownCountry(InvalidInput):
    """A country or subdivision code that is not in ISO 3166."""


class UnknownCurrency(InvalidInput):
    """A currency code that is not an active ISO 4217 currency on the date in question."""


class LimitExceeded(InvalidInput):
    """An input passed one of the bounds that keep a request cheap (items, digits, bytes)."""


class RateUnavailable(CheckoutGuardError, LookupError):
    """The data has no answer (no FX rate, no tax rule) for this question on this date."""

    def __init__(self, message: str = "") -> None:
        super().__init__(_cut(message))


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
        super().__init__(_cut(f"{file}: {message}" if file else message))
