"""The cart lives in one cookie (``jumper:1,mug:2``): the demo keeps no server-side sessions.

A cookie is client input, so it is read strictly and bounded: known product ids, quantities 1 to
``MAX_QUANTITY``, each product once. Anything else is ``InvalidInput`` naming the cookie, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from checkoutguard.demo.catalog import PRODUCTS
from checkoutguard.errors import InvalidInput

__all__ = ["COOKIE", "DEFAULT_CART", "MAX_QUANTITY", "change", "format_cart", "parse_cart"]

COOKIE: Final = "cg_demo_cart"
MAX_QUANTITY: Final = 9
#: What a first visit starts with, so the checkout has something to price straight away.
DEFAULT_CART: Final[Mapping[str, int]] = MappingProxyType({"jumper": 1, "mug": 1})
_MAX_COOKIE: Final = 200
_ACTIONS: Final = ("add", "remove")


def parse_cart(text: str | None) -> dict[str, int]:
    """The cart a cookie holds; no cookie at all means the default cart, an empty one an empty cart."""
    if text is None:
        return dict(DEFAULT_CART)
    if len(text) > _MAX_COOKIE:
        raise InvalidInput(f"the cart cookie is {len(text)} characters long", path=COOKIE, accepted="at most 200")
    cart: dict[str, int] = {}
    for part in filter(None, text.split(",")):
        product, sep, count = part.partition(":")
        if product not in PRODUCTS:
            raise InvalidInput(f"unknown product {product[:40]!r}", path=COOKIE, accepted=", ".join(PRODUCTS))
        if (
            not sep
            or not (count.isascii() and count.isdigit())
            or not 1 <= int(count) <= MAX_QUANTITY
            or product in cart
        ):
            raise InvalidInput(
                f"{part[:40]!r} is not a product and a quantity", path=COOKIE, accepted="id:1 to id:9, each id once"
            )
        cart[product] = int(count)
    return cart


def format_cart(cart: Mapping[str, int]) -> str:
    return ",".join(f"{product}:{count}" for product, count in cart.items())


def change(cart: Mapping[str, int], product: str, action: str) -> dict[str, int]:
    """Add one of ``product`` (up to ``MAX_QUANTITY``) or remove one; raises ``InvalidInput`` naming the field."""
    if product not in PRODUCTS:
        raise InvalidInput(f"unknown product {product[:40]!r}", path="product", accepted=", ".join(PRODUCTS))
    if action not in _ACTIONS:
        raise InvalidInput(f"unknown action {action[:40]!r}", path="action", accepted=" or ".join(_ACTIONS))
    updated = dict(cart)
    count = updated.get(product, 0) + (1 if action == "add" else -1)
    if count <= 0:
        updated.pop(product, None)
    else:
        updated[product] = min(count, MAX_QUANTITY)
    return updated
