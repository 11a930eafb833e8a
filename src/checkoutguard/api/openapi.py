"""The OpenAPI 3.1 document, built from the published JSON Schemas (``contract.components()``).

Nothing here restates a field: request and response bodies are ``$ref``s into the components that
``order.schema.json``, ``quote.schema.json`` and ``checkout.schema.json`` become, plus the API's envelopes.
"""

from __future__ import annotations

from typing import Any, Final

from checkoutguard._version import __version__
from checkoutguard.api.contract import MAX_BATCH, components

__all__ = ["openapi_document"]

_PROBLEM: Final = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_REASONS: Final = {
    400: "The body is not readable JSON.",
    401: "A bearer token is missing or wrong.",
    404: "Not found.",
    408: "The body did not arrive within the time budget.",
    413: "The body is larger than this endpoint reads.",
    415: "The body is not application/json.",
    422: "A field is wrong: `errors` lists each with its JSON path and what is accepted.",
    431: "Too many or too large header fields.",
    503: "The data is still loading (Retry-After), or the time budget ran out.",
}


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _responses(ok: str, statuses: tuple[int, ...], description: str) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": description, "content": _json(ok)}}
    for status in sorted({401, 431, 503, *statuses}):
        responses[str(status)] = {"description": _REASONS[status], "content": _PROBLEM}
    return responses


def _post(summary: str, request: str, ok: str, description: str, *, statuses: tuple[int, ...] = ()) -> dict[str, Any]:
    return {
        "summary": summary,
        "requestBody": {"required": True, "content": _json(request)},
        "responses": _responses(ok, (400, 408, 413, 415, 422, *statuses), description),
    }


def _query_parameters() -> list[dict[str, Any]]:
    query = components()["PaymentQuery"]
    required = set(query["required"])
    parameters = []
    for name, field in query["properties"].items():
        if name in ("allow", "prefer"):
            schema: dict[str, Any] = {"type": "string", "maxLength": 4000}
            description = "Comma-separated payment method ids, e.g. ideal,card."
        else:
            schema = {k: v for k, v in field.items() if k != "description"}
            if "oneOf" in schema:  # a null is what an absent parameter already says
                schema = next(s for s in schema["oneOf"] if s.get("type") != "null")
            description = field.get("description", "")
        parameter = {"name": name, "in": "query", "required": name in required, "schema": schema}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def openapi_document(*, bearer: bool) -> dict[str, Any]:
    """The API's OpenAPI 3.1 document; ``bearer`` adds the bearer-token security requirement."""
    health = {"200": {"description": "Alive.", "content": _json("Health")}}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "checkoutguard",
            "version": __version__,
            "description": "Landed cost, payment methods and checkout transparency checks. "
            "Errors are RFC 9457 problem documents (application/problem+json).",
        },
        "paths": {
            "/v1/quote": {
                "post": _post("Landed cost of one order", "Order", "Quote", "The quote, every line explained."),
            },
            "/v1/quotes": {
                "post": _post(
                    f"Landed cost of up to {MAX_BATCH} orders",
                    "QuoteBatch",
                    "QuoteBatchResult",
                    "A quote or a problem per order, in order.",
                ),
            },
            "/v1/payment-methods": {
                "get": {
                    "summary": "Payment methods a buyer expects, ranked, and those dropped, with reasons",
                    "parameters": _query_parameters(),
                    "responses": _responses("MethodSelection", (422,), "Methods and exclusions."),
                },
                "post": _post(
                    "Payment methods (the same query as a JSON body)",
                    "PaymentQuery",
                    "MethodSelection",
                    "Methods and exclusions.",
                ),
            },
            "/v1/audit": {
                "post": _post(
                    "Transparency audit of a checkout page or document",
                    "AuditRequest",
                    "AuditReport",
                    "Violations, passes and incomplete checks; fixed_body in fix mode.",
                ),
            },
            "/v1/coverage": {
                "get": {
                    "summary": "What the embedded data covers: version, sources, review dates",
                    "responses": _responses("Coverage", (), "Coverage of the embedded data."),
                }
            },
            "/v1/rates/{country}": {
                "get": {
                    "summary": "VAT, import regime and tariff table of one country",
                    "parameters": [
                        {
                            "name": "country",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                            "description": "ISO 3166-1 alpha-2.",
                        }
                    ],
                    "responses": _responses("CountryRates", (404, 422), "The country's rates."),
                }
            },
            "/healthz": {"get": {"summary": "Liveness", "security": [], "responses": health}},
            "/readyz": {
                "get": {
                    "summary": "Readiness: the data is loaded",
                    "security": [],
                    "responses": {**health, "503": {"description": _REASONS[503], "content": _PROBLEM}},
                }
            },
        },
        "components": {"schemas": components()},
    }
    if bearer:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    else:
        for item in document["paths"].values():
            for operation in item.values():
                operation["responses"].pop("401", None)
                operation.pop("security", None)
    return document
