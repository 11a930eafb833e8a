from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import moneyed
import pytest

from checkoutguard.errors import InvalidInput, LimitExceeded, UnknownCurrency
from checkoutguard.money import currency, currency_table, from_money, parse_amount, quantum, round_money, to_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [("19.90", Decimal("19.90")), ("0", Decimal("0")), (" 7 ", Decimal("7")), ("0.00000001", Decimal("1E-8"))],
)
def test_parse_amount_accepts_plain_decimals(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("NaN", InvalidInput),
        ("Infinity", InvalidInput),
        ("1e5", InvalidInput),
        ("-1.00", InvalidInput),
        ("1,50", InvalidInput),
        ("", InvalidInput),
        (1.5, InvalidInput),
        (True, InvalidInput),
        (Decimal("NaN"), InvalidInput),
        ("1" * 16, LimitExceeded),
        ("1." + "0" * 9, LimitExceeded),
        ("1" * 41, LimitExceeded),
    ],
)
def test_parse_amount_refuses_what_is_not_money(value: object, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        parse_amount(value, path="items[0].price.amount")
    assert "items[0].price.amount" in str(info.value)


def test_rounding_is_half_up_whatever_the_ambient_context() -> None:
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_EVEN
        ctx.prec = 3
        assert round_money(Decimal("10.005"), "EUR") == Decimal("10.01")
        assert round_money(Decimal("1234.5"), "JPY") == Decimal("1235")
        assert round_money(Decimal("1.0005"), "KWD") == Decimal("1.001")


def test_minor_units_come_from_our_table() -> None:
    assert quantum("EUR") == Decimal("0.01")
    assert quantum("JPY") == Decimal("1")
    assert quantum("BHD") == Decimal("0.001")
    assert quantum("CLF") == Decimal("0.0001")


def test_table_matches_py_moneyed_where_both_know_a_code() -> None:
    # py-moneyed's sub-units follow ISO 4217 too; any disagreement means one table is wrong.
    for code, info in currency_table().items():
        known = moneyed.CURRENCIES.get(code)
        if known is None or info.minor_units is None:
            continue
        assert known.sub_unit == 10**info.minor_units, code


def test_recent_iso_changes_are_dated() -> None:
    assert currency("XCG", date(2025, 3, 31)).minor_units == 2
    with pytest.raises(UnknownCurrency, match="not in use before 2025-03-31"):
        currency("XCG", date(2025, 3, 30))
    assert currency("BGN", date(2025, 12, 31)).code == "BGN"
    with pytest.raises(UnknownCurrency, match="withdrawn after 2025-12-31; use EUR"):
        currency("BGN", date(2026, 1, 1))
    assert currency("ZWG", date(2026, 1, 1)).name == "Zimbabwe Gold"


@pytest.mark.parametrize("code", ["eur", "EURO", "XAU", "XXX", "QQQ", 978])
def test_unusable_currency_codes(code: object) -> None:
    with pytest.raises(UnknownCurrency):
        currency(code)


def test_py_moneyed_round_trip_including_codes_it_lacks() -> None:
    money = to_money(Decimal("12.50"), "XCG")
    assert isinstance(money, moneyed.Money)
    assert from_money(money) == (Decimal("12.50"), "XCG")
    assert to_money(Decimal("3"), "JPY").currency.sub_unit == 1
