"""rates/territories.json: valid, consistent with rates/vat/, and resolving addresses to the right territory.

`resolve` below is the matching rule the file documents (own code or subdivision first, then the longest postal
prefix within the entry's country); it is a reference implementation for the landed-cost engine to adopt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
import pytest
from hypothesis import given, strategies as st

from checkoutguard.data import catalog
from checkoutguard.data.paths import rates_dir
from checkoutguard.data.periods import in_force, rate_periods
from checkoutguard.data.schemas import errors, load_json

FILE = rates_dir() / "territories.json"
DOC: dict[str, Any] = load_json(FILE)
ENTRIES: list[dict[str, Any]] = DOC["territories"]
BY_ID = {entry["id"]: entry for entry in ENTRIES}

# Prefixes that deliberately sit inside another entry's prefix (longest wins): Saint-Barthélemy and Saint-Martin
# use postcodes in Guadeloupe's 971 range.
NESTED = {("FR", "97133", "971"), ("FR", "97150", "971")}


def normalise(postal_code: str) -> str:
    return "".join(ch for ch in postal_code.upper() if ch.isalnum())


def resolve(
    country: str, postal_code: str = "", subdivision: str | None = None, entries: Sequence[Mapping[str, Any]] = ENTRIES
) -> str | None:
    """The id of the territory an address falls in, or None for the country's ordinary territory."""
    for entry in entries:
        match = entry["match"]
        if country in match.get("countries", ()) or (subdivision and subdivision in match.get("subdivisions", ())):
            return str(entry["id"])
    code = normalise(postal_code)
    best: tuple[int, str] | None = None
    for entry in entries:
        if entry["country"] != country:
            continue
        for prefix in entry["match"].get("postal_codes", ()):
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), entry["id"])
    return best[1] if best else None


def test_file_is_registered_and_valid() -> None:
    assert catalog.schema_for(FILE) == "territories"
    assert errors(DOC, "territories") == []
    assert date.fromisoformat(DOC["review_by"]) >= date.fromisoformat(DOC["reviewed"])


def test_ids_are_unique() -> None:
    assert len(BY_ID) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_codes_are_real_iso_codes(entry: dict[str, Any]) -> None:
    assert pycountry.countries.get(alpha_2=entry["country"]) is not None
    for code in entry["match"].get("countries", ()):
        assert pycountry.countries.get(alpha_2=code) is not None, code
    for code in entry["match"].get("subdivisions", ()):
        subdivision = pycountry.subdivisions.get(code=code)
        assert subdivision is not None, code
        assert subdivision.country_code == entry["country"], code


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_tax_territory_points_at_a_file_that_levies_tax(entry: dict[str, Any]) -> None:
    code = entry["tax_territory"]
    if code is None:
        return
    doc = load_json(rates_dir() / "vat" / f"{code}.json")
    assert doc["levies_vat"] is True
    standard = in_force(rate_periods(entry.get("standard_override") or doc["standard"]), date.today())
    assert standard is not None


def test_no_postal_prefix_is_claimed_twice_or_shadowed_by_accident() -> None:
    claimed: dict[tuple[str, str], str] = {}
    for entry in ENTRIES:
        for prefix in entry["match"].get("postal_codes", ()):
            key = (entry["country"], prefix)
            assert key not in claimed, f"{key} claimed by {claimed.get(key)} and {entry['id']}"
            claimed[key] = entry["id"]
    nested = {
        (country, longer, shorter)
        for (country, longer) in claimed
        for (other_country, shorter) in claimed
        if country == other_country and longer != shorter and longer.startswith(shorter)
    }
    assert nested == NESTED


def test_own_codes_and_subdivisions_are_claimed_once() -> None:
    seen: dict[str, str] = {}
    for entry in ENTRIES:
        for code in [*entry["match"].get("countries", ()), *entry["match"].get("subdivisions", ())]:
            assert code not in seen, f"{code}: {seen.get(code)} and {entry['id']}"
            seen[code] = entry["id"]


ADDRESSES = [
    ("ES", "35001", None, "canary_islands"),
    ("ES", "38400", None, "canary_islands"),
    ("ES", "", "ES-CN", "canary_islands"),
    ("ES", "28001", None, None),
    ("ES", "51001", None, "ceuta"),
    ("ES", "52006", None, "melilla"),
    ("FI", "22100", None, "aland"),
    ("AX", "", None, "aland"),
    ("FI", "00100", None, None),
    ("DE", "78266", None, "busingen"),
    ("DE", "27498", None, "heligoland"),
    ("DE", "10115", None, None),
    ("IT", "23041", None, "livigno"),
    ("IT", "22061", None, "campione_d_italia"),
    ("IT", "20121", None, None),
    ("IT", "47890", None, "san_marino"),
    ("IT", "00120", None, "vatican"),
    ("GR", "63086", None, "mount_athos"),
    ("AT", "6691", None, "jungholz_mittelberg"),
    ("AT", "6991", None, "jungholz_mittelberg"),
    ("AT", "1010", None, None),
    ("FR", "97110", None, "guadeloupe"),
    ("FR", "97133", None, "saint_barthelemy"),
    ("FR", "97150", None, "saint_martin"),
    ("FR", "97200", None, "martinique"),
    ("FR", "97400", None, "reunion"),
    ("FR", "97600", None, "mayotte"),
    ("FR", "98000", None, "monaco"),
    ("MC", "98000", None, "monaco"),
    ("FR", "75001", None, None),
    ("GB", "BT1 1AA", None, "northern_ireland"),
    ("GB", "bt7-1nn", None, "northern_ireland"),
    ("GB", "JE2 3AB", None, "jersey"),
    ("GB", "GY1 1AA", None, "guernsey"),
    ("GB", "IM1 1AA", None, "isle_of_man"),
    ("GB", "GX11 1AA", None, "gibraltar"),
    ("GB", "SW1A 1AA", None, None),
    ("GB", "B1 1AA", None, None),
    ("CH", "9490", None, "liechtenstein"),
    ("CH", "8001", None, None),
    ("DK", "3900", None, "greenland"),
    ("FO", "100", None, "faroe_islands"),
    ("NO", "9170", None, "svalbard_jan_mayen"),
]


@pytest.mark.parametrize(("country", "postal", "subdivision", "expected"), ADDRESSES)
def test_address_resolves_to_the_right_territory(
    country: str, postal: str, subdivision: str | None, expected: str | None
) -> None:
    assert resolve(country, postal, subdivision) == expected


# Status facts from the sources named in each entry (Directive 2006/112/EC Art. 6-7, UCC Art. 4, AEAT, Dutch customs).
STATUS = [
    ("canary_islands", "ES-CN", False, "EU"),
    ("ceuta", "ES-CE", False, "ES-CE"),
    ("melilla", "ES-ML", False, "ES-ML"),
    ("aland", "FI", False, "EU"),
    ("mount_athos", None, False, "EU"),
    ("busingen", "CH", False, "CH"),
    ("heligoland", None, False, None),
    ("livigno", None, False, None),
    ("campione_d_italia", None, False, "EU"),
    ("guadeloupe", "GP", False, "EU"),
    ("french_guiana", None, False, "EU"),
    ("monaco", "MC", True, "EU"),
    ("northern_ireland", "GB", True, "GB"),
    ("jersey", "JE", False, "GB"),
    ("guernsey", None, False, "GB"),
    ("isle_of_man", "IM", False, "GB"),
    ("liechtenstein", "LI", False, "CH"),
    ("jungholz_mittelberg", "AT", True, "EU"),
]


@pytest.mark.parametrize(("territory", "tax", "in_vat_area", "customs"), STATUS)
def test_territory_status(territory: str, tax: str | None, in_vat_area: bool, customs: str | None) -> None:
    entry = BY_ID[territory]
    assert (entry["tax_territory"], entry["in_eu_vat_area"], entry["customs_territory"]) == (tax, in_vat_area, customs)


def test_campione_joined_the_eu_customs_territory_in_2020() -> None:
    assert BY_ID["campione_d_italia"]["effective_from"] == "2020-01-01"


def test_jungholz_and_mittelberg_apply_19_percent_not_austrias_20() -> None:
    entry = BY_ID["jungholz_mittelberg"]
    override = in_force(rate_periods(entry["standard_override"]), date.today())
    austria = in_force(rate_periods(load_json(rates_dir() / "vat" / "AT.json")["standard"]), date.today())
    assert override is not None and austria is not None
    assert (override.value, austria.value) == (Decimal("0.19"), Decimal("0.20"))


PREFIXES = sorted(
    {(entry["country"], prefix) for entry in ENTRIES for prefix in entry["match"].get("postal_codes", ())}
)


@given(st.sampled_from(PREFIXES), st.text(alphabet="0123456789", max_size=4))
def test_any_postal_code_under_a_prefix_resolves_to_its_longest_owner(pair: tuple[str, str], tail: str) -> None:
    country, prefix = pair
    code = prefix + tail
    owners = [
        (len(p), e["id"])
        for e in ENTRIES
        if e["country"] == country
        for p in e["match"].get("postal_codes", ())
        if code.startswith(p)
    ]
    assert resolve(country, code) == max(owners)[1]
