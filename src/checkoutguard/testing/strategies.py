"""Hypothesis strategies for checkoutguard's inputs: currencies, amounts, destinations, orders, checkouts.

Examples tests miss the corner (a threshold, a rounding, a three-decimal currency); these strategies aim at
it. Edge values come from the embedded data (``checkoutguard.testing.facts``), never from constants here,
and every strategy shrinks towards a readable example: EUR, a small amount, one item, a clean checkout.

Needs the ``qa`` extra (``pip install checkoutguard[qa]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, localcontext
from typing import Any, Final, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from checkoutguard.audit.rules import RULES, catalog
from checkoutguard.countries import country_code
from checkoutguard.landed_cost import default_book
from checkoutguard.money import CONTEXT, currency_table, quantum
from checkoutguard.payments import surcharge_policy
from checkoutguard.testing.facts import (
    Destination,
    covered_destinations,
    edge_amounts,
    fx_currencies,
    fx_window,
    hs_codes,
    registrations as known_registrations,
    rule_countries,
)
from checkoutguard.testing.pages import render_page

__all__ = [
    "PLANTED",
    "UNPLANTABLE",
    "amounts",
    "audited_countries",
    "checkout_documents",
    "checkout_pages",
    "currencies",
    "destinations",
    "orders",
]

T = TypeVar("T")

#: The ``id`` a planted violation carries, so a test can find it in a finding's node (``(id planted)``).
PLANTED: Final = "planted"
#: Rules the strategies cannot plant yet, and why (``checkout_documents(violation=...)`` refuses them).
UNPLANTABLE: Final = {
    "precontract-info": "its violation is an element missing from the document's legal object, so there is no "
    "part to mark as planted; write such a document by hand (docs/audit.md, precontract-info)",
}
_EARLIEST_ORDER: Final = date(2024, 1, 1)  # the order document refuses earlier dates
_ORIGINS: Final = ("CN", "US", "DE", "GB", "VN", "IN", "JP", "FR", "TR", "MX")
_SHIPPED_FROM: Final = ("CN", "US", "DE", "GB", "JP", "IN")
_FALLBACK_HS: Final = ("610910", "950300", "847130", "490199", "640399")
_CONSENTS: Final = ("marketing", "data_sharing", "cookies")
_PAID_EXTRAS: Final = ("insurance", "warranty", "donation", "priority")
_METHODS: Final = ("card", "payment_service", "bank_redirect", "pay_later", "invoice", "sepa_direct_debit")
_COUNTED_STEP: Final = "cart"


def _strategy(value: T | st.SearchStrategy[T] | None, default: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """A parameter may be a fixed value, a strategy, or None (the default strategy)."""
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


def _well_known_first(codes: Sequence[str]) -> list[str]:
    """EUR, USD, GBP and the other ECB currencies first (shrinking ends on index 0), the rest by code."""
    known = set(fx_currencies())
    head = [c for c in ("EUR", "USD", "GBP") if c in codes]
    return head + sorted(c for c in codes if c not in head and c in known) + sorted(c for c in codes if c not in known)


def currencies(
    *, minor_units: Sequence[int] | None = None, convertible: bool = False, on: date | None = None
) -> st.SearchStrategy[str]:
    """ISO 4217 codes that can price goods, every minor-unit shape (2, 0, 3 decimals...) equally likely.

    ``convertible`` keeps the ones the embedded FX converts; ``on`` the ones in use that day (default:
    not withdrawn). Shrinks towards EUR.
    """
    table = currency_table()
    wanted = set(fx_currencies()) if convertible else set(table)
    shapes: dict[int, list[str]] = {}
    for code in sorted(wanted):
        info = table.get(code)
        if info is None or info.minor_units is None:
            continue
        if on is not None and not info.in_use(on):
            continue
        if on is None and info.effective_to is not None:
            continue
        if minor_units is not None and info.minor_units not in minor_units:
            continue
        shapes.setdefault(info.minor_units, []).append(code)
    if not shapes:
        raise InvalidArgument(f"no currency has minor units {minor_units!r} (convertible={convertible})")
    order = sorted(shapes, key=lambda units: (units != 2, units))  # two decimals first, then 0, 3, 4
    return st.one_of(*(st.sampled_from(_well_known_first(shapes[units])) for units in order))


def amounts(
    currency: str | st.SearchStrategy[str] = "EUR",
    *,
    min_value: Decimal | str | int = 0,
    max_value: Decimal | str | int | None = None,
    edges: bool = True,
) -> st.SearchStrategy[Decimal]:
    """Money amounts in ``currency``: Decimals with exactly its minor unit, between the bounds.

    Biased to the edges: every threshold in the data stated in that currency (de minimis, low-value
    regimes, tax waivers) and one minor unit either side. ``max_value`` defaults to 100,000 (or more, when
    a threshold is higher). Shrinks towards ``min_value``.
    """
    if isinstance(currency, st.SearchStrategy):
        return currency.flatmap(lambda code: amounts(code, min_value=min_value, max_value=max_value, edges=edges))
    step = quantum(currency)
    units = -int(step.as_tuple().exponent)
    scale = 10**units
    low = Decimal(min_value)
    limits = edge_amounts(currency) if edges else ()
    high = (
        Decimal(max_value) if max_value is not None else max([Decimal(100_000), *(CONTEXT.add(e, e) for e in limits)])
    )
    if low < 0 or high < low:
        raise InvalidArgument(f"amounts need 0 <= min_value <= max_value, got {low} and {high}")
    lo = int(CONTEXT.multiply(low, scale).to_integral_value("ROUND_CEILING", CONTEXT))
    hi = int(CONTEXT.multiply(high, scale).to_integral_value("ROUND_FLOOR", CONTEXT))
    if hi < lo:
        raise InvalidArgument(f"no amount in {currency} between {low} and {high}")

    def to_amount(minor: int) -> Decimal:
        return Decimal(minor).scaleb(-units, CONTEXT)

    small = st.integers(lo, min(hi, lo + 1_000 * scale)).map(to_amount)  # everyday prices first
    wide = st.integers(lo, hi).map(to_amount)
    inside = [e for e in limits if low <= e <= high]
    if not inside:
        return st.one_of(small, wide)
    return st.one_of(small, st.sampled_from(inside), wide)


def _split(place: Destination) -> dict[str, str]:
    return place.ship_to()


def destinations(
    *, countries: Sequence[str] | None = None, territories: bool = True
) -> st.SearchStrategy[dict[str, str]]:
    """``ship_to`` objects the data can quote: covered countries, their tax subdivisions (Canadian
    provinces, US states...) and special territories (Canary Islands, Åland, Büsingen...), by subdivision,
    postal code or own ISO code. Each kind is drawn a third of the time; shrinks towards a plain country."""
    places = covered_destinations()
    if countries is not None:
        wanted = {country_code(c) for c in countries}
        places = tuple(p for p in places if p.country in wanted)
    plain = [p for p in places if p.territory is None and p.subdivision is None]
    divided = [p for p in places if p.territory is None and p.subdivision is not None]
    special = [p for p in places if p.territory is not None] if territories else []
    groups = [group for group in (plain, divided, special) if group]
    if not groups:
        raise InvalidArgument(f"no covered destination in {countries!r}")
    return st.one_of(*(st.sampled_from(group).map(_split) for group in groups))


def _ship_to(value: str | Mapping[str, str] | st.SearchStrategy[dict[str, str]] | None) -> st.SearchStrategy[Any]:
    if value is None:
        return destinations()
    if isinstance(value, st.SearchStrategy):
        return value
    if isinstance(value, str):
        return destinations(countries=[value], territories=False)
    return st.just(dict(value))


@st.composite
def orders(
    draw: st.DrawFn,
    *,
    destination: str | Mapping[str, str] | st.SearchStrategy[dict[str, str]] | None = None,
    incoterm: str | st.SearchStrategy[str] | None = None,
    buyer_type: str | st.SearchStrategy[str] | None = None,
    registrations: Sequence[str] | st.SearchStrategy[list[str]] | None = None,
    currency: str | st.SearchStrategy[str | None] | None = None,
    on: date | st.SearchStrategy[date] | None = None,
    max_items: int = 3,
) -> dict[str, Any]:
    """Valid v1 order documents (``checkoutguard.quote`` accepts them), constrained by destination (a
    country code, a ``ship_to`` object or a strategy), incoterm, buyer type, the merchant's registrations,
    the quote currency and the date. Prices are in the destination's currency, EUR/USD/GBP or another
    currency the embedded FX converts; a third of the item prices land on a threshold of the data stated in
    their currency (or one minor unit either side). Shrinks to one item of quantity 1 priced 0.00."""
    book = default_book()
    first, last = fx_window()
    day = draw(_strategy(on, st.dates(max(first, _EARLIEST_ORDER), last)))
    ship_to = draw(_ship_to(destination))
    place = book.destination(ship_to["country"], ship_to.get("subdivision"), ship_to.get("postal_code"), day)
    local = place.currency
    regime = place.regime
    price_currency = draw(
        st.one_of(st.just(local), st.sampled_from(["EUR", "USD", "GBP"]), currencies(convertible=True, on=day))
    )
    codes = hs_codes(regime.jurisdiction, day)
    pinned = not codes  # no tariff row that day (or no table): the merchant pins each item's duty rate
    items = []
    for n in range(draw(st.integers(1, max_items))):
        item: dict[str, Any] = {
            "id": f"sku-{n + 1}",
            "price": {"amount": str(draw(amounts(price_currency))), "currency": price_currency},
            "quantity": draw(st.integers(1, 5)),
            "hs_code": draw(st.sampled_from(codes or _FALLBACK_HS)),
            "origin": draw(st.sampled_from(_ORIGINS)),
            "category": draw(st.sampled_from(sorted(book.categories, key=lambda c: (c != "general", c)))),
        }
        if draw(st.booleans()):
            item["weight_kg"] = str(Decimal(draw(st.integers(1, 5_000))).scaleb(-3, CONTEXT))
        items.append(item)
    picked = draw(_strategy(registrations, st.lists(st.sampled_from(known_registrations()), unique=True, max_size=3)))
    buyer: dict[str, Any] = {"type": draw(_strategy(buyer_type, st.sampled_from(["consumer", "business"])))}
    if buyer["type"] == "business" and draw(st.booleans()):
        buyer["tax_id"] = "TAX-" + draw(st.from_regex(r"[0-9]{6,10}", fullmatch=True))
    doc: dict[str, Any] = {
        "date": day.isoformat(),
        "ship_from": {"country": draw(st.sampled_from(_SHIPPED_FROM))},
        "ship_to": ship_to,
        "buyer": buyer,
        "incoterm": draw(_strategy(incoterm, st.sampled_from(["DDP", "DAP"]))),
        "transport": draw(st.sampled_from(["courier", "post"])),
        "merchant": {"registrations": list(picked)},
        "items": items,
        "shipping": {
            "amount": str(draw(amounts(price_currency, max_value=200, edges=False))),
            "currency": price_currency,
        },
    }
    if draw(st.booleans()):
        doc["insurance"] = {
            "amount": str(draw(amounts(price_currency, max_value=50, edges=False))),
            "currency": price_currency,
        }
    if pinned:
        doc["overrides"] = {"duty_rates": {i["id"]: draw(st.sampled_from(["0", "0.025", "0.12"])) for i in items}}
    quote_currency = draw(_strategy(currency, st.one_of(st.none(), st.just(local), st.sampled_from(["EUR", "USD"]))))
    if quote_currency is not None:
        doc["currency"] = quote_currency
    return doc


def audited_countries(violation: str | None = None) -> st.SearchStrategy[str]:
    """Buyer locations (``DE``, ``GB``, ``US-CA``...) where the audit rule ``violation`` applies, or where any
    rule does. ``US-CA`` is a subdivision: pass ``country="US", subdivision="US-CA"`` to ``audit``."""
    if violation is None:
        codes = sorted({c for rule in RULES if rule != "price-currency" for c in rule_countries(rule)})
    elif violation == "payment-surcharge":
        codes = [c for c in rule_countries(violation) if _banned_kind(c) is not None]
    else:
        codes = list(rule_countries(violation))
    codes.sort(key=lambda c: (c != "DE", c))
    return st.sampled_from(codes)


def _banned_kind(country: str) -> str | None:
    """A payment kind whose surcharge the data bans for consumers in ``country`` (None: none is)."""
    policy = surcharge_policy(country=country, buyer_type="consumer")
    if policy.card_surcharge_banned:
        return "card"
    for kind, instrument in (("sepa_direct_debit", "sepa_direct_debit"), ("payment_service", "payment_service")):
        if instrument in policy.banned_instruments:
            return kind
    return None


def _buyer(location: str) -> dict[str, str]:
    country, _, rest = location.partition("-")
    out = {"country": country, "type": "consumer"}
    if rest:
        out["subdivision"] = location
    return out


@st.composite
def checkout_documents(
    draw: st.DrawFn,
    country: str | st.SearchStrategy[str] | None = None,
    *,
    violation: str | None = None,
) -> dict[str, Any]:
    """Checkout documents (``checkout.schema.json``) for a consumer in ``country``: without ``violation``,
    ones no rule finds fault with; with it, the same plus one planted violation of that rule, its part
    marked ``"id": "planted"``. ``buyer`` names the country (drawn from where the rule applies when
    ``country`` is None); ``landed_cost`` travels in the document when the rule needs it."""
    with localcontext(CONTEXT):  # every sum of amounts under the project's context, whatever the host set
        return _document(draw, country, violation)


def _document(draw: st.DrawFn, country: str | st.SearchStrategy[str] | None, violation: str | None) -> dict[str, Any]:
    if violation is not None and violation not in RULES:
        raise InvalidArgument(f"unknown audit rule {violation!r}; known: {', '.join(RULES)}")
    if violation in UNPLANTABLE:
        raise InvalidArgument(f"checkout_documents cannot plant {violation!r}: {UNPLANTABLE[violation]}")
    location = draw(_strategy(country, audited_countries(violation)))
    buyer = _buyer(location)
    code = buyer["country"]
    local = catalog().currency_of(code, date.today()) or "EUR"
    goods = [draw(amounts(local, min_value=1, max_value=2_000, edges=False)) for _ in range(draw(st.integers(1, 3)))]
    shipping = draw(amounts(local, max_value=50, edges=False))
    fees = [draw(amounts(local, min_value=1, max_value=20, edges=False)) for _ in range(draw(st.integers(0, 1)))]
    lines: list[dict[str, Any]] = [
        {"id": f"goods-{n + 1}", "kind": "goods", "label": f"Item {n + 1}", "amount": str(a), "first_step": "product"}
        for n, a in enumerate(goods)
    ]
    lines.append(
        {"id": "shipping", "kind": "shipping", "label": "Shipping", "amount": str(shipping), "first_step": "product"}
    )
    lines.extend(
        {"id": f"fee-{n + 1}", "kind": "fee", "label": "Service fee", "amount": str(a), "first_step": "product"}
        for n, a in enumerate(fees)
    )
    total = sum(goods, Decimal(0)) + shipping + sum(fees, Decimal(0))
    consents = [
        {
            "id": f"consent-{n + 1}",
            "purpose": purpose,
            "label": f"Yes, {purpose.replace('_', ' ')} please",
            "checked": False,
        }
        for n, purpose in enumerate(draw(st.lists(st.sampled_from(_CONSENTS), unique=True, max_size=2)))
    ]
    add_ons = [
        {
            "id": f"extra-{n + 1}",
            "kind": kind,
            "label": f"Add {kind}",
            "price": str(draw(amounts(local, min_value=1, max_value=30, edges=False))),
            "selected": False,
        }
        for n, kind in enumerate(draw(st.lists(st.sampled_from(_PAID_EXTRAS), unique=True, max_size=2)))
    ]
    methods = [
        {"id": f"pay-{n + 1}", "kind": kind, "label": kind.replace("_", " ").title(), "selected": n == 0}
        for n, kind in enumerate(draw(st.lists(st.sampled_from(_METHODS), unique=True, min_size=1, max_size=3)))
    ]
    doc: dict[str, Any] = {
        "version": 1,
        "currency": local,
        "buyer": buyer,
        "step": "review",
        "lines": lines,
        "total": {"id": "total", "amount": str(total), "label": "Total", "first_step": "product"},
        "charged_total": {"id": "charged", "amount": str(total)},
        "consents": consents,
        "add_ons": add_ons,
        "payment_methods": methods,
    }
    if draw(st.booleans()):
        doc["currency_conversions"] = [
            {
                "id": "dcc",
                "label": "Pay in USD",
                "currency": "USD" if local != "USD" else "EUR",
                "markup": "0.03",
                "reference_rate_shown": True,
                "amount_shown": True,
            }
        ]
    due = draw(amounts(local, min_value=1, max_value=200, edges=False)) if draw(st.booleans()) else None
    if due is not None or violation == "duties-undisclosed":
        delivery = due if due is not None else draw(amounts(local, min_value=1, max_value=200, edges=False))
        doc["landed_cost"] = {
            "currency": local,
            "totals": {"checkout": str(total), "delivery": str(delivery), "grand": str(total + delivery)},
        }
        if violation != "duties-undisclosed":
            doc["lines"].append(
                {
                    "id": "duties",
                    "kind": "duty",
                    "label": "Import duties and taxes, paid to the carrier",
                    "amount": str(delivery),
                    "payable": "delivery",
                    "first_step": "product",
                }
            )
    if violation is not None:
        _plant(draw, doc, violation, local)
    return doc


def _plant(draw: st.DrawFn, doc: dict[str, Any], violation: str, local: str) -> None:
    """Add one violation of ``violation`` to a clean document; the part it concerns gets ``id: planted``."""
    extra = draw(amounts(local, min_value=1, max_value=25, edges=False))
    total = Decimal(doc["total"]["amount"])
    if violation == "consent-preticked":
        purpose = draw(st.sampled_from(_CONSENTS))
        opt_out = draw(st.booleans())
        label = f"Tick here if you do not want {purpose.replace('_', ' ')}" if opt_out else f"Yes, {purpose} please"
        doc["consents"].append(
            {"id": PLANTED, "purpose": purpose, "label": label, "checked": not opt_out, "opt_out": opt_out}
        )
    elif violation == "consent-required":
        doc["consents"].append(
            {"id": PLANTED, "purpose": "marketing", "label": "Send me offers", "checked": False, "required": True}
        )
    elif violation == "addon-preselected":
        kind = draw(st.sampled_from(_PAID_EXTRAS))
        doc["add_ons"].append(
            {"id": PLANTED, "kind": kind, "label": f"Add {kind}", "price": str(extra), "selected": True}
        )
    elif violation == "total-incomplete":
        how = draw(st.sampled_from(["beside", "left-out", "charged-more"]))
        fee: dict[str, Any] = {
            "id": PLANTED,
            "kind": "fee",
            "label": "Handling fee",
            "amount": str(extra),
            "first_step": "product",
        }
        if how == "charged-more":
            doc["charged_total"] = {"id": PLANTED, "amount": str(total + extra)}
        else:
            # Apart from every other line by more than the audit's rounding slack, so only it explains the gap.
            slack = Decimal("0.01") * (len(doc["lines"]) + 2)
            others = [Decimal(line["amount"]) for line in doc["lines"] if line.get("amount")]
            while any(abs(extra - other) <= slack for other in others):
                extra += 1
            fee["amount"] = str(extra)
            if how == "beside":
                fee["included_in_total"] = False
            first_fee = next((i for i, line in enumerate(doc["lines"]) if line["kind"] == "fee"), len(doc["lines"]))
            doc["lines"].insert(first_fee, fee)  # first among the fees: the finding names the first culprit
    elif violation in ("drip-pricing", "junk-fees"):
        doc["lines"].append(
            {
                "id": PLANTED,
                "kind": "fee",
                "label": "Service fee",
                "amount": str(extra),
                "first_step": draw(st.sampled_from(["payment", "review"])),
            }
        )
        doc["total"]["amount"] = doc["charged_total"]["amount"] = str(total + extra)
    elif violation == "payment-surcharge":
        banned = _banned_kind(doc["buyer"]["country"])
        if banned is None:
            raise InvalidArgument(f"no payment surcharge is banned in {doc['buyer']['country']}")
        for method in doc["payment_methods"]:
            method["selected"] = False
        doc["payment_methods"].append(
            {
                "id": PLANTED,
                "kind": banned,
                "label": "Pay by " + banned.replace("_", " "),
                "selected": True,
                "surcharge": str(extra),
            }
        )
    elif violation == "duties-undisclosed":
        doc["total"]["id"] = PLANTED  # with nothing disclosed, the finding points at the total
    elif violation == "currency-conversion-disclosure":
        missing = draw(st.sampled_from(["markup", "reference_rate_shown", "amount_shown"]))
        offer: dict[str, Any] = {
            "id": PLANTED,
            "label": "Pay in your card's currency",
            "currency": "USD" if local != "USD" else "EUR",
            "markup": "0.035",
            "reference_rate_shown": True,
            "amount_shown": True,
        }
        offer[missing] = None if missing == "markup" else False
        doc["currency_conversions"] = [*doc.get("currency_conversions", ()), offer]
    elif violation == "price-currency":
        doc["currency"] = draw(st.sampled_from([c for c in ("USD", "EUR", "GBP", "CHF") if c != local]))
        doc.pop("landed_cost", None)
        doc["lines"] = [line for line in doc["lines"] if line.get("payable") != "delivery"]
        doc["total"]["id"] = PLANTED
    elif violation == "order-button":
        # Order wording without the payment obligation (CRD Art. 8(2)), on the review step the document shows.
        text = draw(st.sampled_from(["Place order", "Submit order", "Complete order", "Order now"]))
        doc["order_button"] = {"id": PLANTED, "text": text, "language": "en"}
    else:  # pragma: no cover - RULES and this list are held together by tests/testing/test_strategies.py
        raise InvalidArgument(f"checkout_documents cannot plant {violation!r} yet")


def checkout_pages(country: str, *, violation: str | None = None) -> st.SearchStrategy[str]:
    """HTML checkout pages for a consumer in ``country`` (the ``checkout_documents`` of that country, rendered
    with ``data-checkoutguard-*`` attributes), clean or with one planted violation. A page cannot carry a
    landed-cost quote, so ``duties-undisclosed`` is planted in documents only."""
    if violation == "duties-undisclosed":
        raise InvalidArgument("duties-undisclosed needs the landed-cost quote: use checkout_documents and render_page")
    return checkout_documents(country, violation=violation).map(lambda doc: render_page(doc))
