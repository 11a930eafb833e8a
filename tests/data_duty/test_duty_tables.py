"""Sanity of the duty tables in rates/duty/ (the JSON Schema itself is checked in tests/test_data_files.py).

`resolve` below is the lookup rule the schema documents: the longest `hs` prefix among the rows in force on the
day. The spot values were read by hand from the page cited next to each one (never copied from the data), so a
data edit that changes them fails here until someone re-reads the source.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.schemas import load_json
from checkoutguard.money import currency

DUTY_DIR = rates_dir() / "duty"
JURISDICTIONS = ("EU", "GB", "US", "CA", "AU", "JP", "CH", "NO", "KR", "BR", "MX", "IN", "CN")
DOCS: dict[str, dict[str, Any]] = {code: load_json(DUTY_DIR / f"{code}.json") for code in JURISDICTIONS}
DOC_FILE = Path(__file__).resolve().parents[2] / "docs" / "data-duty.md"
REVIEW_DAY = date(2026, 11, 23)
EU_MEMBERS = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"


def _codes(text: str) -> tuple[str, ...]:
    """Dotted HS subheadings ("6109.10 6110.20") as the digit strings the data uses."""
    return tuple(code.replace(".", "") for code in text.split())


# The subheadings issue #3 asks every table to cover (apparel, footwear, bags, cosmetics, jewellery, watches, toys
# and sports, electronics, books, home textiles, furniture, supplements, sunglasses).
REQUIRED = tuple(
    _codes(
        "6109.10 6110.20 6203.42 6204.62 6104.43 6403.99 6404.11 6402.99 4202.21 4202.92 3304.99"
        " 3303.00 7113.19 7117.19 9102.11 9102.12 9503.00 9504.50 9506.91 8471.30 8517.13 8518.30"
        " 8528.72 8504.40 4901.99 6302.60 6302.21 9403.60 9401.61 2106.90 8516.31 8509.40 9004.10"
        " 4202.12"
    )
)

# Subheadings left out because no source could confirm a rate (docs/data-duty.md lists them too). Issue #14 filled
# many with rows marked "confirmed": false (so that a common code is never answered from another chapter).
# A gap that gets filled must be removed here, and a new gap must be added: both directions fail the test below.
KNOWN_GAPS: dict[str, set[str]] = {
    "EU": set(_codes("8504.40")),
    "GB": set(),
    "US": set(_codes("9102.11")),
    "CA": set(_codes("6203.42 6204.62 3303.00 9506.91 8518.30 6302.60 6302.21 2106.90 8516.31 9004.10")),
    "AU": set(_codes("3303.00 8518.30 2106.90 9004.10")),
    "JP": set(_codes("6109.10 6110.20 6203.42 6204.62 6104.43 6302.60 6302.21 2106.90")),
    "CH": set(_codes("2106.90")),
    "NO": set(_codes("6302.60 6302.21 2106.90")),
    "KR": set(_codes("9504.50 8518.30 6302.60 6302.21")),
    "BR": set(_codes("3303.00 9504.50 9506.91 8528.72 8504.40 9401.61 2106.90 8516.31 8509.40 9004.10")),
    "MX": set(
        _codes(
            "3303.00 9504.50 9506.91 8518.30 8528.72 8504.40 6302.60 6302.21 9401.61 2106.90 8516.31 8509.40 9004.10"
        )
    ),
    "IN": set(_codes("3303.00 9504.50 9506.91 8528.72 6302.60 6302.21 9401.61 2106.90 8516.31 8509.40 9004.10")),
    "CN": set(
        _codes(
            "6403.99 4202.21 4202.92 3303.00 9504.50 9506.91 8518.30 8528.72 8504.40 9401.61 2106.90 8509.40 9004.10"
        )
    ),
}

# (jurisdiction, national code, rate read by hand, where it was read). Every URL must also be cited in the file.
SPOT_VALUES: tuple[tuple[str, str, str, str], ...] = (
    ("EU", "6404110000", "0.169", "https://celna24.com/customs-tariff/6404110000"),
    ("EU", "6402999800", "0.168", "https://www.tariffnumber.com/2022/64029998"),
    ("EU", "6403190000", "0.08", "https://taric-check.com/browse/6403A190000?country=CN&lang=en"),
    ("EU", "9503007500", "0.047", "https://dutydesk.app/eu/950300"),
    ("EU", "9503001000", "0", "https://dutydesk.app/eu/950300"),
    (
        "GB",
        "6109100010",
        "0.12",
        "https://forum.trade-tariff.service.gov.uk/t/can-understand-the-tariff-for-imports-of-6109100010/292",
    ),
    ("GB", "8714999040", "0.04", "https://www.trade-tariff.service.gov.uk/commodities/8714999040"),
    # HS-6 pages of CustomTariffs (HSRates) restating TARIC, the UK Trade Tariff and the HTS (accessed 2026-02-22).
    (
        "EU",
        "4202921500",
        "0.067",
        "https://custom-tariffs-seo.pages.dev/en/codes/4202-92-with-outer-surface-of-sheeting-of-plastics-or-of-textile-materials",
    ),
    (
        "GB",
        "4202921500",
        "0.06",
        "https://custom-tariffs-seo.pages.dev/en/codes/4202-92-with-outer-surface-of-sheeting-of-plastics-or-of-textile-materials",
    ),
    (
        "EU",
        "8518300000",
        "0",
        "https://custom-tariffs-seo.pages.dev/en/codes/8518-30-headphones-and-earphones-whether-or-not-combined-with-a-microphone-and-sets-cons",
    ),
    (
        "GB",
        "8518300000",
        "0",
        "https://custom-tariffs-seo.pages.dev/en/codes/8518-30-headphones-and-earphones-whether-or-not-combined-with-a-microphone-and-sets-cons",
    ),
    ("EU", "6110209100", "0.12", "https://custom-tariffs-seo.pages.dev/en/codes/6110-20-of-cotton"),
    ("EU", "7117190000", "0.04", "https://custom-tariffs-seo.pages.dev/en/codes/7117-19-other"),
    ("EU", "9506911000", "0.027", "https://custom-tariffs-seo.pages.dev/en/codes/9506-91-other"),
    (
        "GB",
        "6404110000",
        "0.16",
        "https://custom-tariffs-seo.pages.dev/en/codes/6404-11-footwear-with-outer-soles-of-rubber-or-plastics",
    ),
    ("GB", "8504408390", "0", "https://custom-tariffs-seo.pages.dev/en/codes/8504-40-static-converters"),
    ("GB", "9506919000", "0.02", "https://custom-tariffs-seo.pages.dev/en/codes/9506-91-other"),
    (
        "US",
        "6302600010",
        "0.091",
        "https://custom-tariffs-seo.pages.dev/en/codes/6302-60-toilet-linen-and-kitchen-linen-of-terry-towelling-or-similar-terry-fabrics-of-co",
    ),
    (
        "US",
        "9102122000",
        "0",
        "https://custom-tariffs-seo.pages.dev/en/codes/9102-12-with-opto-electronic-display-only",
    ),
    ("US", "6110202005", "0.165", "https://www.etoolsage.com/Query/USHTS.asp?HTS=6110.20&pageNo=1&lang="),
    ("US", "6402999035", "0.20", "https://www.htshub.com/us-hs/chapter/64-8"),
    ("JP", "9503000000", "0", "https://www.htshub.com/jp-hs/chapter/95"),
    ("JP", "9504500000", "0", "https://www.htshub.com/jp-hs/chapter/95"),
    ("US", "6109100012", "0.165", "https://vatcheck.io/hts/6109.10.00"),
    ("US", "4202219000", "0.09", "https://checkoutapi.com/rulings/docview?doc_id=NY+N170018&highlight=4202.21.9000%2A"),
    ("US", "4202216000", "0.10", "https://checkoutapi.com/rulings/docview?doc_id=NY+N170018&highlight=4202.21.9000%2A"),
    ("US", "6402994000", "0.375", "https://etoolsage.com/Query/USHTS.asp?HTS=out&action=ScollUp&pageNo=8"),
    ("US", "6404112000", "0.105", "https://etoolsage.com/query/USHTSC.asp?HTS=eat&action=ScollUp&pageNo=15"),
    (
        "CA",
        "6109100012",
        "0.18",
        "http://betterdollar.com/duty-rate-for-t-shirts-singlets-and-other-vests-knitted-or-crocheted/",
    ),
    ("CA", "9503009040", "0", "https://www.htshub.com/ca-hs/head/9503"),
    ("CA", "9503001010", "0.08", "https://www.htshub.com/ca-hs/head/9503"),
    ("CA", "8509409020", "0", "https://etoolsage.com/Query/CAHS.asp?HTS=head&action=ScollUp&pageNo=97"),
    (
        "AU",
        "9503007000",
        "0",
        "https://github.com/networkneedsau/australian-tariff-classification/blob/"
        "2103c9cbaa0c8f06495c06b4eeec5aaeeb1b1c09/data/tariff-schedule3.json",
    ),
    (
        "AU",
        "9503009900",
        "0.05",
        "https://github.com/networkneedsau/australian-tariff-classification/blob/"
        "2103c9cbaa0c8f06495c06b4eeec5aaeeb1b1c09/data/tariff-schedule3.json",
    ),
    (
        "AU",
        "9506910000",
        "0.05",
        "https://github.com/networkneedsau/australian-tariff-classification/blob/"
        "2103c9cbaa0c8f06495c06b4eeec5aaeeb1b1c09/data/tariff-schedule3.json",
    ),
    (
        "AU",
        "6402190000",
        "0.05",
        "https://github.com/networkneedsau/australian-tariff-classification/blob/"
        "2103c9cbaa0c8f06495c06b4eeec5aaeeb1b1c09/data/tariff-schedule3.json",
    ),
    ("JP", "6101200000", "0.109", "https://www.kanzei.or.jp/statistical/tariff/headline/hs4dig/j/6108"),
    ("JP", "6201300000", "0.091", "https://www.kanzei.or.jp/statistical/tariff/headline/hs4dig/e/6217"),
    ("CH", "6109100000", "0", "https://bazg.admin.ch/bazg/en/home/topics/aufhebung_industriezoelle.html"),
    ("CH", "6404110000", "0", "https://bazg.admin.ch/bazg/en/home/topics/aufhebung_industriezoelle.html"),
    ("CH", "8517130000", "0", "https://bazg.admin.ch/bazg/en/home/topics/aufhebung_industriezoelle.html"),
    ("NO", "6109100000", "0.107", "http://www.toll.no/en/goods/clothes-and-shoes/importation-of-clothing/"),
    ("NO", "6203420000", "0.107", "http://www.toll.no/en/goods/clothes-and-shoes/importation-of-clothing/"),
    ("NO", "6404110000", "0", "http://www.toll.no/en/goods/clothes-and-shoes/importation-of-clothing/"),
    ("KR", "6109100000", "0.13", "http://www.jimpass.com/document/tariff"),
    ("KR", "6404110000", "0.13", "http://www.jimpass.com/document/tariff"),
    ("KR", "3304990000", "0.065", "http://www.jimpass.com/document/tariff"),
    ("KR", "8528720000", "0.08", "http://www.jimpass.com/document/tariff"),
    ("KR", "8517130000", "0", "http://www.jimpass.com/document/tariff"),
    (
        "BR",
        "6109100000",
        "0.35",
        "http://www.valor.com.br/arquivo/539703/governo-aumenta-de-20-para-35-imposto-de-"
        "importacao-sobre-calcados-e-vestuario",
    ),
    (
        "BR",
        "6403990000",
        "0.35",
        "http://www.valor.com.br/arquivo/539703/governo-aumenta-de-20-para-35-imposto-de-"
        "importacao-sobre-calcados-e-vestuario",
    ),
    (
        "BR",
        "6205200000",
        "0.35",
        "http://www.dutycalculator.com/dc/73259499/clothes-for-men/t-polos/shirts-of-woven-"
        "cotton/import-duty-rate-for-importing-cvc-woven-shirt-from-china-to-united-states-is-19.7/",
    ),
    (
        "MX",
        "6109100100",
        "0.25",
        "https://revistapuntodevista.com.mx/seccion/mexico/mexico-aplicara-aranceles-de-"
        "hasta-35-a-importaciones/895069/amp",
    ),
    (
        "MX",
        "9503000300",
        "0.30",
        "https://revistapuntodevista.com.mx/seccion/mexico/mexico-aplicara-aranceles-de-"
        "hasta-35-a-importaciones/895069/amp",
    ),
    (
        "MX",
        "3304990100",
        "0.25",
        "https://revistapuntodevista.com.mx/seccion/mexico/mexico-aplicara-aranceles-de-"
        "hasta-35-a-importaciones/895069/amp",
    ),
    (
        "IN",
        "85171300",
        "0.15",
        "https://www.livemint.com/technology/tech-news/budget-2024-fm-nirmala-sitharaman-"
        "announces-major-reduction-in-customs-duty-for-mobile-phones-and-chargers-11721716787661.html",
    ),
    (
        "IN",
        "85044030",
        "0.15",
        "https://www.livemint.com/technology/tech-news/budget-2024-fm-nirmala-sitharaman-"
        "announces-major-reduction-in-customs-duty-for-mobile-phones-and-chargers-11721716787661.html",
    ),
    (
        "IN",
        "95030090",
        "0.70",
        "https://www.devdiscourse.com/article/headlines/2339505-govt-hikes-import-duty-on-toys-to-70-pc",
    ),
    ("CN", "6404110000", "0.10", "https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=0&word=6404"),
    ("CN", "6302211000", "0.06", "https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=0&word=6302"),
    ("CN", "3304990029", "0.01", "https://htshub.com/cn-hs/detail/3304990029"),
    ("CN", "6402992900", "0.10", "http://hs.e-to-china.com/hs-code-shoes-racks-d_3-t_1.html"),
)
# Jurisdictions where fewer than three rates could be read in a stored source (documented in docs/data-duty.md).
FEWER_SPOTS: dict[str, int] = {}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def in_force(entry: Mapping[str, Any], day: date) -> bool:
    end = _day(entry.get("effective_to"))
    return date.fromisoformat(entry["effective_from"]) <= day and (end is None or day <= end)


def resolve(doc: Mapping[str, Any], code: str, day: date = REVIEW_DAY) -> dict[str, Any] | None:
    """The row the engine uses for `code` on `day`: the longest matching `hs` prefix in force."""
    rows = [row for row in doc["rates"] if code.startswith(row["hs"]) and in_force(row, day)]
    return max(rows, key=lambda row: len(row["hs"])) if rows else None


def ad_valorem(entry: Mapping[str, Any]) -> Decimal | None:
    text = entry["rate"].get("ad_valorem")
    return Decimal(text) if text is not None else None


def dated_entries(doc: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    for part in ("rates", "preferences", "additional"):
        for entry in doc.get(part, []):
            yield part, entry


def cited_urls(doc: Mapping[str, Any]) -> set[str]:
    urls = {source["url"] for source in doc["sources"]}
    urls.update(entry["source"] for _, entry in dated_entries(doc))
    return urls


def test_one_file_per_jurisdiction() -> None:
    # The 13 researched tables must all be there; regimes may add small tables of their own (e.g. NZ).
    assert set(JURISDICTIONS) <= {path.stem for path in DUTY_DIR.glob("*.json")}


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_file_names_its_jurisdiction_and_real_countries(code: str) -> None:
    doc = DOCS[code]
    assert doc["jurisdiction"] == code
    countries = doc["countries"]
    assert len(countries) == len(set(countries))
    for country in countries:
        assert pycountry.countries.get(alpha_2=country) is not None, country
    if code == "EU":
        assert set(countries) == set(EU_MEMBERS.split(" "))
    else:
        assert code in countries
    currency(doc["currency"], REVIEW_DAY)  # raises UnknownCurrency if not in force


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_no_two_rows_for_one_code_on_the_same_day(code: str) -> None:
    by_hs: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in DOCS[code]["rates"]:
        by_hs[row["hs"]].append(row)
    for hs, rows in by_hs.items():
        rows.sort(key=lambda row: row["effective_from"])
        for earlier, later in itertools.pairwise(rows):
            end = _day(earlier.get("effective_to"))
            assert end is not None and end < date.fromisoformat(later["effective_from"]), f"{code} {hs} overlaps"


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_dates_run_forwards_and_rates_are_plausible(code: str) -> None:
    for part, entry in dated_entries(DOCS[code]):
        end = _day(entry.get("effective_to"))
        assert end is None or end >= date.fromisoformat(entry["effective_from"]), (part, entry)
        rate = ad_valorem(entry)
        assert rate is None or Decimal(0) <= rate <= Decimal("3.5"), (part, entry)
        assert rate is not None or "specific" in entry["rate"]


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_preferences_and_additional_duties_are_well_formed(code: str) -> None:
    doc = DOCS[code]
    ids = [entry["id"] for part in ("preferences", "additional") for entry in doc.get(part, [])]
    assert len(ids) == len(set(ids))
    for part in ("preferences", "additional"):
        for entry in doc.get(part, []):
            for key in ("origins", "exclude_origins", "ship_from"):
                for country in entry.get(key, []):
                    known = country == "*" or pycountry.countries.get(alpha_2=country) is not None
                    assert known, (entry["id"], country)
            assert not set(entry.get("origins", [])) & set(entry.get("exclude_origins", [])), entry["id"]
            assert not set(entry["hs"]) & set(entry.get("exclude_hs", [])), entry["id"]


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_required_subheadings_resolve_except_documented_gaps(code: str) -> None:
    doc = DOCS[code]
    missing = {hs for hs in REQUIRED if resolve(doc, hs) is None}
    assert missing == KNOWN_GAPS[code], "update KNOWN_GAPS (and docs/data-duty.md) to match the data"


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_gaps_are_listed_in_the_docs(code: str) -> None:
    section = DOC_FILE.read_text(encoding="utf-8").split("## Missing subheadings", 1)[-1]
    line = next((line for line in section.splitlines() if line.startswith(f"| {code} | ")), "")
    for hs in KNOWN_GAPS[code]:
        assert f"{hs[:4]}.{hs[4:]}" in line, f"{code} gap {hs} missing from docs/data-duty.md"


@pytest.mark.parametrize(("code", "national", "expected", "url"), SPOT_VALUES)
def test_spot_values_read_from_the_source(code: str, national: str, expected: str, url: str) -> None:
    row = resolve(DOCS[code], national)
    assert row is not None, national
    assert ad_valorem(row) == Decimal(expected)
    assert url in cited_urls(DOCS[code])


def test_every_jurisdiction_has_hand_checked_values() -> None:
    counts = defaultdict(int)
    for code, *_ in SPOT_VALUES:
        counts[code] += 1
    for code in JURISDICTIONS:
        assert counts[code] >= FEWER_SPOTS.get(code, 3), code


def test_heading_rows_only_where_the_heading_shares_one_rate() -> None:
    eu = DOCS["EU"]
    assert resolve(eu, "6403") is None  # no heading row: 6403 20 00 differs from the 8 % lines
    assert resolve(eu, "640399")["hs"] == "640399"  # type: ignore[index]
    assert resolve(eu, "9503007500")["hs"] == "950300"  # type: ignore[index]
    assert resolve(eu, "9503001000")["hs"] == "95030010"  # type: ignore[index]


# The US additional duties moved to rates/additional_duties/US.json: tests/us_tax/test_additional_duties.py.


def test_eu_preference_for_uk_goods_replaces_the_rate() -> None:
    prefs = [pref for pref in DOCS["EU"]["preferences"] if "GB" in pref["origins"] and in_force(pref, REVIEW_DAY)]
    assert [pref["id"] for pref in prefs] == ["EU-GB-TCA"]
    assert prefs[0]["hs"] == ["*"] and ad_valorem(prefs[0]) == Decimal(0)
