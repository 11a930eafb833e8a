"""A merchant's own tariff schedule, loaded from CSV without code changes."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutguard.errors import DataError
from checkoutguard.landed_cost import CsvDutyTable, default_book, quote
from checkoutguard.landed_cost.csv_duty import parse_rate
from quote_builders import TODAY, item, order


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12%", "0.12"), (" 12,5 % ", "0.125"), ("0.045", "0.045"), ("Free", "0"), ("", "0"), ("100%", "1")],
)
def test_rates_in_the_forms_tariff_exports_use(text: str, expected: str) -> None:
    assert parse_rate(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["12", "abc", "3.50 EUR/100 kg", "-5%"])
def test_rates_that_are_not_ad_valorem_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an ad valorem rate"):
        parse_rate(text)


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "tariff.csv"
    path.write_text(body, encoding="utf-8-sig")
    return path


def test_csv_rows_drive_the_duty_and_keep_the_embedded_preferences(tmp_path: Path) -> None:
    path = _csv(tmp_path, "hs,rate,description\n6109.10.00,20%,T-shirts of cotton\n95,1%,Toys\n")
    book = default_book()
    custom = book.with_duty_provider(CsvDutyTable.from_csv(path, jurisdiction="EU", base=book.duty("EU")))
    doc = order(
        "DE",
        item("a", "200.00", hs="61091000", origin="CN"),
        item("b", "200.00", hs="950300", origin="GB"),
        ship_from="GB",
        day="2026-11-23",
    )
    result = quote(doc, book=custom, today=TODAY)
    by_item = {d.item_id: (d.rate, d.amount, d.rule) for d in result.lines_of("duty")}
    assert by_item["a"] == (Decimal("0.2"), Decimal("40.00"), "EU-CCT")
    # b is of UK origin shipped from the UK: the embedded EU-UK TCA preference still applies
    assert by_item["b"][1] == Decimal("0.00")
    assert result.lines_of("duty")[0].source == "merchant tariff file tariff.csv"


def test_bad_rows_are_named_by_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, "hs,rate\n610910,12%\n6109X,5%\n950300,12 EUR/kg\n")
    with pytest.raises(DataError, match="line 3"):
        CsvDutyTable.from_csv(path, jurisdiction="EU")
    table = CsvDutyTable.from_csv(path, jurisdiction="EU", skip_unparseable=True)
    assert [line for line, _ in table.skipped] == [3, 4]
    assert len(table) == 1


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, "commodity,duty\n610910,12%\n")
    with pytest.raises(DataError, match="missing column"):
        CsvDutyTable.from_csv(path, jurisdiction="EU")
    mapped = CsvDutyTable.from_csv(path, jurisdiction="EU", hs_column="commodity", rate_column="duty")
    assert mapped.lookup("61091000", TODAY) is not None


def test_cli_takes_a_csv_without_code(tmp_path: Path) -> None:
    path = _csv(tmp_path, "hs,rate\n610910,25%\n")
    doc = order("DE", item("a", "200.00", hs="610910", origin="CN"), day="2026-11-23")
    done = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "quote", "-", "--duty-csv", f"EU={path}", "--today", "2026-11-23"],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    duty = [line for line in json.loads(done.stdout)["lines"] if line["type"] == "duty"]
    assert [(d["rate"], d["amount"]) for d in duty] == [("0.25", "50.00")]
    bad = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "quote", "-", "--duty-csv", "EU"],
        input="{}",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "JURISDICTION=FILE" in bad.stderr
