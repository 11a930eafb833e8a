"""Money: an explicit decimal context, our own dated ISO 4217 table, rounding and safe parsing.

Nothing here reads the ambient ``decimal`` context: every operation that can round runs under
``CONTEXT`` (or quantizes with an explicit rounding mode), so a host application that changes
``decimal.getcontext()`` cannot change a price. py-moneyed ``Money`` is accepted and returned at the
library surface; our table, not py-moneyed's, decides minor units and which codes are in use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Final

import moneyed

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import day_or_none
from checkoutguard.data.schemas import load_json
from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCurrency, echo

__all__ = [
    "CONTEXT",
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "ROUNDING",
    "CurrencyInfo",
    "currency",
    "currency_table",
    "from_money",
    "parse_amount",
    "quantum",
    "round_money",
    "to_money",
]

#: 34 significant digits (IEEE decimal128) hold a 15-digit amount times an 8-digit rate exactly.
CONTEXT: Final = Context(
    prec=34,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
#: Commercial rounding of a line to the currency's minor unit, as customs and tax authorities do.
ROUNDING: Final = ROUND_HALF_UP
MAX_INTEGER_DIGITS: Final = 15
MAX_FRACTION_DIGITS: Final = 8
_MAX_TEXT = 40
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class CurrencyInfo:
    code: str
    numeric: str
    name: str
    minor_units: int | None
    effective_from: date | None = None
    effective_to: date | None = None
    replaced_by: str | None = None

    def in_use(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to


@functools.cache
def currency_table() -> dict[str, CurrencyInfo]:
    """Every ISO 4217 code we know, current and recently withdrawn, from ``rates/currencies.json``."""
    document = load_json(rates_dir() / "currencies.json")
    table: dict[str, CurrencyInfo] = {}
    for entry in document["currencies"]:
        table[entry["code"]] = CurrencyInfo(
            code=entry["code"],
            numeric=entry["numeric"],
            name=entry["name"],
            minor_units=entry["minor_units"],
            effective_from=day_or_none(entry.get("effective_from")),
            effective_to=day_or_none(entry.get("effective_to")),
            replaced_by=entry.get("replaced_by"),
        )
    return table


def currency(code: object, on: date | None = None, *, path: str = "currency") -> CurrencyInfo:
    """The currency ``code`` if it can price goods on day ``on`` (default: any day we know of).

    >>> currency("JPY").minor_units
    0
    """
    if not isinstance(code, str) or len(code) != 3 or not code.isalpha() or not code.isupper():
        raise UnknownCurrency(f"{echo(code)} is not an ISO 4217 code", path=path, accepted="three upper-case letters")
    info = currency_table().get(code)
    if info is None:
        raise UnknownCurrency(f"{code} is not an ISO 4217 currency", path=path, accepted="an active ISO 4217 code")
    if info.minor_units is None:
        raise UnknownCurrency(f"{code} ({info.name}) has no minor unit and cannot price goods", path=path)
    if on is not None and not info.in_use(on):
        if info.effective_to is not None and on > info.effective_to:
            successor = f"; use {info.replaced_by}" if info.replaced_by else ""
            raise UnknownCurrency(f"{code} was withdrawn after {info.effective_to}{successor}", path=path)
        raise UnknownCurrency(f"{code} was not in use before {info.effective_from}", path=path)
    return info


@functools.cache
def quantum(code: str) -> Decimal:
    """The minor unit of ``code`` as a quantize exponent: ``Decimal('0.01')`` for EUR, ``Decimal('1')`` for JPY."""
    units = currency(code).minor_units
    assert units is not None  # currency() refuses codes without a minor unit
    return Decimal(1).scaleb(-units)


def round_money(amount: Decimal, code: str, rounding: str = ROUNDING) -> Decimal:
    """Round ``amount`` to the minor unit of ``code`` (half up unless a rule says otherwise)."""
    return amount.quantize(quantum(code), rounding, CONTEXT)  # positional: keywords cost ~3x


def parse_amount(value: object, *, path: str = "amount") -> Decimal:
    """A non-negative money amount from a string (preferred), int or finite ``Decimal``.

    Floats are refused (they cannot say 0.10 exactly); so are NaN, Infinity, exponents, signs,
    more than 15 integer or 8 fraction digits, and anything longer than 40 characters.

    >>> parse_amount("19.90")
    Decimal('19.90')
    """
    if type(value) is str:  # the common case first
        text = value.strip()
        if len(text) <= 24 and _AMOUNT.fullmatch(text):
            whole, _, fraction = text.partition(".")
            if len(whole) <= MAX_INTEGER_DIGITS and len(fraction) <= MAX_FRACTION_DIGITS:
                return Decimal(text)
    accepted = 'a decimal string such as "19.90": digits, at most one dot, no sign or exponent'
    if isinstance(value, bool | float):
        raise InvalidInput(f"{type(value).__name__} {echo(value)} is not a money amount", path=path, accepted=accepted)
    if isinstance(value, int):
        if value.bit_length() > 64:  # before str(): a 5,000-digit int must not cost its conversion
            raise LimitExceeded("amount has too many digits", path=path, accepted=f"at most {MAX_INTEGER_DIGITS}")
        text = str(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(f"{echo(value)} is not a finite amount", path=path, accepted=accepted)
        # Bound the size before formatting: format(Decimal("1e999999999"), "f") builds a billion characters.
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        if value.adjusted() >= MAX_INTEGER_DIGITS or exponent < -_MAX_TEXT or len(value.as_tuple().digits) > _MAX_TEXT:
            raise LimitExceeded(
                f"{echo(value)} has too many digits",
                path=path,
                accepted=f"at most {MAX_INTEGER_DIGITS} integer and {MAX_FRACTION_DIGITS} decimal places",
            )
        text = format(value, "f")
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise InvalidInput(f"{type(value).__name__} is not a money amount", path=path, accepted=accepted)
    if len(text) > _MAX_TEXT:
        raise LimitExceeded(f"amount is {len(text)} characters long", path=path, accepted=f"at most {_MAX_TEXT}")
    if text.startswith("-"):
        raise InvalidInput(f"{echo(text)} is negative", path=path, accepted="amounts of zero or more")
    if not _AMOUNT.fullmatch(text):
        raise InvalidInput(f"{echo(text)} is not a plain decimal number", path=path, accepted=accepted)
    whole, _, fraction = text.partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise LimitExceeded(f"{echo(text)} has too many digits", path=path, accepted=f"at most {MAX_INTEGER_DIGITS}")
    if len(fraction) > MAX_FRACTION_DIGITS:
        raise LimitExceeded(
            f"{echo(text)} has {len(fraction)} decimal places", path=path, accepted=f"at most {MAX_FRACTION_DIGITS}"
        )
    return Decimal(text)


_REGISTERED: set[str] = set()


def _moneyed_currency(code: str) -> moneyed.Currency:
    """py-moneyed's Currency for ``code``, registering codes its dated list lacks (XCG, ZWG)."""
    try:
        return moneyed.get_currency(code)
    except moneyed.CurrencyDoesNotExist:
        info = currency(code)
        if code not in _REGISTERED:
            units = info.minor_units or 0
            moneyed.add_currency(code, info.numeric, sub_unit=10**units, name=info.name)
            _REGISTERED.add(code)
        return moneyed.get_currency(code)


def to_money(amount: Decimal, code: str) -> moneyed.Money:
    """A py-moneyed ``Money``; the amount is kept exactly as given (already rounded by the caller)."""
    return moneyed.Money(amount, _moneyed_currency(code))


def from_money(value: moneyed.Money, *, path: str = "amount") -> tuple[Decimal, str]:
    """``(amount, code)`` from a py-moneyed ``Money``, with the same checks as ``parse_amount``."""
    code = str(value.currency.code)
    currency(code, path=f"{path}.currency")
    return parse_amount(value.amount, path=path), code
