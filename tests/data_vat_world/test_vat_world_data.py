"""Sanity and known-fact checks for the VAT/GST files of countries outside geographic Europe (issue #3).

Expected rates in the fact tables were read from the sources cited in each file (see docs/data-vat-world.md),
not from the files themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pycountry
import pytest
from hypothesis import given, settings, strategies as st

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import Period, in_force, rate_periods
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.money import currency

# The files this area owns: every country and territory outside geographic Europe that we cover.
# fmt: off
WORLD = (
    "AE", "AG", "AI", "AM", "AO", "AR", "AU", "AZ", "BB", "BD", "BF", "BH", "BI", "BJ", "BM", "BN",
    "BO", "BQ", "BR", "BS", "BT", "BW", "BZ", "CA", "CD", "CF", "CG", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CV", "DJ", "DM", "DO", "DZ", "EC", "EG", "ET", "FJ", "FK", "GA", "GD", "GH", "GL",
    "GM", "GN", "GQ", "GT", "GU", "GY", "HK", "HN", "HT", "ID", "IL", "IN", "IQ", "IR", "JM", "JO",
    "JP", "KE", "KG", "KH", "KM", "KN", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LK", "LR", "LS",
    "LY", "MA", "MG", "ML", "MM", "MN", "MO", "MR", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC",
    "NE", "NF", "NG", "NI", "NP", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PR", "PS", "PY",
    "QA", "RW", "SA", "SC", "SD", "SG", "SL", "SN", "SR", "SV", "SZ", "TC", "TD", "TG", "TH", "TJ",
    "TL", "TN", "TO", "TT", "TW", "TZ", "UG", "US", "UY", "UZ", "VE", "VG", "VN", "VU", "WS", "ZA",
    "ZM", "ZW",
)
# Owned by the Europe area (issue #3, other half): this area must never write them.
EUROPE = frozenset((
    "AD", "AL", "AT", "AX", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
    "FO", "FR", "GB", "GE", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT",
    "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI",
    "SK", "SM", "TR", "UA", "VA", "XK", "GF", "GP", "MQ", "RE", "YT", "MF",
))
# fmt: on
START = date(2024, 1, 1)
TODAY = date.today()


@cache
def doc(code: str) -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(rates_dir() / "vat" / f"{code}.json")
    return loaded


@cache
def category_ids() -> frozenset[str]:
    document = json.loads((rates_dir() / "categories.json").read_text(encoding="utf-8"))
    return frozenset(entry["id"] for entry in document["categories"])


def period_lists(document: Mapping[str, Any]) -> Iterator[tuple[str, Sequence[Mapping[str, Any]]]]:
    """Every list of periods in a file, with a label saying where it is."""
    yield "standard", document["standard"]
    for cat, periods in document.get("categories", {}).items():
        yield f"categories.{cat}", periods
    for sub, body in document.get("subdivisions", {}).items():
        yield f"{sub}.standard", body["standard"]
        for cat, periods in body.get("categories", {}).items():
            yield f"{sub}.categories.{cat}", periods


def rate(code: str, on: date, *, category: str | None = None, subdivision: str | None = None) -> Decimal:
    body: Mapping[str, Any] = doc(code)
    if subdivision is not None:
        body = body["subdivisions"][subdivision]
    raw = body["standard"] if category is None else body["categories"][category]
    found = in_force(rate_periods(raw, file=code), on)
    assert found is not None, f"{code} {subdivision or ''} {category or 'standard'}: no rate on {on}"
    return found.value


# ------------------------------------------------------------------------------------------------ file sanity


def test_every_listed_file_exists_and_none_is_european() -> None:
    assert len(WORLD) == len(set(WORLD)) >= 130
    assert not EUROPE & set(WORLD)
    missing = [code for code in WORLD if not (rates_dir() / "vat" / f"{code}.json").is_file()]
    assert missing == []


@pytest.mark.parametrize("code", WORLD)
def test_file_is_well_formed(code: str) -> None:
    document = doc(code)
    assert errors(document, "vat") == []
    assert document["code"] == code == Path(f"{code}.json").stem
    assert pycountry.countries.get(alpha_2=code) is not None, f"{code} is not an ISO 3166-1 alpha-2 code"
    currency(document["currency"], on=TODAY, path=f"{code}.currency")  # raises if withdrawn or unknown
    assert date.fromisoformat(document["review_by"]) >= date.fromisoformat(document["reviewed"])
    for cat in document.get("categories", {}):
        assert cat in category_ids(), f"{code}: unknown category {cat}"


@pytest.mark.parametrize("code", WORLD)
def test_periods_are_sorted_disjoint_and_gap_free(code: str) -> None:
    for where, raw in period_lists(doc(code)):
        starts = [entry["effective_from"] for entry in raw]
        assert starts == sorted(starts), f"{code} {where}: periods not in date order"
        periods = rate_periods(raw, file=code)
        for before, after in pairwise(periods):
            assert before.end is not None, f"{code} {where}: open period followed by another"
            assert after.start == before.end + timedelta(days=1), f"{code} {where}: gap or overlap at {before.end}"
        assert all(Decimal(0) <= p.value <= Decimal(1) for p in periods)


@pytest.mark.parametrize("code", WORLD)
def test_a_rate_is_in_force_today_wherever_tax_is_levied(code: str) -> None:
    document = doc(code)
    if not document["levies_vat"]:
        assert document["standard"] == []
        assert "subdivisions" not in document and "categories" not in document
        return
    assert in_force(rate_periods(document["standard"]), TODAY) is not None
    for sub, body in document.get("subdivisions", {}).items():
        assert in_force(rate_periods(body["standard"]), TODAY) is not None, sub
    for where, raw in period_lists(document):
        # Once a list starts, it runs to today (or beyond): the last period is open or ends in the future.
        last = rate_periods(raw)[-1]
        assert last.end is None or last.end >= TODAY, f"{code} {where} stops on {last.end}"


@pytest.mark.parametrize("code", WORLD)
def test_standard_rate_covers_2024_onwards(code: str) -> None:
    document = doc(code)
    if not document["levies_vat"] or code == "BT":  # Bhutan's GST starts 2026-01-01 (documented gap)
        return
    assert rate_periods(document["standard"])[0].start <= START, f"{code}: coverage starts after 2024-01-01"


@pytest.mark.parametrize("code", WORLD)
def test_unconfirmed_facts_are_flagged(code: str) -> None:
    """A file either cites a source we retrieved for this review or says plainly that it is unconfirmed."""
    document = doc(code)
    retrieved = any("retrieved" in source for source in document["sources"])
    assert retrieved or "UNCONFIRMED" in document.get("notes", ""), code


@pytest.mark.parametrize("code", [c for c in WORLD if "subdivisions" in doc(c)])
def test_subdivisions_belong_to_their_country(code: str) -> None:
    for sub in doc(code)["subdivisions"]:
        found = pycountry.subdivisions.get(code=sub)
        assert found is not None and found.country_code == code, sub


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=START, max_value=TODAY), code=st.sampled_from([c for c in WORLD if c != "BT"]))
def test_exactly_one_standard_period_covers_any_day_since_2024(day: date, code: str) -> None:
    document = doc(code)
    if not document["levies_vat"]:
        return
    covering = [p for p in rate_periods(document["standard"]) if p.covers(day)]
    assert len(covering) == 1


def test_in_force_picks_nothing_outside_coverage() -> None:
    bhutan = rate_periods(doc("BT")["standard"])
    assert in_force(bhutan, date(2025, 12, 31)) is None
    assert in_force(bhutan, date(2026, 1, 1)) == Period(
        Decimal("0.05"), date(2026, 1, 1), None, bhutan[0].source, bhutan[0].note
    )


# ------------------------------------------------------------------------------------------------ known facts

NO_VAT = ["US", "HK", "MO", "QA", "KW", "BM", "KY", "LY", "GL", "IQ", "BN", "VG", "TC", "FK", "GU"]


@pytest.mark.parametrize("code", NO_VAT)
def test_countries_without_vat_say_so(code: str) -> None:
    assert doc(code)["levies_vat"] is False


STANDARD_FACTS = [
    # (code, day, expected rate, where the number comes from)
    ("SG", date(2023, 12, 31), "0.08", "IRAS / PwC: 8 % in 2023"),
    ("SG", date(2024, 1, 1), "0.09", "IRAS / PwC: 9 % from 2024-01-01"),
    ("AU", TODAY, "0.10", "GST Act s 9-70"),
    ("NZ", TODAY, "0.15", "PwC"),
    ("JP", date(2019, 9, 30), "0.08", "NTA: 8 % until 2019-09-30"),
    ("JP", date(2019, 10, 1), "0.10", "NTA: 10 % from 2019-10-01"),
    ("KR", TODAY, "0.10", "PwC"),
    ("IN", TODAY, "0.18", "GST Council: 18 % standard slab"),
    ("CN", TODAY, "0.13", "PwC: 13, 9 or 6"),
    ("ZA", TODAY, "0.15", "Budget 3.0: the 15.5 % increase was withdrawn"),
    ("SA", date(2020, 6, 30), "0.05", "PwC: 5 % before 2020-07-01"),
    ("SA", date(2020, 7, 1), "0.15", "PwC: 15 % from 2020-07-01"),
    ("AE", TODAY, "0.05", "PwC"),
    ("BH", date(2022, 1, 1), "0.10", "PwC: 10 %"),
    ("MX", TODAY, "0.16", "PwC"),
    ("CA", TODAY, "0.05", "CRA: GST 5 %"),
    ("IL", date(2024, 12, 31), "0.17", "PwC (2024-09): 17 %"),
    ("IL", date(2025, 1, 1), "0.18", "Budget 2024: 18 % from January 2025"),
    ("EC", date(2024, 3, 31), "0.12", "12 % until the 2024 increase"),
    ("EC", date(2024, 4, 1), "0.15", "PwC (2024-09): 15 %"),
    ("LA", date(2024, 4, 30), "0.07", "Rajah & Tann: 7 % until April 2024"),
    ("LA", date(2024, 5, 1), "0.10", "MOF Notification 1360/MOF: 10 % from 2024-05-01"),
    ("KZ", date(2025, 12, 31), "0.12", "PwC: 12 %"),
    ("KZ", date(2026, 1, 1), "0.16", "New Tax Code: 16 % from 2026-01-01"),
    ("ZW", date(2025, 12, 31), "0.15", "Finance Act No. 2 of 2022: 15 %"),
    ("ZW", date(2026, 1, 1), "0.155", "ZIMRA: 15.5 % from 2026-01-01"),
    ("FJ", date(2025, 7, 31), "0.15", "15 % before the 2025-2026 budget"),
    ("FJ", date(2025, 8, 1), "0.125", "Budget 2025-2026: 12.5 % from 2025-08-01"),
    ("GH", date(2025, 12, 31), "0.219", "15 % VAT on value + 6 % levies: 1.06 x 1.15"),
    ("GH", date(2026, 1, 1), "0.20", "GRA: 15 + 2.5 + 2.5 = 20 % from 2026-01-01"),
    ("VN", date(2024, 6, 1), "0.08", "Decree 94/2023: 8 % reduction in force"),
    ("VN", date(2026, 12, 31), "0.08", "Decree 174/2025: reduction until 2026-12-31"),
    ("VN", date(2027, 1, 1), "0.10", "statutory 10 % after the reduction expires"),
    ("TJ", date(2024, 1, 1), "0.14", "Tax Code art. 264: 14 % from 2024"),
    ("TJ", date(2027, 1, 1), "0.13", "Tax Code: 13 % from 2027"),
    ("ID", TODAY, "0.11", "PMK-131/2024: 12 % x 11/12"),
    ("TH", TODAY, "0.07", "Royal decree: 7 % through 2026-09-30"),
    ("IR", date(2024, 3, 20), "0.10", "10 % from Iranian year 1403"),
    ("SR", TODAY, "0.10", "Wet BTW 2022: 10 %"),
    ("BQ", TODAY, "0.08", "Belastingdienst CN: ABB 8 % on Bonaire"),
    ("UZ", TODAY, "0.12", "PwC: 12 %"),
    ("LK", date(2023, 12, 31), "0.15", "15 % before Act No. 16 of 2024"),
    ("LK", date(2024, 1, 1), "0.18", "VAT (Amendment) Act No. 16 of 2024: 18 % from 2024-01-01"),
    ("AG", date(2024, 1, 1), "0.17", "Cabinet: ABST 17 % from 2024-01-01"),
    ("GN", TODAY, "0.18", "PwC VAT in Africa: Guinea 18 %"),
    ("BR", TODAY, "0.17", "fallback ICMS 17 %"),
]


@pytest.mark.parametrize(("code", "day", "expected", "why"), STANDARD_FACTS)
def test_standard_rate_facts(code: str, day: date, expected: str, why: str) -> None:
    assert rate(code, day) == Decimal(expected), why


SUBDIVISION_FACTS = [
    ("CA", "CA-ON", date(2025, 6, 1), "0.13"),
    ("CA", "CA-NS", date(2025, 3, 31), "0.15"),
    ("CA", "CA-NS", date(2025, 4, 1), "0.14"),
    ("CA", "CA-NB", TODAY, "0.15"),
    ("CA", "CA-NL", TODAY, "0.15"),
    ("CA", "CA-PE", TODAY, "0.15"),
    ("CA", "CA-BC", TODAY, "0.07"),
    ("CA", "CA-MB", TODAY, "0.07"),
    ("CA", "CA-SK", TODAY, "0.06"),
    ("CA", "CA-QC", TODAY, "0.09975"),
    ("BR", "BR-BA", date(2025, 3, 31), "0.17"),
    ("BR", "BR-BA", date(2025, 4, 1), "0.20"),
    ("BR", "BR-MG", date(2025, 4, 1), "0.20"),
    ("BR", "BR-SP", date(2025, 4, 1), "0.17"),
    ("BR", "BR-RJ", TODAY, "0.17"),
    ("BQ", "BQ-SA", TODAY, "0.06"),
    ("BQ", "BQ-SE", TODAY, "0.06"),
]


@pytest.mark.parametrize(("code", "sub", "day", "expected"), SUBDIVISION_FACTS)
def test_subdivision_rate_facts(code: str, sub: str, day: date, expected: str) -> None:
    assert rate(code, day, subdivision=sub) == Decimal(expected)


CATEGORY_FACTS = [
    # GST/HST holiday (CBSA CN 24-43): 2024-12-14 .. 2025-02-15 inclusive
    ("CA", None, "childrens_clothing", date(2024, 12, 13), "0.05"),
    ("CA", None, "childrens_clothing", date(2024, 12, 14), "0"),
    ("CA", None, "childrens_clothing", date(2025, 2, 15), "0"),
    ("CA", None, "childrens_clothing", date(2025, 2, 16), "0.05"),
    ("CA", None, "sanitary_products", TODAY, "0"),
    ("CA", "CA-ON", "books", TODAY, "0.05"),  # Ontario rebates its 8 % part
    ("CA", "CA-ON", "childrens_clothing", TODAY, "0.05"),
    ("CA", "CA-NB", "childrens_clothing", TODAY, "0.15"),  # no NB rebate for children's goods (GI-063)
    ("CA", "CA-NB", "childrens_clothing", date(2025, 1, 10), "0"),  # but the holiday applied
    ("CA", "CA-NS", "childrens_clothing", TODAY, "0.05"),
    ("CA", "CA-NS", "newspapers", date(2025, 4, 1), "0.14"),
    # Saskatchewan ended the children's clothing exemption on 2017-04-01 (Ryan summary of Bulletin PST-2): PST 6 %
    ("CA", "CA-SK", "childrens_clothing", TODAY, "0.06"),
    ("CA", "CA-SK", "childrens_footwear", TODAY, "0.06"),
    ("CA", "CA-SK", "sanitary_products", date(2015, 7, 1), "0"),  # PST-2: feminine hygiene exempt from 2015-07-01
    ("CA", "CA-QC", "sanitary_products", TODAY, "0"),  # Revenu Quebec: feminine hygiene goods zero-rated (QST)
    ("CA", "CA-BC", "books", TODAY, "0"),  # B.C. PST exemptions page: books, newspapers and magazines
    ("IN", None, "medicines", date(2025, 9, 21), "0.12"),
    ("IN", None, "medicines", date(2025, 9, 22), "0.05"),
    ("IN", None, "books", TODAY, "0"),
    ("IN", None, "sanitary_products", TODAY, "0"),
    ("IN", None, "childrens_footwear", date(2025, 9, 22), "0.05"),
    ("JP", None, "food", TODAY, "0.08"),
    ("AU", None, "sanitary_products", date(2019, 1, 1), "0"),
    ("AU", None, "food", TODAY, "0"),
    ("KR", None, "books", TODAY, "0"),
    ("ZA", None, "sanitary_products", date(2019, 4, 1), "0"),
    ("SA", None, "medicines", TODAY, "0"),
    ("AE", None, "medical_devices", TODAY, "0"),
    ("MX", None, "sanitary_products", date(2021, 12, 31), "0.16"),
    ("MX", None, "sanitary_products", date(2022, 1, 1), "0"),
    ("MX", None, "books", TODAY, "0"),
    ("KZ", None, "medicines", date(2026, 6, 1), "0.05"),
    ("KZ", None, "medicines", date(2027, 1, 1), "0.10"),
    ("VN", None, "alcohol", date(2025, 6, 1), "0.10"),
    ("CN", None, "books", TODAY, "0.09"),
]


@pytest.mark.parametrize(("code", "sub", "category", "day", "expected"), CATEGORY_FACTS)
def test_category_rate_facts(code: str, sub: str | None, category: str, day: date, expected: str) -> None:
    assert rate(code, day, category=category, subdivision=sub) == Decimal(expected)


def test_canada_models_every_province_with_its_own_sales_tax() -> None:
    assert doc("CA")["subdivision_required"] is True
    subs = doc("CA")["subdivisions"]
    assert {code: body["mode"] for code, body in subs.items()} == {
        "CA-ON": "replace",
        "CA-NB": "replace",
        "CA-NL": "replace",
        "CA-NS": "replace",
        "CA-PE": "replace",
        "CA-BC": "add",
        "CA-MB": "add",
        "CA-SK": "add",
        "CA-QC": "add",
    }
    assert all(body["collected_on_import"] for body in subs.values())
    assert all(body["base_includes_national_tax"] is False for body in subs.values() if body["mode"] == "add")


def test_brazil_models_all_27_federative_units() -> None:
    assert doc("BR")["subdivision_required"] is True
    subs = doc("BR")["subdivisions"]
    assert len(subs) == 27 and all(body["mode"] == "replace" for body in subs.values())
    at_20 = {code for code in subs if rate("BR", date(2025, 4, 1), subdivision=code) == Decimal("0.20")}
    assert at_20 == {"BR-AC", "BR-AL", "BR-BA", "BR-CE", "BR-MG", "BR-PB", "BR-PI", "BR-RN", "BR-RR", "BR-SE"}
