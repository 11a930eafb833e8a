"""Invariants of selection over any market, amount, buyer, channel, date and merchant list (Hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from checkoutguard.payments import MethodSelection, registry, select_methods

LOCAL_CURRENCY = {
    "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR", "PL": "PLN",
    "PT": "EUR", "GB": "GBP", "CH": "CHF", "NO": "NOK", "SE": "SEK", "DK": "DKK", "FI": "EUR", "US": "USD",
    "CA": "CAD", "MX": "MXN", "BR": "BRL", "AR": "ARS", "CO": "COP", "CL": "CLP", "JP": "JPY", "KR": "KRW",
    "CN": "CNY", "IN": "INR", "SG": "SGD", "MY": "MYR", "TH": "THB", "ID": "IDR", "PH": "PHP", "VN": "VND",
    "AU": "AUD", "NZ": "NZD", "AE": "AED", "SA": "SAR", "TR": "TRY", "ZA": "ZAR", "NG": "NGN", "KE": "KES",
    "EG": "EGP", "IS": "ISK",
}  # fmt: skip
ZERO_DECIMALS = {"JPY", "KRW", "CLP", "VND", "ISK"}
IDS = sorted(registry().methods)


@st.composite
def checkouts(draw: st.DrawFn) -> dict[str, object]:
    country = draw(st.sampled_from(sorted(LOCAL_CURRENCY)))
    currency = draw(st.sampled_from([LOCAL_CURRENCY[country], "EUR", "USD"]))
    places = 0 if currency in ZERO_DECIMALS else 2
    cents = draw(st.integers(min_value=0, max_value=10**9))
    amount = Decimal(cents).scaleb(-places)
    return {
        "country": country,
        "currency": currency,
        "amount": amount,
        "buyer_type": draw(st.sampled_from(["consumer", "business"])),
        "channel": draw(st.sampled_from(["web", "ios", "android"])),
        "recurring": draw(st.booleans()),
        "on": draw(st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))),
        "allow": draw(st.none() | st.lists(st.sampled_from(IDS), max_size=6)),
        "prefer": draw(st.none() | st.lists(st.sampled_from(IDS), max_size=4)),
    }


def _select(checkout: dict[str, object]) -> MethodSelection:
    return select_methods(**checkout)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(checkouts())
def test_shown_and_dropped_are_disjoint_and_positions_count_from_one(checkout: dict[str, object]) -> None:
    selection = _select(checkout)
    shown = [m.id for m in selection.methods]
    dropped = [e.id for e in selection.excluded]
    assert len(set(shown)) == len(shown)
    assert not set(shown) & set(dropped)
    assert [m.position for m in selection.methods] == list(range(1, len(shown) + 1))
    for excluded in selection.excluded:
        assert excluded.code == excluded.codes[0] and excluded.reason


@settings(max_examples=300, deadline=None)
@given(checkouts())
def test_every_shown_method_fits_the_checkout(checkout: dict[str, object]) -> None:
    selection = _select(checkout)
    book = registry()
    for shown in selection.methods:
        method = book.methods[shown.id]
        assert selection.buyer_type in method.buyers
        assert selection.channel in method.channels
        accepted = method.currencies_in(selection.country)
        assert accepted is None or selection.currency in accepted
        assert method.timing(selection.on) == "active"
        if selection.recurring:
            assert method.recurring.supported
        if checkout["allow"] is not None:
            assert shown.id in checkout["allow"]  # type: ignore[operator]


@settings(max_examples=200, deadline=None)
@given(checkouts())
def test_preferred_methods_lead_in_the_merchants_order(checkout: dict[str, object]) -> None:
    selection = _select(checkout)
    preferred = [i for i in dict.fromkeys(checkout["prefer"] or []) if i in selection.ids]  # type: ignore[arg-type]
    assert list(selection.ids[: len(preferred)]) == preferred


@settings(max_examples=200, deadline=None)
@given(checkouts())
def test_cards_are_always_kept_unless_the_merchant_leaves_them_out(checkout: dict[str, object]) -> None:
    checkout["allow"] = None
    assert "card" in _select(checkout).ids


@settings(max_examples=100, deadline=None)
@given(checkouts(), st.integers(min_value=1, max_value=10**6))
def test_a_bigger_amount_never_brings_back_a_method_dropped_for_its_maximum(
    checkout: dict[str, object], extra: int
) -> None:
    small = _select(checkout)
    above_max = {e.id for e in small.excluded if e.code == "limit" and "above the maximum" in e.reason}
    checkout["amount"] = checkout["amount"] + extra  # type: ignore[operator]
    assert not above_max & set(_select(checkout).ids)
