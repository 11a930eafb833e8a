"""The RatesBook: VAT profiles, duty tables and import regimes, loaded once and then read-only.

A book reads every file under its folder into memory when it is built (about 1.6 MB): that snapshot
is the data, and ``data_version`` fingerprints exactly those bytes. Files are then parsed from the
snapshot lazily, one jurisdiction at a time (or all at once with ``warm_up``), so editing or replacing
files under a running book changes nothing it answers: a new book (see ``checkoutguard.reload_data``)
is how new data comes in. Lookups on the hot path are dict reads.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Protocol

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import Period, day_or_none, in_force, rate_periods
from checkoutguard.data.schemas import loads_json, validate
from checkoutguard.errors import DataError, RateUnavailable
from checkoutguard.landed_cost.entry_fees import EntryFeeTable
from checkoutguard.landed_cost.local_rates import LocalRates
from checkoutguard.landed_cost.memo import Memo, remember
from checkoutguard.landed_cost.sales_tax import SalesTaxTable
from checkoutguard.money import CONTEXT

__all__ = [
    "AdditionalDuty",
    "Destination",
    "DutyProvider",
    "DutyRate",
    "DutyRow",
    "DutyTable",
    "Preference",
    "RatesBook",
    "Regime",
    "Rule",
    "TaxComponent",
    "VatProfile",
    "default_book",
]


# --------------------------------------------------------------------------- VAT


@dataclass(frozen=True, slots=True)
class TaxComponent:
    """One tax that applies to an item: GST, or HST instead of it, or a PST on top of it."""

    name: str
    rate: Decimal
    source: str
    effective_from: date
    collected_on_import: bool = True
    base_includes_national_tax: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Subdivision:
    name: str
    mode: str
    tax_name: str
    standard: tuple[Period[Decimal], ...]
    categories: Mapping[str, tuple[Period[Decimal], ...]]
    collected_on_import: bool
    base_includes_national_tax: bool
    note: str


class VatProfile:
    """The VAT/GST of one country or tax territory (``rates/vat/<code>.json``)."""

    def __init__(self, document: Mapping[str, Any], *, file: str = "") -> None:
        self.file = file
        self.code: str = document["code"]
        self.name: str = document["name"]
        self.currency: str = document["currency"]
        self.tax_name: str = document["tax_name"]
        self.levies_vat: bool = document["levies_vat"]
        self.review_by = date.fromisoformat(document["review_by"])
        self.standard = rate_periods(document["standard"], file=file)
        self.categories = {k: rate_periods(v, file=file) for k, v in document.get("categories", {}).items()}
        self.requires_subdivision: bool = document.get("subdivision_required", False)
        self._component_cache: Memo[tuple[str | None, str, date], tuple[TaxComponent, ...]] = Memo(4096, 64 << 10)
        self.subdivisions: dict[str, _Subdivision] = {}
        for code, sub in document.get("subdivisions", {}).items():
            self.subdivisions[code] = _Subdivision(
                name=sub["name"],
                mode=sub["mode"],
                tax_name=sub["tax_name"],
                standard=rate_periods(sub["standard"], file=file),
                categories={k: rate_periods(v, file=file) for k, v in sub.get("categories", {}).items()},
                collected_on_import=sub["collected_on_import"],
                base_includes_national_tax=sub.get("base_includes_national_tax", False),
                note=sub.get("note", ""),
            )

    def with_standard(self, standard: tuple[Period[Decimal], ...], *, name: str) -> VatProfile:
        """A copy with another standard rate (Jungholz and Mittelberg pay 19 % instead of Austria's 20 %)."""
        clone = object.__new__(VatProfile)
        clone.__dict__.update(self.__dict__)
        clone.standard = standard
        clone.name = name
        clone._component_cache = Memo(4096, 64 << 10)  # answers computed with the other standard rate must not leak in
        return clone

    @classmethod
    def none(cls, code: str, name: str, currency: str, *, file: str) -> VatProfile:
        """A territory that levies no VAT/GST (Mount Athos, French Guiana, Gibraltar...)."""
        return cls(
            {
                "code": code,
                "name": name,
                "currency": currency,
                "tax_name": "VAT",
                "levies_vat": False,
                "standard": [],
                "review_by": "9999-12-31",
            },
            file=file,
        )

    def _pick(
        self,
        standard: Sequence[Period[Decimal]],
        categories: Mapping[str, Sequence[Period[Decimal]]],
        category: str,
        day: date,
        what: str,
    ) -> Period[Decimal]:
        special = categories.get(category)
        period = in_force(special, day) if special else None
        if period is None:
            period = in_force(standard, day)
        if period is None:
            raise RateUnavailable(f"no {what} rate in force on {day} in {self.file or self.code}")
        return period

    def components(self, subdivision: str | None, category: str, day: date) -> tuple[TaxComponent, ...]:
        """The taxes on an item of ``category`` delivered to ``subdivision`` on ``day`` (empty: no VAT)."""
        key = (subdivision, category, day)
        cache = self._component_cache
        found = cache.get(key)
        if found is None:
            found = remember(cache, key, self._components(subdivision, category, day))
        return found

    def _components(self, subdivision: str | None, category: str, day: date) -> tuple[TaxComponent, ...]:
        if not self.levies_vat:
            return ()
        sub = self.subdivisions.get(subdivision or "")
        result: list[TaxComponent] = []
        if sub is None or sub.mode == "add":
            national = self._pick(self.standard, self.categories, category, day, self.tax_name)
            result.append(
                TaxComponent(self.tax_name, national.value, national.source, national.start, note=national.note)
            )
        if sub is not None:
            local = self._pick(sub.standard, sub.categories, category, day, sub.tax_name)
            result.append(
                TaxComponent(
                    sub.tax_name,
                    local.value,
                    local.source,
                    local.start,
                    collected_on_import=sub.collected_on_import,
                    base_includes_national_tax=sub.base_includes_national_tax,
                    note=sub.note or local.note,
                )
            )
        return tuple(result)


# --------------------------------------------------------------------------- duty


@dataclass(frozen=True, slots=True)
class PerUnit:
    """An amount per unit of quantity (kg, pair, item...): a specific duty, or the floor or cap of one."""

    amount: Decimal
    currency: str
    unit: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> PerUnit:
        return cls(Decimal(raw["amount"]), raw["currency"], raw["unit"])

    def describe(self) -> str:
        return f"{self.currency} {self.amount:f}/{self.unit}"


@dataclass(frozen=True, slots=True)
class DutyRate:
    """An ad valorem fraction and/or a specific amount per unit (kg, pair, item...), optionally held between
    a ``minimum`` and a ``maximum`` per unit (the EU's "4.5 % MIN EUR 0.30 MAX EUR 0.80 per item" on watches)."""

    ad_valorem: Decimal | None = None
    specific_amount: Decimal | None = None
    specific_currency: str | None = None
    specific_unit: str | None = None
    minimum: PerUnit | None = None
    maximum: PerUnit | None = None
    text: str = field(default="", compare=False)
    #: Ad valorem only, nothing per unit: the common case, computed without the per-unit path.
    plain: bool = field(default=False, compare=False)

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> DutyRate:
        specific = raw.get("specific")
        return cls(
            ad_valorem=Decimal(raw["ad_valorem"]) if "ad_valorem" in raw else None,
            specific_amount=Decimal(specific["amount"]) if specific else None,
            specific_currency=specific["currency"] if specific else None,
            specific_unit=specific["unit"] if specific else None,
            minimum=PerUnit.parse(raw["minimum"]) if "minimum" in raw else None,
            maximum=PerUnit.parse(raw["maximum"]) if "maximum" in raw else None,
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", self._describe())
        plain = self.specific_amount is None and self.minimum is None and self.maximum is None
        object.__setattr__(self, "plain", plain)

    def describe(self) -> str:
        return self.text

    def _describe(self) -> str:
        parts = []
        if self.ad_valorem is not None:
            parts.append(f"{CONTEXT.multiply(self.ad_valorem, 100).normalize(CONTEXT):f} %")
        if self.specific_amount is not None:
            parts.append(f"{self.specific_currency} {self.specific_amount:f}/{self.specific_unit}")
        text = " + ".join(parts) or "free"
        bounds = [
            f"{word} {bound.describe()}" for word, bound in (("min", self.minimum), ("max", self.maximum)) if bound
        ]
        return f"{text} ({', '.join(bounds)})" if bounds else text


@dataclass(frozen=True, slots=True)
class DutyRow:
    hs: str
    description: str
    rate: DutyRate
    start: date
    end: date | None
    source: str
    note: str = ""
    estimated: bool = False

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _duty_row(hs: str, description: str, raw: Mapping[str, Any]) -> DutyRow:
    """A tariff row, or a territory's rate for a whole chapter, from its JSON entry."""
    return DutyRow(
        hs,
        description,
        DutyRate.parse(raw["rate"]),
        date.fromisoformat(raw["effective_from"]),
        day_or_none(raw.get("effective_to")),
        raw["source"],
        raw.get("note", ""),
    )


def _matches_hs(hs: str, prefixes: Sequence[str]) -> bool:
    return any(p == "*" or hs.startswith(p) for p in prefixes)


@dataclass(frozen=True, slots=True)
class Preference:
    id: str
    name: str
    origins: frozenset[str]
    ship_from: frozenset[str]
    hs: tuple[str, ...]
    exclude_hs: tuple[str, ...]
    rate: DutyRate
    start: date
    end: date | None
    source: str
    conditions: str

    def applies(self, hs: str, origin: str | None, ship_from: str, day: date) -> bool:
        if origin is None or not (self.start <= day and (self.end is None or day <= self.end)):
            return False
        if "*" not in self.origins and origin not in self.origins:
            return False
        shipped = self.ship_from or self.origins
        if "*" not in shipped and ship_from not in shipped:
            return False
        return _matches_hs(hs, self.hs) and not _matches_hs(hs, self.exclude_hs)


@dataclass(frozen=True, slots=True)
class AdditionalDuty:
    id: str
    name: str
    origins: frozenset[str]
    exclude_origins: frozenset[str]
    hs: tuple[str, ...]
    exclude_hs: tuple[str, ...]
    rate: DutyRate
    start: date
    end: date | None
    source: str
    note: str
    confirmed: bool = True  # False: rests on a secondary source; the quote warns
    yields_to_preferences: frozenset[str] = frozenset()  # claimed preferences that switch it off (USMCA)

    def applies(self, hs: str, origin: str | None, day: date) -> bool:
        if not (self.start <= day and (self.end is None or day <= self.end)):
            return False
        if "*" not in self.origins and (origin is None or origin not in self.origins):
            return False
        if origin is not None and origin in self.exclude_origins:
            return False
        return _matches_hs(hs, self.hs) and not _matches_hs(hs, self.exclude_hs)


class AdditionalLayer(Protocol):
    """Additional duties kept in their own file, with stacking rules (``additional_duties.py``)."""

    def duties(self, hs: str, origin: str | None, day: date, mfn: Decimal | None) -> tuple[AdditionalDuty, ...]: ...

    def unlisted(self, origin: str | None, day: date) -> tuple[AdditionalDuty, ...]: ...

    def __len__(self) -> int: ...


class DutyProvider(Protocol):
    """Where tariff rates come from: our JSON tables, or a merchant's own schedule (``CsvDutyTable``)."""

    jurisdiction: str
    review_by: date | None

    def lookup(self, hs: str, day: date) -> DutyRow | None: ...

    def estimate(self, hs: str | None, day: date) -> DutyRow | None: ...

    def preference(self, hs: str, origin: str | None, ship_from: str, day: date) -> Preference | None: ...

    def additional(self, hs: str, origin: str | None, day: date) -> Sequence[AdditionalDuty]: ...


class DutyTable:
    """Tariff rows by HS prefix; the longest prefix in force on the day wins."""

    _LENGTHS = (10, 8, 6, 4, 2)

    def __init__(
        self,
        jurisdiction: str,
        rows: Iterable[DutyRow],
        *,
        preferences: Iterable[Preference] = (),
        additional: Iterable[AdditionalDuty] = (),
        review_by: date | None = None,
        name: str = "",
        chapter_rates: Iterable[DutyRow] = (),
        layer: AdditionalLayer | None = None,
    ) -> None:
        self.jurisdiction = jurisdiction
        self.layer = layer
        #: The territory's rate for a whole chapter (its ``hs`` is the chapter), used for a code with no row.
        self._chapter_rates: dict[str, tuple[DutyRow, ...]] = {}
        for row in chapter_rates:
            self._chapter_rates[row.hs] = (*self._chapter_rates.get(row.hs, ()), row)
        self.name = name or jurisdiction
        self.review_by = review_by
        self._rows: dict[str, tuple[DutyRow, ...]] = {}
        for row in rows:
            self._rows[row.hs] = (*self._rows.get(row.hs, ()), row)
        self._preferences = tuple(preferences)
        self._additional = tuple(additional)
        # Indexes for the hot path: preferences by origin ("*" for any), answers by (code, day).
        self._preferences_by_origin: dict[str, tuple[Preference, ...]] = {}
        for pref in self._preferences:
            for origin in pref.origins:
                self._preferences_by_origin[origin] = (*self._preferences_by_origin.get(origin, ()), pref)
        self._any_origin = self._preferences_by_origin.pop("*", ())
        self._lookups: Memo[tuple[str, date], DutyRow | None] = Memo()
        self._estimates: Memo[tuple[str | None, date], DutyRow | None] = Memo()
        self._preference_answers: Memo[tuple[str, str, str, date], Preference | None] = Memo()
        self._additional_answers: Memo[tuple[str, str | None, date], tuple[AdditionalDuty, ...]] = Memo()
        starts = [row.start for versions in self._rows.values() for row in versions]
        ends = [row.end for versions in self._rows.values() for row in versions]
        #: The days the rows cover: from the earliest start to the latest end (None: still in force).
        self.first_day: date | None = min(starts) if starts else None
        self.last_day: date | None = None if not ends or None in ends else max(e for e in ends if e is not None)

    @classmethod
    def from_document(
        cls, document: Mapping[str, Any], *, file: str = "", layer: AdditionalLayer | None = None
    ) -> DutyTable:
        rows = [_duty_row(r["hs"], r["description"], r) for r in document["rates"]]
        preferences = [
            Preference(
                p["id"],
                p["name"],
                frozenset(p["origins"]),
                frozenset(p.get("ship_from", ())),
                tuple(p["hs"]),
                tuple(p.get("exclude_hs", ())),
                DutyRate.parse(p["rate"]),
                date.fromisoformat(p["effective_from"]),
                day_or_none(p.get("effective_to")),
                p["source"],
                p.get("conditions", ""),
            )
            for p in document.get("preferences", ())
        ]
        additional = [
            AdditionalDuty(
                a["id"],
                a["name"],
                frozenset(a["origins"]),
                frozenset(a.get("exclude_origins", ())),
                tuple(a["hs"]),
                tuple(a.get("exclude_hs", ())),
                DutyRate.parse(a["rate"]),
                date.fromisoformat(a["effective_from"]),
                day_or_none(a.get("effective_to")),
                a["source"],
                a.get("note", ""),
            )
            for a in document.get("additional", ())
        ]
        chapter_rates = [
            _duty_row(chapter, f"any code of chapter {chapter}", c)
            for c in document.get("chapter_rates", ())
            for chapter in c["chapters"]
        ]
        return cls(
            document["jurisdiction"],
            rows,
            preferences=preferences,
            additional=additional,
            review_by=date.fromisoformat(document["review_by"]),
            name=document["name"],
            chapter_rates=chapter_rates,
            layer=layer,
        )

    def __len__(self) -> int:
        return sum(len(v) for v in self._rows.values())

    def lookup(self, hs: str, day: date) -> DutyRow | None:
        key = (hs, day)
        if key in self._lookups:
            return self._lookups[key]
        return remember(self._lookups, key, self._lookup(hs, day))

    def _lookup(self, hs: str, day: date) -> DutyRow | None:
        rows = self._rows
        for length in self._LENGTHS:
            if len(hs) < length:
                continue
            candidates = rows.get(hs[:length])
            if candidates:
                for row in candidates:
                    if row.covers(day):
                        return row
        for row in self._chapter_rates.get(hs[:2], ()):
            if row.covers(day):
                return row
        return None

    def estimate(self, hs: str | None, day: date) -> DutyRow | None:
        """The highest ad valorem rate in force in the item's chapter, or in the whole table for an item with
        no HS code: never understate. A code whose chapter has no row is not estimated (None): a wooden window
        is not a T-shirt, so the quote names the code, the territory and the chapters covered instead.

        Remembered per (code, day) like ``lookup``, so the same estimate is the same row object every time.
        """
        key = (hs, day)
        if key in self._estimates:
            return self._estimates[key]
        return remember(self._estimates, key, self._estimate(hs, day))

    def _estimate(self, hs: str | None, day: date) -> DutyRow | None:
        chapter = hs[:2] if hs else ""
        best: DutyRow | None = None
        for key, rows in self._rows.items():
            if not key.startswith(chapter):
                continue
            for row in rows:
                value = row.rate.ad_valorem
                if value is None or not row.covers(day):
                    continue
                top = best.rate.ad_valorem if best is not None else None
                if top is None or value > top:
                    best = row
        if best is None:
            return None
        scope = f"chapter {chapter}" if chapter else "the table (no HS code)"
        return DutyRow(
            best.hs,
            best.description,
            DutyRate(ad_valorem=best.rate.ad_valorem),
            best.start,
            best.end,
            best.source,
            f"estimate: highest rate in {scope} ({best.hs})",
            estimated=True,
        )

    def chapters_on(self, day: date) -> tuple[str, ...]:
        """The HS chapters with a row or a chapter rate in force on ``day``: what a "no row" error names."""
        found = {key[:2] for key, rows in self._rows.items() if any(row.covers(day) for row in rows)}
        found.update(key for key, rows in self._chapter_rates.items() if any(row.covers(day) for row in rows))
        return tuple(sorted(found))

    def preference(self, hs: str, origin: str | None, ship_from: str, day: date) -> Preference | None:
        """The first preference whose origin, shipping country, codes and dates fit (remembered per question)."""
        if origin is None:
            return None
        key = (hs, origin, ship_from, day)
        if key in self._preference_answers:
            return self._preference_answers[key]
        found = next(
            (
                p
                for p in (*self._preferences_by_origin.get(origin, ()), *self._any_origin)
                if p.applies(hs, origin, ship_from, day)
            ),
            None,
        )
        return remember(self._preference_answers, key, found)

    def additional(self, hs: str, origin: str | None, day: date) -> Sequence[AdditionalDuty]:
        """The additional duties on ``hs`` from ``origin`` in force on ``day`` (remembered per question)."""
        key = (hs, origin, day)
        found = self._additional_answers.get(key)
        if found is None:
            found = tuple(a for a in self._additional if a.applies(hs, origin, day))
            if self.layer is not None:
                row = self.lookup(hs, day)
                found += self.layer.duties(hs, origin, day, row.rate.ad_valorem if row is not None else None)
            found = remember(self._additional_answers, key, found)
        return found


# --------------------------------------------------------------------------- regimes


@dataclass(frozen=True, slots=True)
class ValueTest:
    basis: str
    per: str
    limit: Decimal | None
    inclusive: bool
    currency: str
    above: Decimal | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        per = "per article" if self.per == "unit" else "consignment"
        parts = []
        if self.above is not None:
            parts.append(f"> {self.currency} {self.above:f}")
        if self.limit is not None:
            parts.append(f"{'≤' if self.inclusive else '<'} {self.currency} {self.limit:f}")
        text = f"{self.basis.replace('_', ' ')} value ({per}) {' and '.join(parts)}"
        object.__setattr__(self, "text", text)

    def passes(self, value: Decimal) -> bool:
        if self.above is not None and not value > self.above:
            return False
        if self.limit is None:
            return True
        return value <= self.limit if self.inclusive else value < self.limit

    def describe(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Conditions:
    buyer: frozenset[str] | None = None
    buyer_tax_id: bool | None = None
    registrations_any: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    in_vat_area: bool | None = None
    ship_from: frozenset[str] | None = None
    ship_from_not: frozenset[str] | None = None
    origin_not: frozenset[str] | None = None
    origins: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    hs: tuple[str, ...] | None = None
    hs_not: tuple[str, ...] | None = None
    transport: frozenset[str] | None = None
    value: ValueTest | None = None
    exclude_categories: frozenset[str] = frozenset()
    exclude_scope: str = "item"

    @classmethod
    def parse(cls, raw: Mapping[str, Any], currency: str) -> Conditions:
        def opt(key: str) -> frozenset[str] | None:
            return frozenset(raw[key]) if key in raw else None

        value = raw.get("value")
        excluded = raw.get("exclude_categories")
        return cls(
            buyer=opt("buyer"),
            buyer_tax_id=raw.get("buyer_tax_id"),
            registrations_any=opt("registrations_any"),
            countries=opt("countries"),
            in_vat_area=raw.get("in_vat_area"),
            ship_from=opt("ship_from"),
            ship_from_not=opt("ship_from_not"),
            origin_not=opt("origin_not"),
            origins=opt("origins"),
            categories=opt("categories"),
            hs=tuple(raw["hs"]) if "hs" in raw else None,
            hs_not=tuple(raw["hs_not"]) if "hs_not" in raw else None,
            transport=opt("transport"),
            value=ValueTest(
                value["basis"],
                value["per"],
                Decimal(value["max"]) if "max" in value else None,
                value.get("inclusive", True),
                value.get("currency", currency),
                Decimal(value["min"]) if "min" in value else None,
            )
            if value
            else None,
            exclude_categories=frozenset(excluded["categories"]) if excluded else frozenset(),
            exclude_scope=excluded["scope"] if excluded else "item",
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """A tax rule, duty rule or statutory fee: conditions plus what to do when they hold."""

    kind: str  # tax | duty | fee
    id: str
    name: str
    start: date
    end: date | None
    source: str
    legal_basis: str
    note: str
    when: Conditions
    method: str
    base: tuple[str, ...] = ()
    amount: Decimal | None = None
    amount_currency: str | None = None
    rate: Decimal | None = None
    digits: int = 6
    deduction: Decimal | None = None
    deduction_currency: str | None = None
    waive_up_to: Decimal | None = None
    waive_currency: str | None = None
    registration_required: str | None = None
    gross_up: bool = False
    uplift: Decimal | None = None
    rate_factor: Decimal | None = None
    surcharge: tuple[str, str, Decimal] | None = None  # (id, name, fraction of the duty)
    #: True when the rule can hold for some items of an order and not others (per-article value test,
    #: origin, item-level category exclusion); otherwise one check covers the whole consignment.
    item_level: bool = False
    summary: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _rule(kind: str, raw: Mapping[str, Any], currency: str) -> Rule:
    spec: Mapping[str, Any] = raw[kind] if kind in ("tax", "duty") else _fee_spec(raw)
    amount = spec.get("amount") or (raw.get("amount") if kind == "fee" else None)
    deduction = spec.get("deduction")
    waive = spec.get("waive_up_to")
    surcharge = spec.get("surcharge_on_duty")
    when = Conditions.parse(raw["when"], currency)
    item_level = (
        (when.value is not None and when.value.per == "unit")
        or when.origin_not is not None
        or when.origins is not None
        or when.categories is not None
        or when.hs is not None
        or when.hs_not is not None
        or (bool(when.exclude_categories) and when.exclude_scope == "item")
    )
    return Rule(
        kind=kind,
        id=raw["id"],
        name=raw["name"],
        start=date.fromisoformat(raw["effective_from"]),
        end=day_or_none(raw.get("effective_to")),
        source=raw["source"],
        legal_basis=raw.get("legal_basis", ""),
        note=raw.get("note", ""),
        when=when,
        method=spec["method"],
        base=tuple(spec.get("base", ())),
        amount=Decimal(amount["amount"]) if amount else None,
        amount_currency=amount["currency"] if amount else None,
        rate=Decimal(spec["rate"]) if "rate" in spec else None,
        digits=spec.get("digits", 6),
        deduction=Decimal(deduction["amount"]) if deduction else None,
        deduction_currency=deduction["currency"] if deduction else None,
        waive_up_to=Decimal(waive["amount"]) if waive else None,
        waive_currency=waive["currency"] if waive else None,
        registration_required=spec.get("registration_required"),
        gross_up=spec.get("gross_up", False),
        uplift=Decimal(spec["customs_value_uplift"]) if "customs_value_uplift" in spec else None,
        rate_factor=Decimal(spec["rate_factor"]) if "rate_factor" in spec else None,
        surcharge=(surcharge["id"], surcharge["name"], Decimal(surcharge["rate"])) if surcharge else None,
        item_level=item_level,
        summary=_summary(raw),
    )


def _fee_spec(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """A fee per consignment, or per article of it (France's EUR 2: one per goods item of the declaration)."""
    return {"method": "fee_per_article" if raw.get("per") == "article" else "fee"}


def _summary(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": raw["id"], "name": raw["name"], "source": raw["source"]}
    out["effective_from"] = raw["effective_from"]
    if raw.get("effective_to"):
        out["effective_to"] = raw["effective_to"]
    if raw.get("legal_basis"):
        out["legal_basis"] = raw["legal_basis"]
    return out


class Regime:
    """The import rules of one customs territory (``rates/regimes/<jurisdiction>.json``)."""

    def __init__(self, document: Mapping[str, Any], *, file: str = "", default: bool = False) -> None:
        self.file = file
        #: True for the default rules (``rates/default-regime.json``) standing in for a territory nobody
        #: researched: quotes under it warn DEFAULT_RULES, coverage counts it apart.
        self.default = default
        self.jurisdiction: str = document["jurisdiction"]
        self.name: str = document["name"]
        self.countries = frozenset(document["countries"])
        self.currency: str = document["currency"]
        self.review_by = date.fromisoformat(document["review_by"])
        self.valuation = tuple(
            Period(
                (v["basis"], Decimal(v.get("factor", "1")), frozenset(v.get("buyer", ("consumer", "business")))),
                date.fromisoformat(v["effective_from"]),
                day_or_none(v.get("effective_to")),
                v["source"],
                v.get("note", ""),
            )
            for v in document["valuation"]
        )
        self.tax_rules = tuple(_rule("tax", r, self.currency) for r in document["tax_rules"])
        self.duty_rules = tuple(_rule("duty", r, self.currency) for r in document["duty_rules"])
        self.fees = tuple(_rule("fee", r, self.currency) for r in document.get("fees", ()))
        #: The exchange rate the territory's customs law prescribes, if the data states one.
        self.customs_fx: Mapping[str, str] | None = document.get("customs_fx")
        for rules in (self.tax_rules, self.duty_rules):
            if rules[-1].when != Conditions():
                raise DataError(f"the last rule ({rules[-1].id}) must have no conditions", file=file)
        self._on: Memo[tuple[str, date], tuple[Rule, ...]] = Memo(4096, 64 << 10)
        self._valuation_on: Memo[tuple[date, str], tuple[str, Decimal]] = Memo(4096, 64 << 10)

    @classmethod
    def default_for(cls, template: Mapping[str, Any], profile: VatProfile, *, file: str) -> Regime:
        """The default rules for a territory with VAT data and no researched regime, in its own currency."""
        document = {
            **template,
            "jurisdiction": profile.code,
            "countries": [profile.code],
            "currency": profile.currency,
            "name": f"{profile.name}: {template['name']}",
        }
        return cls(document, file=file, default=True)

    def customs_fx_warning(self, used: Iterable[Any]) -> str | None:
        """Why a quote converted at rates (``FxRate``) other than the official customs rate, or None."""
        others = [r for r in used if r.kind not in ("override", "identity")]
        if self.customs_fx is None or not others:
            return None
        pairs = ", ".join(f"{r.base}/{r.quote} {r.rate} of {r.as_of} ({r.source})" for r in others)
        return (
            f"{self.jurisdiction} customs convert at {self.customs_fx['rule']} ({self.customs_fx['source']}); this "
            f"quote used {pairs}: pin the official rate with overrides.fx"
        )

    def rules_on(self, kind: str, day: date) -> tuple[Rule, ...]:
        """The tax, duty or fee rules in force on ``day``, in order (cached: dates repeat)."""
        key = (kind, day)
        found = self._on.get(key)
        if found is None:
            rules = {"tax": self.tax_rules, "duty": self.duty_rules, "fee": self.fees}[kind]
            found = remember(self._on, key, tuple(r for r in rules if r.in_force(day)))
        return found

    def valuation_basis(self, day: date, buyer: str = "consumer") -> tuple[str, Decimal]:
        """(basis, factor) for ``day`` and ``buyer``: CIF or FOB, and the share of the price that is valued."""
        key = (day, buyer)
        found = self._valuation_on.get(key)
        if found is not None:
            return found
        period = in_force((p for p in self.valuation if buyer in p.value[2]), day)
        if period is None:
            raise RateUnavailable(f"no customs valuation rule for {self.jurisdiction} on {day}")
        return remember(self._valuation_on, key, (period.value[0], period.value[1]))


# --------------------------------------------------------------------------- the book

#: Bounds on a data folder's snapshot: the embedded data is about 250 files and 1.6 MB.
MAX_SNAPSHOT_FILES: Final = 5000
MAX_SNAPSHOT_BYTES: Final = 256 * 1024 * 1024
#: The template of the default import rules, applied where no researched regime exists.
_DEFAULT_REGIME: Final = "default-regime.json"


def read_snapshot(root: Path) -> Mapping[str, bytes]:
    """Every ``.json`` and ``.csv`` file under ``root``, by path relative to it (``"vat/DE.json"``)."""
    if not root.is_dir():
        raise DataError("not a directory", file=str(root))
    files: dict[str, bytes] = {}
    total = 0
    for file in sorted(root.rglob("*")):
        if file.suffix in (".json", ".csv") and file.is_file():
            if len(files) >= MAX_SNAPSHOT_FILES:
                raise DataError(f"more than {MAX_SNAPSHOT_FILES} data files", file=str(root))
            try:
                raw = file.read_bytes()
            except OSError as exc:
                raise DataError(f"unreadable: {exc.strerror}", file=str(file)) from exc
            total += len(raw)
            if total > MAX_SNAPSHOT_BYTES:
                raise DataError(f"the data is larger than {MAX_SNAPSHOT_BYTES} bytes", file=str(root))
            files[file.relative_to(root).as_posix()] = raw
    return MappingProxyType(files)


@dataclass(frozen=True, slots=True)
class Territory:
    """A place outside its country's VAT or customs area (``rates/territories.json``)."""

    id: str
    name: str
    country: str
    countries: frozenset[str]
    subdivisions: frozenset[str]
    postal_codes: tuple[str, ...]
    tax_territory: str | None
    in_vat_area: bool
    customs_territory: str | None
    standard_override: tuple[Period[Decimal], ...]
    source: str
    note: str


def _postal(code: str | None) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the goods go, resolved to the tax territory and customs territory whose rules apply."""

    country: str
    subdivision: str | None
    tax: VatProfile
    regime: Regime
    duty: DutyProvider | None
    territory: Territory | None = None
    in_vat_area: bool = True

    @property
    def currency(self) -> str:
        return self.tax.currency


class RatesBook:
    """Every rate the engine needs, from a data folder (the embedded ``rates/`` by default)."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        validate_files: bool = False,
        duty_providers: Mapping[str, DutyProvider] | None = None,
        files: Mapping[str, bytes] | None = None,
        local_rates: LocalRates | None = None,
    ) -> None:
        self.root = root or rates_dir()
        self._validate = validate_files
        self._lock = threading.Lock()
        # The snapshot: every data file's bytes, read now; nothing is read from disk after this.
        self._files: Mapping[str, bytes] = files if files is not None else read_snapshot(self.root)
        self._vat: dict[str, VatProfile | None] = {}
        self._sales_tax: dict[str, SalesTaxTable | None] = {}
        self._entry_fees: dict[str, EntryFeeTable | None] = {}
        self._providers = dict(duty_providers or {})
        self.local_rates = local_rates  # the merchant's US local rate tables (with_local_rates)
        self._destinations: Memo[tuple[str, str | None, str | None], Destination] = Memo()
        self._by_address: Memo[tuple[str, str | None, str | None], Destination] = Memo(budget=2 << 20)
        # Memo for the engine's derived texts, keyed by the identity of this book's rules and rows:
        # it lives and dies with the book, so an id can never point at another book's object.
        self.memo: Memo[Any, Any] = Memo(budget=8 << 20)
        # Quote plans (landed_cost/plan.py): what each kind of order decides from its shape alone.
        self.plans: Memo[Any, Any] = Memo(limit=4096, budget=8 << 20)
        self._duty: dict[str, DutyProvider | None] = dict(self._providers)
        self._regimes: dict[str, Regime] = {}
        self._country_regime: dict[str, str] = {}
        for name in sorted(n for n in self._files if n.startswith("regimes/") and n.endswith(".json")):
            regime = Regime(self._load(name, "regime"), file=self._label(name))
            self._regimes[regime.jurisdiction] = regime
            for country in regime.countries:
                self._country_regime[country] = regime.jurisdiction
        self._default_template: Mapping[str, Any] | None = None
        if _DEFAULT_REGIME in self._files:
            self._default_template = self._load(_DEFAULT_REGIME, "regime")
        self._defaults: dict[str, Regime | None] = {}
        self._territories: tuple[Territory, ...] = ()
        if "territories.json" in self._files:
            listed = self._load("territories.json", "territories")["territories"]
            self._territories = tuple(self._territory(t) for t in listed)
        self._index_territories()
        categories = self._load("categories.json", "categories") if "categories.json" in self._files else None
        self.categories = frozenset(c["id"] for c in categories["categories"]) if categories else frozenset({"general"})
        self.data_version = self._fingerprint()

    @staticmethod
    def _territory(raw: Mapping[str, Any]) -> Territory:
        match = raw["match"]
        return Territory(
            id=raw["id"],
            name=raw["name"],
            country=raw["country"],
            countries=frozenset(match.get("countries", ())),
            subdivisions=frozenset(match.get("subdivisions", ())),
            postal_codes=tuple(_postal(p) for p in match.get("postal_codes", ())),
            tax_territory=raw["tax_territory"],
            in_vat_area=raw["in_eu_vat_area"],
            customs_territory=raw["customs_territory"],
            standard_override=rate_periods(raw.get("standard_override", ())),
            source=raw["source"],
            note=raw.get("note", ""),
        )

    def _index_territories(self) -> None:
        self._by_code: dict[str, Territory] = {}
        self._by_postal: dict[str, list[tuple[str, Territory]]] = {}
        for entry in self._territories:
            for code in (*entry.countries, *entry.subdivisions):
                self._by_code.setdefault(code, entry)
            for prefix in entry.postal_codes:
                self._by_postal.setdefault(entry.country, []).append((prefix, entry))
        for prefixes in self._by_postal.values():
            prefixes.sort(key=lambda pair: -len(pair[0]))

    def territory(self, country: str, subdivision: str | None, postal_code: str | None) -> Territory | None:
        """The special territory an address falls in (own ISO code, subdivision, then longest postal prefix)."""
        found = self._by_code.get(country) or (self._by_code.get(subdivision) if subdivision else None)
        if found is not None:
            return found
        prefixes = self._by_postal.get(country)
        if not prefixes or not postal_code:
            return None
        code = _postal(postal_code)
        for prefix, entry in prefixes:
            if code.startswith(prefix):
                return entry
        return None

    def _label(self, name: str) -> str:
        return str(self.root / name)

    def _load(self, name: str, schema: str) -> Any:
        document = loads_json(self._files[name], file=self._label(name))
        if self._validate:
            validate(document, schema, file=self._label(name))
        return document

    def file_bytes(self, name: str) -> bytes:
        """The bytes of ``name`` (``"fx/ecb.json"``) as this book read them: the FX snapshot is built from
        them, so rates and FX always come from the same generation of files."""
        try:
            return self._files[name]
        except KeyError:
            raise DataError("not in the data snapshot", file=self._label(name)) from None

    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self._files):
            digest.update(name.encode())
            digest.update(self._files[name])
        suffix = "+custom-duty" if self._providers else ""
        suffix += "+local-rates" if self.local_rates is not None else ""
        return f"sha256:{digest.hexdigest()[:16]}{suffix}"

    def with_duty_provider(self, provider: DutyProvider) -> RatesBook:
        """A copy of this book (the same snapshot) that takes tariff rates for ``provider.jurisdiction``
        from ``provider``."""
        providers = {**self._providers, provider.jurisdiction: provider}
        return RatesBook(
            self.root,
            validate_files=self._validate,
            duty_providers=providers,
            files=self._files,
            local_rates=self.local_rates,
        )

    def with_local_rates(self, local_rates: LocalRates) -> RatesBook:
        """A copy of this book (the same snapshot) whose US sales tax adds local rates by ZIP from ``local_rates``."""
        return RatesBook(
            self.root,
            validate_files=self._validate,
            duty_providers=self._providers,
            files=self._files,
            local_rates=local_rates,
        )

    def warm_up(self) -> None:
        """Parse every VAT and duty file now (about a second) instead of on the first quote that needs it."""
        for code in self.vat_codes():
            self.vat(code)
        for jurisdiction in self.duty_codes():
            self.duty(jurisdiction)

    def vat(self, code: str) -> VatProfile | None:
        if code not in self._vat:
            name = f"vat/{code}.json"
            profile = VatProfile(self._load(name, "vat"), file=self._label(name)) if name in self._files else None
            with self._lock:
                self._vat.setdefault(code, profile)
        return self._vat[code]

    def sales_tax(self, country: str) -> SalesTaxTable | None:
        """The state sales taxes of ``country`` (``sales_tax/<country>.json``), or None where it has none."""
        if country in self._sales_tax:  # the common case, None included: one lookup per quote
            return self._sales_tax[country]
        name = f"sales_tax/{country}.json"
        found = (
            SalesTaxTable(self._load(name, "sales_tax"), file=self._label(name), local_rates=self.local_rates)
            if name in self._files
            else None
        )
        with self._lock:
            return self._sales_tax.setdefault(country, found)

    def entry_fees(self, jurisdiction: str) -> EntryFeeTable | None:
        """The customs entry fees of ``jurisdiction`` (``entry_fees/<jurisdiction>.json``), or None."""
        if jurisdiction in self._entry_fees:
            return self._entry_fees[jurisdiction]
        name = f"entry_fees/{jurisdiction}.json"
        found = EntryFeeTable(self._load(name, "entry_fees"), file=self._label(name)) if name in self._files else None
        with self._lock:
            return self._entry_fees.setdefault(jurisdiction, found)

    def duty(self, jurisdiction: str) -> DutyProvider | None:
        if jurisdiction not in self._duty:
            name = f"duty/{jurisdiction}.json"
            found = name in self._files
            layer = self._additional_layer(jurisdiction)
            table = (
                DutyTable.from_document(self._load(name, "duty"), file=self._label(name), layer=layer)
                if found
                else None
            )
            with self._lock:
                self._duty.setdefault(jurisdiction, table)
        return self._duty[jurisdiction]

    def _additional_layer(self, jurisdiction: str) -> AdditionalLayer | None:
        """``additional_duties/<jurisdiction>.json`` (measures with stacking rules), or None."""
        from checkoutguard.landed_cost.additional_duties import AdditionalDutyLayer  # it builds this module's rows

        name = f"additional_duties/{jurisdiction}.json"
        if name not in self._files:
            return None
        return AdditionalDutyLayer(self._load(name, "additional_duties"), file=self._label(name))

    def regime(self, country: str) -> Regime | None:
        """The researched regime of ``country``, else the default rules if it has VAT data, else None."""
        jurisdiction = self._country_regime.get(country)
        if jurisdiction:
            return self._regimes[jurisdiction]
        return self.default_regime(country)

    def default_regime(self, code: str) -> Regime | None:
        """The default rules (``rates/default-regime.json``) for a territory with VAT data (None without)."""
        if code not in self._defaults:
            profile = self.vat(code) if self._default_template is not None else None
            found = None
            if profile is not None and self._default_template is not None:
                found = Regime.default_for(self._default_template, profile, file=self._label(_DEFAULT_REGIME))
            with self._lock:
                self._defaults.setdefault(code, found)
        return self._defaults[code]

    @property
    def regimes(self) -> Mapping[str, Regime]:
        """The researched regimes by jurisdiction (default rules are made on demand, see ``default_regime``)."""
        return self._regimes

    @property
    def territories(self) -> tuple[Territory, ...]:
        return self._territories

    def vat_codes(self) -> list[str]:
        return sorted(
            n[4:-5] for n in self._files if n.startswith("vat/") and n.endswith(".json") and n.count("/") == 1
        )

    def duty_codes(self) -> list[str]:
        return sorted(
            n[5:-5] for n in self._files if n.startswith("duty/") and n.endswith(".json") and n.count("/") == 1
        )

    def destination(self, country: str, subdivision: str | None, postal_code: str | None, day: date) -> Destination:
        """Resolve the rules for goods delivered to ``country`` (``subdivision``, ``postal_code``) on ``day``.

        Resolutions are remembered per (country, subdivision, territory): the data never changes; and per
        address, so a repeated address skips the territory search.
        """
        by_address = self._by_address.get((country, subdivision, postal_code))
        if by_address is not None:
            return by_address
        territory = self.territory(country, subdivision, postal_code)
        key = (country, subdivision, territory.id if territory is not None else None)
        found = self._destinations.get(key)
        if found is None:
            found = self._destination(country, subdivision, territory)
            with self._lock:
                remember(self._destinations, key, found)
        with self._lock:
            remember(self._by_address, (country, subdivision, postal_code), found)
        return found

    def _destination(self, country: str, subdivision: str | None, territory: Territory | None) -> Destination:
        """Resolve the rules for goods delivered to ``country`` (``subdivision``, ``postal_code``) on ``day``.

        A special territory (Canary Islands, Büsingen, Åland...) brings its own tax territory and customs
        territory; an address there is quoted with those, never with its country's ordinary rules.
        """
        if territory is None:
            regime = self.regime(country)
            if regime is None:
                raise RateUnavailable(
                    f"{country} is not covered: no import rules for it in the data; "
                    f"researched: {', '.join(sorted(self._country_regime))}"
                )
            tax = self.vat(country)
            if tax is None:
                raise RateUnavailable(f"no VAT/GST data for {country}")
            return Destination(country, subdivision, tax, regime, self.duty(regime.jurisdiction))
        customs = territory.customs_territory
        regime = self._regimes.get(customs) if customs else None
        if regime is None:
            regime = self.regime(customs) if customs else None
        if regime is None:
            raise RateUnavailable(
                f"{territory.name} is outside {territory.country}'s customs territory "
                f"({customs or 'a free zone'}) and is not covered: no import rules for it in the data"
            )
        if territory.tax_territory is None:
            parent = self.vat(territory.country)
            currency = parent.currency if parent is not None else regime.currency
            tax = VatProfile.none(territory.id, territory.name, currency, file="rates/territories.json")
        else:
            found = self.vat(territory.tax_territory)
            if found is None:
                raise RateUnavailable(f"no VAT/GST data for {territory.name} ({territory.tax_territory})")
            tax = found
        if territory.standard_override:
            tax = tax.with_standard(territory.standard_override, name=territory.name)
        return Destination(
            country,
            subdivision,
            tax,
            regime,
            self.duty(regime.jurisdiction),
            territory=territory,
            in_vat_area=territory.in_vat_area,
        )


def default_book() -> RatesBook:
    """The book of the current data snapshot (``checkoutguard.current_data()``), shared read-only.

    After ``checkoutguard.reload_data()`` this is the new book; a quote that already holds the old one
    finishes on it.
    """
    from checkoutguard.snapshot import current_data  # the snapshot holds this module's books

    return current_data().book
