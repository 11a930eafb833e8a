"""Cross-check our EU27 + GB rates (and the other European ones where a dataset has them) against independent data.

Datasets (tests/data_vat/fixtures/README.md): ibericode/vat-rates (dated periods, EU27 + GB), the TEDB-derived
eu-vat-rates-data snapshot of 2026-09-29 (current rates, 45 European jurisdictions) and its TEDB standard-rate
history. Every disagreement must be listed in CORRECTIONS with the source that proves our data right; a listed
correction that no longer matches a disagreement fails too, so the table cannot go stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import in_force, rate_periods
from checkoutguard.data.schemas import load_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date.today()
CHANGE_DAYS = ("2024-01-01", "2024-09-01", "2025-01-01", "2025-07-01", "2025-08-01", "2026-01-01")
DATES = tuple(sorted({*map(date.fromisoformat, CHANGE_DAYS), TODAY}))
# fmt: off
EU27 = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)
# fmt: on
EU27_GB = (*EU27, "GB")

IBERICODE: dict[str, Any] = load_json(FIXTURES / "ibericode-vat-rates.json")["items"]
VATNODE_DOC: dict[str, Any] = load_json(FIXTURES / "vatnode-eu-vat-rates-data-2026.9.29.json")
VATNODE: dict[str, Any] = VATNODE_DOC["rates"]
VATNODE_DAY = date.fromisoformat(VATNODE_DOC["version"])
TEDB_HISTORY: dict[str, Any] = load_json(FIXTURES / "vatnode-history-tedb.json")["periods"]


@dataclass(frozen=True, slots=True)
class Disagreement:
    dataset: str
    code: str
    kind: str  # "standard", or "reduced" (one of our category rates is not among the dataset's reduced rates)
    ours: Decimal
    theirs: Decimal | None
    day: date


@dataclass(frozen=True, slots=True)
class Correction:
    """A documented disagreement: we are right from `start` to `end` (inclusive; None: still), per `source`."""

    dataset: str
    code: str
    kind: str
    ours: Decimal
    theirs: Decimal | None
    start: date
    end: date | None
    source: str
    reason: str

    def covers(self, found: Disagreement) -> bool:
        return (
            (found.dataset, found.code, found.kind, found.ours, found.theirs)
            == (self.dataset, self.code, self.kind, self.ours, self.theirs)
            and self.start <= found.day
            and (self.end is None or found.day <= self.end)
        )


RO_LAW = "https://regfollower.com/romania-increases-standard-and-reduced-vat-rates-effective-starting-tomorrow"
FI_2026 = "https://www.vatcalc.com/finland/finland-cuts-reduced-vat-to-13-5-jan-2026/"
CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        "ibericode",
        "RO",
        "standard",
        Decimal("0.21"),
        Decimal("0.19"),
        date(2025, 8, 1),
        None,
        RO_LAW,
        "Standard rate 19 % -> 21 % from 2025-08-01 (Law 141/2025, OJ 699 of 2025-07-25); the vendored ibericode "
        "version predates it. TEDB (vatnode history) agrees with us.",
    ),
    Correction(
        "ibericode",
        "RO",
        "reduced",
        Decimal("0.11"),
        None,
        date(2025, 8, 1),
        None,
        RO_LAW,
        "5 % and 9 % merged into a single 11 % reduced rate from 2025-08-01; ibericode still lists 5/9.",
    ),
    Correction(
        "ibericode",
        "FI",
        "reduced",
        Decimal("0.135"),
        None,
        date(2026, 1, 1),
        None,
        FI_2026,
        "Finland's 14 % rate became 13.5 % on 2026-01-01; ibericode still lists 14.",
    ),
)


def ours(code: str) -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(rates_dir() / "vat" / f"{code}.json")
    return loaded


def our_standard(code: str, day: date) -> Decimal | None:
    found = in_force(rate_periods(ours(code)["standard"], file=code), day)
    return found.value if found else None


def our_reduced(code: str, day: date) -> set[Decimal]:
    """Our national category rates on `day` that are reduced rates proper (above zero, below standard)."""
    standard = our_standard(code, day)
    rates = set()
    for raw in ours(code).get("categories", {}).values():
        found = in_force(rate_periods(raw, file=code), day)
        if found is not None and standard is not None and Decimal(0) < found.value < standard:
            rates.add(found.value)
    return rates


def percent(value: object) -> Decimal:
    """A dataset's percentage (a JSON number parsed as Decimal or int) as our fraction."""
    return (Decimal(str(value)) / 100).normalize()


def ibericode_rates(code: str, day: date) -> Mapping[str, Any] | None:
    """The rates of the most recent ibericode period starting on or before `day` (periods are not sorted)."""
    best: tuple[str, Mapping[str, Any]] | None = None
    for period in IBERICODE[code]:
        start = period["effective_from"]
        if start <= day.isoformat() and (best is None or start > best[0]):
            best = (start, period["rates"])
    return best[1] if best else None


def tedb_standard(code: str, day: date) -> Decimal | None:
    found = None
    for period in TEDB_HISTORY[code]:
        if period["from"] <= day.isoformat():
            found = percent(period["standard"])
    return found


def compare_standard(dataset: str, code: str, day: date, theirs: Decimal | None) -> Iterator[Disagreement]:
    mine = our_standard(code, day)
    assert mine is not None, f"{code}: no standard rate of ours on {day}"
    if theirs is None or mine.normalize() != theirs:
        yield Disagreement(dataset, code, "standard", mine.normalize(), theirs, day)


def compare_reduced(dataset: str, code: str, day: date, theirs: set[Decimal]) -> Iterator[Disagreement]:
    for rate in sorted(our_reduced(code, day)):
        if rate.normalize() not in theirs:
            yield Disagreement(dataset, code, "reduced", rate.normalize(), None, day)


def disagreements() -> list[Disagreement]:
    found: list[Disagreement] = []
    for code in EU27_GB:
        for day in DATES:
            rates = ibericode_rates(code, day)
            assert rates is not None
            found += compare_standard("ibericode", code, day, percent(rates["standard"]))
            found += compare_reduced("ibericode", code, day, {percent(v) for k, v in rates.items() if k != "standard"})
    for code in EU27:
        for day in DATES:
            found += compare_standard("tedb-history", code, day, tedb_standard(code, day))
    for code, entry in VATNODE.items():
        if not (rates_dir() / "vat" / f"{code}.json").is_file():
            continue  # XI (Northern Ireland, a VAT prefix) and XK (not in ISO 3166) have no file of their own
        found += compare_standard("vatnode", code, VATNODE_DAY, percent(entry["standard"]))
        listed = [*entry["reduced"], entry["super_reduced"], entry["parking"]]
        found += compare_reduced("vatnode", code, VATNODE_DAY, {percent(v) for v in listed if v is not None})
    return found


FOUND = disagreements()


def test_datasets_cover_what_we_check() -> None:
    assert set(IBERICODE) == set(EU27_GB)
    assert set(TEDB_HISTORY) == set(EU27)
    assert set(EU27_GB) <= set(VATNODE)
    assert VATNODE_DOC["version"] == "2026-09-29"


@pytest.mark.parametrize(
    "found", FOUND or [None], ids=lambda f: f"{f.dataset}-{f.code}-{f.kind}-{f.day}" if f else "none"
)
def test_every_disagreement_is_a_documented_correction(found: Disagreement | None) -> None:
    if found is None:
        return
    assert any(correction.covers(found) for correction in CORRECTIONS), (
        f"{found.code} {found.kind} on {found.day}: ours {found.ours}, {found.dataset} {found.theirs}. "
        "Fix our data, or add a Correction with the source that proves us right."
    )


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"{c.dataset}-{c.code}-{c.kind}-{c.ours}")
def test_every_correction_is_still_needed_and_sourced(correction: Correction) -> None:
    assert any(correction.covers(found) for found in FOUND), "stale correction: the datasets now agree"
    assert correction.source.startswith("https://") and len(correction.reason) > 20


def test_the_comparison_catches_a_wrong_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    """If our FI file still said 24 %, the check against both histories must report it on 2024-09-01."""
    real = our_standard

    def stale(code: str, day: date) -> Decimal | None:
        return Decimal("0.24") if code == "FI" else real(code, day)

    monkeypatch.setitem(globals(), "our_standard", stale)
    wrong = [f for f in disagreements() if f.code == "FI" and f.kind == "standard" and f.day == date(2024, 9, 1)]
    assert {f.dataset for f in wrong} == {"ibericode", "tedb-history"}
    assert not any(correction.covers(f) for f in wrong for correction in CORRECTIONS)


def test_known_changes_appear_in_every_source() -> None:
    """The four standard-rate changes of issue #3, typed from the sources, in our data and in both histories."""
    changes = {
        "FI": (date(2024, 9, 1), "0.255"),
        "EE": (date(2025, 7, 1), "0.24"),
        "SK": (date(2025, 1, 1), "0.23"),
        "RO": (date(2025, 8, 1), "0.21"),
    }
    for code, (day, rate) in changes.items():
        assert our_standard(code, day) == Decimal(rate)
        assert tedb_standard(code, day) == Decimal(rate)
        ibericode = ibericode_rates(code, day)
        assert ibericode is not None
        assert percent(ibericode["standard"]) == Decimal(rate) or code == "RO"  # RO: see CORRECTIONS
