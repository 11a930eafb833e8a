"""Price a cart for a destination with the core: the order document, its quote, the DAP comparison, the
payment methods and the surcharge rule. No web framework here, so tests can recompute every figure.

The "deliberately bad" checkout prices the same cart with the extras a dark-pattern shop adds: a paid
insurance that starts selected, a service fee that only the last step shows, and a card surcharge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from checkoutguard.demo.catalog import PRODUCTS, SHOP, Destination
from checkoutguard.landed_cost import Quote, QuoteLine, quote
from checkoutguard.money import round_money
from checkoutguard.payments import MethodSelection, SurchargePolicy, select_methods, surcharge_policy

__all__ = [
    "CARD_FEE_LABEL",
    "SERVICE_FEE_LABEL",
    "Choices",
    "MethodsFunction",
    "Priced",
    "QuoteFunction",
    "order_document",
    "price",
]

SERVICE_FEE_LABEL: Final = "Service fee"
CARD_FEE_LABEL: Final = "Card payment fee"
#: Payment-method kinds in the data, as the audit's checkout document names them.
AUDIT_PAYMENT_KIND: Final[Mapping[str, str]] = {
    "card": "card",
    "wallet": "payment_service",
    "bank_redirect": "bank_redirect",
    "pay_later": "pay_later",
    "invoice": "invoice",
    "direct_debit": "sepa_direct_debit",
    "cash_on_delivery": "cash_on_delivery",
}


@dataclass(frozen=True, slots=True)
class Choices:
    """What the buyer has ticked. ``own`` is False on a first load, when the shop's defaults apply."""

    newsletter: bool = False
    insurance: bool = False
    payment: str | None = None
    own: bool = False

    @classmethod
    def defaults(cls, *, bad: bool) -> Choices:
        """The honest shop ticks nothing; the bad one ticks the newsletter and the insurance, and picks card."""
        return cls(newsletter=bad, insurance=bad, payment="card" if bad else None, own=False)


def order_document(
    cart: Mapping[str, int],
    destination: Destination,
    *,
    on: date,
    incoterm: str = "DDP",
    insurance: bool = False,
    fees: tuple[tuple[str, Decimal], ...] = (),
) -> dict[str, Any]:
    """The v1 order document for this cart (see DESIGN.md): what ``checkoutguard.quote`` takes."""
    ship_to: dict[str, Any] = {"country": destination.country}
    if destination.subdivision:
        ship_to["subdivision"] = destination.subdivision
    document: dict[str, Any] = {
        "date": on.isoformat(),
        "ship_from": {"country": SHOP.ship_from},
        "ship_to": ship_to,
        "buyer": {"type": "consumer"},
        "incoterm": incoterm,
        "merchant": {"registrations": list(SHOP.registrations)},
        "items": [
            {
                "id": product.id,
                "description": product.name,
                "price": {"amount": str(product.price), "currency": SHOP.currency},
                "quantity": count,
                "hs_code": product.hs_code,
                "origin": product.origin,
                "weight_kg": str(product.weight_kg),
            }
            for product, count in ((PRODUCTS[pid], n) for pid, n in cart.items())
        ],
        "shipping": {"amount": str(SHOP.shipping), "currency": SHOP.currency},
    }
    if insurance:
        document["insurance"] = {"amount": str(SHOP.insurance), "currency": SHOP.currency}
    if fees:
        document["fees"] = [
            {"label": label, "amount": {"amount": str(amount), "currency": SHOP.currency}} for label, amount in fees
        ]
    return document


@dataclass(frozen=True, slots=True)
class Priced:
    """Everything the checkout page shows, computed once per request."""

    order: Mapping[str, Any]
    quote: Quote
    dap: Quote  # the same order under DAP: what the door would collect
    methods: MethodSelection
    surcharges: SurchargePolicy
    insurance_price: Decimal  # in the quote's currency
    card_fee: Decimal  # in the quote's currency (the bad checkout's surcharge)

    def line_kind(self, line: QuoteLine) -> str:
        """The audit's line kind for a quote line: card fees are surcharges, insurance an add-on."""
        if line.type == "fee":
            return "surcharge" if line.label == CARD_FEE_LABEL else "fee"
        return "add_on" if line.type == "insurance" else line.type


def _in_quote_currency(amount: Decimal, q: Quote) -> Decimal:
    """A shop-currency amount in the quote's currency, at the rate the quote itself used."""
    if q.currency == SHOP.currency:
        return amount
    rate = next(r.rate for r in q.fx if (r.base, r.quote) == (SHOP.currency, q.currency))
    return round_money(amount * rate, q.currency)


QuoteFunction = Callable[[Mapping[str, Any]], Quote]
MethodsFunction = Callable[[Decimal, str], MethodSelection]


def _core_methods(destination: Destination, on: date) -> MethodsFunction:
    def methods(amount: Decimal, currency: str) -> MethodSelection:
        return select_methods(country=destination.country, currency=currency, amount=amount, on=on)

    return methods


def price(
    cart: Mapping[str, int],
    destination: Destination,
    choices: Choices,
    *,
    bad: bool,
    on: date,
    quote_with: QuoteFunction = quote,
    methods_with: MethodsFunction | None = None,
) -> Priced:
    """Quote the cart as the page will show it. ``quote_with`` and ``methods_with`` let the storefront use
    the guard's helpers (``request.state.checkoutguard.quote`` / ``.payment_methods``); the guard keeps the
    quote for its audit of the page. The DAP comparison always comes from the core."""
    fees: list[tuple[str, Decimal]] = []
    if bad:
        fees.append((SERVICE_FEE_LABEL, SHOP.service_fee))
        if choices.payment == "card":
            fees.append((CARD_FEE_LABEL, SHOP.card_fee))
    document = order_document(cart, destination, on=on, insurance=choices.insurance, fees=tuple(fees))
    main = quote_with(document)
    dap = quote({**document, "incoterm": "DAP"})
    methods = (methods_with or _core_methods(destination, on))(main.totals.checkout, main.currency)
    policy = surcharge_policy(country=destination.country, on=on)
    return Priced(
        order=document,
        quote=main,
        dap=dap,
        methods=methods,
        surcharges=policy,
        insurance_price=_in_quote_currency(SHOP.insurance, main),
        card_fee=_in_quote_currency(SHOP.card_fee, main),
    )
