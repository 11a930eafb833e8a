"""Bad rows get a typed reason and never sink the run; the CLI streams, summarises and writes both files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from batch.sample import OPTIONS
from checkoutguard.batch import catalog as catalog_module, price_catalog
from checkoutguard.cli import main
from checkoutguard.landed_cost import order


def test_bad_rows_are_reported_with_their_reason_and_the_rest_is_priced() -> None:
    rows = [
        {"id": "ok", "price": "19.90", "currency": "EUR", "hs_code": "610910", "origin": "CN"},
        {"id": "neg", "price": "-1.00", "currency": "EUR", "hs_code": "610910"},
        {"id": "exp", "price": "1e5", "currency": "EUR", "hs_code": "610910"},
        {"id": "cur", "price": "5.00", "currency": "XXX", "hs_code": "610910"},
        {"id": "bad id!", "price": "5.00", "currency": "EUR", "hs_code": "610910"},
        {"id": "hs", "price": "5.00", "currency": "EUR", "hs_code": "12"},
        {"id": "rule", "price": "5.00", "currency": "EUR", "hs_code": "610910", "shipping_rule": "nope"},
    ]
    result = price_catalog(rows, ["DE"], **OPTIONS)
    assert result.prices.column("id").to_pylist() == ["ok"]
    reasons = {r["id"]: (r["error_kind"], r["error_path"]) for r in result.errors.to_pylist()}
    assert reasons == {
        "neg": ("InvalidInput", "price"),
        "exp": ("InvalidInput", "price"),
        "cur": ("UnknownCurrency", "currency"),
        "bad id!": ("InvalidInput", "id"),
        "hs": ("InvalidInput", "items[0].hs_code"),  # the engine's own check, row by row
        "rule": ("InvalidInput", "shipping_rule"),
    }


def test_float_prices_are_refused() -> None:
    import pyarrow as pa

    table = pa.table({"id": ["a"], "price": [19.9], "currency": ["EUR"]})
    result = price_catalog(table, ["DE"], **OPTIONS)
    assert result.prices.num_rows == 0
    assert result.errors.column("error_path").to_pylist() == ["price"]


def test_the_id_rule_is_the_order_documents() -> None:
    assert f"^{order._ID.pattern}$" == catalog_module.ID_PATTERN


def test_works_without_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "dask" or m.startswith(("dask.", "distributed"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "distributed", None)
    rows = [{"id": "a", "price": "10.00", "currency": "EUR", "hs_code": "610910", "origin": "CN"}]
    assert price_catalog(rows, ["FR"], **OPTIONS).prices.num_rows == 1


def test_presentation_has_its_own_columns_and_leaves_the_amounts() -> None:
    rows = [{"id": "a", "price": "100.00", "currency": "EUR", "hs_code": "610910", "origin": "CN"}]
    plain = price_catalog(rows, ["DE", "JP"], **OPTIONS).prices.to_pylist()
    shown = price_catalog(rows, ["DE", "JP"], presentation="charm", **OPTIONS).prices.to_pylist()
    for a, b in zip(plain, shown, strict=True):
        assert a["total_minor"] == b["total_minor"]
    de, jp = shown
    assert de["display_minor"] % 100 == 99 and 0 <= de["display_minor"] - de["total_minor"] < 100
    assert jp["display_minor"] % 100 == 99 and 0 <= jp["display_minor"] - jp["total_minor"] < 100


def test_cli_prices_a_csv_and_writes_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        "id,price,currency,hs_code,origin\na1,19.90,EUR,610910,CN\na2,abc,EUR,610910,CN\na3,250.00,USD,847130,US\n"
    )
    out = tmp_path / "prices.parquet"
    code = main(
        [
            "price-catalog",
            str(catalog),
            "--to",
            "DE,GB",
            "--from",
            "CN",
            "--date",
            "2026-11-23",
            "--registration",
            "EU-IOSS",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert code == 1  # done, and some rows failed
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 6 and summary["failed"] == 2 and summary["errors_by_kind"] == {"InvalidInput": 2}
    table = pq.read_table(out)
    assert table.num_rows == 6
    errors = (tmp_path / "prices.errors.csv").read_text().splitlines()
    assert len(errors) == 3 and errors[1].startswith('1,"a2","DE","InvalidInput","price"')
