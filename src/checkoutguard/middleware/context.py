"""The buyer context: who is checking out (country, subdivision, currency, locale, buyer type), from the request.

Sources, first that gives a valid ISO code wins: the merchant's allowed override (query parameter, then
cookie), geo headers from a CDN the merchant says it sits behind (a client can forge any header, so none
is trusted by default), the region of the buyer's preferred ``Accept-Language`` tag, the merchant's
``default_country``. A forged or unknown value falls through to the next source; resolution never raises.
"""

from __future__ import annotations

import functools
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from starlette.requests import cookie_parser
from starlette.types import Scope

from checkoutguard.audit.rules import catalog
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import CheckoutGuardError, InvalidInput
from checkoutguard.middleware.headers import quality as q_value
from checkoutguard.money import currency as currency_info

__all__ = ["CDN_HEADERS", "BuyerContext", "ContextResolver"]

#: Geo headers by CDN: (country header, region header or None). Region values are ISO 3166-2 suffixes.
CDN_HEADERS: Final[Mapping[str, tuple[str, str | None]]] = {
    "cloudflare": ("cf-ipcountry", "cf-region-code"),
    "cloudfront": ("cloudfront-viewer-country", "cloudfront-viewer-country-region"),
    "vercel": ("x-vercel-ip-country", "x-vercel-ip-country-region"),
    "fastly": ("fastly-geo-country", None),
}
_BUYER_TYPES: Final = ("consumer", "business")
#: Bounds that keep header parsing linear and cheap whatever a client sends.
_MAX_LANGUAGE_TAGS: Final = 16
_MAX_HEADER: Final = 4096
#: A BCP 47 language tag's shape (``de``, ``de-CH``, ``zh-Hant-TW``, ``es-419``); anything else is not a locale.
_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}")


@dataclass(frozen=True, slots=True)
class BuyerContext:
    """Who is checking out. ``source`` says where the country came from (``query``, ``cookie``,
    ``header:<name>``, ``accept-language``, ``default``, or ``none``)."""

    country: str | None
    subdivision: str | None
    currency: str | None
    locale: str | None
    buyer_type: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "subdivision": self.subdivision,
            "currency": self.currency,
            "locale": self.locale,
            "buyer_type": self.buyer_type,
            "source": self.source,
        }


@functools.lru_cache(maxsize=512)
def _currency_of(country: str, day: date) -> str | None:
    return catalog().currency_of(country, day)


class _Today:
    """``date.today()`` costs microseconds (it reads the local time zone); the day changes once a day."""

    def __init__(self) -> None:
        self.day = date.min
        self.until = 0.0

    def __call__(self) -> date:
        now = time.time()
        if now >= self.until:
            self.day = date.today()
            self.until = datetime.combine(self.day + timedelta(days=1), datetime.min.time()).timestamp()
        return self.day


_today = _Today()


def _place(value: str) -> tuple[str, str | None] | None:
    """``"DE"`` → ("DE", None); ``"CA-ON"`` → ("CA", "CA-ON"); anything unknown → None."""
    value = value.strip()
    try:
        if len(value) > 2 and value[2:3] == "-":
            country = country_code(value[:2])
            return country, subdivision_code(country, value)
        return country_code(value), None
    except CheckoutGuardError:
        return None


def _region(country: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return subdivision_code(country, value.strip())
    except CheckoutGuardError:
        return None


def _languages(header: str) -> list[str]:
    """Language tags by preference (q-value, then order), at most ``_MAX_LANGUAGE_TAGS`` read."""
    ranked: list[tuple[float, int, str]] = []  # float-ok: q-values are ordering keys, not money
    for index, part in enumerate(header[:_MAX_HEADER].split(",")[:_MAX_LANGUAGE_TAGS]):
        tag, _, params = part.strip().partition(";")
        quality = q_value(params)
        if quality is None:
            continue
        tag = tag.strip()
        if quality > 0 and _LANGUAGE_TAG.fullmatch(tag):
            ranked.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def _language_region(tag: str) -> str | None:
    for subtag in tag.replace("_", "-").split("-")[1:]:
        if len(subtag) == 2 and subtag.isalpha():
            return subtag.upper()
    return None


@functools.lru_cache(maxsize=1024)
def _language_hint(header: str) -> tuple[str | None, str | None]:
    """(locale, country) from an ``Accept-Language`` value; browsers send a handful of distinct values, so
    the answer is remembered (the header is cut to 4 KiB before it gets here)."""
    languages = _languages(header)
    for tag in languages:
        region = _language_region(tag)
        place = _place(region) if region else None
        if place is not None:
            return languages[0], place[0]
    return (languages[0] if languages else None), None


class ContextResolver:
    """Built once per middleware from its options; ``resolve(scope)`` runs per guarded request."""

    def __init__(
        self,
        *,
        trust_geo: Iterable[str] = (),
        country_query: str | None = None,
        country_cookie: str | None = None,
        default_country: str | None = None,
        currency: str | None = None,
        buyer_type: str | Callable[[Scope], str] = "consumer",
    ) -> None:
        geo: list[tuple[str, str | None]] = []
        for name in [trust_geo] if isinstance(trust_geo, str) else trust_geo:
            key = str(name).strip().lower()
            geo.append(CDN_HEADERS.get(key, (key, None)))
            if not key or any(c in key for c in " :\r\n"):
                raise InvalidInput(f"{name!r} is not a header name", path="trust_geo", accepted=", ".join(CDN_HEADERS))
        self.geo: Final = tuple(geo)
        self.country_query: Final = country_query
        self.country_cookie: Final = country_cookie
        self.default_country: Final = country_code(default_country, path="default_country") if default_country else None
        self.currency: Final = currency_info(str(currency).upper(), path="currency").code if currency else None
        if isinstance(buyer_type, str) and buyer_type not in _BUYER_TYPES:
            raise InvalidInput(
                f"buyer type {buyer_type!r} is unknown", path="buyer_type", accepted="consumer or business"
            )
        self.buyer_type: Final = buyer_type
        wanted = {"accept-language"} | {h for pair in self.geo for h in pair if h}
        if country_cookie:
            wanted.add("cookie")
        self._wanted: Final = frozenset(name.encode("latin-1") for name in wanted)

    def fallback(self) -> BuyerContext:
        """The context when resolution itself failed: the merchant's default country, nothing guessed."""
        return self._finish(self.default_country, None, None, "consumer", "default" if self.default_country else "none")

    def resolve(self, scope: Scope) -> BuyerContext:
        headers: dict[str, str] = {}
        for name, value in scope.get("headers") or ():  # ASGI servers send header names in lower case
            if name in self._wanted:
                key = name.decode("latin-1")
                if key not in headers:
                    headers[key] = bytes(value)[:_MAX_HEADER].decode("latin-1")
        locale, language_country = _language_hint(headers.get("accept-language", ""))
        buyer_type = self._buyer_type(scope)
        for source, value, region_value in self._candidates(scope, headers):
            place = _place(value) if value else None
            if place is not None:
                country, subdivision = place
                return self._finish(country, subdivision or _region(country, region_value), locale, buyer_type, source)
        if language_country is not None:
            return self._finish(language_country, None, locale, buyer_type, "accept-language")
        source = "default" if self.default_country else "none"
        return self._finish(self.default_country, None, locale, buyer_type, source)

    def _candidates(self, scope: Scope, headers: Mapping[str, str]) -> Iterable[tuple[str, str | None, str | None]]:
        if self.country_query:
            query = bytes(scope.get("query_string", b""))[:_MAX_HEADER].decode("latin-1")
            for key, value in urllib.parse.parse_qsl(query, max_num_fields=None):
                if key == self.country_query:
                    yield "query", value, None
                    break
        if self.country_cookie and "cookie" in headers:
            yield "cookie", cookie_parser(headers["cookie"]).get(self.country_cookie), None
        for country_header, region_header in self.geo:
            yield f"header:{country_header}", headers.get(country_header), headers.get(region_header or "")

    def _buyer_type(self, scope: Scope) -> str:
        chosen = self.buyer_type(scope) if callable(self.buyer_type) else self.buyer_type
        return chosen if chosen in _BUYER_TYPES else "consumer"

    def _finish(
        self, country: str | None, subdivision: str | None, locale: str | None, buyer_type: str, source: str
    ) -> BuyerContext:
        money = self.currency or (_currency_of(country, _today()) if country else None)
        return BuyerContext(country, subdivision, money, locale, buyer_type, source)
