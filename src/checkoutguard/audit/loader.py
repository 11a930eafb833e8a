"""Reading a checkout document from its JSON form (``checkout.schema.json``) into the model.

The schema is checked first, so every error names the JSON path that was wrong; amounts then become
``Decimal`` and every part gets a ``Node`` whose target is its JSON path (``$.consents[1]``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.limits import MAX_JSON_DEPTH
from checkoutguard.audit.model import (
    LEGAL_KINDS,
    STEPS,
    AddOn,
    CheckoutDocument,
    Consent,
    ConversionOffer,
    LegalInfo,
    LegalItem,
    Line,
    Node,
    Notice,
    OrderButton,
    PaymentMethod,
    Shown,
)
from checkoutguard.data.schemas import validator
from checkoutguard.errors import InvalidInput, LimitExceeded

__all__ = ["MAX_DOCUMENT_ITEMS", "MAX_DOCUMENT_NODES", "check_shape", "load_document", "parse_json"]

#: The schema bounds every list; this bounds the document's top-level lists before validation walks it.
MAX_DOCUMENT_ITEMS: Final = 2_000
#: Values in a whole document, the landed-cost quote inside it included (a 500-line quote has ~10,000).
MAX_DOCUMENT_NODES: Final = 20_000
_INT_BITS: Final = 256  # ints past this are no money amount or count a checkout shows
_ECHO: Final = 60
_SCALARS: Final = (str, bool, float, Decimal, type(None))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _node(path: str, item: Mapping[str, Any]) -> Node:
    ident = item.get("id")
    return Node(f"{path}" + (f" (id {ident})" if ident else ""))


def _short(text: str) -> str:
    return text if len(text) <= _ECHO else text[: _ECHO - 1] + "…"


def _key_path(path: str, key: str) -> str:
    return f"{path}.{_short(key)}"


def _shape(document: Any) -> None:
    """Walk the document once, without recursion, before anything else reads it: nesting, size, key and
    value types. Whatever a caller passes (a mapping nested 1e5 deep, a non-string key, a datetime, an
    int of 10,000 digits) then fails here with a path, fast, instead of deep inside the schema check."""
    stack: list[tuple[Any, str, int]] = [(document, "$", 0)]
    count = 0
    while stack:
        value, path, depth = stack.pop()
        count += 1
        if count > MAX_DOCUMENT_NODES:
            raise LimitExceeded(f"the document has more than {MAX_DOCUMENT_NODES} values", path=path)
        if isinstance(value, _SCALARS):
            continue
        if isinstance(value, int):
            if value.bit_length() > _INT_BITS:
                raise LimitExceeded(f"an integer of {value.bit_length()} bits", path=path, accepted="a JSON number")
            continue
        if depth >= MAX_JSON_DEPTH:
            raise LimitExceeded(f"nested more than {MAX_JSON_DEPTH} levels deep", path=_short(path))
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise InvalidInput(f"a key is a {type(key).__name__}", path=path, accepted="string keys")
                stack.append((item, _key_path(path, key), depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        else:
            raise InvalidInput(f"a {type(value).__name__} is not a JSON value", path=path, accepted="JSON values")


def check_shape(document: Any) -> None:
    """The walk ``load_document`` starts with (nesting, size, key and value types), for a platform's JSON
    before an adapter reads it."""
    _shape(document)


def _check(document: Any) -> None:
    if not isinstance(document, Mapping):
        raise InvalidInput(
            f"a checkout document is a JSON object, not {type(document).__name__}", accepted="checkout.schema.json"
        )
    _shape(document)
    size = sum(len(v) for v in document.values() if isinstance(v, list | dict))
    if size > MAX_DOCUMENT_ITEMS:
        raise InvalidInput(f"the document has {size} list entries", accepted=f"at most {MAX_DOCUMENT_ITEMS}")
    found = sorted(validator("checkout").iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        # jsonschema's messages repeat the value (a whole list, for "is too long"): only its start is kept.
        raise InvalidInput(
            _short(first.message) + more,
            path=_short(first.json_path),
            accepted="a document that passes checkout.schema.json",
        )


def parse_json(raw: bytes) -> Any:
    """JSON text (UTF-8, a byte-order mark allowed) to Python values; ``InvalidInput`` for anything that is
    not JSON, nested too deep for the parser included (``json`` recurses and raises ``RecursionError``
    some 1,000 levels down; the document is then refused, not the call)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise LimitExceeded(f"nested more than {MAX_JSON_DEPTH} levels deep", accepted="JSON text") from None
    except ValueError as exc:
        raise InvalidInput(f"not JSON: {_short(str(exc))}", accepted="JSON text") from None


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
        legal=_legal(document.get("legal")),
        order_button=_order_button(document.get("order_button")),
    )


def _legal(raw: Mapping[str, Any] | None) -> LegalInfo | None:
    """``legal``: what the checkout shows or links, by kind; a kind absent or null is not shown."""
    if raw is None:
        return None
    items = tuple(LegalItem(kind, raw[kind], Node(f"$.legal.{kind}")) for kind in LEGAL_KINDS if raw.get(kind))
    return LegalInfo(items, exact=True)


def _order_button(raw: Mapping[str, Any] | None) -> OrderButton | None:
    """``order_button``: the words of the button that places the order (and its own language, if any)."""
    if raw is None:
        return None
    return OrderButton(raw["text"], raw.get("language"), _node("$.order_button", raw))


def _check_quote(quote: Any) -> None:
    """The landed-cost quote must have the shape the undisclosed-duties rule reads."""
    _check({"landed_cost": quote})
