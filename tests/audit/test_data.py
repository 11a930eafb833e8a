"""The audit's own data: the vocabulary and the rule catalog pass their schemas and say where they come from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

from checkoutguard.audit import RULES
from checkoutguard.audit.rules.base import catalog

AUDIT = Path(__file__).resolve().parents[2] / "src" / "checkoutguard" / "audit"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _errors(document: Any, schema_path: Path) -> list[str]:
    schema = _load(schema_path)
    Draft7Validator.check_schema(schema)
    return [f"{e.json_path}: {e.message}" for e in Draft7Validator(schema).iter_errors(document)]


def test_vocabulary_passes_its_schema_and_compiles() -> None:
    vocabulary = _load(AUDIT / "vocabulary.json")
    assert _errors(vocabulary, AUDIT / "vocabulary.schema.json") == []

    def patterns(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [p for item in node for p in patterns(item)]
        if isinstance(node, dict):
            return [
                p for key, item in node.items() if key not in ("about", "sources", "$schema") for p in patterns(item)
            ]
        return []

    found = patterns({k: v for k, v in vocabulary.items() if k not in ("version", "languages")})
    assert len(found) > 500
    for pattern in found:
        re.compile(pattern)
        assert pattern == pattern.lower(), f"patterns are matched against lower-cased text: {pattern!r}"


def test_catalog_passes_its_schema_and_names_every_rule() -> None:
    document = _load(AUDIT / "rules" / "catalog.json")
    assert _errors(document, AUDIT / "rules" / "catalog.schema.json") == []
    assert {rule["id"] for rule in document["rules"]} == set(RULES)


def test_every_rule_but_the_advisory_cites_law_for_each_jurisdiction_it_covers() -> None:
    book = catalog()
    for rule in book.rules.values():
        if rule.applies_to == ("*",):
            assert "advisory" in rule.tags
            continue
        for tag in rule.applies_to:
            assert tag in book.jurisdictions, tag
            cited = [c for c in rule.citations if tag in c.jurisdictions]
            # The UK surcharge law comes from the payments data (surcharge_policy), not the catalog.
            assert cited or (rule.id == "payment-surcharge" and tag == "uk"), (rule.id, tag)


def test_jurisdictions_cover_the_eu_and_the_eea() -> None:
    book = catalog()
    assert len(book.jurisdictions["eu"]) == 27
    assert book.jurisdictions["eea"] == book.jurisdictions["eu"] | {"IS", "LI", "NO"}
    assert book.tags_for("DE", None) == {"eu", "eea"}
    assert book.tags_for("US", "US-CA") == {"us-ca"}
    assert book.tags_for("GB", None) == {"uk"}
