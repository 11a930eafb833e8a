"""US local sales tax by ZIP from vendor rate tables (``--local-rates``), on the sample in examples/us-local-rates.

Expected rates come from the states' publications the sample cites (NY Pub 718: New York City 8.875 %; CDTFA:
San Francisco 8.625 %), not from the code.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from checkoutguard.errors import InvalidInput, LimitExceeded
from checkoutguard.landed_cost import Quote, default_book, quote
from checkoutguard.landed_cost.local_rates import COLUMNS, MAX_ROWS, LocalRates, LocalRateTable, zip5
from quote_builders import TODAY, item, order

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sorted((ROOT / "examples" / "us-local-rates").glob("TAXRATES_ZIP5_*.csv"))
TABLES = LocalRates(LocalRateTable.from_csv(path) for path in SAMPLE)
BOOK = default_book().with_local_rates(TABLES)
HEADER = ",".join(COLUMNS)


def _quote(state: str, postal: str | None, *, book: Any = BOOK, day: str = "2026-12-06", **extra: Any) -> Quote:
    ship_to: dict[str, str] = {"country": "US", "subdivision": state}
    if postal is not None:
        ship_to["postal_code"] = postal
    doc = order("US", item("toy", "100.00", "USD", hs="950300", origin="US"), day=day, ship_from="US", **extra)
    doc["ship_to"] = ship_to
    doc.setdefault("merchant", {"registrations": [state]})
    return quote(doc, book=book, today=TODAY)


def _tax(result: Quote) -> Any:
    return next(line for line in result.lines if (line.rule or "").endswith("-SALES-TAX"))


def _codes(result: Quote) -> set[str]:
    return {w.code for w in result.warnings}


def test_sample_is_a_few_hundred_rows_in_five_states() -> None:
    assert len(SAMPLE) == 5
    assert sum(len(t.rates) for t in TABLES.tables) >= 400
    assert TABLES.states == {"US-NY", "US-PA", "US-CO", "US-CA", "US-FL"}
    assert all(t.as_of == date(2026, 12, 1) for t in TABLES.tables)


def test_new_york_city_zip_plus_four_gets_the_combined_rate() -> None:
    result = _quote("US-NY", "10001-1234")
    line = _tax(result)
    assert line.rate == Decimal("0.08875") and line.amount == Decimal("8.88")  # 100.00 x 8.875 % = 8.875
    assert "state and local" in line.label
    assert "TAXRATES_ZIP5_NY202612.csv" in line.explanation and "2026-12" in line.explanation
    assert "LOCAL_SALES_TAX_NOT_INCLUDED" not in _codes(result)


def test_without_a_table_the_quote_keeps_saying_local_tax_is_not_included() -> None:
    result = _quote("US-NY", "10001", book=default_book())
    assert _tax(result).rate == Decimal("0.04")
    assert "LOCAL_SALES_TAX_NOT_INCLUDED" in _codes(result)


def test_california_state_share_is_not_counted_twice() -> None:
    # San Francisco 8.625 % in all (CDTFA): the statewide 7.25 % already holds 1.25 % of local tax.
    assert _tax(_quote("US-CA", "94103")).rate == Decimal("0.08625")


@pytest.mark.parametrize(
    ("state", "postal", "code"),
    [
        ("US-NY", "99999", "LOCAL_SALES_TAX_NO_ZIP"),  # not in the table
        ("US-NY", "ABC", "LOCAL_SALES_TAX_NO_ZIP"),  # not a ZIP
        ("US-NY", None, "LOCAL_SALES_TAX_NO_ZIP"),
        ("US-NY", "80202", "LOCAL_SALES_TAX_ZIP_STATE_MISMATCH"),  # a Denver ZIP on a New York order
    ],
)
def test_unusable_zip_keeps_the_state_rate_and_says_why(state: str, postal: str | None, code: str) -> None:
    result = _quote(state, postal)
    assert _tax(result).rate == Decimal("0.04")
    assert {code, "LOCAL_SALES_TAX_NOT_INCLUDED"} <= _codes(result)


def test_a_state_without_a_loaded_table_is_unchanged() -> None:
    result = _quote("US-TX", "77002")
    assert _tax(result).rate == Decimal("0.0625") and "LOCAL_SALES_TAX_NOT_INCLUDED" in _codes(result)


def test_a_table_for_another_month_warns() -> None:
    result = _quote("US-NY", "10001", day="2026-03-02")
    assert "LOCAL_RATES_STALE" in _codes(result)


def test_clothing_exemption_covers_the_local_tax_in_philadelphia() -> None:
    doc = order("US", item("tee", "40.00", "USD", hs="610910", origin="US"), ship_from="US", day="2026-12-06")
    doc["ship_to"] = {"country": "US", "subdivision": "US-PA", "postal_code": "19103"}
    doc["merchant"] = {"registrations": ["US-PA"]}
    assert _tax(quote(doc, book=BOOK, today=TODAY)).amount == Decimal("0.00")


@settings(max_examples=40, deadline=None)
@given(
    postal=st.sampled_from(["10001", "19103", "80202", "94103", "33130", "32801", "11501"]),
    held=st.lists(st.sampled_from(["EU-IOSS", "GB-VAT", "US-TX", "US-WA"]), max_size=2),
)
def test_no_sales_tax_where_the_merchant_is_not_registered_even_with_local_tables(postal: str, held: list[str]) -> None:
    state = next(t.rates[postal].state for t in TABLES.tables if postal in t.rates)
    result = _quote(state, postal, merchant={"registrations": held})
    assert _tax(result).amount == 0


def _table(body: str, name: str = "t.csv") -> LocalRateTable:
    return LocalRateTable.from_text(HEADER + "\n" + body, name=name, as_of=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("NY,10001,X,8.875%,0.04,0,0.045,0.00375,1\n", "t.csv:2:EstimatedCombinedRate"),
        ("NY,1000X,X,0.08875,0.04,0,0.045,0.00375,1\n", "t.csv:2:ZipCode"),
        ("New York,10001,X,0.08875,0.04,0,0.045,0.00375,1\n", "t.csv:2:State"),
        ("NY,10001,X,0.09875,0.04,0,0.045,0.00375,1\n", "t.csv:2:EstimatedCombinedRate"),  # not the sum
        ("NY,10001,X,0.08875,0.04,0,0.045\n", "t.csv:2"),  # short row
        ("NY,10001,X,0.04,0.04,0,0,0,1\nNY,10001,X,0.04,0.04,0,0,0,1\n", "t.csv:3:ZipCode"),  # twice
        ("NY,10001,X,0.04,0.04,0,0,0,1\nNY,10002,X,0.25,0.04,0.21,0,0,1\n", "t.csv:3:EstimatedCombinedRate"),
    ],
)
def test_bad_rows_name_file_line_and_field(body: str, where: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _table(body)
    assert caught.value.path == where


def test_wrong_header_and_empty_file_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not the rate-table layout"):
        LocalRateTable.from_text("zip,rate\n10001,0.08875\n", name="t.csv", as_of=date(2026, 12, 1))
    with pytest.raises(InvalidInput, match="no rate rows"):
        _table("")


def test_bounds_say_they_stopped_reading() -> None:
    rows = "".join(f"NY,{n:05d},X,0.04,0.04,0,0,0,1\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(LimitExceeded, match=f"more than {MAX_ROWS} rows"):
        _table(rows)
    with pytest.raises(LimitExceeded, match="larger than"):
        _table("x" * (4 * 1024 * 1024 + 1))


def test_a_zip_in_two_tables_is_refused_naming_both() -> None:
    first = _table("NY,10001,X,0.04,0.04,0,0,0,1\n", name="a.csv")
    second = _table("NJ,10001,X,0.06625,0.06625,0,0,0,1\n", name="b.csv")
    with pytest.raises(InvalidInput, match=r"also in a\.csv") as caught:
        LocalRates([first, second])
    assert caught.value.path == "b.csv:2:ZipCode"


def test_the_date_comes_from_the_file_name_or_must_be_given(tmp_path: Path) -> None:
    plain = tmp_path / "rates.csv"
    plain.write_text(HEADER + "\nNY,10001,X,0.04,0.04,0,0,0,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no month in the file name"):
        LocalRateTable.from_csv(plain)
    assert LocalRateTable.from_csv(plain, as_of=date(2026, 11, 1)).as_of == date(2026, 11, 1)


def test_zip5_accepts_five_digits_and_zip_plus_four_only() -> None:
    assert [zip5(z) for z in ("02108", "02108-1234", "021081234", "2108", "ABCDE")] == ["02108"] * 3 + [None] * 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checkoutguard", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_local_rates_option(tmp_path: Path) -> None:
    doc = order("US", item("toy", "100.00", "USD", hs="950300", origin="US"), ship_from="US", day="2026-12-06")
    doc["ship_to"] = {"country": "US", "subdivision": "US-CO", "postal_code": "80202"}
    doc["merchant"] = {"registrations": ["US-CO"]}
    path = tmp_path / "order.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    table = str(ROOT / "examples" / "us-local-rates" / "TAXRATES_ZIP5_CO202612.csv")
    done = _cli("quote", str(path), "--local-rates", table, "--today", "2026-12-06")
    assert done.returncode == 0, done.stderr
    tax = [line for line in json.loads(done.stdout)["lines"] if line.get("rule") == "US-CO-SALES-TAX"]
    assert tax[0]["rate"] == "0.0881" and tax[0]["amount"] == "8.81"  # Denver 8.81 % (CO DR 1002)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nCO,80202,DENVER,8.81,0.029,0,0.0481,0.011,1\n", encoding="utf-8")
    refused = _cli("quote", str(path), "--local-rates", f"{bad}@2026-12-01")
    assert refused.returncode == 2 and f"{bad}:2:EstimatedCombinedRate" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_sample_is_what_the_build_script_writes() -> None:
    script = ROOT / "scripts" / "build_us_local_rates_sample.py"
    spec = importlib.util.spec_from_file_location("build_us_local_rates_sample", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert {path.name: path.read_text(encoding="utf-8") for path in SAMPLE} == module.tables()
