"""More US sales tax worked examples from state revenue departments, reproduced to the cent.

Each test cites the publication: its own numbers where it prints an example (Wisconsin, Texas, Florida), else
numbers worked by hand from the rule it states (New York, Washington, North Carolina, Nebraska). Local taxes
come from a rate table in the vendor layout (``--local-rates``), built here from the rate the publication
states, so the quote holds the combined rate the example uses. Orders are DAP so that the sale price is the
goods and delivery alone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.landed_cost import Quote, default_book, quote
from checkoutguard.landed_cost.local_rates import COLUMNS, LocalRates, LocalRateTable
from quote_builders import TODAY, item, order

HEADER = ",".join(COLUMNS)
# Austin, TX: 6.25 % state + 1 % city + 1 % Capital Metro = 8.25 % (Comptroller FAQ: "in Austin where the sales tax
# rate is 8.25 percent"); Miami-Dade, FL: 6 % + 1 % county surtax (DR-15DSS).
TABLES = LocalRates(
    [
        LocalRateTable.from_text(
            HEADER + "\nTX,78701,AUSTIN,0.0825,0.0625,0,0.01,0.01,1\n", name="austin.csv", as_of=date(2026, 12, 1)
        ),
        LocalRateTable.from_text(
            HEADER + "\nFL,33130,MIAMI-DADE COUNTY,0.07,0.06,0.01,0,0,1\n", name="miami.csv", as_of=date(2026, 12, 1)
        ),
        # New York City: 4 % state + 4.5 % city + 0.375 % MCTD (Publication 718).
        LocalRateTable.from_text(
            HEADER + "\nNY,10001,NEW YORK CITY,0.08875,0.04,0,0.045,0.00375,1\n",
            name="nyc.csv",
            as_of=date(2026, 12, 1),
        ),
    ]
)
BOOK = default_book().with_local_rates(TABLES)


def _quote(state: str, *items: dict[str, Any], postal: str | None = None, shipping: str | None = None) -> Quote:
    doc = order(
        "US",
        *items,
        day="2026-12-06",
        ship_from="US",
        incoterm="DAP",
        merchant={"registrations": [state]},
        shipping=(shipping, "USD") if shipping else None,
    )
    doc["ship_to"] = {"country": "US", "subdivision": state, **({"postal_code": postal} if postal else {})}
    return quote(doc, book=BOOK, today=TODAY)


def _sales_tax(result: Quote) -> Decimal:
    (line,) = [line for line in result.lines if (line.rule or "").endswith("-SALES-TAX")]
    return line.amount


def _goods(item_id: str, amount: str, category: str = "general", quantity: int = 1) -> dict[str, Any]:
    hs = "610910" if category == "clothing" else "950300"
    return item(item_id, amount, "USD", hs=hs, origin="US", category=category, quantity=quantity)


def test_wi_delivery_charge_is_part_of_the_sales_price() -> None:
    # Wis. Admin. Code Tax 11.94(2)(a), example: clothing 100.00, delivery 10.00, subtotal 110.00,
    # tax at 5 % = 5.50 (Wisconsin taxes clothing; delivery of taxable goods is taxable).
    assert _sales_tax(_quote("US-WI", _goods("clothing", "100.00", "clothing"), shipping="10.00")) == Decimal("5.50")


def test_tx_austin_item_of_250_at_8_25_percent() -> None:
    # Comptroller, Sales Tax Collection FAQ ("Is it ok to round the tax amount?"): 250 x 8.25 % = 20.625,
    # rounded up at the third decimal to 20.63.
    assert _sales_tax(_quote("US-TX", _goods("item", "250.00"), postal="78701")) == Decimal("20.63")


def test_fl_three_items_of_1000_in_a_one_percent_surtax_county() -> None:
    # Florida DR-15 instructions, example for line B: three taxable items at 1,000 each in a county with a 1 %
    # surtax: 10.00 surtax on each, 30.00 in all. With the 6 % state tax (180.00) the buyer pays 210.00.
    result = _quote("US-FL", _goods("item", "1000.00", quantity=3), postal="33130")
    assert _sales_tax(result) == Decimal("210.00")


def test_ny_clothing_under_110_is_exempt_from_state_city_and_mctd_tax_in_new_york_city() -> None:
    # TB-ST-530: clothing and footwear under 110 per item are exempt from the 4 % state tax, the local tax in
    # localities that provide the exemption (New York City does, Publication 718-C) and the MCTD tax there.
    # Shirt 109.99 exempt; shoes 110.00 taxed at 8.875 % = 9.7625, charged 9.76.
    result = _quote(
        "US-NY", _goods("shirt", "109.99", "clothing"), _goods("shoes", "110.00", "clothing"), postal="10001"
    )
    assert _sales_tax(result) == Decimal("9.76")


def test_wa_delivery_charges_are_part_of_the_selling_price() -> None:
    # WA DOR, "Delivery charges" (RCW 82.08.010(1), WAC 458-20-110): delivery charges on taxable goods are part
    # of the selling price whether billed separately or not. State part: (100.00 + 10.00) x 6.5 % = 7.15.
    assert _sales_tax(_quote("US-WA", _goods("lamp", "100.00"), shipping="10.00")) == Decimal("7.15")


def test_nc_delivery_charges_are_in_the_sales_price_even_if_separately_stated() -> None:
    # NC: "the definition of sales price includes delivery charges. Even if separately stated, delivery charges are
    # subject to sales tax" (Secretary of Revenue Decision 2003-176; G.S. 105-164.3). State part:
    # (80.00 + 7.50) x 4.75 % = 4.15625, charged 4.16.
    assert _sales_tax(_quote("US-NC", _goods("lamp", "80.00"), shipping="7.50")) == Decimal("4.16")


def test_ne_delivery_of_a_taxable_item_is_taxable() -> None:
    # 316 Neb. Admin. Code ch. 1, 079.01: delivery charges are taxable whenever the item is taxable and they are
    # paid to the retailer. State part: (60.00 + 5.00) x 5.5 % = 3.575, charged 3.58.
    assert _sales_tax(_quote("US-NE", _goods("lamp", "60.00"), shipping="5.00")) == Decimal("3.58")
