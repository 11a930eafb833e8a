"""State sales tax of a country without a VAT (the United States), from ``rates/sales_tax/<country>.json``.

Kept apart from the VAT profiles because its logic differs: the tax is owed only where the seller is
registered (or a marketplace facilitator collects), the state rate is a floor under local rates the
quote does not know, and exemptions depend on each item's price (New York's USD 110 clothing rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from checkoutguard.data.periods import Period, day_or_none, in_force, rate_periods
from checkoutguard.money import CONTEXT

__all__ = ["CLOTHING_CATEGORIES", "CLOTHING_HS_CHAPTERS", "Clothing", "SalesTaxTable", "StateTax", "is_clothing"]

#: Categories a clothing exemption covers (``clothing`` and ``footwear`` are adult sizes).
CLOTHING_CATEGORIES: Final = frozenset({"clothing", "footwear", "childrens_clothing", "childrens_footwear"})
#: HS chapters of apparel (61 knitted, 62 not knitted) and footwear (64): clothing when no category says so.
CLOTHING_HS_CHAPTERS: Final = ("61", "62", "64")

ShippingRule = Literal["taxable", "exempt_if_separately_stated"]
_ZERO: Final = Decimal(0)


def is_clothing(category: str, hs_code: str | None) -> bool:
    """Whether an item is clothing or footwear for a state exemption: by category, else by HS chapter."""
    if category in CLOTHING_CATEGORIES:
        return True
    return category == "general" and hs_code is not None and hs_code.startswith(CLOTHING_HS_CHAPTERS)


@dataclass(frozen=True, slots=True)
class Clothing:
    """A state's clothing exemption: ``all`` exempt, exempt ``below`` a price per item, or taxed on the ``excess``."""

    rule: str
    limit: Decimal | None
    source: str
    note: str

    def taxable_part(self, unit_price_usd: Decimal, unit_charged_usd: Decimal) -> Decimal:
        """The fraction (0 to 1) of an item's charge that is taxed.

        ``unit_price_usd`` is the item's own price (the ``below`` test: New York looks at the article's
        price); ``unit_charged_usd`` adds its share of taxable charges such as delivery (the ``excess``
        test: Rhode Island's regulation counts them toward the USD 250 per item).
        """
        if self.rule == "all" or self.limit is None:
            return _ZERO
        if self.rule == "below":
            return Decimal(1) if unit_price_usd >= self.limit else _ZERO
        if unit_charged_usd <= self.limit:
            return _ZERO
        return CONTEXT.divide(unit_charged_usd - self.limit, unit_charged_usd)


@dataclass(frozen=True, slots=True)
class StateTax:
    """One state's sales tax facts."""

    code: str
    name: str
    rates: tuple[Period[Decimal], ...]
    sourcing: str
    shipping: tuple[Period[str], ...]
    local_taxes: bool
    confirmed: bool
    clothing: Clothing | None
    note: str

    @property
    def levies(self) -> bool:
        return bool(self.rates)

    def rate(self, day: date) -> Period[Decimal] | None:
        return in_force(self.rates, day)

    def shipping_taxable(self, day: date) -> bool | None:
        """True or False by the delivery-charge rule in force; None where the data holds none."""
        period = in_force(self.shipping, day)
        return None if period is None else period.value == "taxable"


def _shipping(raw: Sequence[Mapping[str, Any]]) -> tuple[Period[str], ...]:
    return tuple(
        Period(
            entry["rule"],
            date.fromisoformat(entry["effective_from"]),
            day_or_none(entry.get("effective_to")),
            entry["source"],
            entry.get("note", ""),
        )
        for entry in raw
    )


class SalesTaxTable:
    """Every state of one country (``rates/sales_tax/US.json``)."""

    def __init__(self, document: Mapping[str, Any], *, file: str = "") -> None:
        self.file = file
        self.country: str = document["country"]
        self.currency: str = document["currency"]
        self.tax_name: str = document["tax_name"]
        self.marketplace_registration: str | None = document.get("marketplace_registration")
        self.review_by = date.fromisoformat(document["review_by"])
        self.states: dict[str, StateTax] = {}
        for code, raw in document["states"].items():
            clothing = raw.get("clothing")
            self.states[code] = StateTax(
                code=code,
                name=raw["name"],
                rates=rate_periods(raw["rates"], file=file),
                sourcing=raw["sourcing"],
                shipping=_shipping(raw["shipping"]),
                local_taxes=raw["local_taxes"],
                confirmed=raw["confirmed"],
                clothing=Clothing(
                    clothing["rule"],
                    Decimal(clothing["limit"]) if "limit" in clothing else None,
                    clothing["source"],
                    clothing["note"],
                )
                if clothing
                else None,
                note=raw.get("note", ""),
            )

    def collects(self, state: str, registrations: frozenset[str]) -> bool:
        """Whether the merchant collects ``state``'s tax: registered there, or sold through a facilitator."""
        return state in registrations or (
            self.marketplace_registration is not None and self.marketplace_registration in registrations
        )


@dataclass(frozen=True, slots=True)
class TaxableItem:
    """What the sales tax needs of one order line, in the quote currency."""

    item_id: str
    goods: Decimal
    shipping: Decimal
    fees: Decimal
    quantity: int
    category: str
    hs_code: str | None
    duty: Decimal = _ZERO  # duties the seller charges the buyer (DDP); zero under DAP


@dataclass(frozen=True, slots=True)
class SalesTaxResult:
    """The state's tax on an order: ``amount`` is unrounded (the engine rounds once, per invoice)."""

    state: StateTax
    collected: bool
    rate: Decimal
    base: Decimal
    amount: Decimal
    item_ids: tuple[str, ...]
    effective_from: date | None
    source: str
    explanation: str


def compute(
    table: SalesTaxTable,
    state: StateTax,
    registrations: frozenset[str],
    day: date,
    items: Sequence[TaxableItem],
    to_usd: Decimal,
) -> SalesTaxResult:
    """The state sales tax on ``items`` (``to_usd``: USD per unit of the quote currency, for per-item limits).

    Linear in the items; pure. The base is each item's price, plus its share of merchant fees, plus the
    duty the seller charges on it (DDP: the duty is part of the seller's price), plus its share of
    shipping where the state taxes delivery charges; clothing exemptions apply per item.
    """
    ids = tuple(item.item_id for item in items)
    period = state.rate(day)
    local = (
        " Local (county, city, district) sales taxes are not included."
        if state.local_taxes
        else " The state levies no local sales taxes."
    )
    if period is None:
        why = f"{state.name} levies no statewide sales tax." + (f" {state.note}" if state.note else "")
        return SalesTaxResult(state, False, _ZERO, _ZERO, _ZERO, ids, None, table.file or "", why)
    collected = table.collects(state.code, registrations)
    if not collected:
        why = (
            f"The merchant is not registered for sales tax in {state.code} ({state.name}) and names no marketplace "
            f"facilitator ({table.marketplace_registration}), so it collects none; the buyer may owe use tax "
            f"to the state directly.{local}"
        )
        return SalesTaxResult(state, False, period.value, _ZERO, _ZERO, ids, period.start, period.source, why)
    ship_taxable = state.shipping_taxable(day)
    base = _ZERO
    exempt_ids: list[str] = []
    for item in items:
        charged = item.goods + item.fees + item.duty + (item.shipping if ship_taxable else _ZERO)
        if state.clothing is not None and is_clothing(item.category, item.hs_code):
            per_unit = CONTEXT.divide(to_usd, item.quantity)
            fraction = state.clothing.taxable_part(
                CONTEXT.multiply(item.goods, per_unit), CONTEXT.multiply(charged, per_unit)
            )
            if fraction != 1:
                exempt_ids.append(item.item_id)
                charged = CONTEXT.multiply(charged, fraction)
        base += charged
    amount = CONTEXT.multiply(base, period.value)
    parts = [f"{state.name} state sales tax at {_pct(period.value)} (in force since {period.start})."]
    if state.note:
        parts.append(state.note)
    shipping = {
        True: "included (the state taxes delivery charges)",
        False: "not included (separately stated)",
        None: "not included (no rule in the data)",
    }[ship_taxable]
    duty = any(item.duty for item in items)
    parts.append(
        f"Base: goods, merchant fees{', duties the seller charges (DDP)' if duty else ''}; shipping {shipping}."
    )
    if exempt_ids and state.clothing is not None:
        parts.append(f"Clothing exemption for {', '.join(exempt_ids)}: {state.clothing.note}")
    if period.note:
        parts.append(period.note)
    parts.append(local.strip())
    if state.sourcing == "origin":
        parts.append("An in-state seller sources local tax at its own location; a remote seller by destination.")
    if not state.confirmed:
        parts.append("State rules rest on a compilation, not yet checked against the state's own publication.")
    return SalesTaxResult(state, True, period.value, base, amount, ids, period.start, period.source, " ".join(parts))


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"
