"""Every destination in the data quotes, or fails with the documented "not covered" error, and the figures
that ``rates --coverage``, the README and docs/coverage.md state are exactly what the quotes show."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest

from checkoutguard import quote
from checkoutguard.cli.rates import coverage
from checkoutguard.errors import RateUnavailable
from checkoutguard.landed_cost.book import RatesBook

ROOT = Path(__file__).resolve().parents[2]
RATES = ROOT / "rates"
DAY = date(2026, 12, 7)  # the day the documents' figures are stated for


def _probes() -> list[tuple[str, dict[str, Any]]]:
    """Every ISO 3166-1 country, plus every special territory without its own ISO code, as a ship_to."""
    probes: list[tuple[str, dict[str, Any]]] = [
        (c.alpha_2, {"country": c.alpha_2}) for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    ]
    for entry in json.loads((RATES / "territories.json").read_text())["territories"]:
        match = entry["match"]
        if match.get("countries"):
            continue
        if match.get("subdivisions"):
            probes.append((entry["id"], {"country": entry["country"], "subdivision": min(match["subdivisions"])}))
        else:
            probes.append((entry["id"], {"country": entry["country"], "postal_code": match["postal_codes"][0]}))
    return probes


def _vat(code: str) -> dict[str, Any] | None:
    path = RATES / "vat" / f"{code}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _tshirt(ship_to: dict[str, Any]) -> dict[str, Any]:
    """The issue's new user: a USD 80 T-shirt made in China, shipped from the US with USD 10 shipping."""
    vat = _vat(ship_to["country"]) if "subdivision" not in ship_to and "postal_code" not in ship_to else None
    if vat is not None and vat.get("subdivision_required"):
        ship_to = {**ship_to, "subdivision": min(vat["subdivisions"])}
    return {
        "date": DAY.isoformat(),
        "currency": "USD",
        "ship_from": {"country": "US"},
        "ship_to": ship_to,
        "unknown_hs": "exclude",
        "items": [{"id": "tee", "price": {"amount": "80.00", "currency": "USD"}, "hs_code": "610910", "origin": "CN"}],
        "shipping": {"amount": "10.00", "currency": "USD"},
    }


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[str]]:
    book = RatesBook(validate_files=True)
    found: dict[str, list[str]] = {"researched": [], "default": [], "not_covered": []}
    for label, ship_to in _probes():
        try:
            result = quote(_tshirt(ship_to), book=book, today=DAY)
        except RateUnavailable as exc:
            assert "is not covered" in str(exc), f"{label}: {exc}"
            found["not_covered"].append(label)
            continue
        codes = {w.code for w in result.warnings}
        if "DEFAULT_RULES" in codes:
            assert result.regime["id"].startswith("DEFAULT-"), label
            assert "DUTY_NOT_QUOTED" in codes and not result.complete, label
            found["default"].append(label)
        else:
            assert "DEFAULT" not in result.regime["id"], label
            found["researched"].append(label)
    return found


def test_every_destination_quotes_or_is_documented_as_not_covered(outcomes: dict[str, list[str]]) -> None:
    assert sum(len(v) for v in outcomes.values()) == len(pycountry.countries) + 10
    # the markets the issue named as unquotable now quote, with default rules until researched
    assert {"TW", "MY", "TH", "VN", "ID", "PH", "CL", "CO", "AR", "PE", "EG", "NG"} <= set(
        outcomes["default"] + outcomes["researched"]
    )
    # a place with no data at all says so instead of guessing
    assert {"AQ", "KP", "heligoland", "livigno"} <= set(outcomes["not_covered"])


def test_coverage_report_agrees_with_the_quotes(outcomes: dict[str, list[str]]) -> None:
    report = coverage(DAY)
    reach = report["destinations"]
    assert sorted(reach["default"]) == sorted(outcomes["default"])
    assert sorted(reach["not_covered"]) == sorted(outcomes["not_covered"])
    assert sorted(reach["researched"] + reach["researched_no_duty_data"]) == sorted(outcomes["researched"])
    summary = report["summary"]
    assert summary["researched_rules"] == len(outcomes["researched"])
    assert summary["default_rules"] == len(outcomes["default"])
    assert summary["not_covered"] == len(outcomes["not_covered"])


@pytest.mark.parametrize("doc", ["README.md", "docs/coverage.md"])
def test_documents_state_the_figures_the_quotes_show(doc: str, outcomes: dict[str, list[str]]) -> None:
    text = (ROOT / doc).read_text()
    pattern = (
        r"(\d+) destinations \(ISO 3166-1 countries and special territories\): \*\*(\d+) quote with researched "
        r"rules\*\*.*?\*\*(\d+) with default rules\*\*.*?\*\*(\d+) not at all\*\*"
    )
    found = re.search(pattern, text, re.S)
    assert found is not None, f"{doc} does not state the coverage figures"
    total, researched, default, none = map(int, found.groups())
    assert (researched, default, none) == tuple(len(outcomes[k]) for k in ("researched", "default", "not_covered"))
    assert total == researched + default + none


def test_coverage_page_names_the_researched_territories_without_duty_data() -> None:
    reach = coverage(DAY)["destinations"]["researched_no_duty_data"]
    text = (ROOT / "docs" / "coverage.md").read_text()
    found = re.search(r"; (\d+) \(([A-Z, ]+)\) have no duty table yet", text)
    assert found is not None
    assert int(found.group(1)) == len(reach)
    assert found.group(2).split(", ") == sorted(reach)


def test_default_rules_charge_the_standard_rate_on_cif_from_the_first_cent() -> None:
    """Under the default rules VAT is the file's standard rate on goods plus shipping (CIF, no duty known),
    checked here against the VAT files themselves for every default territory that levies one."""
    book = RatesBook()
    checked = 0
    for label, ship_to in _probes():
        vat = _vat(ship_to["country"])
        if vat is None or len(ship_to) > 1 or vat.get("subdivision_required"):
            continue
        try:
            result = quote(_tshirt(ship_to), book=book, today=DAY)
        except RateUnavailable:
            continue
        if "DEFAULT_RULES" not in {w.code for w in result.warnings}:
            continue
        taxes = [line for line in result.lines if line.type == "tax"]
        if not vat["levies_vat"]:
            assert [(t.amount, t.label.startswith("No VAT/GST")) for t in taxes] == [(Decimal("0.00"), True)], label
            continue
        in_force = [p for p in vat["standard"] if p["effective_from"] <= DAY.isoformat()]
        current = [p for p in in_force if not p.get("effective_to") or DAY.isoformat() <= p["effective_to"]]
        rate = Decimal(current[-1]["rate"])
        expected = (rate * Decimal("90.00")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert [t.amount for t in taxes] == [expected], label
        checked += 1
    assert checked > 100


def test_rates_command_prints_the_same_figures(outcomes: dict[str, list[str]]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "rates", "--today", DAY.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("destinations:"))
    researched, default, none = (len(outcomes[k]) for k in ("researched", "default", "not_covered"))
    assert f"{researched} quote with researched rules" in line
    assert f"{default} with default rules" in line
    assert line.endswith(f"{none} not at all")
