"""JSON Schemas shipped with the package, and strict JSON loading for data files.

Validators are built once per schema (building one costs milliseconds; reusing it is cheap). Every
schema lives in ``checkoutguard/schemas/<name>.schema.json`` and may ``$ref`` the others by file name.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkoutguard.errors import DataError

if TYPE_CHECKING:  # jsonschema is imported where a document is validated, not by every importer (~70 ms)
    from jsonschema import Draft7Validator
    from referencing import Registry

__all__ = ["load_json", "loads_json", "schema", "validate", "validator"]

_SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
_MAX_ERRORS = 20


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON here")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def load_json(path: Path) -> Any:
    """Parse a data file: numbers stay exact (``Decimal``), NaN/Infinity and duplicate keys are errors."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(str(exc), file=str(path)) from exc
    return loads_json(raw, file=str(path))


def loads_json(raw: bytes, *, file: str = "") -> Any:
    """``load_json`` for bytes already read (a ``RatesBook`` parses from the snapshot it took)."""
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError) as exc:
        raise DataError(str(exc), file=file) from exc


@functools.cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for file in sorted(_SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(file.read_text(encoding="utf-8"))
        resources.append((file.name, Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The schema document ``<name>.schema.json`` (e.g. ``"vat"``, ``"order"``)."""
    file = _SCHEMA_DIR / f"{name}.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"no JSON Schema named {name!r}", file=str(file)) from exc
    return loaded


@functools.cache
def validator(name: str) -> Draft7Validator:
    from jsonschema import Draft7Validator

    document = schema(name)
    Draft7Validator.check_schema(document)
    return Draft7Validator(document, registry=_registry())


def errors(document: Any, name: str) -> list[str]:
    """Every schema error as ``"$.json.path: message"``, sorted by path, at most twenty."""
    found = sorted(validator(name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{e.json_path}: {e.message}" for e in found[:_MAX_ERRORS]]


def validate(document: Any, name: str, *, file: str = "") -> None:
    """Raise ``DataError`` listing every way ``document`` breaks schema ``name``."""
    problems = errors(document, name)
    if problems:
        raise DataError("fails its JSON Schema:\n  " + "\n  ".join(problems), file=file)
