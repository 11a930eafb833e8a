"""Which rules of a regime can apply to an order, decided once per kind of order rather than once per quote.

Most conditions of a tax, duty or fee rule (buyer type, registrations, destination, origin country of the
shipment, transport) depend on a handful of order facts that repeat from quote to quote; only value tests and
item categories need the order's own items. ``candidates`` answers the repeating part from a bounded cache of
a pure function of immutable data (the regime's rules never change once loaded).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import NamedTuple

from checkoutguard.landed_cost.book import Regime, Rule

__all__ = ["Candidate", "Consignment", "candidates"]


class Consignment(NamedTuple):
    """The order facts that rule conditions test at consignment level, apart from amounts and categories."""

    buyer_type: str
    has_tax_id: bool
    registrations: frozenset[str]
    ship_to: str
    in_vat_area: bool
    ship_from: str
    transport: str


class Candidate(NamedTuple):
    """A rule whose order-level conditions hold; ``per_quote`` when a part is left to check per quote
    (a consignment value test or a consignment-wide category exclusion)."""

    rule: Rule
    per_quote: bool


def _holds(rule: Rule, facts: Consignment) -> bool:
    when = rule.when
    if when.buyer is not None and facts.buyer_type not in when.buyer:
        return False
    if when.buyer_tax_id is not None and facts.has_tax_id != when.buyer_tax_id:
        return False
    if when.registrations_any is not None and not facts.registrations & when.registrations_any:
        return False
    if when.countries is not None and facts.ship_to not in when.countries:
        return False
    if when.in_vat_area is not None and facts.in_vat_area != when.in_vat_area:
        return False
    if when.ship_from is not None and facts.ship_from not in when.ship_from:
        return False
    if when.ship_from_not is not None and facts.ship_from in when.ship_from_not:
        return False
    return not (when.transport is not None and facts.transport not in when.transport)


def _per_quote(rule: Rule) -> bool:
    when = rule.when
    by_category = bool(when.exclude_categories) and when.exclude_scope == "consignment"
    return by_category or (when.value is not None and when.value.per == "consignment")


@functools.lru_cache(maxsize=4096)
def candidates(regime: Regime, kind: str, day: date, facts: Consignment) -> tuple[Candidate, ...]:
    """The rules of ``kind`` in force on ``day``, in order, whose order-level conditions hold for ``facts``."""
    return tuple(Candidate(rule, _per_quote(rule)) for rule in regime.rules_on(kind, day) if _holds(rule, facts))
