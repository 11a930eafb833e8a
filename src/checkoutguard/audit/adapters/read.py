"""Reading a platform's JSON safely: typed look-ups that name the JSON path, and money in minor or major units.

Every adapter reads through these helpers, so a wrong type, a negative or absurdly large amount or an unknown
currency anywhere in a platform's payload raises ``InvalidInput`` naming the path (``$.totals.total_price``),
never a ``KeyError`` or ``TypeError``. A field that is absent or null is ``None``: "not shown", never zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from checkoutguard.errors import InvalidInput, LimitExceeded, echo
from checkoutguard.money import CONTEXT, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, currency, round_money

__all__ = [
    "MAX_ITEMS",
    "child",
    "exponent_of",
    "items",
    "major",
    "minor",
    "minor_units",
    "optional_bool",
    "optional_text",
    "priced",
    "same_currency",
    "shop_currency",
    "texts",
]

#: Lines, fees, methods... read from one list; a cart has tens, a list of thousands is no checkout.
MAX_ITEMS: Final = 500
_MAX_TEXT: Final = 1_000
_MAX_EXPONENT: Final = 8


def _typed(parent: Mapping[str, Any], key: str, path: str, kind: type | tuple[type, ...], accepted: str) -> Any:
    """``parent[key]`` if it is of ``kind`` (a bool is no number), ``None`` when absent or null."""
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InvalidInput(f"is a {type(value).__name__}", path=f"{path}.{key}", accepted=accepted)
    return value


def child(parent: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any] | None:
    """``parent[key]`` as an object, ``None`` when absent or null."""
    found: Mapping[str, Any] | None = _typed(parent, key, path, Mapping, "a JSON object")
    return found


def items(parent: Mapping[str, Any], key: str, path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """``parent[key]`` as a list of objects with their paths; absent or null is an empty list."""
    value = _typed(parent, key, path, (list, tuple), "a JSON array") or ()
    where = f"{path}.{key}"
    if len(value) > MAX_ITEMS:
        raise LimitExceeded(f"has {len(value)} entries", path=where, accepted=f"at most {MAX_ITEMS}")
    found = []
    for index, entry in enumerate(value):
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"is a {type(entry).__name__}", path=f"{where}[{index}]", accepted="a JSON object")
        found.append((f"{where}[{index}]", entry))
    return found


def optional_text(parent: Mapping[str, Any], key: str, path: str) -> str | None:
    value = _typed(parent, key, path, str, "a string")
    return None if value is None else str(value[:_MAX_TEXT])


def optional_bool(parent: Mapping[str, Any], key: str, path: str) -> bool | None:
    found: bool | None = _typed(parent, key, path, bool, "true or false")
    return found


def texts(parent: Mapping[str, Any], key: str, path: str) -> list[tuple[str, str]]:
    """``parent[key]`` as a list of strings (gateway or method ids) with their paths."""
    value = _typed(parent, key, path, (list, tuple), "a JSON array of strings") or ()
    found = []
    for index, entry in enumerate(value[:MAX_ITEMS]):
        if not isinstance(entry, str):
            raise InvalidInput(f"is a {type(entry).__name__}", path=f"{path}.{key}[{index}]", accepted="a string")
        found.append((f"{path}.{key}[{index}]", entry[:_MAX_TEXT]))
    return found


def shop_currency(value: object, path: str) -> str:
    """An ISO 4217 code from a platform (Stripe and Medusa write ``"eur"``); unknown codes raise."""
    if not isinstance(value, str) or len(value) != 3:
        raise InvalidInput(f"{echo(value)} is not a currency code", path=path, accepted="an ISO 4217 code")
    code = value.upper()
    currency(code, path=path)
    return code


def same_currency(money: Mapping[str, Any], key: str, where: str, code: str) -> None:
    """A money object must be in the payload's currency: amounts in two currencies cannot be added up."""
    found = shop_currency(money.get(key), f"{where}.{key}")
    if found != code:
        raise InvalidInput(f"is in {found}, the payload in {code}", path=where, accepted=code)


def priced(
    parent: Mapping[str, Any],
    key: str,
    path: str,
    code: str,
    currency_key: str,
    amount: Callable[[Mapping[str, Any], str], Decimal | None],
) -> Decimal | None:
    """The amount of a money object (``{"amount": …, "currencyCode": …}``) in the payload's currency."""
    money = child(parent, key, path)
    if money is None:
        return None
    where = f"{path}.{key}"
    same_currency(money, currency_key, where, code)
    return amount(money, where)


def minor_units(code: str) -> int:
    """The currency's minor unit from the project's ISO 4217 table (0 for JPY, 3 for BHD)."""
    units = currency(code).minor_units
    assert units is not None  # currency() refuses codes without a minor unit
    return units


def _bounded(amount: Decimal, path: str, *, negative: bool) -> Decimal:
    if not amount.is_finite():
        raise InvalidInput(f"{echo(amount)} is not a finite amount", path=path, accepted="a number")
    if amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise LimitExceeded("the amount has too many digits", path=path, accepted=f"at most {MAX_INTEGER_DIGITS}")
    if amount < 0 and not negative:
        raise InvalidInput(f"{echo(amount)} is negative", path=path, accepted="an amount of zero or more")
    return abs(amount)


def minor(parent: Mapping[str, Any], key: str, path: str, exponent: int, *, negative: bool = False) -> Decimal | None:
    """An amount in minor units (``1999`` or ``"1999"`` with exponent 2 is 19.99); ``None`` when absent.
    ``negative`` accepts a sign (a discount some platforms write as ``-500``) and returns the size."""
    value = parent.get(key)
    where = f"{path}.{key}"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(f"is a {type(value).__name__}", path=where, accepted="an integer number of minor units")
    if isinstance(value, int) and value.bit_length() > 64:
        raise LimitExceeded("the amount has too many digits", path=where, accepted=f"at most {MAX_INTEGER_DIGITS}")
    text = str(value).strip()
    digits = text[1:] if text[:1] == "-" else text
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_INTEGER_DIGITS + _MAX_EXPONENT:
        raise InvalidInput(f"{echo(value)} is not a whole number of minor units", path=where, accepted="digits")
    return _bounded(Decimal(text).scaleb(-exponent, CONTEXT), where, negative=negative)


def exponent_of(parent: Mapping[str, Any], key: str, path: str) -> int:
    """A platform's own count of decimals (WooCommerce ``currency_minor_unit``, commercetools ``fractionDigits``)."""
    value = parent.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_EXPONENT:
        raise InvalidInput(f"{echo(value)}", path=f"{path}.{key}", accepted=f"an integer from 0 to {_MAX_EXPONENT}")
    return value


def major(
    parent: Mapping[str, Any], key: str, path: str, *, negative: bool = False, round_to: str | None = None
) -> Decimal | None:
    """An amount in major units: a decimal string (``"19.99"``), an integer, a ``Decimal`` or a JSON number a
    caller parsed to ``float`` (read back from its shortest repr, which is the JSON text); ``None`` when absent.
    ``round_to`` names a currency whose minor unit the amount is rounded to (half up), for platforms that send
    unrounded arithmetic (Medusa v2's tax-inclusive ``1428.5714285714287``)."""
    value = parent.get(key)
    where = f"{path}.{key}"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | float | Decimal):
        raise InvalidInput(f"is a {type(value).__name__}", path=where, accepted="a decimal amount")
    if isinstance(value, int) and value.bit_length() > 64:
        raise LimitExceeded("the amount has too many digits", path=where, accepted=f"at most {MAX_INTEGER_DIGITS}")
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if len(text) > MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 2:
        raise LimitExceeded(f"{echo(text)} is too long", path=where, accepted="a decimal amount")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{echo(text)} is not a decimal amount", path=where, accepted='"19.99"') from None
    exponent = amount.as_tuple().exponent
    if round_to is not None and amount.is_finite() and amount.adjusted() < MAX_INTEGER_DIGITS:
        amount = round_money(amount, round_to)
    elif isinstance(exponent, int) and exponent < -MAX_FRACTION_DIGITS:
        raise LimitExceeded(f"{echo(text)} has too many decimals", path=where, accepted=f"{MAX_FRACTION_DIGITS}")
    return _bounded(amount, where, negative=negative)
