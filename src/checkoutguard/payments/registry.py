"""Loading ``payment_methods/*.json`` once: schema validation, cross-file checks, and an index by country.

JSON Schema checks each file's shape; this module checks what a schema cannot: the file is named after
its id, codes are real ISO 3166 / ISO 4217 codes, limits fit the method's currencies and countries,
dates run forwards, and a method named as a successor or a recurring route exists.

The embedded files are checked against the schema by the project's tests (``tests/test_data_files.py``)
before they ship, so loading them runs only a fast structural check (jsonschema took ~0.2 s of every
process start); a folder passed in is someone else's data and gets the full schema.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from checkoutguard.countries import country_code
from checkoutguard.data.paths import payment_methods_dir
from checkoutguard.data.periods import day_or_none
from checkoutguard.data.schemas import load_json, validate, validator
from checkoutguard.errors import CheckoutGuardError, DataError
from checkoutguard.memo import Memo
from checkoutguard.money import currency
from checkoutguard.payments.model import (
    Availability,
    Limit,
    Method,
    ProviderId,
    Recurring,
    Refunds,
    Rename,
    Share,
)

if TYPE_CHECKING:
    from checkoutguard.snapshot import DataSnapshot

__all__ = ["Registry", "load_registry", "registry"]

_ALL_CHANNELS: Final = frozenset({"web", "ios", "android"})
#: The top-level fields every method file has, and their JSON types (the schema's ``required``).
_SHAPE: Final[dict[str, type | tuple[type, ...]]] = {
    "id": str,
    "names": dict,
    "kind": str,
    "scope": str,
    "countries": dict,
    "currencies": (str, list),
    "buyers": list,
    "recurring": dict,
    "refunds": dict,
    "providers": dict,
    "reviewed": str,
    "sources": list,
}
_MAX_FILES: Final = 2000


@dataclass(frozen=True, slots=True)
class Registry:
    """Every payment method, by id, and the ids offered in each country (global methods apart)."""

    methods: Mapping[str, Method]
    by_country: Mapping[str, tuple[str, ...]]
    global_ids: tuple[str, ...]
    version: str
    markets: frozenset[str]  # countries with at least one local method
    #: Every PSP named in the data, sorted (the ``provider`` argument is checked against it).
    providers: tuple[str, ...] = field(init=False, compare=False, repr=False)
    #: Selection plans of this registry, by the query without its amount (``payments/plans.py``); they
    #: live and die with the registry, so a reload never sees an old plan.
    plans: Memo[Any, Any] = field(init=False, compare=False, repr=False)
    #: Plain arguments that passed their checks, with their normalised query and plan: a repeat call
    #: checks only its amount (``selection._checked``).
    queries: Memo[Any, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        known = sorted({p for m in self.methods.values() for p in m.providers})
        object.__setattr__(self, "providers", tuple(known))
        object.__setattr__(self, "plans", Memo(limit=512, budget=8 << 20))
        object.__setattr__(self, "queries", Memo(limit=4096, budget=2 << 20))

    def get(self, method_id: str) -> Method:
        return self.methods[method_id]

    def catalog(self) -> list[dict[str, Any]]:
        """A JSON-ready summary of every method (for an HTTP API's catalog endpoint)."""
        return [
            {
                "id": m.id,
                "name": m.names["en"],
                "kind": m.kind,
                "scope": m.scope,
                "countries": sorted(m.countries),
                "currencies": "any" if m.currencies is None else sorted(m.currencies),
                "buyers": sorted(m.buyers),
                "recurring": m.recurring.supported,
                "effective_from": m.start.isoformat() if m.start else None,
                "effective_to": m.end.isoformat() if m.end else None,
                "providers": {p.provider: p.id for p in m.providers.values()},
            }
            for m in sorted(self.methods.values(), key=lambda m: m.id)
        ]


def _amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _check(condition: bool, message: str, file: str) -> None:
    if not condition:
        raise DataError(message, file=file)


def _check_dates(start: date | None, end: date | None, what: str, file: str) -> None:
    _check(start is None or end is None or start <= end, f"{what} ends ({end}) before it starts ({start})", file)


def _currencies(codes: Iterable[str], file: str) -> frozenset[str]:
    result = frozenset(codes)
    for code in result:
        try:
            currency(code)
        except CheckoutGuardError as exc:
            raise DataError(f"currency {code}: {exc}", file=file) from exc
    return result


def _country(code: str, file: str) -> str:
    try:
        return country_code(code)
    except CheckoutGuardError as exc:
        raise DataError(f"country {code}: {exc}", file=file) from exc


def _availability(code: str, raw: Mapping[str, Any], file: str) -> Availability:
    share = raw.get("share")
    entry = Availability(
        country=_country(code, file),
        source=raw["source"],
        rank=raw.get("rank"),
        rank_basis=raw.get("rank_basis"),
        share=Share(Decimal(share["value"]), share["measure"], share["source"], share.get("year")) if share else None,
        name=raw.get("name"),
        currencies=_currencies(raw["currencies"], file) if "currencies" in raw else None,
        start=day_or_none(raw.get("effective_from")),
        end=day_or_none(raw.get("effective_to")),
        note=raw.get("note", ""),
    )
    _check_dates(entry.start, entry.end, f"availability in {code}", file)
    return entry


def _limit(raw: Mapping[str, Any], file: str) -> Limit:
    limit = Limit(
        currency=raw["currency"],
        source=raw["source"],
        min=_amount(raw.get("min")),
        max=_amount(raw.get("max")),
        countries=frozenset(_country(c, file) for c in raw["countries"]) if "countries" in raw else None,
        provider=raw.get("provider"),
        caution_above=_amount(raw.get("caution_above")),
        caution=raw.get("caution", ""),
        note=raw.get("note", ""),
    )
    _check(limit.min is not None or limit.max is not None, f"{limit.currency} limit has neither min nor max", file)
    if limit.min is not None and limit.max is not None:
        _check(limit.min <= limit.max, f"{limit.currency} limit: min {limit.min} is above max {limit.max}", file)
    if limit.caution_above is not None and limit.max is not None:
        _check(limit.caution_above <= limit.max, f"{limit.currency} limit: caution_above is above max", file)
    return limit


def _parse(document: Mapping[str, Any], file: str) -> Method:
    countries = {code: _availability(code, raw, file) for code, raw in document["countries"].items()}
    raw_currencies = document["currencies"]
    currencies = None if raw_currencies == "any" else _currencies(raw_currencies, file)
    providers = {}
    for provider, raw in document["providers"].items():
        pid = ProviderId(
            provider,
            raw["id"],
            raw["source"],
            day_or_none(raw.get("effective_from")),
            day_or_none(raw.get("effective_to")),
            raw.get("note", ""),
        )
        _check_dates(pid.start, pid.end, f"provider {provider}", file)
        providers[provider] = pid
    recurring_raw = document["recurring"]
    refunds_raw = document["refunds"]
    retirement = document.get("retirement", {})
    method = Method(
        id=document["id"],
        kind=document["kind"],
        scope=document["scope"],
        names=MappingProxyType(dict(document["names"])),
        countries=MappingProxyType(countries),
        currencies=currencies,
        buyers=frozenset(document["buyers"]),
        channels=frozenset(document.get("channels", _ALL_CHANNELS)),
        recurring=Recurring(
            supported=recurring_raw["supported"],
            via=recurring_raw.get("via"),
            start=day_or_none(recurring_raw.get("effective_from")),
            not_at=frozenset(recurring_raw.get("not_at", ())),
            source=recurring_raw.get("source", ""),
            note=recurring_raw.get("note", ""),
        ),
        refunds=Refunds(
            support=refunds_raw["support"],
            window_days=refunds_raw.get("window_days"),
            chargebacks=refunds_raw.get("chargebacks"),
            source=refunds_raw.get("source", ""),
            note=refunds_raw.get("note", ""),
        ),
        providers=MappingProxyType(providers),
        sources=tuple(source["url"] for source in document["sources"]),
        renamed=tuple(
            Rename(r["name"], date.fromisoformat(r["effective_from"]), r["source"], r.get("note", ""))
            for r in sorted(document.get("renamed", ()), key=lambda r: r["effective_from"])
        ),
        default_rank=document.get("default_rank"),
        boost_on=frozenset(document.get("boost_on", ())),
        start=day_or_none(document.get("effective_from")),
        end=day_or_none(document.get("effective_to")),
        retirement_reason=retirement.get("reason", ""),
        successor=retirement.get("successor"),
        excluded_countries=MappingProxyType(
            {_country(c, file): raw["reason"] for c, raw in document.get("excluded_countries", {}).items()}
        ),
        limits=tuple(_limit(raw, file) for raw in document.get("limits", ())),
        channel_note=document.get("channel_note", ""),
        settlement_days=document.get("settlement", {}).get("business_days"),
        voucher_expiry=MappingProxyType(
            {k: v for k, v in document.get("voucher_expiry", {}).items() if k not in ("source", "note")}
        ),
        notes=document.get("notes", ""),
        unconfirmed=tuple(document.get("unconfirmed", ())),
    )
    _check_method(method, file)
    return method


def _structural(document: Any, file: str) -> Method:
    """``_parse`` behind a fast shape check; a file the parser cannot read is explained by the schema."""
    try:
        _check(isinstance(document, dict), "a method file must be a JSON object", file)
        for key, kind in _SHAPE.items():
            _check(isinstance(document.get(key), kind), f"{key} is missing or of the wrong type", file)
        return _parse(document, file)
    except DataError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError) as exc:
        validate(document, "payment_method", file=file)  # raises with every schema error, if there are any
        raise DataError(f"malformed method file ({type(exc).__name__})", file=file) from exc


def _check_method(method: Method, file: str) -> None:
    _check(Path(file).stem == method.id, f"file name must be the method id {method.id!r}", file)
    _check_dates(method.start, method.end, "the method", file)
    _check(not method.retirement_reason or method.end is not None, "a retirement needs effective_to", file)
    _check(method.boost_on <= method.channels, "boost_on names a channel the method does not support", file)
    for local in method.countries.values():
        if local.currencies is not None and method.currencies is not None:
            extra = local.currencies - method.currencies
            _check(not extra, f"{local.country} lists currencies {sorted(extra)} the method does not take", file)
    for limit in method.limits:
        if method.currencies is not None:
            _check(
                limit.currency in method.currencies, f"limit in {limit.currency}, which the method does not take", file
            )
        if limit.countries is not None and not method.is_global:
            extra = limit.countries - method.countries.keys()
            _check(not extra, f"limit for countries {sorted(extra)} where the method is not offered", file)


def _check_links(methods: Mapping[str, Method]) -> None:
    for method in methods.values():
        file = f"{method.id}.json"
        for linked, what in ((method.recurring.via, "recurring.via"), (method.successor, "retirement.successor")):
            _check(linked is None or linked in methods, f"{what} names unknown method {linked!r}", file)


def _files(directory: Path) -> list[Path]:
    files = sorted(directory.glob("*.json"))
    if len(files) > _MAX_FILES:
        raise DataError(f"{len(files)} method files; at most {_MAX_FILES} are read", file=str(directory))
    return files


def load_registry(directory: Path | None = None) -> Registry:
    """Read, validate and index every ``<id>.json`` in ``directory`` (default: the embedded data, whose
    schema check ran in CI: see the module docstring)."""
    folder = directory or payment_methods_dir()
    full_schema = directory is not None
    digest = hashlib.sha256()
    methods: dict[str, Method] = {}
    for path in _files(folder):
        raw_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw_bytes + b"\0")
        document = load_json(path)
        if full_schema and not validator("payment_method").is_valid(document):  # validate() explains
            validate(document, "payment_method", file=str(path))
        method = _structural(document, str(path))
        methods[method.id] = method
    _check_links(methods)
    by_country: dict[str, list[str]] = {}
    for method in methods.values():
        for country in method.countries:
            by_country.setdefault(country, []).append(method.id)
    return Registry(
        methods=MappingProxyType(methods),
        by_country=MappingProxyType({c: tuple(sorted(ids)) for c, ids in by_country.items()}),
        global_ids=tuple(sorted(m.id for m in methods.values() if m.is_global)),
        version=f"pm-{digest.hexdigest()[:12]}",
        markets=frozenset(m for m in by_country if any(not methods[i].is_global for i in by_country[m])),
    )


def registry() -> Registry:
    """The payment methods of the current data snapshot (``checkoutguard.current_data()``), loaded and
    checked on first use, then shared (it is immutable); ``reload_data`` swaps in a new one."""
    global _current_data
    if _current_data is None:  # imported on first use: the snapshot holds this module's registries
        from checkoutguard.snapshot import current_data

        _current_data = current_data
    return _current_data().methods


#: ``checkoutguard.snapshot.current_data`` once imported (an import statement per call cost ~1 µs).
_current_data: Callable[[], DataSnapshot] | None = None
