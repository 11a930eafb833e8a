"""Reading a catalogue chunk: columns checked with the order document's own rules, prices as exact integers.

The checks that depend on one row only (id, price, weight, quantity, currency, shipping rule) run here,
vectorised with Arrow compute; the ones that depend on the kind of item (HS code, origin, category) are left
to the engine, which sees every kind of item at least once. A row that fails gets a typed reason and goes to
the errors, never into the prices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from checkoutguard.batch.arith import IntArray
from checkoutguard.errors import CheckoutGuardError, InvalidInput
from checkoutguard.money import currency, parse_amount

__all__ = ["COLUMNS", "REQUIRED", "Chunk", "RowErrors", "read_chunk", "to_table"]

#: The catalogue's columns: id, price and currency are required; the rest are optional.
COLUMNS: Final = ("id", "price", "currency", "hs_code", "origin", "category", "weight_kg", "quantity", "shipping_rule")
REQUIRED: Final = ("id", "price", "currency")
#: The order document's item id rule (``landed_cost/order.py``); tests/batch hold the two together.
ID_PATTERN: Final = r"^[A-Za-z0-9._:/#@+-]{1,100}$"
#: ``money.parse_amount``'s rule: digits and at most one dot, at most 15 integer and 8 fraction digits.
AMOUNT_PATTERN: Final = r"^0*(?P<whole>[0-9]{1,15})(?:\.(?P<fraction>[0-9]{1,8}))?$"
MAX_QUANTITY: Final = 1_000_000
_INT64_DIGITS: Final = 18
_KEY_COLUMNS: Final = ("hs_code", "origin", "category", "currency", "quantity", "shipping_rule")


class RowErrors:
    """Per-row reasons (kind, path, message) for the rows that cannot be priced; first reason wins."""

    def __init__(self, count: int) -> None:
        self.failed = np.zeros(count, dtype=bool)
        self.reasons: dict[int, tuple[str, str, str]] = {}

    def add(self, mask: np.ndarray[Any, Any], kind: str, path: str, message: str) -> None:
        new = mask & ~self.failed
        for row in np.flatnonzero(new).tolist():
            self.reasons[row] = (kind, path, message)
        self.failed |= new

    def add_row(self, row: int, error: CheckoutGuardError) -> None:
        if not self.failed[row]:
            self.failed[row] = True
            self.reasons[row] = (type(error).__name__, getattr(error, "path", ""), str(error))


@dataclass(slots=True)
class Chunk:
    """One catalogue chunk, checked: integer prices in units of ``10**-exponent`` and per-row failures."""

    table: pa.Table
    price: IntArray  # int64; 0 where the row failed or the price needs the exact slow path
    exponent: int
    wide: np.ndarray[Any, Any]  # prices too long for int64 arithmetic: priced by the single quote
    quantity: IntArray
    group: IntArray  # one integer per kind of row (every column but id, price and weight)
    errors: RowErrors
    _arrays: dict[str, pa.Array | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.price)

    def text(self, column: str, row: int) -> str | None:
        if column not in self._arrays:  # one contiguous array per column: indexing a chunked one is slow
            found = self.table.column(column).combine_chunks() if column in self.table.column_names else None
            self._arrays[column] = found
        values = self._arrays[column]
        if values is None:
            return None
        value = values[row].as_py()
        return None if value is None else str(value)


def to_table(catalog: Any) -> pa.Table:
    """An Arrow table from a table, a pandas DataFrame or a sequence of mappings (one per row)."""
    if isinstance(catalog, pa.Table):
        return catalog
    if isinstance(catalog, pa.RecordBatch):
        return pa.Table.from_batches([catalog])
    if hasattr(catalog, "to_dict") and hasattr(catalog, "columns"):  # pandas, without importing it
        return pa.Table.from_pandas(catalog, preserve_index=False)
    if isinstance(catalog, Sequence) and all(isinstance(row, Mapping) for row in catalog):
        names = list(dict.fromkeys(key for row in catalog for key in row))  # every row's keys, not the first's
        return pa.table({name: [row.get(name) for row in catalog] for name in names})
    raise InvalidInput(
        f"a catalogue cannot be a {type(catalog).__name__}",
        path="catalog",
        accepted="a pyarrow Table, a pandas DataFrame or a list of mappings",
    )


def _as_text(column: pa.ChunkedArray, name: str, errors: RowErrors) -> pa.ChunkedArray:
    """A string column; floats are refused (money and weights are never floats)."""
    kind = column.type
    if pa.types.is_floating(kind):
        errors.add(np.ones(len(column), dtype=bool), "InvalidInput", name, f"{name} is a float column")
        return pa.chunked_array([pa.nulls(len(column), pa.string())])
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    return column  # not trimmed: the engine does not trim ids or codes either


def _mask(values: Any) -> np.ndarray[Any, Any]:
    """A boolean numpy mask from an Arrow boolean result, nulls as False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _amounts(
    text: pa.ChunkedArray, name: str, errors: RowErrors, required: bool
) -> tuple[pa.StructArray, np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Split a column of amounts into digits, with ``parse_amount`` itself as the judge of every other text.

    Returns the parts (whole, fraction), the rows the fast pattern read, and the rows ``parse_amount``
    accepts that the pattern does not (e.g. surrounding spaces): those are priced by the single quote.
    """
    parts = pc.extract_regex(text.combine_chunks(), AMOUNT_PATTERN)
    good = _mask(parts.is_valid())
    present = _mask(pc.is_valid(text)) & _mask(pc.not_equal(text, ""))
    if required:
        errors.add(~present, "InvalidInput", name, f"missing {name}")
    slow = np.zeros(len(good), dtype=bool)
    values = text.combine_chunks()
    for row in np.flatnonzero(present & ~good).tolist():
        try:
            parse_amount(values[row].as_py(), path=name)
        except CheckoutGuardError as exc:
            errors.add_row(row, exc)
        else:
            slow[row] = True
    return parts, good, slow


def _integers(parts: pa.StructArray, good: np.ndarray[Any, Any]) -> tuple[IntArray, int, np.ndarray[Any, Any]]:
    """Prices as integers in units of ``10**-exponent`` (one exponent for the chunk) and the too-wide rows."""
    whole = parts.field("whole")
    fraction = pc.fill_null(parts.field("fraction"), "")
    lengths = np.asarray(pc.utf8_length(fraction).to_numpy(zero_copy_only=False))
    exponent = int(lengths[good].max()) if good.any() else 0
    digits = np.asarray(pc.fill_null(pc.utf8_length(whole), 0).to_numpy(zero_copy_only=False)) + exponent
    wide = good & (digits > _INT64_DIGITS)
    fits = good & ~wide
    padded = pc.utf8_rpad(fraction, width=exponent, padding="0")
    joined = pc.if_else(pa.array(fits), pc.binary_join_element_wise(whole, padded, ""), "0")
    values = np.asarray(joined.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
    return values, exponent, wide


def _codes(column: pa.ChunkedArray) -> IntArray:
    """Dense integer codes of a column's values (null is a value of its own)."""
    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    return np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def read_chunk(table: pa.Table, *, day: date, shipping_rules: Mapping[str, Any]) -> Chunk:
    """Check every row of ``table``; the rows that fail keep their place, with their reason in ``errors``."""
    count = table.num_rows
    errors = RowErrors(count)
    missing = [name for name in REQUIRED if name not in table.column_names]
    if missing:
        raise InvalidInput(f"the catalogue has no {missing[0]!r} column", path=missing[0], accepted=", ".join(COLUMNS))
    ids = _as_text(table.column("id"), "id", errors)
    errors.add(
        ~_mask(pc.match_substring_regex(ids, ID_PATTERN)),
        "InvalidInput",
        "id",
        "not a usable id (accepted: 1 to 100 of letters, digits, ._:/#@+-)",
    )
    price_parts, good_price, slow_price = _amounts(
        _as_text(table.column("price"), "price", errors), "price", errors, required=True
    )
    slow = slow_price
    if "weight_kg" in table.column_names:
        slow = slow | _amounts(_as_text(table.column("weight_kg"), "weight_kg", errors), "weight_kg", errors, False)[2]
    codes = _as_text(table.column("currency"), "currency", errors)
    unique = pc.unique(codes.combine_chunks())
    for code in unique.to_pylist():
        try:
            if code is None:
                raise InvalidInput("missing currency", path="currency")
            currency(code, day, path="currency")
        except CheckoutGuardError as exc:
            mask = _mask(pc.is_null(codes)) if code is None else _mask(pc.equal(codes, code))
            errors.add(mask, type(exc).__name__, "currency", str(exc))
    quantity = np.ones(count, dtype=np.int64)
    if "quantity" in table.column_names:
        column = table.column("quantity")
        if pa.types.is_integer(column.type):
            raw = column.combine_chunks()
            valid = _mask(pc.is_valid(raw))
            quantity = np.where(valid, np.asarray(pc.fill_null(raw, 1).to_numpy(zero_copy_only=False)), 1)
        else:
            text = _as_text(column, "quantity", errors)
            digits = _mask(pc.match_substring_regex(text, r"^[0-9]{1,7}$"))
            given = _mask(pc.is_valid(text)) & _mask(pc.not_equal(text, ""))
            errors.add(
                given & ~digits, "InvalidInput", "quantity", "quantity must be a whole number (accepted: 1 to 1000000)"
            )
            quantity = np.asarray(
                pc.if_else(pa.array(given & digits), text, "1").cast(pa.int64()).to_numpy(zero_copy_only=False)
            )
        quantity = quantity.astype(np.int64)
        errors.add(
            (quantity < 1) | (quantity > MAX_QUANTITY),
            "InvalidInput",
            "quantity",
            f"quantity is out of range (accepted: 1 to {MAX_QUANTITY})",
        )
        quantity = np.clip(quantity, 1, MAX_QUANTITY)
    if "shipping_rule" in table.column_names:
        rules = _as_text(table.column("shipping_rule"), "shipping_rule", errors)
        named = _mask(pc.is_valid(rules)) & _mask(pc.not_equal(rules, ""))
        known = _mask(pc.is_in(rules, value_set=pa.array(sorted(shipping_rules), pa.string())))
        errors.add(
            named & ~known,
            "InvalidInput",
            "shipping_rule",
            f"not a shipping rule of this run (accepted: {', '.join(sorted(shipping_rules)) or 'none defined'})",
        )
    price, exponent, wide = _integers(price_parts, good_price & ~errors.failed)
    wide = wide | slow
    group = np.zeros(count, dtype=np.int64)
    for name in _KEY_COLUMNS:
        if name not in table.column_names:
            continue
        column = pa.chunked_array([pa.array(quantity)]) if name == "quantity" else table.column(name)
        codes_of = _codes(column)
        group = group * (int(codes_of.max(initial=0)) + 1) + codes_of
        group = np.unique(group, return_inverse=True)[1].astype(np.int64)
    return Chunk(table, price, exponent, wide & ~errors.failed, quantity, group, errors)
