"""May a trader charge extra for a means of payment? The EEA and UK rules, as dated data with citations.

The transparency audit asks this for the buyer's country and the day of the checkout. The answer comes
from ``payment_methods/rules/surcharges.json``; a country or day the data does not cover gives
``known=False``, which must never be read as "surcharges allowed".

>>> from datetime import date
>>> surcharge_policy(country="DE", on=date(2026, 11, 23)).card_surcharge_banned
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from checkoutguard.data.paths import payment_methods_dir
from checkoutguard.data.periods import day_or_none
from checkoutguard.data.schemas import load_json, validate
from checkoutguard.payments import _inputs

__all__ = ["Citation", "SurchargePolicy", "SurchargeRules", "surcharge_policy", "surcharge_rules"]

_RULES_FILE: Final = "rules/surcharges.json"


@dataclass(frozen=True, slots=True)
class Citation:
    """A rule's legal basis: the act, the article, where to read it, and what it says in short."""

    law: str
    article: str
    url: str
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        result = {"law": self.law, "article": self.article, "url": self.url}
        if self.note:
            result["note"] = self.note
        return result


@dataclass(frozen=True, slots=True)
class _Rule:
    buyer_types: frozenset[str]
    start: date
    end: date | None
    card_surcharge_banned: bool
    banned_instruments: tuple[str, ...]
    fee_cap: str | None
    citations: tuple[Citation, ...]
    note: str

    def covers(self, buyer_type: str, day: date) -> bool:
        in_time = self.start <= day and (self.end is None or day <= self.end)
        return in_time and buyer_type in self.buyer_types


@dataclass(frozen=True, slots=True)
class _Member:
    start: date | None
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class _Jurisdiction:
    id: str
    name: str
    members: Mapping[str, _Member]
    rules: tuple[_Rule, ...]


@dataclass(frozen=True, slots=True)
class _National:
    buyer_types: frozenset[str]
    start: date | None
    extra_banned: tuple[str, ...]
    citations: tuple[Citation, ...]
    note: str


@dataclass(frozen=True, slots=True)
class SurchargeRules:
    """Every jurisdiction's dated rules, loaded once from the data file."""

    jurisdictions: tuple[_Jurisdiction, ...]
    national: Mapping[str, _National]
    reviewed: date

    def jurisdiction_of(self, country: str) -> _Jurisdiction | None:
        for jurisdiction in self.jurisdictions:
            if country in jurisdiction.members:
                return jurisdiction
        return None


@dataclass(frozen=True, slots=True)
class SurchargePolicy:
    """What may be charged for a means of payment in ``country`` on day ``on`` for this buyer type.

    ``known`` is False where the data has no rule; then ``card_surcharge_banned`` is False only because
    a bool must be something, and ``notes`` says so.
    """

    country: str
    on: date
    buyer_type: str
    jurisdiction: str
    known: bool
    card_surcharge_banned: bool
    fee_cap: str | None
    banned_instruments: tuple[str, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "date": self.on.isoformat(),
            "buyer_type": self.buyer_type,
            "jurisdiction": self.jurisdiction,
            "known": self.known,
            "card_surcharge_banned": self.card_surcharge_banned,
            "fee_cap": self.fee_cap,
            "banned_instruments": list(self.banned_instruments),
            "citations": [citation.to_dict() for citation in self.citations],
            "notes": list(self.notes),
        }


def _citations(raw: Sequence[Mapping[str, str]]) -> tuple[Citation, ...]:
    return tuple(Citation(c["law"], c["article"], c["url"], c.get("note", "")) for c in raw)


def _parse(document: Mapping[str, Any]) -> SurchargeRules:
    jurisdictions = []
    for entry in document["jurisdictions"]:
        members = {
            code: _Member(day_or_none(raw.get("effective_from")), raw.get("confirmed", True), raw.get("note", ""))
            for code, raw in entry["members"].items()
        }
        rules = tuple(
            _Rule(
                buyer_types=frozenset(rule["buyer_types"]),
                start=date.fromisoformat(rule["effective_from"]),
                end=day_or_none(rule.get("effective_to")),
                card_surcharge_banned=rule["card_surcharge_banned"],
                banned_instruments=tuple(rule.get("banned_instruments", ())),
                fee_cap=rule["fee_cap"],
                citations=_citations(rule["citations"]),
                note=rule.get("note", ""),
            )
            for rule in entry["rules"]
        )
        jurisdictions.append(_Jurisdiction(entry["id"], entry["name"], members, rules))
    national = {
        code: _National(
            buyer_types=frozenset(raw.get("buyer_types", _inputs.BUYER_TYPES)),
            start=day_or_none(raw.get("effective_from")),
            extra_banned=tuple(raw.get("extra_banned_instruments", ())),
            citations=_citations(raw["citations"]),
            note=raw.get("note", ""),
        )
        for code, raw in document.get("national", {}).items()
    }
    return SurchargeRules(tuple(jurisdictions), national, date.fromisoformat(document["reviewed"]))


@functools.cache
def surcharge_rules() -> SurchargeRules:
    """The rules in ``payment_methods/rules/surcharges.json``, validated against their schema once."""
    path = payment_methods_dir() / _RULES_FILE
    document = load_json(path)
    validate(document, "surcharge_rules", file=str(path))
    return _parse(document)


def surcharge_policy(
    *, country: str, on: date | None = None, buyer_type: str = "consumer", rules: SurchargeRules | None = None
) -> SurchargePolicy:
    """The surcharge rules for a buyer in ``country`` on day ``on`` (default today).

    Raises ``UnknownCountry`` for a code that is not ISO 3166-1 and ``InvalidInput`` for a bad day or
    buyer type. A valid country without data gives ``known=False``.
    """
    code = _inputs.country(country)
    day = _inputs.day(on, path="on")
    buyer = _inputs.buyer(buyer_type)
    book = rules or surcharge_rules()
    jurisdiction = book.jurisdiction_of(code)
    if jurisdiction is None:
        return _unknown(code, day, buyer, code, f"no surcharge rules for {code} in checkoutguard's data")
    member = jurisdiction.members[code]
    notes = [member.note] if member.note else []
    if member.start is not None and day < member.start:
        return _unknown(
            code, day, buyer, jurisdiction.id, f"{jurisdiction.name} rules apply in {code} from {member.start}"
        )
    rule = next((r for r in jurisdiction.rules if r.covers(buyer, day)), None)
    if rule is None:
        reason = f"no {jurisdiction.name} rule for {buyer} buyers on {day} in checkoutguard's data"
        return _unknown(code, day, buyer, jurisdiction.id, reason, tuple(notes))
    if not member.confirmed:
        notes.append(f"the day {jurisdiction.name} rules started to apply in {code} is unconfirmed")
    if rule.note:
        notes.append(rule.note)
    banned = list(rule.banned_instruments)
    citations = list(rule.citations)
    national = book.national.get(code)
    if national and buyer in national.buyer_types and (national.start is None or day >= national.start):
        banned.extend(i for i in national.extra_banned if i not in banned)
        citations.extend(national.citations)
        if national.note:
            notes.append(national.note)
    return SurchargePolicy(
        country=code,
        on=day,
        buyer_type=buyer,
        jurisdiction=jurisdiction.id,
        known=True,
        card_surcharge_banned=rule.card_surcharge_banned,
        fee_cap=rule.fee_cap,
        banned_instruments=tuple(banned),
        citations=tuple(citations),
        notes=tuple(notes),
    )


def _unknown(
    code: str, day: date, buyer: str, jurisdiction: str, reason: str, notes: tuple[str, ...] = ()
) -> SurchargePolicy:
    warning = f"{reason}: unknown, which does not mean surcharges are allowed"
    return SurchargePolicy(
        country=code,
        on=day,
        buyer_type=buyer,
        jurisdiction=jurisdiction,
        known=False,
        card_surcharge_banned=False,
        fee_cap=None,
        banned_instruments=(),
        citations=(),
        notes=(*notes, warning),
    )
