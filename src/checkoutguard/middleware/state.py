"""``request.state.checkoutguard``: the buyer context and the two calls a checkout handler makes with it.

``quote(order)`` and ``payment_methods(amount)`` fill in what the order or query leaves out (destination,
currency, buyer type) from the context, so the handler writes one line for an all-in price and one for
the methods that buyer expects. The last quote is kept so that the audit of the page this request
renders can check that duties due on delivery are disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import moneyed

from checkoutguard.errors import InvalidInput
from checkoutguard.landed_cost import Order, Quote, quote
from checkoutguard.middleware.context import BuyerContext
from checkoutguard.payments import MethodSelection, select_methods

__all__ = ["CheckoutGuardState"]


class CheckoutGuardState:
    """The buyer context of one guarded request, with helpers that use it."""

    __slots__ = ("context", "last_quote", "mode")

    def __init__(self, context: BuyerContext, mode: str) -> None:
        self.context = context
        self.mode = mode
        self.last_quote: Quote | None = None

    @property
    def country(self) -> str | None:
        return self.context.country

    @property
    def subdivision(self) -> str | None:
        return self.context.subdivision

    @property
    def currency(self) -> str | None:
        return self.context.currency

    @property
    def locale(self) -> str | None:
        return self.context.locale

    @property
    def buyer_type(self) -> str:
        return self.context.buyer_type

    def _country(self) -> str:
        if self.context.country is None:
            raise InvalidInput(
                "the buyer's country is not known for this request",
                path="country",
                accepted="a trusted geo header, an allowed override, Accept-Language with a region, or default_country",
            )
        return self.context.country

    def quote(self, order: Mapping[str, Any] | Order) -> Quote:
        """``checkoutguard.quote`` with ``ship_to``, ``currency`` and ``buyer.type`` taken from the buyer
        context where the order does not give them. Raises the core's ``InvalidInput`` errors."""
        if isinstance(order, Mapping):
            filled = dict(order)
            if not isinstance(filled.get("ship_to"), Mapping) or "country" not in filled["ship_to"]:
                ship_to = dict(filled.get("ship_to") or {})
                ship_to["country"] = self._country()
                if self.context.subdivision and "subdivision" not in ship_to:
                    ship_to["subdivision"] = self.context.subdivision
                filled["ship_to"] = ship_to
            if "currency" not in filled and self.context.currency:
                filled["currency"] = self.context.currency
            buyer = filled.get("buyer")
            if buyer is None or (isinstance(buyer, Mapping) and "type" not in buyer):
                filled["buyer"] = {**(buyer or {}), "type": self.context.buyer_type}
            order = filled
        result = quote(order)
        self.last_quote = result
        return result

    def payment_methods(
        self,
        amount: str | Decimal | int | moneyed.Money,
        *,
        currency: str | None = None,
        channel: str = "web",
        recurring: bool = False,
        allow: Iterable[str] | None = None,
        prefer: Iterable[str] | None = None,
        provider: str | None = None,
    ) -> MethodSelection:
        """``checkoutguard.select_methods`` for this buyer: country, buyer type and (unless given, or
        ``amount`` is a ``Money``) currency from the context."""
        if currency is None:
            currency = amount.currency.code if isinstance(amount, moneyed.Money) else self.context.currency
        if currency is None:
            raise InvalidInput("no currency is known for this buyer", path="currency", accepted="an ISO 4217 code")
        return select_methods(
            country=self._country(),
            currency=currency,
            amount=amount,
            buyer_type=self.context.buyer_type,
            channel=channel,
            recurring=recurring,
            allow=allow,
            prefer=prefer,
            provider=provider,
        )

    def __repr__(self) -> str:
        return f"CheckoutGuardState({self.context!r}, mode={self.mode!r})"
