"""Adapters from real platforms' cart and checkout JSON to the audit's checkout document.

One module per platform, each read from the platform's documented shape: ``matches`` is a cheap, strict
look at a few keys; ``to_document`` reads the payload with typed look-ups that name the JSON path of any
problem. ``read_document`` picks the adapter (``input_format="auto"``: the one format whose shape matches,
the project's own ``checkout.schema.json`` included) and returns a ``CheckoutDocument``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Final

from checkoutguard.audit.adapters import (
    commercetools,
    medusa,
    saleor,
    shopify_cart,
    shopify_storefront,
    stripe_checkout,
    woocommerce,
)
from checkoutguard.audit.loader import check_shape, load_document
from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.data.schemas import schema
from checkoutguard.errors import InvalidInput, echo

__all__ = ["CHECKOUT", "FORMATS", "detect", "read_document"]

#: The project's own document (``checkout.schema.json``).
CHECKOUT: Final = "checkout"


class _Adapter:
    """A platform's format name, its shape check and its reader."""

    __slots__ = ("matches", "name", "read")

    def __init__(
        self,
        name: str,
        matches: Callable[[Mapping[str, Any]], bool],
        read: Callable[[Mapping[str, Any]], CheckoutDocument],
    ) -> None:
        self.name = name
        self.matches = matches
        self.read = read


#: Most specific first: Stripe names its object; a Storefront cart is told from a Medusa one by ``cost``.
_ADAPTERS: Final = tuple(
    _Adapter(module.FORMAT, module.matches, module.to_document)
    for module in (
        stripe_checkout,
        commercetools,
        woocommerce,
        shopify_cart,
        shopify_storefront,
        saleor,
        medusa,
    )
)
_BY_NAME: Final = {adapter.name: adapter for adapter in _ADAPTERS}
FORMATS: Final = (CHECKOUT, *(adapter.name for adapter in _ADAPTERS))
_EXPECTED: Final = "a checkout document (checkout.schema.json) or a cart from " + ", ".join(FORMATS[1:])


#: The top-level keys of checkout.schema.json: a mapping with no other key is the project's own document.
_OWN_KEYS: Final = frozenset(schema("checkout")["properties"])


def _ours(document: Mapping[str, Any]) -> bool:
    return document.keys() <= _OWN_KEYS


def detect(document: Mapping[str, Any]) -> str | None:
    """The one format whose shape ``document`` has; ``None`` when none does. Two matches raise
    ``InvalidInput`` naming both: the caller must say which (``input_format=``)."""
    found = [adapter.name for adapter in _ADAPTERS if adapter.matches(document)]
    if _ours(document):
        found.insert(0, CHECKOUT)
    if len(found) > 1:
        raise InvalidInput(
            f"the document has the shape of several formats: {', '.join(found)}",
            accepted="name one with input_format (--format on the command line)",
        )
    return found[0] if found else None


def read_document(
    document: Any, *, input_format: str = "auto", landed_cost: Mapping[str, Any] | None = None
) -> tuple[CheckoutDocument, str]:
    """The checkout document of a JSON value in ``input_format`` (or the detected one), and that format.
    Raises ``InvalidInput`` naming the JSON path of a problem, or what was expected."""
    if input_format != "auto" and input_format not in FORMATS:
        raise InvalidInput(f"format {echo(input_format)} is unknown", path="input_format", accepted=", ".join(FORMATS))
    if not isinstance(document, Mapping):
        raise InvalidInput(f"a checkout document is a JSON object, not {type(document).__name__}", accepted=_EXPECTED)
    check_shape(document)
    name = detect(document) if input_format == "auto" else input_format
    if name is None or name == CHECKOUT:
        try:
            return load_document(document, landed_cost=landed_cost), CHECKOUT
        except InvalidInput as exc:
            if name is not None:
                raise
            raise type(exc)(exc.message, path=exc.path, accepted=_EXPECTED) from None
    if landed_cost is not None:
        load_document({}, landed_cost=landed_cost)  # checks the quote's shape
    adapter = _BY_NAME[name]
    if input_format != "auto" and not adapter.matches(document):
        raise InvalidInput(f"the document does not have the shape of a {name} payload", accepted=_EXPECTED)
    read = adapter.read(document)
    if landed_cost is not None:
        read = replace(read, landed_cost=landed_cost)
    return read, name
