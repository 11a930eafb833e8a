"""ISO 3166 country and subdivision codes (via pycountry), checked once and cached."""

from __future__ import annotations

import functools

import pycountry

from checkoutguard.errors import UnknownCountry, echo

__all__ = ["country_code", "country_name", "subdivision_code", "warm_up"]


@functools.cache
def _countries() -> dict[str, str]:
    return {c.alpha_2: c.name for c in pycountry.countries}


@functools.cache
def _subdivisions(country: str) -> frozenset[str]:
    found = pycountry.subdivisions.get(country_code=country)  # type: ignore[no-untyped-call]
    return frozenset(s.code for s in found or ())


def warm_up() -> None:
    """Load pycountry's tables now (tens of milliseconds) rather than on the first request."""
    _countries()
    for code in ("CA", "US", "ES", "FR", "GB"):
        _subdivisions(code)


def country_code(value: object, *, path: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased: ``"de"`` → ``"DE"``."""
    if type(value) is not str or len(value) != 2:
        raise UnknownCountry(f"{echo(value)} is not a country code", path=path, accepted="ISO 3166-1 alpha-2, e.g. DE")
    code = value.upper()
    if code not in _countries():
        raise UnknownCountry(f"{code} is not an ISO 3166-1 country", path=path, accepted="ISO 3166-1 alpha-2, e.g. DE")
    return code


def country_name(code: str) -> str:
    return _countries().get(code, code)


def subdivision_code(country: str, value: object, *, path: str = "subdivision") -> str:
    """An ISO 3166-2 code of ``country``; ``"ON"`` and ``"CA-ON"`` both give ``"CA-ON"``."""
    if not isinstance(value, str) or not 1 <= len(value) <= 6:
        raise UnknownCountry(f"{echo(value)} is not a subdivision code", path=path, accepted="ISO 3166-2, e.g. CA-ON")
    code = value.upper()
    if "-" not in code:
        code = f"{country}-{code}"
    if not code.startswith(f"{country}-") or code not in _subdivisions(country):
        raise UnknownCountry(
            f"{echo(value)} is not a subdivision of {country}", path=path, accepted=f"ISO 3166-2, e.g. {country}-..."
        )
    return code
