"""``checkoutguard price-catalog CATALOG --to DE,FR,GB --from CN --out prices.parquet``: catalogue pricing.

Streams the catalogue in chunks (memory stays flat in the number of rows), prices each chunk for every
destination, appends the priced rows to one Parquet file and the failed rows, with their reason, to an
errors CSV: one bad row never sinks the run. ``--scheduler`` runs the chunks on an existing Dask cluster.
"""

from __future__ import annotations

import argparse
import csv as csv_module
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checkoutguard.errors import InvalidInput

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "price-catalog",
        help="all-in local prices for a whole catalogue",
        description="Price a catalogue (CSV or Parquet: id, price, currency, hs_code, origin, category, weight_kg, "
        "quantity, shipping_rule) for a list of destinations with the same rules as a single quote.",
    )
    parser.add_argument("catalog", metavar="CATALOG", help="catalogue file, .csv or .parquet")
    parser.add_argument("--to", required=True, help="destinations, comma-separated: DE,FR,GB,CA-ON")
    parser.add_argument("--from", dest="ship_from", required=True, help="country the goods ship from, e.g. CN")
    parser.add_argument("--date", default=None, help="quote date YYYY-MM-DD (default: today)")
    parser.add_argument("--incoterm", choices=("DDP", "DAP"), default="DDP")
    parser.add_argument("--registration", action="append", default=[], help="merchant registration, e.g. EU-IOSS")
    parser.add_argument("--shipping", default=None, help='JSON file: {"rule": {"DE": {"amount": "4.90", ...}}}')
    parser.add_argument("--presentation", choices=("charm", "whole"), default=None, help="display prices (off)")
    parser.add_argument("--out", required=True, help="priced rows, Parquet")
    parser.add_argument("--errors", default=None, help="failed rows, CSV (default: OUT with .errors.csv)")
    parser.add_argument("--chunk-rows", type=int, default=250_000, help="rows per chunk (memory per chunk)")
    parser.add_argument("--scheduler", default=None, help="address of a Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def _chunks(path: str, rows: int) -> Iterator[Any]:
    import pyarrow as pa
    import pyarrow.csv as csv
    import pyarrow.parquet as pq

    if path.endswith(".parquet"):
        yield from pq.ParquetFile(path).iter_batches(batch_size=rows)
        return
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv_module.reader(handle), [])
    options = csv.ConvertOptions(column_types={name: pa.string() for name in header}, strings_can_be_null=True)
    reader = csv.open_csv(path, read_options=csv.ReadOptions(block_size=1 << 24), convert_options=options)
    pending: list[Any] = []
    count = 0
    for batch in reader:
        pending.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
            pending, count = [], 0
    if pending:
        yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]


def run(args: argparse.Namespace) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as csv
    import pyarrow.parquet as pq
    from tqdm import tqdm

    from checkoutguard.batch import OUTPUT_SCHEMA, BatchStats, CatalogPricer

    if not Path(args.catalog).is_file():
        raise InvalidInput(f"{args.catalog} is not a file", path="catalog", accepted="a .csv or .parquet file")
    if args.chunk_rows < 1:
        raise InvalidInput("--chunk-rows must be at least 1", path="--chunk-rows")
    shipping = json.loads(Path(args.shipping).read_text("utf-8")) if args.shipping else None
    options: dict[str, Any] = {
        "to": [code for code in args.to.split(",") if code.strip()],
        "ship_from": args.ship_from,
        "date": args.date,
        "incoterm": args.incoterm,
        "registrations": args.registration,
        "shipping": shipping,
        "presentation": args.presentation,
    }
    pricer = CatalogPricer(**options)
    errors_path = args.errors or str(Path(args.out).with_suffix("")) + ".errors.csv"
    error_columns = ["row", "id", "destination", "error_kind", "error_path", "error_reason"]
    stats = BatchStats()
    started = time.perf_counter()
    by_kind: dict[str, int] = {}
    bar = tqdm(unit="rows", disable=args.no_progress, file=sys.stderr, unit_scale=True)
    with pq.ParquetWriter(args.out, OUTPUT_SCHEMA) as writer, open(errors_path, "wb") as errors_file:
        errors_file.write((",".join(error_columns) + "\n").encode())
        for table in _priced(args, pricer, options, stats):
            failed = pc.equal(table.column("method"), "error")
            writer.write_table(table)
            bad = table.filter(failed).select(error_columns)
            if bad.num_rows:
                csv.write_csv(bad, errors_file, csv.WriteOptions(include_header=False))
                for kind in bad.column("error_kind").to_pylist():
                    by_kind[kind] = by_kind.get(kind, 0) + 1
            bar.update(table.num_rows)
    bar.close()
    seconds = time.perf_counter() - started
    failed_rows = sum(by_kind.values())
    summary = {
        "rows": stats.rows,
        "priced": stats.rows - failed_rows,
        "failed": failed_rows,
        "rows_per_second": round(stats.rows / seconds) if seconds else 0,
        "seconds": round(seconds, 3),
        "errors_by_kind": by_kind,
        "by_plan": stats.planned,
        "by_single_quote": stats.quoted,
        "engine_calls": stats.engine_calls,
        "out": args.out,
        "errors": errors_path,
        "data_version": pricer.data_version,
    }
    print(json.dumps(summary, indent=2))
    del pa
    return 1 if failed_rows else 0


def _priced(args: argparse.Namespace, pricer: Any, options: dict[str, Any], stats: Any) -> Iterator[Any]:
    """Priced tables, chunk by chunk: in this process, or on the Dask cluster at ``--scheduler``."""
    import pyarrow as pa

    if args.scheduler is None:
        first = 0
        for batch in _chunks(args.catalog, args.chunk_rows):
            table, chunk_stats = pricer.price_table(pa.Table.from_batches([batch]), first)
            stats.add(chunk_stats)
            first += batch.num_rows
            yield table
        return
    from distributed import Client

    from checkoutguard.batch.dask import iter_priced_partitions, price_dataframe, read_catalog

    with Client(args.scheduler) as client:  # type: ignore[no-untyped-call]
        frame = read_catalog(args.catalog)
        rest = {k: v for k, v in options.items() if k not in ("to", "ship_from")}
        priced = price_dataframe(frame, options["to"], ship_from=options["ship_from"], **rest)
        for table in iter_priced_partitions(client, priced):
            stats.rows += table.num_rows
            yield table
