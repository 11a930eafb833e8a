"""ISO 3166 country and subdivision codes (pycountry's tables), checked once and cached.

The tables are read as plain JSON from pycountry's package: importing pycountry reads package metadata and
building its objects and indexes for 5,046 subdivisions cost ~70 ms of a process start that only needs
the codes. The result is the same (``tests/test_countries.py`` compares them with pycountry's own answers).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

from checkoutguard.errors import UnknownCountry, echo

__all__ = ["country_code", "country_name", "subdivision_code", "warm_up"]


def _table(standard: str) -> list[dict[str, Any]]:
    """pycountry's ``databases/iso<standard>.json`` entries, without importing pycountry."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:  # pragma: no cover - pycountry is a dependency
        raise ImportError("pycountry is not installed")
    path = Path(spec.origin).parent / "databases" / f"iso{standard}.json"
    entries: list[dict[str, Any]] = json.loads(path.read_bytes())[standard]
    return entries


@functools.cache
def _countries() -> dict[str, str]:
    return {entry["alpha_2"]: entry["name"] for entry in _table("3166-1")}


@functools.cache
def _all_subdivisions() -> dict[str, frozenset[str]]:
    by_country: dict[str, set[str]] = {}
    for entry in _table("3166-2"):
        code: str = entry["code"]
        by_country.setdefault(code.split("-", 1)[0], set()).add(code)
    return {country: frozenset(codes) for country, codes in by_country.items()}


def _subdivisions(country: str) -> frozenset[str]:
    return _all_subdivisions().get(country, frozenset())


def warm_up() -> None:
    """Load the ISO tables now (a few milliseconds) rather than on the first request."""
    _countries()
    _all_subdivisions()


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
