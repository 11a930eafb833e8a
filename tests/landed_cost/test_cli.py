"""The command line as a CI job uses it: real processes, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checkoutguard", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_every_example_quotes_and_its_lines_add_up() -> None:
    done = cli("quote", *map(str, EXAMPLES), "--today", "2026-11-23")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(EXAMPLES) >= 6
    for entry in results:
        quote = entry["quote"]
        lines = sum(float(line["amount"]) * 100 for line in quote["lines"])  # float-ok: test arithmetic in cents
        assert round(lines) == round(float(quote["totals"]["grand"]) * 100), entry["file"]  # float-ok


def test_single_file_prints_one_quote_and_table_mode_reads_like_a_receipt() -> None:
    done = cli("quote", str(ROOT / "examples" / "fr-ioss-tshirts.json"), "--today", "2026-11-23")
    assert json.loads(done.stdout)["regime"]["tax"][0]["id"] == "EU-IOSS"
    table = cli("quote", str(ROOT / "examples" / "fr-ioss-tshirts.json"), "--format", "table", "--today", "2026-11-23")
    assert table.returncode == 0
    assert "due at checkout" in table.stdout and "EU-IOSS" in table.stdout


def test_stdin_is_read_with_a_dash() -> None:
    document = (ROOT / "examples" / "gb-low-value.json").read_text()
    done = cli("quote", "-", "--today", "2026-11-23", stdin=document)
    assert done.returncode == 0
    assert json.loads(done.stdout)["currency"] == "GBP"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"ship_to": {"country": "XX"}, "ship_from": {"country": "CN"}, "items": []}', "ship_to.country"),
        (
            '{"ship_to": {"country": "FR"}, "ship_from": {"country": "CN"}, '
            '"items": [{"id": "a", "price": {"amount": 1.5, "currency": "EUR"}}]}',
            'write "1.5", not 1.5',
        ),
    ],
)
def test_bad_input_exits_2_and_says_what_is_accepted(document: str, message: str) -> None:
    done = cli("quote", "-", stdin=document)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_uncovered_destination_exits_3() -> None:
    doc = {
        "ship_to": {"country": "AQ"},
        "ship_from": {"country": "CN"},
        "items": [{"id": "a", "price": {"amount": "1.00", "currency": "EUR"}}],
    }
    done = cli("quote", "-", stdin=json.dumps(doc))
    assert done.returncode == 3
    assert "AQ is not covered: no import rules" in done.stderr


def test_missing_file_is_an_io_failure_exit_4() -> None:
    done = cli("quote", "/nonexistent/order.json")
    assert done.returncode == 4
    assert "cannot read" in done.stderr


def test_rates_reports_version_and_coverage() -> None:
    done = cli("rates", "--format", "json", "--coverage", "--today", "2026-11-23")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["data_version"].startswith("sha256:")
    assert {r["jurisdiction"] for r in report["regimes"]} >= {"EU", "GB", "US", "CA", "AU", "CH", "NO"}
    assert report["fx"]["last_date"] == "2026-10-30"
    table = cli("rates", "--today", "2026-11-23")
    assert "data version" in table.stdout and "FX:" in table.stdout
