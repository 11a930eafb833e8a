"""One wire format: order.schema.json, the OpenAPI document and ``parse_order`` name the same fields.

The parser's own refusal of an unknown field lists what it accepts (``InvalidInput.accepted``); each
object of the order schema must list exactly that. Required fields must agree too: dropping one the
schema requires makes the parser refuse, dropping any other leaves the order acceptable.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import jsonschema
import pytest

from checkoutguard import InvalidInput, parse_order
from checkoutguard.api import openapi_document
from checkoutguard.api.contract import request_schema
from checkoutguard.data.schemas import schema
from checkoutguard.payments import select_methods_from_query

TODAY = date(2026, 11, 23)
ORDER: dict[str, Any] = {
    "date": "2026-11-23",
    "currency": "EUR",
    "ship_from": {"country": "CN", "subdivision": None, "postal_code": "200000"},
    "ship_to": {"country": "FR", "subdivision": None, "postal_code": "75001"},
    "buyer": {"type": "consumer", "tax_id": None},
    "incoterm": "DDP",
    "merchant": {"registrations": ["EU-IOSS"]},
    "items": [
        {
            "id": "sku-1",
            "description": "Laptop",
            "price": {"amount": "140.00", "currency": "EUR"},
            "quantity": 1,
            "hs_code": "847130",
            "origin": "CN",
            "category": "general",
            "weight_kg": "1.2",
            "sku": "L-14",
            "url": "https://shop.example/l-14",
        }
    ],
    "shipping": {"amount": "20.00", "currency": "EUR"},
    "insurance": {"amount": "0.00", "currency": "EUR"},
    "fees": [{"label": "Handling", "amount": {"amount": "2.00", "currency": "EUR"}, "payable": "checkout"}],
    "overrides": {"fx": {"USD/CAD": "1.15"}, "duty_rates": {"sku-1": "0.04"}},
    "transport": "courier",
    "unknown_hs": "estimate",
    "claim_preferences": True,
}
# (where in the document, where in the schema) for every object the parser checks field by field
OBJECTS = [
    ((), ()),
    (("ship_to",), ("definitions", "address")),
    (("ship_from",), ("definitions", "address")),
    (("buyer",), ("properties", "buyer")),
    (("merchant",), ("properties", "merchant")),
    (("items", 0), ("definitions", "item")),
    (("items", 0, "price"), ("definitions", "money", "anyOf", 0)),
    (("fees", 0), ("definitions", "fee")),
    (("overrides",), ("properties", "overrides")),
]


def _at(node: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _parser_fields(where: tuple[str | int, ...]) -> set[str]:
    document = copy.deepcopy(ORDER)
    _at(document, where)["zz_not_a_field"] = 1
    with pytest.raises(InvalidInput) as refused:
        parse_order(document, today=TODAY)
    assert refused.value.message == "unknown field 'zz_not_a_field'"
    return set(refused.value.accepted.split(", "))


def test_the_full_example_satisfies_both() -> None:
    jsonschema.Draft7Validator(schema("order")).validate(ORDER)
    parse_order(ORDER, today=TODAY)


@pytest.mark.parametrize(("where", "in_schema"), OBJECTS, ids=lambda p: ".".join(map(str, p)) or "top")
def test_schema_and_parser_accept_the_same_fields(
    where: tuple[str | int, ...], in_schema: tuple[str | int, ...]
) -> None:
    node = _at(schema("order"), in_schema)
    assert node["additionalProperties"] is False
    assert set(node["properties"]) == _parser_fields(where)


@pytest.mark.parametrize(("where", "in_schema"), OBJECTS, ids=lambda p: ".".join(map(str, p)) or "top")
def test_schema_and_parser_require_the_same_fields(
    where: tuple[str | int, ...], in_schema: tuple[str | int, ...]
) -> None:
    node = _at(schema("order"), in_schema)
    required = set(node.get("required", []))
    for name in node["properties"]:
        document = copy.deepcopy(ORDER)
        if name not in _at(document, where):
            continue
        del _at(document, where)[name]
        if name == "currency" and where == ("items", 0, "price"):
            continue  # an amount without a currency is priced in the order's currency: optional both ways
        if name in required:
            with pytest.raises(InvalidInput):
                parse_order(document, today=TODAY)
        else:
            parse_order(document, today=TODAY)


def test_openapi_carries_the_published_schemas_unchanged() -> None:
    document = openapi_document(bearer=False)
    components = document["components"]["schemas"]
    for name, component in (("order", "Order"), ("quote", "Quote")):
        published = schema(name)
        assert set(components[component]["properties"]) == set(published["properties"])
        assert components[component]["required"] == published["required"]
        for definition, body in published["definitions"].items():
            served = json.dumps(components[f"{name}.{definition}"], sort_keys=True)
            original = json.dumps(body, sort_keys=True).replace('"#/definitions/', f'"#/components/schemas/{name}.')
            assert served == original
    request = document["paths"]["/v1/quote"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert request == {"$ref": "#/components/schemas/Order"}


def test_payment_query_fields_match_the_library_and_the_get_parameters() -> None:
    with pytest.raises(InvalidInput) as refused:
        select_methods_from_query({"country": "NL", "currency": "EUR", "amount": "1", "zz": 1})
    library = set(refused.value.accepted.split(", "))
    assert set(request_schema("payment_query")["properties"]) == library
    parameters = openapi_document(bearer=False)["paths"]["/v1/payment-methods"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == library


def test_every_example_order_is_valid_under_the_schema_and_its_quote_under_the_quote_schema() -> None:
    from pathlib import Path

    import checkoutguard

    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
    assert examples
    for path in examples:
        order = json.loads(path.read_text())
        jsonschema.Draft7Validator(schema("order")).validate(order)
        jsonschema.Draft7Validator(schema("quote")).validate(checkoutguard.quote(order, today=TODAY).to_dict())
