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
from checkoutguard.landed_cost.local_rates import LocalRates, zip5
from checkoutguard.money import CONTEXT

__all__ = [
    "CLOTHING_CATEGORIES",
    "CLOTHING_HS_CHAPTERS",
    "Clothing",
    "SalesTaxTable",
    "SingleArticle",
    "StateTax",
    "is_clothing",
]

#: Categories a clothing exemption covers (``clothing`` and ``footwear`` are adult sizes).
CLOTHING_CATEGORIES: Final = frozenset({"clothing", "footwear", "childrens_clothing", "childrens_footwear"})
#: HS chapters of apparel (61 knitted, 62 not knitted) and footwear (64): clothing when no category says so.
CLOTHING_HS_CHAPTERS: Final = ("61", "62", "64")

ShippingRule = Literal["taxable", "exempt_if_separately_stated"]
_ZERO: Final = Decimal(0)
#: A monthly rate table is trusted for this many days after its month starts; later quotes warn.
LOCAL_TABLE_DAYS: Final = 92


def is_clothing(category: str, hs_code: str | None) -> bool:
    """Whether an item is clothing or footwear for a state exemption: by category, else by HS chapter."""
    if category in CLOTHING_CATEGORIES:
        return True
    return category == "general" and hs_code is not None and hs_code.startswith(CLOTHING_HS_CHAPTERS)


#: Delivery-charge rules under which a separately stated charge is part of the taxable price.
_TAXABLE_SHIPPING: Final = frozenset({"taxable", "taxable_follows_shipment"})


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
class SingleArticle:
    """Tennessee's single-article tiers: local tax stops at ``local_limit`` of one article's price, and
    ``extra_rate`` of state tax applies to the part from ``local_limit`` to ``extra_limit``."""

    local_limit: Decimal
    extra_rate: Decimal
    extra_limit: Decimal
    source: str
    note: str

    def tiers(self, unit_charged_usd: Decimal) -> tuple[Decimal, Decimal]:
        """The fractions of one article's charge (0 to 1) above the local limit, and in the extra-rate band."""
        if unit_charged_usd <= self.local_limit:
            return _ZERO, _ZERO
        above = CONTEXT.divide(unit_charged_usd - self.local_limit, unit_charged_usd)
        band = min(unit_charged_usd, self.extra_limit) - self.local_limit
        return above, CONTEXT.divide(band, unit_charged_usd)


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
    single_article: SingleArticle | None = None

    @property
    def levies(self) -> bool:
        return bool(self.rates)

    def rate(self, day: date) -> Period[Decimal] | None:
        return in_force(self.rates, day)

    def shipping_taxable(self, day: date) -> bool | None:
        """True or False by the delivery-charge rule in force; None where the data holds none."""
        period = in_force(self.shipping, day)
        return None if period is None else period.value in _TAXABLE_SHIPPING

    def shipping_follows_shipment(self, day: date) -> bool:
        """Whether one delivery charge on the bill is taxable in full when any item shipped is taxable, and
        exempt when all are (New York, TB-ST-838), instead of following each item's share."""
        period = in_force(self.shipping, day)
        return period is not None and period.value == "taxable_follows_shipment"


def _single_article(raw: Mapping[str, str] | None) -> SingleArticle | None:
    if raw is None:
        return None
    return SingleArticle(
        Decimal(raw["local_limit"]), Decimal(raw["extra_rate"]), Decimal(raw["extra_limit"]), raw["source"], raw["note"]
    )


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

    def __init__(self, document: Mapping[str, Any], *, file: str = "", local_rates: LocalRates | None = None) -> None:
        self.file = file
        self.document = document
        #: The merchant's local rate tables by ZIP (``local_rates.py``); None: local taxes are not quoted.
        self.local_rates = local_rates
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
                single_article=_single_article(raw.get("single_article")),
            )

    def with_local_rates(self, local_rates: LocalRates | None) -> SalesTaxTable:
        """A copy of this table that adds local rates by ZIP code from ``local_rates``."""
        return SalesTaxTable(self.document, file=self.file, local_rates=local_rates)

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
    local_rate: Decimal = _ZERO  # included in ``rate`` when ``local_included``
    local_included: bool = False
    warnings: tuple[tuple[str, str], ...] = ()  # (code, message) the quote shows


def compute(
    table: SalesTaxTable,
    state: StateTax,
    registrations: frozenset[str],
    day: date,
    items: Sequence[TaxableItem],
    to_usd: Decimal,
    postal_code: str | None = None,
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
    local_rate, local_found, local_text, warnings = _local(table, state, postal_code, day, period.value)
    local = f" {local_text}"
    rate = period.value + local_rate
    ship_taxable = state.shipping_taxable(day)
    # New York: the one delivery charge of the bill is taxed whole when anything shipped is taxable.
    follows = bool(ship_taxable) and state.shipping_follows_shipment(day)
    shipment = _ZERO
    any_taxable = False
    base = _ZERO
    above_local = _ZERO  # the part of single articles' charges that local tax does not reach (Tennessee)
    extra_band = _ZERO  # the part taxed at the state's extra single-article rate
    exempt_ids: list[str] = []
    for item in items:
        ship = item.shipping if ship_taxable and not follows else _ZERO
        shipment += item.shipping if follows else _ZERO
        charged = item.goods + item.fees + item.duty + ship
        per_unit = CONTEXT.divide(to_usd, item.quantity)
        fraction = Decimal(1)
        if state.clothing is not None and is_clothing(item.category, item.hs_code):
            fraction = state.clothing.taxable_part(
                CONTEXT.multiply(item.goods, per_unit), CONTEXT.multiply(charged, per_unit)
            )
            if fraction != 1:
                exempt_ids.append(item.item_id)
                charged = CONTEXT.multiply(charged, fraction)
        any_taxable = any_taxable or fraction != 0
        if state.single_article is not None:
            above, band = state.single_article.tiers(CONTEXT.multiply(charged, per_unit))
            above_local += CONTEXT.multiply(charged, above)
            extra_band += CONTEXT.multiply(charged, band)
        base += charged
    if follows and any_taxable:
        base += shipment
    amount = CONTEXT.multiply(base, rate)
    if state.single_article is not None:
        amount += CONTEXT.multiply(extra_band, state.single_article.extra_rate)
        amount -= CONTEXT.multiply(above_local, local_rate)
    parts = [f"{state.name} state sales tax at {_pct(period.value)} (in force since {period.start})."]
    if state.note:
        parts.append(state.note)
    if follows:
        shipping = (
            "included in full, as one charge for a shipment holding taxable goods"
            if any_taxable
            else "not included (every item shipped is exempt)"
        )
    else:
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
    if extra_band and state.single_article is not None:
        parts.append(f"Single-article tax: {state.single_article.note}")
    if period.note:
        parts.append(period.note)
    parts.append(local.strip())
    if state.sourcing == "origin":
        parts.append("An in-state seller sources local tax at its own location; a remote seller by destination.")
    if not state.confirmed:
        parts.append("State rules rest on a compilation, not yet checked against the state's own publication.")
    source = period.source
    return SalesTaxResult(
        state, True, rate, base, amount, ids, period.start, source, " ".join(parts), local_rate, local_found, warnings
    )


def _local(
    table: SalesTaxTable, state: StateTax, postal_code: str | None, day: date, state_rate: Decimal
) -> tuple[Decimal, bool, str, tuple[tuple[str, str], ...]]:
    """The local rate for the buyer's ZIP from the merchant's tables: (rate, found, what the quote says, warnings)."""
    tables = table.local_rates
    if not state.local_taxes:
        return _ZERO, False, "The state levies no local sales taxes.", ()
    missing = "Local (county, city, district) sales taxes are not included"
    if tables is None:
        return _ZERO, False, f"{missing}.", ()
    if state.code not in tables.states:
        return _ZERO, False, f"{missing}: no local rate table was loaded for {state.code}.", ()
    code = zip5(postal_code) if postal_code else None
    if code is None:
        why = f"{missing}: ship_to.postal_code is {'missing' if not postal_code else 'not a US ZIP code'}."
        return _ZERO, False, why, (("LOCAL_SALES_TAX_NO_ZIP", why),)
    found = tables.lookup(code)
    if found is None:
        why = f"{missing}: ZIP {code} is not in the loaded {state.code} rate table."
        return _ZERO, False, why, (("LOCAL_SALES_TAX_NO_ZIP", why),)
    rate, source = found
    if rate.state != state.code:
        why = f"{missing}: ZIP {code} belongs to {rate.state} in {source.name}, not to {state.code}."
        return _ZERO, False, why, (("LOCAL_SALES_TAX_ZIP_STATE_MISMATCH", why),)
    # The table's combined rate is the total (vendors split the state's part differently: California's 7.25 %
    # includes 1.25 % of local taxes); our dated state rate is the floor under it.
    local_rate = max(rate.combined - state_rate, _ZERO).normalize()  # "0.0591", not "0.059100"
    text = (
        f"Local rate {_pct(local_rate)} for ZIP {code} ({rate.region}; combined {_pct(rate.combined)}: state "
        f"{_pct(rate.state_rate)}, county {_pct(rate.county)}, city {_pct(rate.city)}, special districts "
        f"{_pct(rate.special)}) from {source.name}, rates of {source.as_of:%Y-%m}; a ZIP code estimates the "
        "jurisdiction, which one ZIP can split."
    )
    warnings: list[tuple[str, str]] = []
    if rate.combined < state_rate:
        warnings.append(("LOCAL_RATES_STALE", f"{source.name}: ZIP {code}'s combined rate is below the state rate"))
    age = (day - source.as_of).days
    if not 0 <= age <= LOCAL_TABLE_DAYS:
        warnings.append(
            (
                "LOCAL_RATES_STALE",
                f"the local rate table {source.name} describes {source.as_of:%Y-%m}, not the quote date {day}",
            )
        )
    if state.clothing is not None:
        text += " Local taxes follow the state's clothing exemption here (some New York localities tax clothing)."
    return local_rate, True, text, tuple(warnings)


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"
