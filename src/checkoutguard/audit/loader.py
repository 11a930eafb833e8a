"""Reading a checkout document from its JSON form (``checkout.schema.json``) into the model.

The schema is checked first, so every error names the JSON path that was wrong; amounts then become
``Decimal`` and every part gets a ``Node`` whose target is its JSON path (``$.consents[1]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.model import (
    STEPS,
    AddOn,
    CheckoutDocument,
    Consent,
    ConversionOffer,
    Line,
    Node,
    Notice,
    PaymentMethod,
    Shown,
)
from checkoutguard.data.schemas import validator
from checkoutguard.errors import InvalidInput

__all__ = ["MAX_DOCUMENT_ITEMS", "load_document"]

#: The schema bounds every list; this bounds the document as a whole before validation walks it.
MAX_DOCUMENT_ITEMS: Final = 2_000


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _node(path: str, item: Mapping[str, Any]) -> Node:
    ident = item.get("id")
    return Node(f"{path}" + (f" (id {ident})" if ident else ""))


def _check(document: Any) -> None:
    if not isinstance(document, Mapping):
        raise InvalidInput(
            f"a checkout document is a JSON object, not {type(document).__name__}", accepted="checkout.schema.json"
        )
    size = sum(len(v) for v in document.values() if isinstance(v, list | dict))
    if size > MAX_DOCUMENT_ITEMS:
        raise InvalidInput(f"the document has {size} list entries", accepted=f"at most {MAX_DOCUMENT_ITEMS}")
    found = sorted(validator("checkout").iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InvalidInput(
            first.message + more, path=first.json_path, accepted="a document that passes checkout.schema.json"
        )


def _steps(document: Mapping[str, Any]) -> tuple[str, ...]:
    steps: Sequence[str] = document.get("steps") or STEPS
    named = [document.get("step")]
    for key in ("lines", "add_ons", "payment_methods"):
        named.extend(item.get("first_step") for item in document.get(key, ()))
    for key in ("total", "charged_total"):
        if document.get(key):
            named.append(document[key].get("first_step"))
    for step in named:
        if step is not None and step not in steps:
            raise InvalidInput(
                f"step {step!r} is not one of the document's steps", path="$.steps", accepted=", ".join(steps)
            )
    return tuple(steps)


def _shown(raw: Mapping[str, Any] | None, path: str) -> Shown | None:
    if not raw:
        return None
    return Shown(Decimal(raw["amount"]), raw.get("first_step"), raw.get("label", ""), _node(path, raw))


def load_document(document: Any, *, landed_cost: Mapping[str, Any] | None = None) -> CheckoutDocument:
    """A ``CheckoutDocument`` from its JSON form; raises ``InvalidInput`` with the JSON path of a problem."""
    _check(document)
    if landed_cost is not None:
        _check_quote(landed_cost)
    steps = _steps(document)
    lines = tuple(
        Line(
            kind=item["kind"],
            label=item.get("label", ""),
            amount=_decimal(item.get("amount")),
            mandatory=item.get("mandatory", item["kind"] not in ("add_on", "discount")),
            included=item.get("included_in_total"),
            in_prices=item.get("included_in_prices", False),
            payable=item.get("payable", "checkout"),
            first_step=item.get("first_step"),
            node=_node(f"$.lines[{i}]", item),
        )
        for i, item in enumerate(document.get("lines", ()))
    )
    consents = tuple(
        Consent(
            purpose=item["purpose"],
            label=item.get("label", ""),
            checked=item["checked"],
            required=item.get("required", False),
            opt_out=item.get("opt_out", False),
            control=item.get("control", "json"),
            chosen_by_buyer=item.get("chosen_by_buyer"),
            node=_node(f"$.consents[{i}]", item),
        )
        for i, item in enumerate(document.get("consents", ()))
    )
    add_ons = tuple(
        AddOn(
            kind=item["kind"],
            label=item.get("label", ""),
            price=_decimal(item.get("price")),
            selected=item["selected"],
            control=item.get("control", "json"),
            chosen_by_buyer=item.get("chosen_by_buyer"),
            first_step=item.get("first_step"),
            node=_node(f"$.add_ons[{i}]", item),
        )
        for i, item in enumerate(document.get("add_ons", ()))
    )
    methods = tuple(
        PaymentMethod(
            kind=item["kind"],
            label=item.get("label", ""),
            selected=item.get("selected", False),
            surcharge=_decimal(item.get("surcharge")),
            surcharge_rate=_decimal(item.get("surcharge_rate")),
            cost=_decimal(item.get("cost")),
            first_step=item.get("first_step"),
            node=_node(f"$.payment_methods[{i}]", item),
        )
        for i, item in enumerate(document.get("payment_methods", ()))
    )
    conversions = tuple(
        ConversionOffer(
            label=item.get("label", ""),
            currency=item.get("currency"),
            markup=_decimal(item.get("markup")),
            reference_rate_shown=item.get("reference_rate_shown", False),
            amount_shown=item.get("amount_shown", False),
            selected=item.get("selected", False),
            node=_node(f"$.currency_conversions[{i}]", item),
        )
        for i, item in enumerate(document.get("currency_conversions", ()))
    )
    notices = tuple(
        Notice(item["kind"], item["applies_to"], item.get("text", ""), item.get("step"), _node(f"$.notices[{i}]", item))
        for i, item in enumerate(document.get("notices", ()))
    )
    return CheckoutDocument(
        currency=document.get("currency"),
        step=document.get("step"),
        steps=steps,
        lines=lines,
        total=_shown(document.get("total"), "$.total"),
        charged_total=_shown(document.get("charged_total"), "$.charged_total"),
        consents=consents,
        add_ons=add_ons,
        payment_methods=methods,
        conversions=conversions,
        notices=notices,
        landed_cost=landed_cost if landed_cost is not None else document.get("landed_cost"),
        language=document.get("language"),
        source="json",
    )


def _check_quote(quote: Any) -> None:
    """The landed-cost quote must have the shape the undisclosed-duties rule reads."""
    _check({"landed_cost": quote})
