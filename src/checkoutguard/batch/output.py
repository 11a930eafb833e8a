"""The output of catalogue pricing: one Arrow table per chunk, one row per catalogue row and destination."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from checkoutguard.batch.arith import IntArray
from checkoutguard.batch.catalog import Chunk, RowErrors
from checkoutguard.batch.evaluate import AMOUNTS
from checkoutguard.batch.plan import BandPlan
from checkoutguard.batch.present import present
from checkoutguard.landed_cost import Quote
from checkoutguard.money import currency

__all__ = ["OUTPUT_SCHEMA", "BatchResult", "BatchStats", "Columns", "split"]

#: One row per catalogue row and destination; amounts are integers in minor units of ``currency``.
OUTPUT_SCHEMA: Final = pa.schema(
    [
        ("row", pa.int64()),
        ("id", pa.string()),
        ("destination", pa.string()),
        ("currency", pa.string()),
        ("minor_units", pa.int8()),
        *[(f"{name}_minor", pa.int64()) for name in AMOUNTS],
        ("regime", pa.string()),
        ("warnings", pa.string()),
        ("complete", pa.bool_()),
        ("data_version", pa.string()),
        ("method", pa.string()),
        ("error_kind", pa.string()),
        ("error_path", pa.string()),
        ("error_reason", pa.string()),
        ("display_minor", pa.int64()),
        ("display_rule", pa.string()),
    ]
)


@dataclass(slots=True)
class BatchStats:
    """What a run did: rows priced by a plan, by the single quote, failed; engine calls; time."""

    rows: int = 0
    planned: int = 0
    quoted: int = 0
    failed: int = 0
    groups: int = 0
    bands: int = 0
    engine_calls: int = 0
    seconds: float = 0.0  # float-ok: time, not money
    errors_by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: BatchStats) -> None:
        for name in ("rows", "planned", "quoted", "failed", "groups", "bands", "engine_calls"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        for kind, count in other.errors_by_kind.items():
            self.errors_by_kind[kind] = self.errors_by_kind.get(kind, 0) + count

    @property
    def rows_per_second(self) -> float:  # float-ok: time, not money
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class BatchResult:
    """``prices``: the priced rows; ``errors``: the rows that could not be priced, with their reason."""

    prices: pa.Table
    errors: pa.Table
    stats: BatchStats

    def to_pandas(self) -> Any:
        return self.prices.to_pandas()


class _Strings:
    """Per-row text as indexes into a small table (regimes and warnings repeat across millions of rows)."""

    def __init__(self, count: int) -> None:
        self.index = np.full(count, -1, dtype=np.int32)
        self.values: dict[str, int] = {}

    def code(self, text: str | None) -> int:
        if text is None:
            return -1
        found = self.values.get(text)
        if found is None:
            found = self.values[text] = len(self.values)
        return found

    def array(self) -> pa.Array:
        dictionary = pa.array(list(self.values), pa.string())
        indices = pa.array(self.index, mask=self.index < 0)
        return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


class Columns:
    """The columns of one chunk and destination, filled by plans (many rows at once) and single quotes."""

    def __init__(self, chunk: Chunk) -> None:
        count = len(chunk)
        self.chunk = chunk
        self.errors = RowErrors(count)
        self.errors.failed[:] = chunk.errors.failed
        self.errors.reasons = dict(chunk.errors.reasons)
        self.amounts = {name: np.zeros(count, dtype=np.int64) for name in AMOUNTS}
        self.method = np.zeros(count, dtype=np.int8)  # 0 error, 1 plan, 2 quote
        self.regime, self.warnings, self.codes = _Strings(count), _Strings(count), _Strings(count)
        self.complete = np.ones(count, dtype=bool)
        self.minor = np.zeros(count, dtype=np.int8)

    def set_planned(
        self, order: IntArray, amounts: dict[str, IntArray], plan_of: IntArray, plans: list[BandPlan]
    ) -> None:
        """Rows ``order[i]`` priced by ``plans[plan_of[i]]`` (``-1``: not planned), amounts in ``order``'s order."""
        done = plan_of >= 0
        rows, at = order[done], plan_of[done]
        if not len(rows):
            return
        for name in AMOUNTS:
            self.amounts[name][rows] = amounts[name][done]
        self.method[rows] = 1
        self.regime.index[rows] = np.array([self.regime.code(p.regime) for p in plans], dtype=np.int32)[at]
        self.warnings.index[rows] = np.array([self.warnings.code(p.warnings) for p in plans], dtype=np.int32)[at]
        self.codes.index[rows] = np.array([self.codes.code(p.currency) for p in plans], dtype=np.int32)[at]
        self.minor[rows] = np.array([p.minor_units for p in plans], dtype=np.int8)[at]
        self.complete[rows] = np.array([p.complete for p in plans], dtype=bool)[at]

    def set_quote(self, row: int, result: Quote, amounts: dict[str, int]) -> None:
        """Row ``row`` priced by the single quote ``result``."""
        for name, value in amounts.items():
            self.amounts[name][row] = value
        self.method[row] = 2
        self.regime.index[row] = self.regime.code(str(result.regime.get("id", "")))
        self.warnings.index[row] = self.warnings.code(" ".join(sorted({w.code for w in result.warnings})))
        self.codes.index[row] = self.codes.code(result.currency)
        self.minor[row] = currency(result.currency).minor_units or 0
        self.complete[row] = result.complete

    def table(
        self, destination: str, first_row: int, data_version: str, presentation: str | None, stats: BatchStats
    ) -> pa.Table:
        """The chunk's rows for ``destination`` in ``OUTPUT_SCHEMA``; counts go to ``stats``."""
        count = len(self.chunk)
        failed = self.errors.failed
        method = self.method
        method[failed] = 0
        stats.rows += count
        stats.planned += int((method == 1).sum())
        stats.quoted += int((method == 2).sum())
        stats.failed += int(failed.sum())
        kinds, paths, reasons = _Strings(count), _Strings(count), _Strings(count)
        for row, (kind, path, reason) in self.errors.reasons.items():
            kinds.index[row] = kinds.code(kind)
            paths.index[row] = paths.code(path)
            reasons.index[row] = reasons.code(reason)
            stats.errors_by_kind[kind] = stats.errors_by_kind.get(kind, 0) + 1
        for name in AMOUNTS:
            self.amounts[name][failed] = 0
        display, rule = present(presentation, self.amounts["total"], self.minor, ~failed)
        columns: dict[str, Any] = {
            "row": pa.array(np.arange(first_row, first_row + count, dtype=np.int64)),
            "id": self.chunk.table.column("id").cast(pa.string()).combine_chunks(),
            "destination": _repeat(destination, count),
            "currency": self.codes.array(),
            "minor_units": pa.array(self.minor, mask=failed),
            **{f"{name}_minor": pa.array(self.amounts[name], mask=failed) for name in AMOUNTS},
            "regime": self.regime.array(),
            "warnings": self.warnings.array(),
            "complete": pa.array(self.complete, mask=failed),
            "data_version": _repeat(data_version, count),
            "method": pa.DictionaryArray.from_arrays(
                pa.array(method.astype(np.int32)), pa.array(["error", "plan", "quote"])
            ).cast(pa.string()),
            "error_kind": kinds.array(),
            "error_path": paths.array(),
            "error_reason": reasons.array(),
            "display_minor": pa.array(display, mask=failed | (display < 0)),
            "display_rule": _repeat(rule, count) if rule else pa.nulls(count, pa.string()),
        }
        return pa.table(columns, schema=OUTPUT_SCHEMA)


def _repeat(text: str, count: int) -> pa.Array:
    indices = pa.array(np.zeros(count, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array([text], pa.string())).cast(pa.string())


def split(table: pa.Table, stats: BatchStats) -> BatchResult:
    failed = pc.equal(table.column("method"), "error")
    errors = table.filter(failed).select(["row", "id", "destination", "error_kind", "error_path", "error_reason"])
    prices = table.filter(pc.invert(failed)).drop_columns(["error_kind", "error_path", "error_reason"])
    if prices.column("display_rule").null_count == prices.num_rows:
        prices = prices.drop_columns(["display_minor", "display_rule"])
    return BatchResult(prices, errors, stats)
