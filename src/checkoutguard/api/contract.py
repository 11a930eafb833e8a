"""The wire format of the HTTP API: the published schemas plus the API's own envelopes.

``order.schema.json``, ``quote.schema.json`` and ``checkout.schema.json`` (shipped in the wheel) are the
single source of truth; ``components()`` hoists their definitions into OpenAPI ``components/schemas``
with every ``$ref`` rewritten, and the envelopes below refer to them as ``#/components/schemas/<Name>``.
``request_schema()`` gives the stand-alone form the request validator compiles.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Final

from checkoutguard.audit import MAX_PAGE_BYTES
from checkoutguard.audit.adapters import FORMATS
from checkoutguard.audit.rules.base import IMPACTS
from checkoutguard.data.schemas import schema

__all__ = ["ENVELOPES", "MAX_BATCH", "PUBLISHED", "components", "request_schema"]

#: Orders per ``POST /v1/quotes``: a batch answers within one request's time budget.
MAX_BATCH: Final = 100
#: Published schema file → its OpenAPI component name.
PUBLISHED: Final = {"order": "Order", "quote": "Quote", "checkout": "Checkout"}
_COMPONENT: Final = "#/components/schemas/"

_AMOUNT: Final = {
    "type": "string",
    "pattern": "^[0-9]{1,15}(\\.[0-9]{1,8})?$",
    "description": 'A non-negative decimal string such as "50.00".',
}
_DATE: Final = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD."}
_IDS: Final = {
    "oneOf": [
        {"type": "array", "maxItems": 200, "items": {"type": "string", "minLength": 1, "maxLength": 40}},
        {"type": "null"},
    ],
    "description": 'Payment method ids (payment_methods/*.json), e.g. ["ideal", "card"].',
}

ENVELOPES: Final[dict[str, dict[str, Any]]] = {
    "QuoteBatch": {
        "type": "object",
        "additionalProperties": False,
        "required": ["orders"],
        "properties": {
            "orders": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_BATCH,
                # Any object is accepted here: each order is checked against Order on its own, and one that
                # fails gets its problem in ``results`` while the others are quoted.
                "items": {"anyOf": [{"$ref": _COMPONENT + "Order"}, {"type": "object"}]},
                "description": f"1 to {MAX_BATCH} order documents (Order); each is quoted or refused on its own.",
            }
        },
    },
    "QuoteBatchResult": {
        "type": "object",
        "additionalProperties": False,
        "required": ["results"],
        "properties": {
            "results": {
                "type": "array",
                "description": "One entry per order, in order: a quote, or the problem that order has.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["index"],
                    "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "quote": {"$ref": _COMPONENT + "Quote"},
                        "error": {"$ref": _COMPONENT + "Problem"},
                    },
                },
            }
        },
    },
    "PaymentQuery": {
        "type": "object",
        "additionalProperties": False,
        "required": ["country", "currency", "amount"],
        "properties": {
            "country": {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "Buyer's country, ISO 3166-1."},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "Presentment currency, ISO 4217."},
            "amount": _AMOUNT,
            "buyer_type": {"enum": ["consumer", "business"], "description": "Default consumer."},
            "channel": {"enum": ["web", "ios", "android"], "description": "Default web."},
            "recurring": {"type": "boolean", "description": "The order starts a subscription."},
            "date": {"oneOf": [_DATE, {"type": "null"}], "description": "Checkout day; default today."},
            "allow": _IDS,
            "prefer": _IDS,
            "provider": {
                "oneOf": [{"type": "string", "minLength": 1, "maxLength": 40}, {"type": "null"}],
                "description": "The merchant's PSP: stripe, adyen, mollie, paypal...",
            },
        },
    },
    "MethodSelection": {
        "type": "object",
        "required": ["country", "currency", "amount", "date", "methods", "excluded", "notes", "data_version"],
        "properties": {
            "country": {"type": "string"},
            "currency": {"type": "string"},
            "amount": {"type": "string"},
            "date": _DATE,
            "buyer_type": {"enum": ["consumer", "business"]},
            "channel": {"enum": ["web", "ios", "android"]},
            "recurring": {"type": "boolean"},
            "methods": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "kind", "reason", "provider_ids", "position"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "kind": {"type": "string"},
                        "reason": {"type": "string"},
                        "provider_ids": {"type": "object", "additionalProperties": {"type": "string"}},
                        "position": {"type": "integer", "minimum": 1},
                        "sources": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "excluded": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "code", "reason"],
                    "properties": {
                        "id": {"type": "string"},
                        "code": {"type": "string"},
                        "codes": {"type": "array", "items": {"type": "string"}},
                        "reason": {"type": "string"},
                    },
                },
            },
            "notes": {"type": "array", "items": {"type": "string"}},
            "data_version": {"type": "string"},
        },
    },
    "AuditRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["country"],
        "properties": {
            "country": {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "Buyer's country, ISO 3166-1."},
            "subdivision": {
                "oneOf": [{"type": "string", "pattern": "^([A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$"}, {"type": "null"}],
                "description": "Buyer's subdivision, ISO 3166-2 (US-CA).",
            },
            "buyer_type": {"enum": ["consumer", "business"], "description": "Default consumer."},
            "mode": {"enum": ["report", "enforce", "fix"], "description": "fix also returns fixed_body."},
            "fail_on": {
                "enum": list(IMPACTS),
                "description": "Lowest impact that counts as failing; default moderate.",
            },
            "date": {"oneOf": [_DATE, {"type": "null"}], "description": "Apply the rules in force on this day."},
            "page": {
                "type": "string",
                "maxLength": MAX_PAGE_BYTES,
                "description": "An HTML checkout page. Send either page or document.",
            },
            "document": {
                "anyOf": [{"$ref": _COMPONENT + "Checkout"}, {"type": "object"}],
                "description": "A checkout document, or a platform's cart or checkout JSON ("
                + ", ".join(FORMATS[1:])
                + "), detected from its shape or named in format.",
            },
            "format": {"enum": ["auto", *FORMATS], "description": "The document's format; default auto (detected)."},
            "landed_cost": {
                "oneOf": [{"type": "object"}, {"type": "null"}],
                "description": "The landed-cost quote of the order (a Quote, as POST /v1/quote returns it), for the "
                "undisclosed-duties rule; the audit checks the parts it reads (currency, lines, totals).",
            },
            "include_document": {"type": "boolean", "description": "Return the checkout document read; default true."},
        },
        "oneOf": [{"required": ["page"]}, {"required": ["document"]}],
        "description": "Exactly one of page (HTML) or document (a checkout document).",
    },
    "AuditReport": {
        "type": "object",
        "required": [
            "testEngine",
            "mode",
            "disposition",
            "blocked",
            "failOn",
            "buyer",
            "source",
            "summary",
            "violations",
            "passes",
            "incomplete",
            "inapplicable",
        ],
        "properties": {
            "testEngine": {"type": "object"},
            "mode": {"enum": ["report", "enforce", "fix"]},
            "disposition": {"enum": ["report", "enforce"]},
            "blocked": {"type": "boolean"},
            "failOn": {"enum": list(IMPACTS)},
            "buyer": {"type": "object"},
            "source": {"type": "object"},
            "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
            "violations": {"type": "array", "items": {"$ref": _COMPONENT + "Finding"}},
            "passes": {"type": "array", "items": {"$ref": _COMPONENT + "Finding"}},
            "incomplete": {"type": "array", "items": {"$ref": _COMPONENT + "Finding"}},
            "inapplicable": {"type": "array", "items": {"type": "string"}},
            "errors": {"type": "array", "items": {"type": "string"}},
            "fixed": {"type": "boolean"},
            "fixed_body": {
                "oneOf": [{"type": "string"}, {"type": "null"}],
                "description": "Fix mode with a page: the page with fixable violations undone (null: nothing to fix).",
            },
            "document": {"type": "object"},
        },
    },
    "Finding": {
        "type": "object",
        "required": ["id", "impact", "description", "help", "citation", "tags", "nodes"],
        "properties": {
            "id": {"type": "string"},
            "impact": {"oneOf": [{"enum": list(IMPACTS)}, {"type": "null"}]},
            "description": {"type": "string"},
            "help": {"type": "string"},
            "helpUrl": {"type": "string"},
            "citation": {"oneOf": [{"type": "object"}, {"type": "null"}]},
            "citations": {"type": "array", "items": {"type": "object"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "nodes": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Coverage": {
        "type": "object",
        "required": ["data_version", "today", "summary", "fx", "vat", "regimes", "duty"],
        "properties": {
            "data_version": {"type": "string"},
            "today": _DATE,
            "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
            "fx": {"type": "object"},
            "vat": {"type": "array", "items": {"type": "object"}},
            "regimes": {"type": "array", "items": {"type": "object"}},
            "duty": {"type": "array", "items": {"type": "object"}},
        },
    },
    "CountryRates": {
        "type": "object",
        "required": ["country", "data_version", "vat", "regime", "duty"],
        "properties": {
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "data_version": {"type": "string"},
            "vat": {"oneOf": [{"type": "object"}, {"type": "null"}], "description": "VAT/GST of the country."},
            "regime": {"oneOf": [{"type": "object"}, {"type": "null"}], "description": "Its import regime."},
            "duty": {"oneOf": [{"type": "object"}, {"type": "null"}], "description": "Its tariff table."},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"enum": ["ok", "ready", "loading"]}, "data_version": {"type": "string"}},
    },
    "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string", "pattern": "^(about:blank|urn:checkoutguard:problem:[a-z-]+)$"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "id": {"type": "string", "description": "500 only: the id the server logged the failure under."},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "message"],
                    "properties": {
                        "path": {"type": "string", "description": "JSON path of the bad field, e.g. $.items[0].price"},
                        "message": {"type": "string"},
                        "accepted": {"type": "string"},
                    },
                },
            },
        },
    },
}

_REQUESTS: Final = {
    "order": None,
    "quote_batch": "QuoteBatch",
    "payment_query": "PaymentQuery",
    "audit": "AuditRequest",
}


def _without_components(node: Any) -> Any:
    """A component ``$ref`` becomes "any object": those parts are checked by their own validator."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMPONENT):
            return {"type": "object"}
        return {key: _without_components(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_components(value) for value in node]
    return node


@functools.cache
def request_schema(name: str) -> dict[str, Any]:
    """The stand-alone JSON Schema a request body is validated against."""
    envelope = _REQUESTS[name]
    if envelope is None:
        return schema(name)
    standalone: dict[str, Any] = _without_components(ENVELOPES[envelope])
    return standalone


def _rewrite(node: Any, file: str, wanted: list[tuple[str, str | None]]) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                target_file, _, pointer = value.partition("#")
                target_file = target_file.removesuffix(".schema.json") or file
                definition = pointer.removeprefix("/definitions/") or None
                if pointer and definition == pointer:
                    raise ValueError(f"{file}: unsupported $ref {value!r}")
                wanted.append((target_file, definition))
                out[key] = _COMPONENT + _name(target_file, definition)
            else:
                out[key] = _rewrite(value, file, wanted)
        return out
    if isinstance(node, list):
        return [_rewrite(value, file, wanted) for value in node]
    return node


def _name(file: str, definition: str | None) -> str:
    if definition is None:
        return PUBLISHED.get(file, file.capitalize())
    return f"{file}.{definition}"


@functools.cache
def _components() -> dict[str, Any]:
    result: dict[str, Any] = {}
    wanted: list[tuple[str, str | None]] = [(file, None) for file in PUBLISHED]
    while wanted:
        file, definition = wanted.pop()
        name = _name(file, definition)
        if name in result:
            continue
        document = schema(file)
        if definition is None:
            node = {k: v for k, v in document.items() if k not in ("$schema", "$id", "definitions")}
        else:
            node = document["definitions"][definition]
        result[name] = _rewrite(node, file, wanted)
    result.update(copy.deepcopy(ENVELOPES))
    return dict(sorted(result.items()))


def components() -> dict[str, Any]:
    """OpenAPI ``components/schemas``: the published schemas with their definitions hoisted, and the envelopes."""
    return copy.deepcopy(_components())
