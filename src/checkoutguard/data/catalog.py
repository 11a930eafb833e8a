"""Which JSON Schema guards which data file. Every JSON file under the data root must match a pattern."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import load_json, validate
from checkoutguard.errors import DataError

__all__ = ["SCHEMA_FOR", "data_files", "schema_for", "validate_all"]

# (glob relative to the data root, schema name). First match wins.
SCHEMA_FOR: tuple[tuple[str, str], ...] = (
    ("rates/currencies.json", "currencies"),
    ("rates/categories.json", "categories"),
    ("rates/vat/*.json", "vat"),
    ("rates/territories.json", "territories"),
    ("rates/duty/*.json", "duty"),
    ("rates/regimes/*.json", "regime"),
    ("rates/default-regime.json", "regime"),
    ("rates/sales_tax/*.json", "sales_tax"),
    ("rates/entry_fees/*.json", "entry_fees"),
    ("rates/additional_duties/*.json", "additional_duties"),
    ("rates/nexus/*.json", "nexus"),
    ("rates/fx/pegs.json", "fx_pegs"),
    ("rates/fx/ecb.json", "fx_snapshot"),
    ("payment_methods/rules/*.json", "surcharge_rules"),
    ("payment_methods/*.json", "payment_method"),
)


def data_files(root: Path | None = None) -> Iterator[Path]:
    base = root or data_root()
    for folder in ("rates", "payment_methods"):
        yield from sorted((base / folder).rglob("*.json"))


def schema_for(path: Path, root: Path | None = None) -> str:
    relative = path.relative_to(root or data_root()).as_posix()
    for pattern, name in SCHEMA_FOR:
        if fnmatch(relative, pattern):
            return name
    raise DataError("no JSON Schema is registered for this file (see checkoutguard/data/catalog.py)", file=relative)


def validate_all(root: Path | None = None) -> int:
    """Validate every data file against its schema; raise ``DataError`` on the first bad file."""
    count = 0
    for path in data_files(root):
        validate(load_json(path), schema_for(path, root), file=str(path))
        count += 1
    return count
