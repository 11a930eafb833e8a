"""US economic-nexus thresholds (``rates/nexus/US.json``): complete, dated without gaps, shown by the CLI.

Spot values: Illinois dropped its 200-transaction test on 2026-01-01 (HB 2755; Sales Tax Institute); Utah on
2025-07-01 and Indiana on 2024-01-01 (Sales Tax Helper, January 2026); New York and Connecticut combine the two
tests with "and"; California and Texas use USD 500,000.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from checkoutguard.data.catalog import schema_for
from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.landed_cost import default_book
from checkoutguard.landed_cost.nexus import nexus_thresholds

PATH = data_root() / "rates" / "nexus" / "US.json"
DOC = load_json(PATH)
SALES = default_book().sales_tax("US")
assert SALES is not None


def _on(day: date) -> dict[str, dict[str, object]]:
    return {row["state"]: row for row in nexus_thresholds(default_book(), day)["states"]}


def test_schema_and_every_taxing_state_has_a_threshold() -> None:
    assert errors(DOC, schema_for(PATH)) == []
    taxing = {code for code, state in SALES.states.items() if state.levies}
    assert set(DOC["states"]) == taxing
    # Read on the state's own page (each source is the state's page; see CONFIRMED in the build script).
    confirmed = sorted(code for code, state in DOC["states"].items() if state["confirmed"])
    assert confirmed == ["US-CA", "US-MI", "US-MN", "US-NJ", "US-NY", "US-OH", "US-TN", "US-TX", "US-WA", "US-WI"]
    assert all(DOC["states"][code]["thresholds"][-1]["source"].startswith("https://") for code in confirmed)


def test_periods_hand_over_day_to_day() -> None:
    for code, state in DOC["states"].items():
        periods = state["thresholds"]
        for first, second in pairwise(periods):
            end = date.fromisoformat(first["effective_to"])
            assert date.fromisoformat(second["effective_from"]) == end + timedelta(days=1), code
        assert "effective_to" not in periods[-1], code


def test_spot_values() -> None:
    before, after = _on(date(2025, 6, 1)), _on(date(2026, 12, 6))
    assert before["US-IL"]["transactions"] == 200 and after["US-IL"]["transactions"] is None
    assert before["US-UT"]["transactions"] == 200 and after["US-UT"]["transactions"] is None
    assert after["US-IN"]["transactions"] is None
    assert (after["US-NY"]["sales"], after["US-NY"]["transactions"], after["US-NY"]["test"]) == ("500000", 100, "and")
    assert after["US-CT"]["test"] == "and"
    assert after["US-CA"]["sales"] == after["US-TX"]["sales"] == "500000"
    assert after["US-TX"]["measured"] == "preceding 12 months" and after["US-NY"]["effective_from"] == "2018-06-21"


def test_corrections_read_on_the_states_pages() -> None:
    # Washington: "Effective Mar. 14, 2019, the 200 transaction threshold ... is eliminated" (the data said 2020).
    wa_2019 = _on(date(2019, 3, 14))["US-WA"]
    assert (wa_2019["sales"], wa_2019["transactions"]) == ("100000", None)
    assert _on(date(2019, 3, 13))["US-WA"]["transactions"] == 200
    # Tennessee RS-3: USD 500,000 from 2019-10-01 to 2020-09-30, USD 100,000 from 2020-10-01.
    assert _on(date(2020, 9, 30))["US-TN"]["sales"] == "500000"
    assert _on(date(2020, 10, 1))["US-TN"]["sales"] == "100000"
    # Wisconsin: 200 transactions counted until 2021-02-19 (2021 Wis. Act 1); only the earlier period was missing.
    assert _on(date(2021, 2, 19))["US-WI"]["transactions"] == 200
    assert _on(date(2021, 2, 20))["US-WI"]["transactions"] is None


def test_cli_view() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "rates", "--nexus", "--format", "json", "--today", "2026-12-06"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["states"]) == 46 and report["on"] == "2026-12-06"
    assert "Quotes never apply them" in report["purpose"]


def test_data_is_what_the_build_script_writes() -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_us_nexus.py"
    spec = importlib.util.spec_from_file_location("build_us_nexus", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.document() == DOC
