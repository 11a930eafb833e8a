"""US Merchandise Processing Fee: formal entries above USD 2,500 (0.3464 % within the fiscal year's minimum
and maximum), informal entries the flat fee; amounts from the Federal Register notices (FY2025: 2024-07-22,
FY2026: CBP Dec. 25-10, 90 FR 34665)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from checkoutguard.data.catalog import schema_for
from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.landed_cost import Quote, default_book, quote
from quote_builders import item, order, run

TABLE = default_book().entry_fees("US")
assert TABLE is not None


def _mpf(result: Quote) -> list[tuple[str, Decimal]]:
    return [(line.rule or "", line.amount) for line in result.lines if (line.rule or "").startswith("US-MPF")]


def _order(amount: str, day: str = "2026-03-02", **extra: object) -> Quote:
    return run(order("US", item("goods", amount, "USD", hs="950300", origin="CN"), day=day, **extra))


def test_data_passes_its_schema_and_years_do_not_overlap() -> None:
    path = data_root() / "rates" / "entry_fees" / "US.json"
    assert errors(load_json(path), schema_for(path)) == []
    for earlier, later in zip(TABLE.years, TABLE.years[1:], strict=False):
        assert (later.start - earlier.end).days == 1


@pytest.mark.parametrize(
    ("amount", "day", "expected"),
    [
        # FY2026: 10,000.00 x 0.3464 % = 34.64 (above the 33.58 minimum, below the 651.50 maximum).
        ("10000.00", "2026-03-02", ("US-MPF-FORMAL", "34.64")),
        # 2,600.00 x 0.3464 % = 9.0064: the minimum applies.
        ("2600.00", "2026-03-02", ("US-MPF-FORMAL", "33.58")),
        # 250,000.00 x 0.3464 % = 866.00: the maximum applies.
        ("250000.00", "2026-03-02", ("US-MPF-FORMAL", "651.50")),
        # FY2025 (2024-10-01 to 2025-09-30): minimum 32.71, maximum 634.62, informal 2.62.
        ("2600.00", "2025-09-30", ("US-MPF-FORMAL", "32.71")),
        ("250000.00", "2025-09-30", ("US-MPF-FORMAL", "634.62")),
        # 20,000.00 x 0.3464 % = 69.28 in either year.
        ("20000.00", "2025-09-30", ("US-MPF-FORMAL", "69.28")),
        # At or below USD 2,500: an informal entry and the flat fee.
        ("2500.00", "2026-03-02", ("US-MPF-INFORMAL", "2.69")),
        ("900.00", "2025-09-30", ("US-MPF-INFORMAL", "2.62")),
    ],
)
def test_merchandise_processing_fee(amount: str, day: str, expected: tuple[str, str]) -> None:
    assert _mpf(_order(amount, day)) == [(expected[0], Decimal(expected[1]))]


def test_the_fee_is_payable_where_the_duty_is() -> None:
    ddp = _order("10000.00")
    dap = _order("10000.00", incoterm="DAP")
    assert [line.payable for line in ddp.lines if line.type == "fee"] == ["checkout"]
    assert [line.payable for line in dap.lines if line.type == "fee"] == ["delivery"]


def test_entered_value_excludes_freight() -> None:
    # US valuation is FOB: 2,400 of goods and 300 of shipping stay an informal entry.
    result = run(order("US", item("goods", "2400.00", "USD", hs="950300", origin="CN"), shipping=("300.00", "USD")))
    assert _mpf(result) == [("US-MPF-INFORMAL", Decimal("2.69"))]


def test_no_fee_where_de_minimis_released_the_goods() -> None:
    # Before 2025-08-29 a consignment of USD 800 or less (not Chinese) needed no entry (Section 321).
    assert _mpf(run(order("US", item("goods", "100.00", "USD", hs="950300", origin="VN"), day="2025-03-03"))) == []
    assert _mpf(run(order("US", item("goods", "900.00", "USD", hs="950300", origin="VN"), day="2025-03-03"))) == [
        ("US-MPF-INFORMAL", Decimal("2.62"))
    ]


def test_after_the_last_fiscal_year_held_the_quote_says_so() -> None:
    last = TABLE.years[-1]
    result = _order("10000.00", day="2026-11-30")
    assert date(2026, 11, 30) > last.end
    (line,) = [line for line in result.lines if line.type == "fee"]
    assert line.estimated
    assert any(w.code == "ENTRY_FEE_AMOUNTS_STALE" for w in result.warnings)
    assert line.amount == (Decimal("10000.00") * last.rate).quantize(Decimal("0.01"))


def test_fee_in_the_quote_currency() -> None:
    # EUR quote: 10,000 USD of goods at a pinned 0.80 EUR per USD = EUR 8,000; fee USD 34.64 = EUR 27.71.
    result = run(
        order(
            "US",
            item("goods", "10000.00", "USD", hs="950300", origin="CN"),
            currency="EUR",
            overrides={"fx": {"USD/EUR": "0.80", "EUR/USD": "1.25"}},
        )
    )
    assert _mpf(result) == [("US-MPF-FORMAL", Decimal("27.71"))]


def test_overdue_data_is_flagged() -> None:
    # A quote made after a file's review_by warns DATA_REVIEW_OVERDUE naming the file.
    late = TABLE.review_by + timedelta(days=1)
    doc = order(
        "US", item("goods", "100.00", "USD", hs="950300", origin="CN"), subdivision="US-CA", registrations=["US-CA"]
    )
    warnings = [w.message for w in quote(doc, today=late).warnings if w.code == "DATA_REVIEW_OVERDUE"]
    assert any("entry_fees/US.json" in m for m in warnings)
    assert any("sales_tax/US.json" in m for m in warnings) == (late > default_book().sales_tax("US").review_by)  # type: ignore[union-attr]
