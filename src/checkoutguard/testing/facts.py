"""What the embedded data says a test must cover: thresholds, destinations, registrations, currencies.

The strategies and the property suite read their edge cases here, from ``rates/`` and the audit's rule
catalog, so a threshold added to the data is tested without anyone editing a test. Pure (no Hypothesis,
no pytest); every answer is computed once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checkoutguard.audit.rules import RULES, catalog
from checkoutguard.data.periods import day_or_none
from checkoutguard.data.schemas import load_json
from checkoutguard.errors import CheckoutGuardError, InvalidInput
from checkoutguard.fx import embedded_fx
from checkoutguard.landed_cost import RatesBook, default_book
from checkoutguard.money import CONTEXT, currency_table, quantum

__all__ = [
    "Destination",
    "Threshold",
    "covered_destinations",
    "edge_amounts",
    "fx_currencies",
    "fx_window",
    "hs_codes",
    "registrations",
    "rule_countries",
    "thresholds",
]


@dataclass(frozen=True, slots=True)
class Threshold:
    """A value limit in the data: the rule it belongs to, the limit, its currency and whether it is inclusive."""

    jurisdiction: str
    rule: str
    kind: str  # the rule's kind: tax, duty or fee
    limit: Decimal
    currency: str
    inclusive: bool
    bound: str  # "max" (value <= limit), "min" (value > limit) or "waive" (a tax up to it is not levied)


@dataclass(frozen=True, slots=True)
class Destination:
    """A place the book can quote for: the ``ship_to`` of an order document, and how it was found."""

    country: str
    subdivision: str | None = None
    postal_code: str | None = None
    territory: str | None = None

    def ship_to(self) -> dict[str, str]:
        out = {"country": self.country}
        if self.subdivision:
            out["subdivision"] = self.subdivision
        if self.postal_code:
            out["postal_code"] = self.postal_code
        return out


def _book(book: RatesBook | None) -> RatesBook:
    return book if book is not None else default_book()


@functools.cache
def _thresholds(book: RatesBook) -> tuple[Threshold, ...]:
    found: set[Threshold] = set()
    for regime in book.regimes.values():
        for rule in (*regime.tax_rules, *regime.duty_rules, *regime.fees):
            test = rule.when.value
            if test is not None and test.limit is not None:
                found.add(
                    Threshold(regime.jurisdiction, rule.id, rule.kind, test.limit, test.currency, test.inclusive, "max")
                )
            if test is not None and test.above is not None:
                found.add(Threshold(regime.jurisdiction, rule.id, rule.kind, test.above, test.currency, False, "min"))
            if rule.waive_up_to is not None:
                code = rule.waive_currency or regime.currency
                found.add(Threshold(regime.jurisdiction, rule.id, rule.kind, rule.waive_up_to, code, True, "waive"))
    return tuple(sorted(found, key=lambda t: (t.currency, t.limit, t.jurisdiction, t.rule, t.bound)))


def thresholds(book: RatesBook | None = None) -> tuple[Threshold, ...]:
    """Every value threshold (de minimis, low-value regimes, tax waivers) in the book's regimes."""
    return _thresholds(_book(book))


@functools.cache
def _edges(book: RatesBook, code: str) -> tuple[Decimal, ...]:
    step = quantum(code)
    values: set[Decimal] = set()
    for threshold in _thresholds(book):
        if threshold.currency != code:
            continue
        limit = threshold.limit.quantize(step, context=CONTEXT)
        values.update(v for v in (CONTEXT.subtract(limit, step), limit, CONTEXT.add(limit, step)) if v >= 0)
    return tuple(sorted(values))


def edge_amounts(code: str, book: RatesBook | None = None) -> tuple[Decimal, ...]:
    """Every threshold stated in ``code``, and one minor unit either side, rounded to ``code``'s minor unit."""
    quantum(code)  # refuses an unknown code with UnknownCurrency
    return _edges(_book(book), code)


@functools.cache
def _destinations(book: RatesBook) -> tuple[Destination, ...]:
    day = date(2026, 1, 1)
    candidates: list[Destination] = []
    for regime in sorted(book.regimes.values(), key=lambda r: r.jurisdiction):
        for country in sorted(regime.countries):
            profile = book.vat(country)
            if profile is None:
                continue
            if profile.requires_subdivision or profile.subdivisions:
                candidates.extend(Destination(country, code) for code in sorted(profile.subdivisions))
            if not profile.requires_subdivision:
                candidates.append(Destination(country))
    listed = book.root / "territories.json"
    entries = load_json(listed)["territories"] if listed.is_file() else []
    for entry in entries:  # the special territories, each as a buyer's address can name it
        match, country, ident = entry["match"], entry["country"], entry["id"]
        candidates.extend(Destination(country, code, None, ident) for code in sorted(match.get("subdivisions", ())))
        candidates.extend(Destination(country, None, code, ident) for code in match.get("postal_codes", ())[:1])
        candidates.extend(Destination(code, None, None, ident) for code in sorted(match.get("countries", ())))
    usable: dict[Destination, None] = {}
    for place in candidates:
        try:
            book.destination(place.country, place.subdivision, place.postal_code, day)
        except CheckoutGuardError:
            continue  # a territory outside every customs area we hold rules for: not quotable, by design
        usable.setdefault(place, None)
    return tuple(usable)


def covered_destinations(book: RatesBook | None = None) -> tuple[Destination, ...]:
    """Every country, subdivision and special territory the book resolves to import rules and a tax."""
    return _destinations(_book(book))


@functools.cache
def _registrations(book: RatesBook) -> tuple[str, ...]:
    names: set[str] = set()
    for regime in book.regimes.values():
        for rule in (*regime.tax_rules, *regime.duty_rules, *regime.fees):
            names.update(rule.when.registrations_any or ())
            if rule.registration_required:
                names.add(rule.registration_required)
    return tuple(sorted(names))


def registrations(book: RatesBook | None = None) -> tuple[str, ...]:
    """The merchant registrations (EU-IOSS, GB-VAT...) some rule in the book switches on."""
    return _registrations(_book(book))


@functools.cache
def _hs_rows(book: RatesBook, jurisdiction: str) -> tuple[tuple[str, date, date | None], ...]:
    file = book.root / "duty" / f"{jurisdiction}.json"
    if not file.is_file():
        return ()
    return tuple(
        (row["hs"], date.fromisoformat(row["effective_from"]), day_or_none(row.get("effective_to")))
        for row in load_json(file)["rates"]
        if len(row["hs"]) >= 6
    )


def hs_codes(jurisdiction: str, on: date | None = None, book: RatesBook | None = None) -> tuple[str, ...]:
    """HS codes (6 digits or more) with a tariff row in the jurisdiction's duty table, in force ``on`` if
    given (empty: no table, or no row that day)."""
    rows = _hs_rows(_book(book), jurisdiction)
    return tuple(sorted({hs for hs, start, end in rows if on is None or (start <= on and (end is None or on <= end))}))


def fx_window() -> tuple[date, date]:
    """The first and last day of the embedded reference rates: quote dates inside it are never stale."""
    fx = embedded_fx()
    return fx.first_date, fx.last_date


@functools.cache
def fx_currencies() -> tuple[str, ...]:
    """Currencies the embedded FX converts (ECB reference rates and pegs) that can price goods."""
    table = currency_table()
    return tuple(sorted(c for c in embedded_fx().currencies if c in table and table[c].minor_units is not None))


@functools.cache
def rule_countries(rule_id: str) -> tuple[str, ...]:
    """The countries (and US-CA, as ``US``-prefixed subdivision) whose buyers the audit rule protects."""
    if rule_id not in RULES:
        raise InvalidInput(f"unknown audit rule {rule_id!r}", path="violation", accepted=", ".join(RULES))
    book = catalog()
    info = book.rules[rule_id]
    if "*" in info.applies_to:
        return tuple(sorted(book.currencies))
    members: set[str] = set()
    for tag in info.applies_to:
        members.update(book.jurisdictions.get(tag, ()))
    return tuple(sorted(members))
