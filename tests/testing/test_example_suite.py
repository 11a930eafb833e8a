"""The example merchant suite (examples/merchant-tests) run as a shop would run it, twice: clean it passes;
with the planted pre-ticked newsletter box it fails, and the output names the rule, the law and the node."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "merchant-tests"


def run_suite(plant: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS_", "SHOP_"))}
    if plant:
        env["SHOP_PLANT_VIOLATION"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q"],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_clean_shop_passes_its_checkoutguard_suite() -> None:
    done = run_suite(plant=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "7 passed" in done.stdout


def test_the_planted_violation_fails_the_suite_naming_rule_law_and_node() -> None:
    done = run_suite(plant=True)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "checkoutguard refused GET /checkout for a buyer in DE" in out  # guarded_client, enforce mode
    assert "violation consent-preticked [Regulation (EU) 2016/679 (GDPR)" in out
    assert 'at input#newsletter \'<input type="checkbox" id="newsletter" name="newsletter" checked>\'' in out
    assert "FAILED test_checkout.py::test_the_checkout_page_passes_the_guard_for_a_buyer_in_germany" in out
    for country in ("DE", "FR", "GB", "IE"):
        assert f"FAILED test_checkout.py::test_no_box_is_ticked_for_the_buyer[{country}]" in out
    assert "5 failed, 2 passed" in out
