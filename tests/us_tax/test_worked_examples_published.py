"""More US sales tax worked examples from state revenue departments, reproduced to the cent.

Each test cites the publication. Published examples (the document prints the numbers checked here):
Wisconsin, Texas, Florida, New York TB-ST-838, Tennessee SUT-6, South Dakota's delivery-charges Tax Fact and
California Regulation 1628. The New York clothing, Washington, North Carolina and Nebraska tests are not
published examples: their numbers were worked by hand from the rule the publication states, and each says so.
Local taxes come from a rate table in the vendor layout (``--local-rates``), built here from the rate the
publication states, so the quote holds the combined rate the example uses. Orders are DAP so that the sale
price is the goods and delivery alone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from checkoutguard.landed_cost import Quote, QuoteLine, default_book, quote
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
        # Tennessee SUT-6 assumes a 2.25 % local rate (Nashville-Davidson County's); South Dakota's Tax Fact
        # uses Mitchell's 2 % municipal tax on top of the 4.2 % state tax.
        LocalRateTable.from_text(
            HEADER + "\nTN,37201,NASHVILLE-DAVIDSON,0.0925,0.07,0.0225,0,0,1\n", name="tn.csv", as_of=date(2026, 12, 1)
        ),
        LocalRateTable.from_text(
            HEADER + "\nSD,57301,MITCHELL,0.062,0.042,0,0.02,0,1\n", name="sd.csv", as_of=date(2026, 12, 1)
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


def _line(result: Quote) -> QuoteLine:
    (line,) = [line for line in result.lines if (line.rule or "").endswith("-SALES-TAX")]
    return line


def _sales_tax(result: Quote) -> Decimal:
    return _line(result).amount


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
    """Not a published example: TB-ST-530's rule, with prices worked by hand."""
    # TB-ST-530: clothing and footwear under 110 per item are exempt from the 4 % state tax, the local tax in
    # localities that provide the exemption (New York City does, Publication 718-C) and the MCTD tax there.
    # Shirt 109.99 exempt; shoes 110.00 taxed at 8.875 % = 9.7625, charged 9.76.
    result = _quote(
        "US-NY", _goods("shirt", "109.99", "clothing"), _goods("shoes", "110.00", "clothing"), postal="10001"
    )
    assert _sales_tax(result) == Decimal("9.76")


def test_wa_delivery_charges_are_part_of_the_selling_price() -> None:
    """Not a published example: the DOR page states the rule without numbers; these are worked by hand."""
    # WA DOR, "Delivery charges" (RCW 82.08.010(1), WAC 458-20-110): delivery charges on taxable goods are part
    # of the selling price whether billed separately or not. State part: (100.00 + 10.00) x 6.5 % = 7.15.
    assert _sales_tax(_quote("US-WA", _goods("lamp", "100.00"), shipping="10.00")) == Decimal("7.15")


def test_nc_delivery_charges_are_in_the_sales_price_even_if_separately_stated() -> None:
    """Not a published example: the Secretary's decision states the rule; the numbers are worked by hand."""
    # NC: "the definition of sales price includes delivery charges. Even if separately stated, delivery charges are
    # subject to sales tax" (Secretary of Revenue Decision 2003-176; G.S. 105-164.3). State part:
    # (80.00 + 7.50) x 4.75 % = 4.15625, charged 4.16.
    assert _sales_tax(_quote("US-NC", _goods("lamp", "80.00"), shipping="7.50")) == Decimal("4.16")


def test_ne_delivery_of_a_taxable_item_is_taxable() -> None:
    """Not a published example: Reg 1-079.01 states the rule without numbers; these are worked by hand."""
    # 316 Neb. Admin. Code ch. 1, 079.01: delivery charges are taxable whenever the item is taxable and they are
    # paid to the retailer. State part: (60.00 + 5.00) x 5.5 % = 3.575, charged 3.58.
    assert _sales_tax(_quote("US-NE", _goods("lamp", "60.00"), shipping="5.00")) == Decimal("3.58")


# -- New York: Tax Bulletin ST-838 "Shipping and Delivery Charges" (issued 2012-05-14), section "Taxable products
#    or services", https://tax.ny.gov/pubs_and_bulls/tg_bulletins/st/shipping_and_delivery_charges.htm -------------


def test_ny_tb_st_838_table_and_chairs_with_transportation() -> None:
    """TB-ST-838: "Table and chairs $3,500.00 / Transportation 250.00 / Total (before sales tax) $3,750.00. Sales
    tax must be computed on the total charge of $3,750.00." The bulletin prints the base; the state's 4 % on it
    is 150.00 (no ZIP: local tax is not included, and the quote says so)."""
    result = _quote("US-NY", _goods("table-and-chairs", "3500.00"), shipping="250.00")
    assert _line(result).base == Decimal("3750.00")
    assert _sales_tax(result) == Decimal("150.00")


def test_ny_tb_st_838_dryer_service_contract_and_delivery() -> None:
    """TB-ST-838: "Appliance $499.95 / Service contract 30.00 / Delivery charge 20.00 / Total (before sales tax)
    $549.95. Sales tax must be computed on the total charge of $549.95." State tax: 549.95 x 4 % = 21.998, 22.00."""
    result = _quote("US-NY", _goods("dryer", "499.95"), _goods("service-contract", "30.00"), shipping="20.00")
    assert _line(result).base == Decimal("549.95")
    assert _sales_tax(result) == Decimal("22.00")


def test_ny_tb_st_838_one_delivery_charge_for_taxable_and_exempt_goods_is_taxable_in_full() -> None:
    """Not a published example: TB-ST-838's rule for a bill with taxable and exempt goods ("If only one charge
    for shipping or delivery is listed on the bill, the entire delivery charge is treated as part of the
    taxable portion"), worked by hand. A 50.00 shirt (clothing under 110: exempt) and a 20.00 toy with one
    10.00 delivery charge: base 20.00 + 10.00 = 30.00, state tax 1.20 (not 20 + 10 x 20/70 = 22.86, 0.91)."""
    result = _quote("US-NY", _goods("shirt", "50.00", "clothing"), _goods("toy", "20.00"), shipping="10.00")
    assert _line(result).base == Decimal("30.00")
    assert _sales_tax(result) == Decimal("1.20")
    assert "included in full" in _line(result).explanation


def test_ny_tb_st_838_delivery_of_exempt_goods_alone_is_exempt() -> None:
    """Not a published example: TB-ST-838 ("If the product or service being sold is not taxable, any charge to
    the customer for shipping or delivery is not taxable"), worked by hand: two exempt shirts and 10.00
    delivery owe no state tax."""
    result = _quote("US-NY", _goods("shirt", "50.00", "clothing"), _goods("tee", "30.00", "clothing"), shipping="10.00")
    assert _sales_tax(result) == Decimal("0.00")
    assert "every item shipped is exempt" in _line(result).explanation


# -- Tennessee: Department of Revenue, SUT-6 "Single Article Tax - Overview and Application" (Tenn. Code Ann.
#    67-6-702), https://revenue.support.tn.gov/hc/en-us/articles/360058138992 ----------------------------------


def test_tn_sut_6_dining_room_table_of_4000_pays_360() -> None:
    """SUT-6: a dining room table sold for $4,000 with a 2.25 % local rate: state 4,000 x 7 % = 280; local
    1,600 x 2.25 % = 36; additional state tax 1,600 x 2.75 % = 44; "Total state and local tax due ... $360"."""
    result = _quote("US-TN", _goods("dining-table", "4000.00"), postal="37201")
    assert _sales_tax(result) == Decimal("360.00")
    assert "Single-article tax" in _line(result).explanation


def test_tn_sut_6_state_part_alone_without_a_local_table() -> None:
    """The state part of the same example (no ZIP: local tax not included): 280 + 44 = 324.00."""
    assert _sales_tax(_quote("US-TN", _goods("dining-table", "4000.00"))) == Decimal("324.00")


def test_tn_single_article_tiers_start_at_1600_and_stop_at_3200() -> None:
    """Not a published example: SUT-6's rule at its edges, worked by hand. Under USD 1,600 nothing changes:
    1,000 x 9.25 % = 92.50. Above USD 3,200 the extra state tax stops: a 5,000 table owes state 350, local 36
    and extra 44, 430.00 (not 5,000 x 9.25 % = 462.50)."""
    assert _sales_tax(_quote("US-TN", _goods("lamp", "1000.00"), postal="37201")) == Decimal("92.50")
    assert _sales_tax(_quote("US-TN", _goods("dining-table", "5000.00"), postal="37201")) == Decimal("430.00")


def test_tn_single_article_tiers_apply_per_unit() -> None:
    """Avalara's help page "Why is my Tennessee transaction taxing different than expected?" (a vendor's, so a
    secondary source): two items of $2,000 to Nashville: state 280, local 2 x 1,600 x 2.25 % = 72, single article
    2 x 400 x 2.75 % = 22; total 374."""
    assert _sales_tax(_quote("US-TN", _goods("chair", "2000.00", quantity=2), postal="37201")) == Decimal("374.00")


# -- South Dakota: Department of Revenue Tax Fact "Delivery Charges", example 1, as reproduced by Zip2Tax
#    (https://www.zip2tax.com/blogs/sales-tax-news-blog/south-dakota-delivery-charges-taxable-or-not, 2023-07-11) --


def test_sd_chair_and_delivery_in_mitchell() -> None:
    """Example 1: "Jones Furniture charges $500 for the chair and $50 for delivery. 4.2% state sales tax plus 2%
    Mitchell sales tax applies to the total charge of $550." 550 x 6.2 % = 34.10."""
    result = _quote("US-SD", _goods("chair", "500.00"), shipping="50.00", postal="57301")
    assert _line(result).base == Decimal("550.00")
    assert _sales_tax(result) == Decimal("34.10")


# -- California (origin-based for in-state sellers): Cal. Code Regs. tit. 18, Regulation 1628 Appendix (c)(2),
#    https://casetext.com/regulation/california-code-of-regulations/title-18-public-revenues/division-2-california-department-of-tax-and-fee-administration-business-taxes-state-board-of-equalization-business-taxes-see-ch-6-and-99/chapter-4-sales-and-use-tax/article-12-matters-involving-transportation-of-property/appendix-appendix


def test_ca_reg_1628_freight_collect_is_outside_the_price() -> None:
    """Appendix (c)(2): "$100 per unit ... freight collect. Tax applies to $100 per unit since ... the seller makes
    no charge for freight." Statewide base rate: 100 x 7.25 % = 7.25."""
    result = _quote("US-CA", _goods("unit", "100.00"))
    assert _line(result).base == Decimal("100.00")
    assert _sales_tax(result) == Decimal("7.25")
