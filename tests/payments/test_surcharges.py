"""Surcharge rules: expectations come from PSD2 Art. 62, CRD Art. 19 and the UK 2012 Regulations."""

from __future__ import annotations

from datetime import date

import pytest

from checkoutguard.errors import InvalidInput, UnknownCountry
from checkoutguard.payments import Citation, surcharge_policy
from checkoutguard.payments.surcharges import surcharge_rules

EU27 = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("country", EU27)
def test_every_eu_country_bans_consumer_card_surcharges(country: str) -> None:
    policy = surcharge_policy(country=country, on=TODAY, buyer_type="consumer")
    assert policy.known
    assert policy.jurisdiction == "EEA"
    assert policy.card_surcharge_banned
    assert policy.fee_cap == "cost"
    articles = {(c.law, c.article) for c in policy.citations}
    assert ("Directive (EU) 2015/2366 (PSD2)", "Art. 62(4)") in articles
    assert ("Directive 2011/83/EU (Consumer Rights Directive)", "Art. 19") in articles


def test_psd2_ban_starts_on_its_transposition_deadline() -> None:
    # PSD2 Art. 115: member states apply the measures from 13 January 2018.
    assert surcharge_policy(country="FR", on=date(2018, 1, 13)).card_surcharge_banned
    before = surcharge_policy(country="FR", on=date(2018, 1, 12))
    assert not before.known
    assert "does not mean surcharges are allowed" in before.notes[-1]


def test_sepa_transfers_and_debits_are_banned_too() -> None:
    policy = surcharge_policy(country="NL", on=TODAY)
    assert {"sepa_credit_transfer", "sepa_direct_debit", "consumer_debit_card", "consumer_credit_card"} <= set(
        policy.banned_instruments
    )


def test_business_buyer_may_be_charged_for_commercial_cards_only_up_to_cost() -> None:
    policy = surcharge_policy(country="DE", on=TODAY, buyer_type="business")
    assert policy.known
    assert not policy.card_surcharge_banned
    assert policy.fee_cap == "cost"
    # Art. 62(4) follows the instrument: consumer cards and SEPA stay banned for a business buyer.
    assert "consumer_credit_card" in policy.banned_instruments
    assert "commercial_card" not in policy.banned_instruments


def test_germany_adds_section_270a_bgb() -> None:
    citations = surcharge_policy(country="DE", on=TODAY).citations
    assert (
        Citation(
            law="Bürgerliches Gesetzbuch (BGB)",
            article="§ 270a",
            url="https://www.gesetze-im-internet.de/bgb/__270a.html",
            note=citations[-1].note,
        )
        in citations
    )


def test_uk_cost_cap_from_2013_then_ban_from_2018() -> None:
    cap_only = surcharge_policy(country="GB", on=date(2017, 6, 1))
    assert cap_only.known and cap_only.jurisdiction == "GB"
    assert not cap_only.card_surcharge_banned and cap_only.fee_cap == "cost"
    banned = surcharge_policy(country="GB", on=date(2018, 1, 13))
    assert banned.card_surcharge_banned
    assert "payment_service" in banned.banned_instruments  # reg. 6A: PayPal, Apple Pay too
    assert banned.citations[0].article == "reg. 6A"
    assert not surcharge_policy(country="GB", on=date(2013, 4, 5)).known


def test_uk_business_buyers_are_unknown_not_allowed() -> None:
    policy = surcharge_policy(country="GB", on=TODAY, buyer_type="business")
    assert not policy.known
    assert policy.fee_cap is None and policy.citations == ()


@pytest.mark.parametrize("country", ["US", "AU", "JP", "CH", "BR", "IS", "LI"])
def test_countries_without_data_are_unknown(country: str) -> None:
    policy = surcharge_policy(country=country, on=TODAY)
    assert not policy.known
    assert policy.jurisdiction == country
    assert not policy.card_surcharge_banned
    assert policy.notes and "unknown" in policy.notes[-1]


def test_norway_applies_from_its_unconfirmed_date_and_says_so() -> None:
    assert not surcharge_policy(country="NO", on=date(2022, 12, 31)).known
    policy = surcharge_policy(country="NO", on=TODAY)
    assert policy.known and policy.card_surcharge_banned
    assert any("unconfirmed" in note for note in policy.notes)


def test_default_day_is_today_and_input_is_checked() -> None:
    assert surcharge_policy(country="de").on == date.today()
    with pytest.raises(UnknownCountry, match="GB"):
        surcharge_policy(country="UK")
    with pytest.raises(UnknownCountry):
        surcharge_policy(country="XX")
    with pytest.raises(InvalidInput, match="buyer type"):
        surcharge_policy(country="DE", buyer_type="company")
    with pytest.raises(InvalidInput, match="not a date"):
        surcharge_policy(country="DE", on="2026-11-23")  # type: ignore[arg-type]


def test_to_dict_is_plain_json() -> None:
    document = surcharge_policy(country="AT", on=TODAY).to_dict()
    assert document["date"] == "2026-11-23"
    assert document["card_surcharge_banned"] is True
    assert document["citations"][0]["article"] == "Art. 62(4)"


def test_rules_load_once() -> None:
    assert surcharge_rules() is surcharge_rules()
    assert surcharge_rules().reviewed == date(2026, 11, 23)
