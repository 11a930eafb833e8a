"""US state sales tax: who collects, what the quote says, and what joins the base."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings, strategies as st

from checkoutguard.data.catalog import schema_for
from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.landed_cost import Quote, default_book
from checkoutguard.landed_cost.sales_tax import Clothing, is_clothing
from quote_builders import item, order, run

BOOK = default_book()
TABLE = BOOK.sales_tax("US")
assert TABLE is not None
STATES = sorted(TABLE.states)
TAXING = [code for code in STATES if TABLE.states[code].levies]
OTHER_REGISTRATIONS = ["EU-IOSS", "GB-VAT", "CA-GST", "US-XX", "US-NYC"]


def _sales_tax_lines(result: Quote) -> list[Any]:
    return [line for line in result.lines if (line.rule or "").endswith("-SALES-TAX")]


def test_data_covers_every_state_and_passes_its_schema() -> None:
    path = data_root() / "rates" / "sales_tax" / "US.json"
    assert errors(load_json(path), schema_for(path)) == []
    assert len(TAXING) == 46  # 45 states and DC
    assert sorted(set(STATES) - set(TAXING)) == ["US-AK", "US-DE", "US-MT", "US-NH", "US-OR"]
    for code in TAXING:
        state = TABLE.states[code]
        assert state.rates[0].start.isoformat() == "2024-01-01", code
        assert all(p.source.startswith("http") for p in state.rates), code
        assert all(Decimal("0.029") <= p.value <= Decimal("0.0725") for p in state.rates), code


@settings(max_examples=60)
@given(
    state=st.sampled_from(TAXING),
    registrations=st.lists(st.sampled_from(OTHER_REGISTRATIONS + TAXING), max_size=3),
    prices=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2), min_size=1, max_size=3
    ),
    category=st.sampled_from(["general", "clothing", "books", "footwear"]),
    incoterm=st.sampled_from(["DDP", "DAP"]),
    day=st.sampled_from(["2025-02-03", "2025-06-30", "2026-03-02", "2026-11-30"]),
)
def test_no_sales_tax_where_the_merchant_is_not_registered(
    state: str, registrations: list[str], prices: list[Decimal], category: str, incoterm: str, day: str
) -> None:
    held = [r for r in registrations if r != state]  # anything but the destination's own registration
    items = [item(f"i{n}", str(p), "USD", category=category) for n, p in enumerate(prices)]
    result = run(
        order("US", *items, day=day, subdivision=state, registrations=held, incoterm=incoterm, shipping=("9.99", "USD"))
    )
    lines = _sales_tax_lines(result)
    assert len(lines) == 1
    assert lines[0].amount == 0
    assert "not registered" in lines[0].label
    assert "use tax" in lines[0].explanation


def test_a_registered_merchant_collects_and_the_quote_says_local_tax_is_not_included() -> None:
    result = run(order("US", item("lamp", "100.00", "USD", hs="950300"), subdivision="US-CA", registrations=["US-CA"]))
    (line,) = _sales_tax_lines(result)
    assert line.rate == Decimal("0.0725")
    assert line.payable == "checkout"
    assert "Local (county, city, district) sales taxes are not included" in line.explanation
    assert any(w.code == "LOCAL_SALES_TAX_NOT_INCLUDED" for w in result.warnings)


def test_a_state_without_local_taxes_gets_no_local_warning() -> None:
    result = run(order("US", item("lamp", "100.00", "USD"), subdivision="US-CT", registrations=["US-CT"]))
    assert not any(w.code == "LOCAL_SALES_TAX_NOT_INCLUDED" for w in result.warnings)


def test_a_marketplace_facilitator_collects_everywhere() -> None:
    goods = item("lamp", "100.00", "USD", hs="950300")
    for state in ("US-TX", "US-WA", "US-GA"):
        result = run(order("US", goods, subdivision=state, registrations=["US-MPF"], incoterm="DAP"))
        (line,) = _sales_tax_lines(result)
        assert line.amount == (Decimal(100) * TABLE.states[state].rates[-1].value).quantize(Decimal("0.01"))


def test_states_without_sales_tax_say_so() -> None:
    result = run(order("US", item("lamp", "100.00", "USD"), subdivision="US-OR", registrations=["US-OR"]))
    (line,) = _sales_tax_lines(result)
    assert line.amount == 0
    assert "no statewide sales tax" in line.label


def test_no_state_named_warns_only_a_merchant_registered_somewhere_in_the_us() -> None:
    registered = run(order("US", item("lamp", "100.00", "USD"), registrations=["US-CA"]))
    assert _sales_tax_lines(registered) == []
    assert any(w.code == "SALES_TAX_STATE_MISSING" for w in registered.warnings)
    unregistered = run(order("US", item("lamp", "100.00", "USD")))
    assert not any(w.code == "SALES_TAX_STATE_MISSING" for w in unregistered.warnings)


def test_under_ddp_the_duties_the_seller_charges_are_in_the_base() -> None:
    goods = item("shirt", "100.00", "USD", hs="610910", origin="CN")
    ddp = run(order("US", goods, subdivision="US-IN", registrations=["US-IN"], incoterm="DDP"))
    dap = run(order("US", goods, subdivision="US-IN", registrations=["US-IN"], incoterm="DAP"))
    duty = sum((line.amount for line in ddp.lines if line.type == "duty"), Decimal(0))
    assert duty > 0
    (ddp_line,) = _sales_tax_lines(ddp)
    (dap_line,) = _sales_tax_lines(dap)
    assert dap_line.base == Decimal("100.00")
    assert ddp_line.base == Decimal("100.00") + duty
    assert ddp_line.amount == ((Decimal(100) + duty) * Decimal("0.07")).quantize(Decimal("0.01"))


def test_prices_in_another_currency_meet_the_usd_limit_after_conversion() -> None:
    # NY exempts clothing under USD 110: EUR 100 at 1.20 is USD 120 (taxed), EUR 90 is USD 108 (exempt).
    fx = {"fx": {"EUR/USD": "1.20"}}
    taxed = run(
        order(
            "US",
            item("coat", "100.00", "EUR", category="clothing"),
            subdivision="US-NY",
            registrations=["US-NY"],
            incoterm="DAP",
            overrides=fx,
        )
    )
    exempt = run(
        order(
            "US",
            item("coat", "90.00", "EUR", category="clothing"),
            subdivision="US-NY",
            registrations=["US-NY"],
            incoterm="DAP",
            overrides=fx,
        )
    )
    assert _sales_tax_lines(taxed)[0].amount == Decimal("4.80")
    assert _sales_tax_lines(exempt)[0].amount == Decimal("0.00")


def test_clothing_is_recognised_by_category_or_apparel_chapter() -> None:
    assert is_clothing("clothing", None)
    assert is_clothing("childrens_footwear", "640299")
    assert is_clothing("general", "620342")
    assert is_clothing("general", "640399")
    assert not is_clothing("general", "950300")
    assert not is_clothing("general", None)
    assert not is_clothing("books", "620342")  # a category other than general decides by itself


def test_clothing_rules() -> None:
    below = Clothing("below", Decimal(110), "https://example.org", "")
    excess = Clothing("excess", Decimal(175), "https://example.org", "")
    assert below.taxable_part(Decimal("109.99"), Decimal("200")) == 0
    assert below.taxable_part(Decimal("110"), Decimal("110")) == 1
    assert excess.taxable_part(Decimal("175"), Decimal("175")) == 0
    assert excess.taxable_part(Decimal("200"), Decimal("200")) == Decimal("0.125")
    assert Clothing("all", None, "https://example.org", "").taxable_part(Decimal(10_000), Decimal(10_000)) == 0
