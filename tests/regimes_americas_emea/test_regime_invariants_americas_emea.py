"""Invariants of the BR, MX, TR, SA, AE, IL and ZA regime files, by Hypothesis and by reading the data."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.schemas import load_json
from regimes_americas_emea.helpers_ame import D, item, quote_at, rule_ids

MARKETS = ["BR", "MX", "TR", "SA", "AE", "IL", "ZA"]
DOCS = {code: load_json(rates_dir() / "regimes" / f"{code}.json") for code in MARKETS}
CENT = Decimal("0.01")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
usd = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000.00"), places=2)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _remessa(value: Decimal) -> Any:
    return quote_at(
        "BR",
        item("a", str(value), "USD", hs="950300"),
        subdivision="BR-SP",
        registrations=["BR-REMESSA"],
        currency="USD",
    )


@SETTINGS
@given(usd)
def test_remessa_conforme_duty_and_icms_follow_the_portaria_table(value: Decimal) -> None:
    # Portaria MF 156/1999 Art. 1 (Portaria MF 1.086/2024): 20 % up to USD 50; 60 % minus USD 20 up to USD 3,000.
    result = _remessa(value)
    duty = _round(value * D("0.20")) if value <= 50 else _round(value * D("0.60") - 20)
    icms = _round((value + duty) * D("0.17") / D("0.83"))
    assert result.total_of("duty") == duty
    assert result.total_of("tax") == icms
    assert result.totals.checkout == value + duty + icms


@SETTINGS
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2999.99"), places=2))
def test_remessa_conforme_duty_never_falls_as_the_value_rises(value: Decimal) -> None:
    # The USD 20 deduction makes the table continuous at USD 50 (10.00 at 50.00, 10.006 at 50.01).
    assert _remessa(value + CENT).total_of("duty") >= _remessa(value).total_of("duty")


@SETTINGS
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2500.00"), places=2), st.sampled_from(["US", "CA"]))
def test_tmec_courier_rate_by_bracket(value: Decimal, ship_from: str) -> None:
    result = quote_at("MX", item("a", str(value), "USD", hs="610910"), ship_from=ship_from, currency="USD")
    rate = D("0") if value <= 50 else D("0.17") if value <= 117 else D("0.19")
    assert result.total_of("duty") == _round(value * rate)
    assert result.total_of("tax") == 0


@SETTINGS
@given(
    st.sampled_from(["MX", "TR", "SA", "AE", "IL", "ZA", "BR"]),
    st.decimals(min_value=Decimal("1.00"), max_value=Decimal("4000.00"), places=2),
    st.sampled_from(["DDP", "DAP"]),
    st.sampled_from(["2024-06-03", "2025-06-02", "2026-01-15", "2026-11-23"]),
)
def test_border_charges_are_due_at_the_door_under_dap(code: str, value: Decimal, incoterm: str, day: str) -> None:
    # Without a registration no seller collects at checkout in these markets: duty and tax follow the incoterm.
    extra: dict[str, Any] = {"subdivision": "BR-SP"} if code == "BR" else {}
    result = quote_at(
        code,
        item("a", str(value), "USD", hs="610910"),
        incoterm=incoterm,
        day=day,
        overrides={"fx": {"USD/EUR": "0.90"}, "duty_rates": {"a": "0.10"}},
        currency="USD",
        **extra,
    )
    expected = "checkout" if incoterm == "DDP" else "delivery"
    assert {line.payable for line in result.lines if line.type in ("duty", "tax", "fee")} <= {expected}


@pytest.mark.parametrize("code", MARKETS)
def test_each_file_ends_with_unconditional_rules_in_force_since_2024(code: str) -> None:
    # Quotes may be dated from 2024-01-01 (order.EARLIEST_DATE); the fall-back rules must cover every later day.
    doc = DOCS[code]
    for kind in ("tax_rules", "duty_rules"):
        last = doc[kind][-1]
        assert last["when"] == {}, (code, kind)
        assert "effective_to" not in last
        assert date.fromisoformat(last["effective_from"]) <= date(2024, 1, 1)


@pytest.mark.parametrize(("code", "suffix"), [("MX", "-IVA"), ("TR", "-KDV")])
def test_every_flat_rate_that_covers_vat_has_a_matching_exempt_tax_rule(code: str, suffix: str) -> None:
    doc = DOCS[code]
    taxes = {rule["id"]: rule for rule in doc["tax_rules"]}
    flats = [rule for rule in doc["duty_rules"] if rule["duty"]["method"] in ("flat_rate", "exempt")]
    assert flats
    for duty in flats:
        tax = taxes[duty["id"] + suffix]
        assert tax["tax"] == {"method": "exempt"}
        for key in ("when", "effective_from", "effective_to"):
            assert tax.get(key) == duty.get(key), (duty["id"], key)


@pytest.mark.parametrize("code", MARKETS)
def test_every_rule_is_dated_sourced_and_explained(code: str) -> None:
    for kind in ("tax_rules", "duty_rules", "fees"):
        for rule in DOCS[code].get(kind, []):
            assert rule["source"].startswith(("http://", "https://"))
            if rule["when"]:
                assert rule.get("legal_basis") or rule.get("note"), rule["id"]
            if "effective_to" in rule:
                assert rule["effective_to"] >= rule["effective_from"]


def test_rate_change_dates_are_contiguous() -> None:
    # Each ended rule hands over to its successor on the next day (no day without a rule, no overlap).
    pairs = [
        ("MX", "duty_rules", "MX-COURIER-GLOBAL-RATE-2025", "MX-COURIER-GLOBAL-RATE"),
        ("BR", "duty_rules", "BR-REMESSA-II-ZERO", "BR-REMESSA-II-20"),
        ("TR", "duty_rules", "TR-FLAT-OTHER-150", "TR-FLAT-OTHER-30-2024"),
        ("TR", "duty_rules", "TR-FLAT-OTHER-30-2024", "TR-FLAT-OTHER-30"),
        ("IL", "tax_rules", "IL-PERSONAL-IMPORT-EXEMPT-75", "IL-PERSONAL-IMPORT-EXEMPT-150"),
        ("IL", "tax_rules", "IL-PERSONAL-IMPORT-EXEMPT-150", "IL-PERSONAL-IMPORT-EXEMPT"),
    ]
    for code, kind, before, after in pairs:
        rules = {rule["id"]: rule for rule in DOCS[code][kind]}
        end = date.fromisoformat(rules[before]["effective_to"])
        start = date.fromisoformat(rules[after]["effective_from"])
        assert (start - end).days == 1, (before, after)


def test_remessa_rules_need_the_registration() -> None:
    # Without BR-REMESSA the same USD 40 parcel is taxed under the plain RTS at 60 %.
    without = quote_at("BR", item("a", "40.00", "USD", hs="950300"), subdivision="BR-SP", currency="USD")
    assert rule_ids(without, "duty") == ["BR-RTS-II-60"]
    assert without.total_of("duty") == D("24.00")
