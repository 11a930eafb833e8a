"""Checks on the inputs every payments call shares: country, day, buyer type, channel, method ids.

Each check returns the normalised value or raises a typed error whose message says what was wrong and
what would be accepted, so the CLI and the HTTP API can pass it on unchanged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from difflib import get_close_matches
from typing import Final, Literal

from checkoutguard.countries import country_code
from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCountry, echo

__all__ = [
    "BUYER_TYPES",
    "CHANNELS",
    "BuyerType",
    "Channel",
    "buyer",
    "channel",
    "country",
    "day",
    "method_ids",
    "parse_day",
]

BuyerType = Literal["consumer", "business"]
Channel = Literal["web", "ios", "android"]
BUYER_TYPES: Final[tuple[BuyerType, ...]] = ("consumer", "business")
CHANNELS: Final[tuple[Channel, ...]] = ("web", "ios", "android")
MAX_IDS: Final = 200
_MAX_ID_LENGTH: Final = 40
_NOT_ISO: Final = {"UK": "GB", "EL": "GR"}
_FIRST_DAY: Final = date(2000, 1, 1)
_LAST_DAY: Final = date(2099, 12, 31)


def country(value: object, *, path: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code; ``UK`` and ``EL`` get a hint (GB, GR) instead of a bare refusal."""
    if isinstance(value, str) and len(value) == 2 and value.upper() in _NOT_ISO:
        iso = _NOT_ISO[value.upper()]
        raise UnknownCountry(f"{echo(value)} is not an ISO 3166-1 code; use {iso}", path=path, accepted=iso)
    return country_code(value, path=path)


def day(value: object, *, path: str = "date") -> date:
    """A calendar day between 2000 and 2099 (``None`` means today); a ``datetime`` counts as its date."""
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise InvalidInput(f"{type(value).__name__} is not a date", path=path, accepted="a datetime.date")
    if not _FIRST_DAY <= value <= _LAST_DAY:
        raise InvalidInput(
            f"{value} is outside the years we hold data for", path=path, accepted="2000-01-01..2099-12-31"
        )
    return value


def parse_day(text: object, *, path: str = "date") -> date:
    """An ISO 8601 day from text (``2026-11-23``), for the CLI and JSON queries."""
    if not isinstance(text, str) or len(text) != 10:
        raise InvalidInput(f"{echo(text)} is not a date", path=path, accepted="YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{echo(text)} is not a date", path=path, accepted="YYYY-MM-DD") from exc
    return day(parsed, path=path)


def buyer(value: object, *, path: str = "buyer_type") -> BuyerType:
    for option in BUYER_TYPES:
        if type(value) is str and value == option:  # a type check first: no foreign __eq__ runs
            return option
    raise InvalidInput(f"{echo(value)} is not a buyer type", path=path, accepted=" or ".join(BUYER_TYPES))


def channel(value: object, *, path: str = "channel") -> Channel:
    for option in CHANNELS:
        if type(value) is str and value == option:
            return option
    raise InvalidInput(f"{echo(value)} is not a channel", path=path, accepted=", ".join(CHANNELS))


def method_ids(values: Iterable[object] | None, known: Collection[str], *, path: str) -> tuple[str, ...] | None:
    """Method ids in the caller's order, without repeats; an unknown id is an error with a suggestion.

    ``known`` is tested for membership as it is (a registry's mapping): no set is built per call."""
    if values is None:
        return None
    if isinstance(values, str | bytes):
        raise InvalidInput("a list of method ids is expected, not one string", path=path, accepted='["ideal", "card"]')
    if not isinstance(values, Iterable):
        raise InvalidInput(
            f"{type(values).__name__} is not a list of method ids", path=path, accepted='["ideal", "card"]'
        )
    result: list[str] = []
    for index, value in enumerate(values):
        if index >= MAX_IDS:
            raise LimitExceeded(f"more than {MAX_IDS} method ids", path=path, accepted=f"at most {MAX_IDS}")
        where = f"{path}[{index}]"
        if type(value) is not str or not 0 < len(value) <= _MAX_ID_LENGTH:
            raise InvalidInput(
                f"{echo(value)} is not a method id", path=where, accepted="a payment method id, e.g. ideal"
            )
        if value not in known:
            close = get_close_matches(value, sorted(known), n=1)
            hint = f"; did you mean {echo(close[0])}?" if close else ""
            raise InvalidInput(
                f"unknown payment method id {echo(value)}{hint}",
                path=where,
                accepted="an id from payment_methods/*.json",
            )
        if value not in result:
            result.append(value)
    return tuple(result)
