"""Sanity of the European VAT files: names, currencies, dated periods, review dates, and hand-checked facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pycountry
import pytest
from hypothesis import given, settings, strategies as st

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import Period, in_force, rate_periods
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.money import currency

TODAY = date.today()
WINDOW_START = date(2024, 1, 1)

# fmt: off
EU27 = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)
OTHER_EUROPE = (
    "GB", "CH", "LI", "NO", "IS", "AL", "AD", "BA", "BY", "FO", "GE", "GI", "GG", "JE", "IM", "MC",
    "MD", "ME", "MK", "RS", "RU", "SM", "TR", "UA", "VA",
)
TERRITORIES = ("ES-CN", "ES-CE", "ES-ML", "GP", "MQ", "RE", "GF", "YT")
# fmt: on
CODES = EU27 + OTHER_EUROPE + TERRITORIES
WITHOUT_VAT = {"GG", "GI", "VA", "GF", "YT"}
VOCABULARY = {entry["id"] for entry in load_json(rates_dir() / "categories.json")["categories"]}


def document(code: str) -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(rates_dir() / "vat" / f"{code}.json")
    return loaded


def period_lists(doc: Mapping[str, Any]) -> Iterable[tuple[str, Sequence[Mapping[str, Any]]]]:
    """Every list of dated periods in a file, named by where it sits."""
    yield "standard", doc["standard"]
    for name, periods in doc.get("categories", {}).items():
        yield f"categories.{name}", periods
    for sub, body in doc.get("subdivisions", {}).items():
        yield f"subdivisions.{sub}.standard", body["standard"]
        for name, periods in body.get("categories", {}).items():
            yield f"subdivisions.{sub}.categories.{name}", periods


def continuity_problems(periods: Sequence[Period[Decimal]]) -> list[str]:
    """Why a sorted list of periods is not a single gap-free, overlap-free run ending open (empty: it is)."""
    problems = []
    for before, after in pairwise(periods):
        if before.end is None:
            problems.append(f"period from {before.start} is open-ended but another starts {after.start}")
        elif after.start <= before.end:
            problems.append(f"{after.start} overlaps the period ending {before.end}")
        elif after.start != before.end + timedelta(days=1):
            problems.append(f"gap between {before.end} and {after.start}")
    if periods and periods[-1].end is not None and periods[-1].end < TODAY:
        problems.append(f"nothing in force after {periods[-1].end}")
    return problems


def test_every_european_code_has_a_file() -> None:
    missing = [code for code in CODES if not (rates_dir() / "vat" / f"{code}.json").is_file()]
    assert missing == []


@pytest.mark.parametrize("code", CODES)
def test_file_is_valid_and_named_for_its_code(code: str) -> None:
    doc = document(code)
    assert errors(doc, "vat") == []
    assert doc["code"] == code
    if "-" in code:
        assert pycountry.subdivisions.get(code=code) is not None
    else:
        assert pycountry.countries.get(alpha_2=code) is not None


@pytest.mark.parametrize("code", CODES)
def test_currency_is_in_use_today(code: str) -> None:
    assert currency(document(code)["currency"], on=TODAY).code == document(code)["currency"]


@pytest.mark.parametrize("code", CODES)
def test_periods_are_sorted_continuous_and_reach_today(code: str) -> None:
    doc = document(code)
    for where, raw in period_lists(doc):
        starts = [entry["effective_from"] for entry in raw]
        assert starts == sorted(starts), f"{code} {where}: periods not sorted"
        assert continuity_problems(rate_periods(raw, file=code)) == [], f"{code} {where}"


@pytest.mark.parametrize("code", CODES)
def test_a_rate_is_in_force_today_and_on_the_first_day_of_2024(code: str) -> None:
    doc = document(code)
    assert doc["levies_vat"] is (code not in WITHOUT_VAT)
    if not doc["levies_vat"]:
        assert doc["standard"] == [] and "categories" not in doc
        return
    for where, raw in period_lists(doc):
        periods = rate_periods(raw, file=code)
        assert in_force(periods, TODAY) is not None, f"{code} {where}: no rate today"
        if where == "standard":
            assert in_force(periods, WINDOW_START) is not None, f"{code}: no standard rate on 2024-01-01"


@pytest.mark.parametrize("code", CODES)
def test_review_dates_and_vocabulary(code: str) -> None:
    doc = document(code)
    assert date.fromisoformat(doc["review_by"]) >= date.fromisoformat(doc["reviewed"])
    assert set(doc.get("categories", {})) <= VOCABULARY
    for body in doc.get("subdivisions", {}).values():
        assert set(body.get("categories", {})) <= VOCABULARY


@pytest.mark.parametrize("code", CODES)
def test_reduced_rates_are_not_above_standard(code: str) -> None:
    """A category rate above the standard rate is a typo (VAT has no surcharge rate for goods)."""
    doc = document(code)
    if not doc["levies_vat"]:
        return
    standard = rate_periods(doc["standard"], file=code)
    for where, raw in period_lists(doc):
        for period in rate_periods(raw, file=code):
            for day in (max(period.start, WINDOW_START), period.end or TODAY):
                ceiling = in_force(standard, day)
                if ceiling is not None and period.covers(day):
                    assert period.value <= ceiling.value, f"{code} {where} on {day}"


# Facts read in the sources cited in each file (expected values typed from the source, not from our data).
FACTS = [
    ("FI", "standard", "2024-08-31", "0.24"),
    ("FI", "standard", "2024-09-01", "0.255"),
    ("EE", "standard", "2024-01-01", "0.22"),
    ("EE", "standard", "2025-06-30", "0.22"),
    ("EE", "standard", "2025-07-01", "0.24"),
    ("SK", "standard", "2024-12-31", "0.20"),
    ("SK", "standard", "2025-01-01", "0.23"),
    ("RO", "standard", "2025-07-31", "0.19"),
    ("RO", "standard", "2025-08-01", "0.21"),
    ("LU", "standard", "2024-01-01", "0.17"),
    ("CH", "standard", "2023-12-31", "0.077"),
    ("CH", "standard", "2024-01-01", "0.081"),
    ("LI", "standard", "2024-01-01", "0.081"),
    ("RU", "standard", "2025-12-31", "0.20"),
    ("RU", "standard", "2026-01-01", "0.22"),
    ("DE", "standard", "2020-12-31", "0.16"),
    ("DE", "standard", "2021-01-01", "0.19"),
    ("AD", "standard", "2025-01-01", "0.045"),
    ("JE", "standard", "2025-01-01", "0.05"),
    ("SM", "standard", "2025-01-01", "0.17"),
    ("GP", "standard", "2025-01-01", "0.085"),
    ("ES-CN", "standard", "2025-01-01", "0.07"),
    ("TR", "standard", "2024-06-01", "0.20"),
    ("FI", "food", "2025-12-31", "0.14"),
    ("FI", "food", "2026-01-01", "0.135"),
    ("FI", "books", "2024-12-31", "0.10"),
    ("FI", "books", "2025-01-01", "0.14"),
    ("FI", "books", "2026-01-01", "0.135"),
    ("FI", "newspapers", "2026-01-01", "0.10"),
    ("SE", "food", "2026-03-31", "0.12"),
    ("SE", "food", "2026-04-01", "0.06"),
    ("SE", "food", "2027-12-31", "0.06"),
    ("SE", "food", "2028-01-01", "0.12"),
    ("LT", "books", "2025-12-31", "0.09"),
    ("LT", "books", "2026-01-01", "0.05"),
    ("CZ", "books", "2024-01-01", "0"),
    ("CZ", "food", "2024-01-01", "0.12"),
    ("PL", "food", "2024-03-31", "0"),
    ("PL", "food", "2024-04-01", "0.05"),
    ("RO", "books", "2025-07-31", "0.05"),
    ("RO", "books", "2025-08-01", "0.11"),
    ("RO", "food", "2025-08-01", "0.11"),
    ("RO", "supplements", "2025-08-01", "0.21"),
    ("SK", "food", "2025-01-01", "0.19"),
    ("SK", "medicines", "2025-01-01", "0.05"),
    ("EE", "newspapers", "2024-12-31", "0.05"),
    ("EE", "newspapers", "2025-01-01", "0.09"),
    ("CH", "sanitary_products", "2024-12-31", "0.081"),
    ("CH", "sanitary_products", "2025-01-01", "0.026"),
    ("CH", "food", "2024-01-01", "0.026"),
    ("NO", "food", "2025-01-01", "0.15"),
    ("GB", "books", "2025-01-01", "0"),
    ("GB", "childrens_clothing", "2025-01-01", "0"),
    # Verification pass of 2026-11-23 (values typed from the sources named in each file's note)
    ("LU", "sanitary_products", "2019-05-01", "0.03"),  # Luxemburger Wort: 17 % -> 3 % on 2019-05-01
    ("GR", "ebooks", "2021-07-01", "0.06"),  # KPMG via VATupdate: e-books 6 % from 2021-07-01
    ("MT", "ebooks", "2019-01-01", "0.05"),  # Accordance: digital books 5 % from 2019-01-01
    ("HR", "sanitary_products", "2025-01-01", "0.13"),  # Tolley appendix 11C: menstrual products 13 %
    ("PL", "sanitary_products", "2025-01-01", "0.05"),  # RPO letter: pads and tampons 5 %
    ("PT", "sanitary_products", "2025-01-01", "0.06"),  # TSF/SOL: hygiene products on List I (6 %)
]


def test_hungarian_ebooks_take_the_standard_rate() -> None:
    """mkke.hu and Avalara: the 5 % book rate excludes electronically supplied books, so no `ebooks` entry."""
    doc = document("HU")
    assert "ebooks" not in doc["categories"]
    found = in_force(rate_periods(doc["standard"], file="HU"), TODAY)
    assert found is not None
    assert found.value == Decimal("0.27")


@pytest.mark.parametrize(("code", "where", "day", "expected"), FACTS)
def test_sourced_fact(code: str, where: str, day: str, expected: str) -> None:
    doc = document(code)
    raw = doc["standard"] if where == "standard" else doc["categories"][where]
    found = in_force(rate_periods(raw, file=code), date.fromisoformat(day))
    assert found is not None
    assert found.value == Decimal(expected)


def test_portugal_islands_replace_the_mainland_rate() -> None:
    subs = document("PT")["subdivisions"]
    assert {sub: body["mode"] for sub, body in subs.items()} == {"PT-20": "replace", "PT-30": "replace"}
    found = {sub: in_force(rate_periods(body["standard"]), TODAY) for sub, body in subs.items()}
    assert {sub: period.value for sub, period in found.items() if period} == {
        "PT-20": Decimal("0.16"),
        "PT-30": Decimal("0.22"),
    }


def test_continuity_checker_catches_gaps_and_overlaps() -> None:
    gap = rate_periods(
        [
            {"rate": "0.2", "effective_from": "2024-01-01", "effective_to": "2024-05-31", "source": "x"},
            {"rate": "0.2", "effective_from": "2024-06-02", "source": "x"},
        ]
    )
    overlap = rate_periods(
        [
            {"rate": "0.2", "effective_from": "2024-01-01", "effective_to": "2024-06-30", "source": "x"},
            {"rate": "0.2", "effective_from": "2024-06-30", "source": "x"},
        ]
    )
    ended = rate_periods([{"rate": "0.2", "effective_from": "2024-01-01", "effective_to": "2024-12-31", "source": "x"}])
    assert continuity_problems(gap) == ["gap between 2024-05-31 and 2024-06-02"]
    assert continuity_problems(overlap) == ["2024-06-30 overlaps the period ending 2024-06-30"]
    assert continuity_problems(ended) == ["nothing in force after 2024-12-31"]


STANDARDS = {code: rate_periods(document(code)["standard"], file=code) for code in CODES if code not in WITHOUT_VAT}


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=WINDOW_START, max_value=date(2030, 12, 31)))
def test_exactly_one_standard_rate_covers_any_day(day: date) -> None:
    for code, periods in STANDARDS.items():
        covering = [period for period in periods if period.covers(day)]
        assert len(covering) == 1, f"{code} on {day}: {len(covering)} standard periods"
        assert Decimal(0) < covering[0].value < Decimal("0.3")
