"""Catalogue pricing throughput, next to the single-quote loop measured in the same run (issue #17).

Run: .venv/bin/python benchmarks/bench_batch.py [--rows 1000000] [--kinds 600] [--to DE,FR,GB] [--no-cluster]

A generated catalogue (``--rows`` SKUs drawn from ``--kinds`` kinds of item: HS code x origin x category x
currency x shipping rule, prices from 1.00 to 600.00, so EUR 150 / GBP 135 thresholds fall inside most kinds)
is written to Parquet, one file per chunk. Then, in this order:

1. floor: a loop of ``LandedCostCalculator.quote`` (one reused calculator, orders as dicts) on the first rows;
2. in-process: ``CatalogPricer.price_table`` chunk by chunk, priced rows written to Parquet (streamed);
3. a 2-worker ``LocalCluster`` (processes, one thread each): ``price_dataframe`` over the Parquet files,
   written by the workers with ``to_parquet``.

Reported: rows/s (one row = one SKU x destination), rows/s per core, the ratio to the loop, engine calls,
rows priced by a plan or by the single quote, and resident memory after each chunk (flat = streamed).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from checkoutguard.batch import OUTPUT_SCHEMA, BatchStats, CatalogPricer
from checkoutguard.landed_cost import LandedCostCalculator

DAY = date(2026, 11, 23)
HS = [
    "610910", "640399", "420221", "420292", "851713", "851830", "852872", "850940", "851631", "900410",
    "711319", "640299", "640411", "330499", "330300", "210690", "847130", "950300", "620342", "611020",
]  # fmt: skip
ORIGINS = ["CN", "VN", "US", "TR", "IN"]
CATEGORIES = ["general", "books", "children_clothing"]
CURRENCIES = ["EUR", "USD", "GBP"]
RULES = ["std", None]
SHIPPING = {"std": {"*": {"amount": "4.90", "currency": "EUR"}, "GB": {"amount": "3.99", "currency": "GBP"}}}
OPTIONS: dict[str, Any] = {
    "ship_from": "CN",
    "date": DAY.isoformat(),
    "today": DAY,
    "registrations": ["EU-IOSS"],
    "shipping": SHIPPING,
}


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def generate(rows: int, kinds: int, chunk: int, folder: Path, seed: int = 17) -> list[dict[str, Any]]:
    """Write the catalogue as Parquet files of ``chunk`` rows; return the first rows as dicts (for the loop)."""
    every = list(itertools.product(HS, ORIGINS, CATEGORIES, CURRENCIES, RULES))
    rng = np.random.default_rng(seed)
    chosen = [every[i] for i in rng.choice(len(every), size=min(kinds, len(every)), replace=False)]
    columns = list(zip(*chosen, strict=True))
    sample: list[dict[str, Any]] = []
    for number, start in enumerate(range(0, rows, chunk)):
        size = min(chunk, rows - start)
        kind = rng.integers(0, len(chosen), size)
        cents = rng.integers(100, 60_000, size)
        whole = pc.cast(pa.array(cents // 100), pa.string())
        fraction = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), width=2, padding="0")
        table = pa.table(
            {
                "id": pc.binary_join_element_wise(
                    "sku-", pc.cast(pa.array(np.arange(start, start + size)), pa.string()), ""
                ),
                "price": pc.binary_join_element_wise(whole, fraction, "."),
                **{
                    name: pa.array(np.array(values, dtype=object)[kind], pa.string())
                    for name, values in zip(
                        ("hs_code", "origin", "category", "currency", "shipping_rule"), columns, strict=True
                    )
                },
                "weight_kg": pa.array(np.array(["0.2", "0.5", "1.1", "2.4"], dtype=object)[rng.integers(0, 4, size)]),
            }
        )
        pq.write_table(table, folder / f"part-{number:04d}.parquet")
        if not sample:
            sample = table.slice(0, 4000).to_pylist()
    return sample


def single_quote_loop(sample: list[dict[str, Any]], to: list[str]) -> tuple[float, float, int]:
    """Rows per second (wall, CPU) of the loop a merchant would write today: one quote per SKU and destination."""
    calculator = LandedCostCalculator()
    count = 0
    started, cpu = time.perf_counter(), time.process_time()
    for row, where in itertools.product(sample, to):
        item = {k: row[k] for k in ("hs_code", "origin", "category", "weight_kg")}
        item.update({"id": row["id"], "price": {"amount": row["price"], "currency": row["currency"]}})
        document: dict[str, Any] = {
            "date": DAY.isoformat(),
            "ship_from": {"country": "CN"},
            "ship_to": {"country": where},
            "merchant": {"registrations": ["EU-IOSS"]},
            "items": [item],
        }
        if row["shipping_rule"]:
            rules = SHIPPING[row["shipping_rule"]]
            document["shipping"] = rules.get(where, rules["*"])
        calculator.quote(document, today=DAY)
        count += 1
    return count / (time.perf_counter() - started), count / (time.process_time() - cpu), count


def in_process(folder: Path, to: list[str], out: Path) -> tuple[float, float, BatchStats, list[float]]:
    pricer = CatalogPricer(to, **OPTIONS)
    stats = BatchStats()
    memory = []
    first = 0
    started, cpu = time.perf_counter(), time.process_time()
    with pq.ParquetWriter(out, OUTPUT_SCHEMA) as writer:
        for path in sorted(folder.glob("part-*.parquet")):
            table = pq.read_table(path)
            priced, chunk_stats = pricer.price_table(table, first)
            writer.write_table(priced)
            stats.add(chunk_stats)
            first += table.num_rows
            memory.append(_rss_mib())
    return stats.rows / (time.perf_counter() - started), stats.rows / (time.process_time() - cpu), stats, memory


def on_cluster(folder: Path, to: list[str], out: Path) -> tuple[float, int, list[float]]:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from checkoutguard.batch.dask import price_dataframe

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        frame = dd.read_parquet(str(folder))
        client.run(lambda: __import__("checkoutguard.batch").batch.CatalogPricer)  # warm imports, not timed
        started = time.perf_counter()
        priced = price_dataframe(frame, to, **OPTIONS)
        priced.to_parquet(str(out), write_index=False)
        seconds = time.perf_counter() - started
        rows = pq.ParquetDataset(str(out)).read(columns=["row"]).num_rows
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return rows / seconds, rows, list(peaks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kinds", type=int, default=600)
    parser.add_argument("--chunk", type=int, default=250_000)
    parser.add_argument("--to", default="DE,FR,GB")
    parser.add_argument("--loop", type=int, default=1500, help="SKUs in the single-quote loop (x destinations)")
    parser.add_argument("--no-cluster", action="store_true")
    args = parser.parse_args()
    to = args.to.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "catalog"
        folder.mkdir()
        sample = generate(args.rows, args.kinds, args.chunk, folder)
        loop_rate, loop_cpu, loop_rows = single_quote_loop(sample[: args.loop], to)
        print(f"single-quote loop: {loop_rows} rows, {loop_rate:,.0f} rows/s wall, {loop_cpu:,.0f} rows/CPU-s")
        rate, cpu_rate, stats, memory = in_process(folder, to, Path(tmp) / "prices.parquet")
        print(
            f"in-process: {stats.rows:,} rows, {rate:,.0f} rows/s wall = {rate / loop_rate:.1f}x the loop; "
            f"{cpu_rate:,.0f} rows/CPU-s = {cpu_rate / loop_cpu:.1f}x the loop's; "
            f"plan {stats.planned:,}, single quote {stats.quoted:,}, failed {stats.failed:,}; "
            f"{stats.groups:,} groups, {stats.bands:,} bands, {stats.engine_calls:,} engine calls"
        )
        print("  resident MiB after each chunk: " + ", ".join(f"{m:.0f}" for m in memory))
        if not args.no_cluster:
            cluster_rate, rows, peaks = on_cluster(folder, to, Path(tmp) / "cluster-prices")
            print(
                f"LocalCluster 2 workers: {rows:,} rows, {cluster_rate:,.0f} rows/s = {cluster_rate / 2:,.0f} "
                f"rows/s/worker = {cluster_rate / loop_rate:.1f}x the loop; worker peak RSS MiB: "
                + ", ".join(f"{p:.0f}" for p in peaks)
            )


if __name__ == "__main__":
    main()
