"""US additional duties (``rates/additional_duties/US.json``): sources, dates, stacking rules, quotes.

Expected amounts are worked by hand from the rates the cited instruments set (MFN 6109.10.00.12 = 16.5 %,
HTSUS general column; Section 301 list 4A = 7.5 %, 85 FR 3741; forced-labour tiers per the Yale tracker).
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings, strategies as st

from checkoutguard.data.catalog import schema_for
from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.landed_cost import Quote
from checkoutguard.landed_cost.additional_duties import AdditionalDutyLayer
from quote_builders import item, order, run

PATH = data_root() / "rates" / "additional_duties" / "US.json"
DOC: dict[str, Any] = load_json(PATH)
LAYER = AdditionalDutyLayer(DOC)
BY_ID = {m.id: m for m in LAYER.measures}
# Programs that must not stack on a Section 232 article (EO 14257 sec. 3(b), EO 14289, CSMS #67844987, note 52(f)).
YIELD_TO_232 = {"ieepa_reciprocal", "section_122", "section_301_forced_labour"}
# Programs switched off by a claimed USMCA preference (EO 14231/14232, CSMS #67844987, U.S. note 52).
YIELD_TO_USMCA = {"section_122", "section_301_forced_labour"}


def _duty(result: Quote) -> dict[str, Decimal]:
    return {line.rule or "": line.amount for line in result.lines if line.type == "duty"}


def _us(origin: str, hs: str, day: str, amount: str = "100.00", **extra: Any) -> Quote:
    return run(order("US", item("a", amount, "USD", hs=hs, origin=origin), day=day, ship_from=origin, **extra))


def test_data_passes_its_schema_and_every_measure_has_a_source() -> None:
    assert errors(DOC, schema_for(PATH)) == []
    for m in LAYER.measures:
        assert m.sources and all(s.url.startswith("https://") for s in m.sources), m.id
        assert m.heading.startswith("99"), m.id
        # A measure that rests only on secondary sources must say it is unconfirmed.
        if not any(s.primary for s in m.sources):
            assert not m.confirmed, m.id


def test_ieepa_ends_with_the_ruling_and_section_122_runs_150_days() -> None:
    ieepa = [m for m in LAYER.measures if m.program.startswith("ieepa")]
    assert ieepa and all(m.end is not None and m.end <= date(2026, 2, 23) for m in ieepa)
    s122 = BY_ID["US-S122-SURCHARGE"]
    assert s122.start == date(2026, 2, 24) and s122.end is not None
    assert (s122.end - s122.start).days + 1 == 150


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)),
    origin=st.sampled_from(["CN", "HK", "CA", "MX", "DE", "JP", "GB", "VN", "IN", "BR", "NZ", "CH", "ZZ"]),
    hs=st.sampled_from(["6109100012", "9401614011", "7323930000", "8471300100", "8507600020", "9503000073"]),
)
def test_one_stage_per_program_and_no_stacking_on_232(day: date, origin: str, hs: str) -> None:
    found = LAYER.measures_for(hs, origin, day)
    programs = [m.program for m in found]
    assert len(programs) == len(set(programs)), (day, origin, hs, [m.id for m in found])
    if any(p.startswith("section_232") for p in programs):
        assert not YIELD_TO_232 & set(programs), (day, origin, hs, programs)


def test_nz_tshirt_pays_the_forced_labour_tier_the_review_found_missing() -> None:
    # Data review 2026-12, error 1: 16.5 % MFN + 12.5 % = 29 % (was quoted at 16.5 %).
    duty = _duty(_us("NZ", "6109100012", "2026-12-06"))
    assert duty == {"US-HTSUS": Decimal("16.50"), "US-301-FL-125": Decimal("12.50")}


def test_chinese_tshirt_stacks_301_list_4a_and_the_forced_labour_tier() -> None:
    duty = _duty(_us("CN", "6109100012", "2026-12-06"))
    assert duty == {
        "US-HTSUS": Decimal("16.50"),
        "US-301-CN-LIST4A": Decimal("7.50"),
        "US-301-FL-125": Decimal("12.50"),
    }


def test_a_chinese_code_outside_the_us_rows_warns_that_section_301_may_be_missing() -> None:
    # The Section 301 lists are in the data only for the headings of our US tariff rows: a Chinese coffee maker
    # (8516.71, not a row: duty estimated) gets no Section 301 line, and the quote must say it may owe one.
    result = _us("CN", "851671", "2026-12-06")
    assert not any(rule.startswith("US-301-CN") for rule in _duty(result))
    assert {w.code for w in result.warnings} >= {"DUTY_ESTIMATED", "ADDITIONAL_DUTY_SCOPE_PARTIAL"}
    # A row we carry was checked against the lists: no such warning, for China or for another origin.
    for origin, hs in (("CN", "6109100012"), ("VN", "851671")):
        assert "ADDITIONAL_DUTY_SCOPE_PARTIAL" not in {w.code for w in _us(origin, hs, "2026-12-06").warnings}


def test_section_232_furniture_pays_no_forced_labour_duty_but_keeps_301() -> None:
    # Data review error 2(a): CN upholstered wooden seat got 25 % + 12.5 % + 25 %; note 52(f) excludes the 12.5 %.
    duty = _duty(_us("CN", "9401614011", "2026-12-06"))
    assert duty["US-301-CN-LIST3"] == Decimal("25.00") and duty["US-232-WOOD-FURNITURE"] == Decimal("25.00")
    assert "US-301-FL-125" not in duty


def test_usmca_goods_escape_the_forced_labour_duty_unless_no_preference_is_claimed() -> None:
    # Data review error 2(b): MX T-shirt got USMCA 0 % and FL 10 %.
    claimed = _duty(_us("MX", "6109100012", "2026-12-06"))
    assert claimed == {"US-USMCA": Decimal("0.00")}
    unclaimed = _duty(_us("MX", "6109100012", "2026-12-06", claim_preferences=False))
    assert unclaimed == {"US-HTSUS": Decimal("16.50"), "US-301-FL-10": Decimal("10.00")}


def test_usmca_goods_escape_the_canadian_fentanyl_duty() -> None:
    assert _duty(_us("CA", "6109100012", "2025-09-01")) == {"US-USMCA": Decimal("0.00")}
    unclaimed = _duty(_us("CA", "6109100012", "2025-09-01", claim_preferences=False))
    assert unclaimed == {"US-HTSUS": Decimal("16.50"), "US-IEEPA-CA-FENTANYL-35": Decimal("35.00")}


def test_all_in_rates_subtract_the_mfn_rate() -> None:
    # EU: forced-labour 10 % all-in. A T-shirt (MFN 16.5 %) adds nothing; toys (MFN free) add the full 10 %.
    assert _duty(_us("DE", "6109100012", "2026-12-06")) == {"US-HTSUS": Decimal("16.50")}
    toys = _duty(_us("DE", "9503000073", "2026-12-06"))
    assert toys["US-301-FL-EU-TW"] == Decimal("10.00")
    # EO 14326: EU reciprocal 15 % all-in in September 2025: a T-shirt adds nothing, toys add 15 %.
    assert _duty(_us("FR", "6109100012", "2025-09-01")) == {"US-HTSUS": Decimal("16.50")}
    assert _duty(_us("FR", "9503000073", "2025-09-01"))["US-IEEPA-RECIPROCAL-EU"] == Decimal("15.00")


def test_swiss_framework_is_all_in_for_switzerland_and_liechtenstein_from_2025_11_14() -> None:
    # EO 14326 Annex I: 39 % on Switzerland, 15 % on top of MFN for Liechtenstein, until 2025-11-13.
    assert _duty(_us("CH", "6109100012", "2025-11-13"))["US-IEEPA-RECIPROCAL-39"] == Decimal("39.00")
    assert _duty(_us("LI", "6109100012", "2025-11-13"))["US-IEEPA-RECIPROCAL-LI"] == Decimal("15.00")
    # The framework (notice of 2025-12-18, retroactive to 2025-11-14): the higher of MFN or 15 % including MFN,
    # for both. A T-shirt (MFN 16.5 %) adds nothing; toys (MFN free) add 15 %.
    for origin in ("CH", "LI"):
        assert _duty(_us(origin, "6109100012", "2025-11-14")) == {"US-HTSUS": Decimal("16.50")}, origin
        assert _duty(_us(origin, "9503000073", "2025-11-14"))["US-IEEPA-RECIPROCAL-CH"] == Decimal("15.00"), origin


def test_reciprocal_exemptions_for_laptops_and_phones_but_not_the_fentanyl_duty() -> None:
    # The 2025-04-11 clarification (9903.01.32) took computers and smartphones out of the reciprocal duty only.
    for hs in ("8471300100", "8517130000"):
        duty = _duty(_us("CN", hs, "2025-09-01"))
        assert duty.get("US-IEEPA-CN-FENTANYL-20") == Decimal("20.00"), hs
        assert not any(rule.startswith("US-IEEPA-CN-RECIPROCAL") for rule in duty), hs


def test_china_april_2025_peak_and_geneva_cut() -> None:
    # USD 1,000: above the USD 800 de minimis that still applied to Chinese goods until 2025-05-01.
    assert _duty(_us("CN", "9503000073", "2025-04-20", "1000.00"))["US-IEEPA-CN-RECIPROCAL-125"] == Decimal("1250.00")
    assert _duty(_us("CN", "9503000073", "2025-05-14", "1000.00"))["US-IEEPA-CN-RECIPROCAL-10"] == Decimal("100.00")


@settings(max_examples=40, deadline=None)
@given(
    origin=st.sampled_from(["CN", "NZ", "BR", "VN", "DE", "CA", "MX", "IN", "CH", "JP"]),
    hs=st.sampled_from(["6109100012", "9401614011", "9503000073", "420221", "7323930000"]),
    offset=st.integers(min_value=0, max_value=700),
    claim=st.booleans(),
)
def test_every_additional_duty_line_names_its_measure_and_source(
    origin: str, hs: str, offset: int, claim: bool
) -> None:
    day = (date(2025, 1, 1) + timedelta(days=offset)).isoformat()
    result = _us(origin, hs, day, claim_preferences=claim)
    rules = {line.rule for line in result.lines if line.type == "duty"}
    extra = [line for line in result.lines if line.type == "duty" and line.rule in BY_ID]
    for line in extra:
        measure = BY_ID[line.rule or ""]
        assert measure.heading in line.label and measure.name in line.label
        assert line.source == measure.sources[0].url and "Source: " in (line.explanation or "")
        assert line.effective_from == measure.start
        # No measure stacks where a rule forbids it.
        if measure.program in YIELD_TO_232:
            assert not any(BY_ID[r].program.startswith("section_232") for r in rules if r in BY_ID)
        if claim and "US-USMCA" in rules:
            assert measure.program not in YIELD_TO_USMCA and measure.program != "ieepa_fentanyl"
    unconfirmed = [line for line in extra if not BY_ID[line.rule or ""].confirmed]
    warned = [w for w in result.warnings if w.code == "ADDITIONAL_DUTY_UNCONFIRMED"]
    assert bool(unconfirmed) == bool(warned)


def test_data_and_note_are_what_the_build_script_writes() -> None:
    # rates/additional_duties/US.json and docs/us-additional-duties.md are generated: a hand edit to either fails.
    root = Path(__file__).resolve().parents[2]
    script = root / "scripts" / "build_us_additional_duties.py"
    spec = importlib.util.spec_from_file_location("build_us_additional_duties", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.document() == DOC
    assert (root / "docs" / "us-additional-duties.md").read_text(encoding="utf-8") == module.note(DOC)
