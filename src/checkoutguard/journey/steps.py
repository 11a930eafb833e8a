"""Which checkout step a page is: the merchant's route map, then the page's own word, then the URL.

The merchant knows best, so a ``routes`` map (path or route name → step) wins; then what the page
declares (``data-checkoutguard-step`` on an HTML page, ``step`` in a checkout document); last, a path
segment that names a step or a common synonym (``/basket`` is the cart, ``/checkout/confirm`` the review).
A page whose step cannot be told is not placed in the journey (``None``): a guess could invent drip pricing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from checkoutguard.audit.model import STEPS

__all__ = ["STEPS", "SYNONYMS", "recognise_step"]

#: Path segments shops use for the usual steps (lower case; hyphens and underscores alike).
SYNONYMS: Final[Mapping[str, str]] = {
    "product": "product",
    "products": "product",
    "item": "product",
    "cart": "cart",
    "basket": "cart",
    "bag": "cart",
    "information": "information",
    "details": "information",
    "address": "information",
    "customer": "information",
    "shipping": "shipping",
    "delivery": "shipping",
    "payment": "payment",
    "pay": "payment",
    "billing": "payment",
    "review": "review",
    "confirm": "review",
    "summary": "review",
    "order-review": "review",
    "confirmation": "confirmation",
    "thank-you": "confirmation",
    "thanks": "confirmation",
    "order-received": "confirmation",
    "complete": "confirmation",
}


def _from_path(path: str, order: Sequence[str]) -> str | None:
    for segment in reversed(path.split("?", 1)[0].strip("/").split("/")):
        word = segment.lower().replace("_", "-")
        if word in order:
            return word
        step = SYNONYMS.get(word)
        if step is not None and step in order:
            return step
    return None


def recognise_step(
    *,
    path: str = "",
    declared: str | None = None,
    route_name: str | None = None,
    routes: Mapping[str, str] | None = None,
    order: Sequence[str] = STEPS,
) -> str | None:
    """The step of a page in ``order``, or None when nothing says which it is.

    >>> recognise_step(path="/shop/basket")
    'cart'
    >>> recognise_step(path="/checkout", declared="review")
    'review'
    >>> recognise_step(path="/checkout/2", routes={"/checkout/2": "shipping"})
    'shipping'
    """
    if routes:
        for name in (path, route_name):
            step = routes.get(name) if name else None
            if step in order:
                return step
    if declared in order:
        return declared
    return _from_path(path, order) if path else None
