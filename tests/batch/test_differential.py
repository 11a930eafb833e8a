"""Batch prices equal single quotes, row by row: thresholds, regimes and currencies crossed (issue #17)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from batch.sample import COMPARED, DESTINATIONS, OPTIONS, catalog, single_quote
from checkoutguard.batch import CatalogPricer, price_catalog, pricer as pricer_module
from checkoutguard.cli import main
from checkoutguard.landed_cost import LandedCostCalculator


def _check(rows: list[dict[str, object]], priced: list[dict[str, object]], incoterm: str = "DDP") -> None:
    calculator = LandedCostCalculator()
    assert len(priced) == len(rows) * len(DESTINATIONS)
    assert {str(out["id"]) for out in priced} >= {"edge-space", "edge-mills", "edge-yen", "edge-huge", "edge-many"}
    for out in priced:
        expected = single_quote(calculator, rows[int(str(out["row"]))], str(out["destination"]), incoterm)
        got = {name: out[name] for name in COMPARED}
        assert got == expected, (out["id"], out["destination"], out["method"])


@pytest.mark.parametrize(
    ("small_band", "incoterm"),
    [(0, "DDP"), (2048, "DDP"), (2048, "DAP")],
    ids=["one-pass-per-band", "small-bands-together", "DAP"],
)
def test_in_process_equals_single_quotes(small_band: int, incoterm: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pricer_module, "_SMALL_BAND", small_band)
    rows = catalog(250)
    result = price_catalog(rows, DESTINATIONS, incoterm=incoterm, **OPTIONS)
    assert result.errors.num_rows == 0
    priced = result.prices.to_pylist()
    _check(rows, priced, incoterm)
    if incoterm == "DAP":
        assert any(r["delivery_minor"] for r in priced)  # duty and import tax collected at the door
    # The sample must exercise what it claims: plans on both sides of a threshold, and the single-quote path.
    assert result.stats.planned > len(priced) // 2
    assert result.stats.quoted > 0  # EU watches: a per-item minimum/maximum is not a plain rate
    regimes = {(r["destination"], r["regime"]) for r in priced if r["method"] == "plan"}
    assert ("DE", "EU-IOSS + EU-LOW-VALUE-FLAT-DUTY") in regimes and ("DE", "DE-IMPORT-VAT + EU-CCT") in regimes
    assert {r["currency"] for r in priced} >= {"EUR", "GBP", "USD", "CAD", "AUD", "CHF", "JPY"}


def test_chunks_give_the_same_rows() -> None:
    import pyarrow as pa

    rows = catalog(150, seed=3)
    pricer = CatalogPricer(DESTINATIONS[:2], **OPTIONS)
    whole, _ = pricer.price_table(pa.Table.from_pylist(rows))
    halves = [
        pricer.price_table(pa.Table.from_pylist(rows[:70]))[0],
        pricer.price_table(pa.Table.from_pylist(rows[70:]), 70)[0],
    ]
    key = ["destination", "row"]
    assert (
        whole.sort_by([(k, "ascending") for k in key]).to_pylist()
        == pa.concat_tables(halves).sort_by([(k, "ascending") for k in key]).to_pylist()
    )


def test_two_worker_local_cluster_equals_single_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from checkoutguard.batch.dask import iter_priced_partitions, price_dataframe

    rows = catalog(60, seed=11)
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        priced_frame = price_dataframe(frame, DESTINATIONS, **OPTIONS)
        tables = list(iter_priced_partitions(client, priced_frame))
        workers = len(client.scheduler_info()["workers"])
        # The CLI on the same cluster: CSV read by the workers, rows numbered as the file's lines.
        source = tmp_path / "catalog.csv"
        pd.DataFrame(rows[:40]).to_csv(source, index=False)
        out = tmp_path / "prices.parquet"
        argv = ["price-catalog", str(source), "--to", "DE,GB", "--from", "CN", "--date", "2026-11-23"]
        argv += [
            "--registration",
            "EU-IOSS",
            "--out",
            str(out),
            "--no-progress",
            "--scheduler",
            cluster.scheduler_address,
        ]
        assert main(argv) == 1  # the sample's shipping rule is not defined on the command line: those rows fail
    summary = json.loads(capsys.readouterr().out)
    by_cli = pq.read_table(out).to_pylist()
    assert summary["rows"] == 80 == len(by_cli)
    assert sorted({r["row"] for r in by_cli}) == list(range(40))
    calculator = LandedCostCalculator()
    for out_row in by_cli:
        row = rows[out_row["row"]]
        if row["shipping_rule"] is None:
            assert out_row["method"] != "error"
            expected = single_quote(calculator, {**row, "shipping_rule": None}, out_row["destination"])
            assert {name: out_row[name] for name in COMPARED} == expected
        else:
            assert (out_row["method"], out_row["error_path"]) == ("error", "shipping_rule")
    assert workers == 2
    priced = [row for table in tables for row in table.to_pylist()]
    assert all(row["method"] != "error" for row in priced)
    _check(rows, priced)


def test_prices_beyond_int64_are_exact_on_python_integers() -> None:
    rows = catalog(0)
    result = price_catalog(rows, ["US", "DE"], **OPTIONS)
    huge = [r for r in result.prices.to_pylist() if str(r["id"]).startswith("edge-huge")]
    assert {r["method"] for r in huge} == {"plan"}  # three distinct prices of one kind: a band, on Python ints
    calculator = LandedCostCalculator()
    for out in huge:
        expected = single_quote(calculator, rows[int(str(out["row"]))], str(out["destination"]))
        assert {name: out[name] for name in COMPARED} == expected
