"""The payment-method data as immutable values, read once from ``payment_methods/*.json``.

Dates are inclusive: ``end`` is the last day a method (or a country, or a PSP) could be used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

__all__ = [
    "Availability",
    "Limit",
    "Method",
    "ProviderId",
    "Recurring",
    "Refunds",
    "Rename",
    "Share",
    "Timing",
    "window",
]

Timing = Literal["before", "active", "after"]

_EMPTY: Mapping[str, str] = MappingProxyType({})


def window(start: date | None, end: date | None, day: date) -> Timing:
    """Whether ``day`` falls before, inside or after the inclusive window ``start``..``end``."""
    if start is not None and day < start:
        return "before"
    if end is not None and day > end:
        return "after"
    return "active"


@dataclass(frozen=True, slots=True)
class Share:
    """A popularity figure and what it measures, in the source's own terms."""

    value: Decimal
    measure: str
    source: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Availability:
    """A method in one country: its rank there, local brand and currencies, and when it was offered."""

    country: str
    source: str
    rank: int | None = None
    rank_basis: str | None = None
    share: Share | None = None
    name: str | None = None
    currencies: frozenset[str] | None = None
    start: date | None = None
    end: date | None = None
    note: str = ""

    def timing(self, day: date) -> Timing:
        return window(self.start, self.end, day)


@dataclass(frozen=True, slots=True)
class Limit:
    """Minimum and maximum amount in one currency, as one provider states them."""

    currency: str
    source: str
    min: Decimal | None = None
    max: Decimal | None = None
    countries: frozenset[str] | None = None
    provider: str | None = None
    caution_above: Decimal | None = None
    caution: str = ""
    note: str = ""

    def applies_to(self, currency: str, country: str) -> bool:
        return self.currency == currency and (self.countries is None or country in self.countries)


@dataclass(frozen=True, slots=True)
class ProviderId:
    """A method's identifier at one PSP, and the days that PSP processed it."""

    provider: str
    id: str
    source: str
    start: date | None = None
    end: date | None = None
    note: str = ""

    def timing(self, day: date) -> Timing:
        return window(self.start, self.end, day)


@dataclass(frozen=True, slots=True)
class Recurring:
    supported: bool
    via: str | None = None
    start: date | None = None
    not_at: frozenset[str] = frozenset()
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Refunds:
    support: str
    window_days: int | None = None
    chargebacks: bool | None = None
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rename:
    name: str
    start: date
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Method:
    """One payment method: availability by country and date, limits, flags, PSP identifiers, sources."""

    id: str
    kind: str
    scope: str
    names: Mapping[str, str]
    countries: Mapping[str, Availability]
    currencies: frozenset[str] | None
    buyers: frozenset[str]
    channels: frozenset[str]
    recurring: Recurring
    refunds: Refunds
    providers: Mapping[str, ProviderId]
    sources: tuple[str, ...]
    renamed: tuple[Rename, ...] = ()
    default_rank: int | None = None
    boost_on: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    retirement_reason: str = ""
    successor: str | None = None
    excluded_countries: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    limits: tuple[Limit, ...] = ()
    channel_note: str = ""
    settlement_days: int | None = None
    voucher_expiry: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    notes: str = ""
    unconfirmed: tuple[str, ...] = ()

    @property
    def is_global(self) -> bool:
        return self.scope == "global"

    def timing(self, day: date) -> Timing:
        return window(self.start, self.end, day)

    def name_on(self, day: date, country: str | None = None) -> str:
        """The display name on ``day``: a country brand (Clearpay) wins, then the latest renaming."""
        if country is not None:
            local = self.countries.get(country)
            if local is not None and local.name:
                return local.name
        name = self.names["en"]
        for rename in self.renamed:
            if rename.start <= day:
                name = rename.name
        return name

    def provider_ids(self, day: date) -> dict[str, str]:
        """Identifiers at the PSPs that processed this method on ``day``."""
        return {p.provider: p.id for p in self.providers.values() if p.timing(day) == "active"}

    def currencies_in(self, country: str) -> frozenset[str] | None:
        """Currencies a buyer in ``country`` can pay in; ``None`` means any ISO 4217 currency."""
        local = self.countries.get(country)
        if local is not None and local.currencies is not None:
            return local.currencies
        return self.currencies
