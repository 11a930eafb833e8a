"""Scale-out on Dask: the same ``CatalogPricer`` on every partition of a Dask DataFrame.

The pricer travels to the workers as its settings (destinations, date, incoterm, shipping rules...), not as
its rates book: every worker builds the book from the rates that ship inside the installed checkoutguard
package, once per process, and refuses to price if that book's ``data_version`` differs from the client's,
so one run never mixes two versions of the law. Needs the ``batch`` extra (dask[dataframe], distributed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyarrow as pa

from checkoutguard.batch.pricer import OUTPUT_SCHEMA, CatalogPricer
from checkoutguard.errors import DataError

__all__ = ["iter_priced_partitions", "price_dataframe", "read_catalog"]


def _settings(pricer_options: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, repr(v)) for k, v in pricer_options.items()))


_PRICERS: dict[tuple[tuple[str, Any], ...], CatalogPricer] = {}


def _worker_pricer(options: Mapping[str, Any]) -> CatalogPricer:
    """One pricer per worker process and settings: its book, plans and quotes are reused by every partition."""
    key = _settings(options)
    found = _PRICERS.get(key)
    if found is None:
        if len(_PRICERS) >= 8:
            _PRICERS.clear()
        found = _PRICERS[key] = CatalogPricer(**options)
    return found


def _price_partition(frame: Any, options: dict[str, Any], data_version: str) -> Any:
    """Runs on a worker: one partition (pandas) in, the priced rows (pandas, ``OUTPUT_SCHEMA``) out."""
    pricer = _worker_pricer(options)
    if pricer.data_version != data_version:
        raise DataError(
            f"this worker's rates are {pricer.data_version}, the client's are {data_version}: install the same "
            "checkoutguard on every worker"
        )
    first = int(frame.index[0]) if len(frame) else 0
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    priced, _ = pricer.price_table(table, first)
    return priced.to_pandas()


def _meta() -> Any:
    return OUTPUT_SCHEMA.empty_table().to_pandas()


def price_dataframe(frame: Any, to: Sequence[str], *, ship_from: str, **options: Any) -> Any:
    """A lazy Dask DataFrame of priced rows (``OUTPUT_SCHEMA``) from a Dask DataFrame of catalogue rows.

    Row numbers (``row``) come from the partition's index; give the frame a global index (as
    ``read_catalog`` does) to have them match the catalogue's lines. Failed rows have ``method == "error"``.
    """
    settings = {"to": list(to), "ship_from": ship_from, **options}
    pricer = CatalogPricer(**settings)  # checks the settings once, on the client
    return frame.map_partitions(_price_partition, settings, pricer.data_version, meta=_meta())


def read_catalog(path: str, *, blocksize: str | int = "64MB") -> Any:
    """A Dask DataFrame of a CSV or Parquet catalogue; every column read as text (money is never a float)."""
    import dask.dataframe as dd

    if str(path).endswith(".parquet"):
        frame = dd.read_parquet(path)
    else:
        frame = dd.read_csv(path, dtype=str, blocksize=blocksize, keep_default_na=False, na_values=[""])
    lengths = frame.map_partitions(len).compute()
    offsets = [0]
    for length in lengths.tolist()[:-1]:
        offsets.append(offsets[-1] + int(length))
    return frame.map_partitions(_number_rows, offsets, meta=frame._meta, align_dataframes=False)


def _number_rows(part: Any, offsets: list[int], partition_info: Any = None) -> Any:
    number = partition_info["number"] if partition_info else 0
    part = part.copy()
    part.index = range(offsets[number], offsets[number] + len(part))
    return part


def iter_priced_partitions(client: Any, priced: Any) -> Iterator[pa.Table]:
    """Compute the partitions of ``priced`` on ``client`` and yield them as Arrow tables as they finish."""
    from distributed import as_completed

    futures = client.compute(priced.to_delayed())
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        frame = future.result()
        yield pa.Table.from_pandas(frame, schema=OUTPUT_SCHEMA, preserve_index=False)
        future.release()
