"""Write ``rates/nexus/US.json``: each state's economic-nexus threshold for remote sellers, dated.

For the merchant's information only (``checkoutguard rates --nexus``): the quote never guesses nexus, it
collects where the merchant says it is registered. Each state's ``source`` is the state's own sales tax page
(the one ``rates/sales_tax/US.json`` cites); the thresholds were written from our reading of the states' rules
and checked against the secondary compilations in ``CORROBORATION``; only the states in ``CONFIRMED`` were read
on the state's own page, the rest are ``confirmed: false`` until someone does. Run after an edit and commit both files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rates" / "nexus" / "US.json"

CORROBORATION = [
    "https://cloud-prod.avlr.net/blog/en/north-america/2025/06/states-eliminating-economic-nexus-transaction-thresholds.html",
    "https://www.salestaxhelper.com/resources/blog/2026/january/the-ongoing-evolution-of-economic-nexus-transact",
    "https://suttax.avior.tax/doc/sut/economic-nexus-by-state",
    "https://www.salestaxinstitute.com/resources/illinois-economic-nexus-update-no-transaction-threshold",
]

CAL = "previous or current calendar year"
PREV = "previous calendar year"
TWELVE = "preceding 12 months"

# state: [(sales USD, transactions or None, "or"/"and", period, effective_from, effective_to or None, note)]
THRESHOLDS: dict[str, list[tuple[str, int | None, str, str, str, str | None, str]]] = {
    "US-AL": [("250000", None, "or", PREV, "2019-01-01", None, "Simplified Sellers Use Tax program available.")],
    "US-AZ": [("100000", None, "or", CAL, "2021-01-01", None, "Transaction privilege tax (TPT).")],
    "US-AR": [("100000", 200, "or", CAL, "2019-07-01", None, "")],
    "US-CA": [("500000", None, "or", CAL, "2019-04-01", None, "AB 147 (2019-04-25), operative 2019-04-01.")],
    "US-CO": [("100000", None, "or", CAL, "2019-06-01", None, "")],
    "US-CT": [("100000", 200, "and", "12 months ending September 30", "2019-07-01", None, "Both tests must be met.")],
    "US-DC": [("100000", 200, "or", CAL, "2019-01-01", None, "")],
    "US-FL": [("100000", None, "or", PREV, "2021-07-01", None, "")],
    "US-GA": [("100000", 200, "or", CAL, "2020-01-01", None, "")],
    "US-HI": [("100000", 200, "or", CAL, "2018-07-01", None, "General excise tax (GET).")],
    "US-ID": [("100000", None, "or", CAL, "2019-06-01", None, "")],
    "US-IL": [
        ("100000", 200, "or", TWELVE, "2018-10-01", "2025-12-31", "Measured quarterly over the preceding 12 months."),
        ("100000", None, "or", TWELVE, "2026-01-01", None, "HB 2755 (2025) removed the 200-transaction test."),
    ],
    "US-IN": [
        ("100000", 200, "or", CAL, "2018-10-01", "2023-12-31", ""),
        ("100000", None, "or", CAL, "2024-01-01", None, "The 200-transaction test was repealed."),
    ],
    "US-IA": [("100000", None, "or", CAL, "2019-07-01", None, "")],
    "US-KS": [("100000", None, "or", CAL, "2021-07-01", None, "")],
    "US-KY": [("100000", 200, "or", CAL, "2018-10-01", None, "")],
    "US-LA": [
        ("100000", 200, "or", CAL, "2020-07-01", "2023-07-31", ""),
        ("100000", None, "or", CAL, "2023-08-01", None, "The 200-transaction test was repealed."),
    ],
    "US-ME": [("100000", None, "or", CAL, "2022-01-01", None, "The 200-transaction test was repealed.")],
    "US-MD": [("100000", 200, "or", CAL, "2018-10-01", None, "")],
    "US-MA": [("100000", None, "or", CAL, "2019-10-01", None, "")],
    "US-MI": [("100000", 200, "or", PREV, "2018-10-01", None, "")],
    "US-MN": [("100000", 200, "or", TWELVE, "2019-10-01", None, "")],
    "US-MS": [("250000", None, "or", TWELVE, "2018-09-01", None, "")],
    "US-MO": [("100000", None, "or", CAL, "2023-01-01", None, "Measured on taxable sales.")],
    "US-NE": [("100000", 200, "or", CAL, "2019-04-01", None, "")],
    "US-NV": [("100000", 200, "or", CAL, "2018-10-01", None, "")],
    "US-NJ": [("100000", 200, "or", CAL, "2018-11-01", None, "A bill to repeal the transaction test is pending.")],
    "US-NM": [("100000", None, "or", PREV, "2019-07-01", None, "Gross receipts tax.")],
    "US-NY": [
        (
            "500000",
            100,
            "and",
            "preceding four sales tax quarters",
            "2018-06-21",
            None,
            "Both tests. The USD 500,000 amount (was 300,000) was enacted 2019-06-24, retroactive to 2018-06-21.",
        )
    ],
    "US-NC": [
        ("100000", 200, "or", CAL, "2018-11-01", "2024-06-30", ""),
        ("100000", None, "or", CAL, "2024-07-01", None, "The 200-transaction test was repealed."),
    ],
    "US-ND": [("100000", None, "or", CAL, "2019-01-01", None, "")],
    "US-OH": [("100000", 200, "or", CAL, "2019-08-01", None, "")],
    "US-OK": [("100000", None, "or", CAL, "2019-11-01", None, "")],
    "US-PA": [("100000", None, "or", TWELVE, "2019-07-01", None, "")],
    "US-RI": [("100000", 200, "or", PREV, "2019-07-01", None, "")],
    "US-SC": [("100000", None, "or", CAL, "2018-11-01", None, "")],
    "US-SD": [
        ("100000", 200, "or", CAL, "2018-11-01", "2023-06-30", "South Dakota v. Wayfair (2018)."),
        ("100000", None, "or", CAL, "2023-07-01", None, "The 200-transaction test was repealed."),
    ],
    "US-TN": [
        ("500000", None, "or", TWELVE, "2019-10-01", "2020-09-30", "Rule 1320-05-01-.129(2)."),
        ("100000", None, "or", TWELVE, "2020-10-01", None, "Tenn. Code Ann. 67-6-524; no transaction test."),
    ],
    "US-TX": [("500000", None, "or", TWELVE, "2019-10-01", None, "")],
    "US-UT": [
        ("100000", 200, "or", CAL, "2019-01-01", "2025-06-30", ""),
        ("100000", None, "or", CAL, "2025-07-01", None, "The 200-transaction test was repealed."),
    ],
    "US-VT": [("100000", 200, "or", TWELVE, "2018-07-01", None, "")],
    "US-VA": [("100000", 200, "or", CAL, "2019-07-01", None, "")],
    "US-WA": [
        ("100000", 200, "or", CAL, "2018-10-01", "2019-03-13", "DOR thresholds for 2018-10-01 to 2018-12-31."),
        ("100000", None, "or", CAL, "2019-03-14", None, "SB 5581 removed the 200-transaction test from 2019-03-14."),
    ],
    "US-WV": [("100000", 200, "or", CAL, "2019-01-01", None, "")],
    "US-WI": [
        ("100000", 200, "or", "previous or current federal income-tax year", "2018-10-01", "2021-02-19", ""),
        ("100000", None, "or", CAL, "2021-02-20", None, "2021 Wis. Act 1 removed the 200-transaction test."),
    ],
    "US-WY": [
        ("100000", 200, "or", CAL, "2019-02-01", "2024-06-30", ""),
        ("100000", None, "or", CAL, "2024-07-01", None, "The 200-transaction test was repealed."),
    ],
}
#: States whose threshold was read on the state's own page (its URL becomes the source); the rest are unconfirmed.
CONFIRMED = {
    "US-TX": "https://comptroller.texas.gov/taxes/sales/remote-sellers.php",
    "US-NY": "https://tax.ny.gov/pubs_and_bulls/publications/sales/nexus.htm",
    # "Effective Mar. 14, 2019, the 200 transaction threshold ... is eliminated"; retail sales tax: "More than
    # $100,000 retail sales delivered or sourced to Washington" in the current or prior year. The page for
    # 2018-10-01 to 2018-12-31 (same archive) gives "$100,000 or more ... 200 or more retail transactions".
    "US-WA": "https://www.dor.wa.gov/education/industry-guides/out-state-businesses-reporting-thresholds-and-nexus-archive/reporting-thresholds-mar-14-2019-through-jun-30-2019",
    # RS-3 "How to Apply Sales Threshold": sales exceeding $100,000 for periods from 2020-10-01 during the previous
    # 12-month period; $500,000 from 2019-10-01 to 2020-09-30; all retail sales, exempt ones included.
    "US-TN": "https://revenue.support.tn.gov/hc/en-us/articles/360057680592-RS-3-How-to-Apply-Sales-Threshold",
    # Publication 77, "Engaged in Business" item 5: from 2019-04-01, total combined sales of tangible personal
    # property for delivery in California exceeding $500,000 in the preceding or current calendar year.
    "US-CA": "https://cdtfa.ca.gov/formspubs/pub77/",
    # "Who Needs to Register?", Small Seller Exception: from 2019-10-01, 200 or more retail sales or more than
    # $100,000 shipped to Minnesota over the prior 12-month period.
    "US-MN": "https://www.revenue.state.mn.us/guide/who-needs-register",
    # "Registration and Collection Dates for Remote Sellers": from 2018-10-01 more than $100,000 or 200 transactions
    # in the previous or current (federal income-tax) year; from 2021-02-20 (2021 Wis. Act 1) more than $100,000 in
    # the previous or current calendar year.
    "US-WI": "https://www.revenue.wi.gov/Pages/TaxPro/2018/Registration-and-Collection-Dates-for-Remote-Sellers.aspx",
    # "Out-of-State Sellers": from 2019-08-01 gross receipts into Ohio exceeding $100,000 or 200 or more separate
    # transactions in the current or previous calendar year.
    "US-OH": "https://tax.ohio.gov/business/ohio-business-taxes/sales-and-use/out-of-state-sellers",
    # Remote Seller FAQ (RAB 2021-21): over $100,000 of gross sales or 200 or more transactions in the previous
    # calendar year. The 2018-10-01 start is RAB 2018-16's, which the FAQ names but was read only in reports.
    "US-MI": "https://www.michigan.gov/taxes/business-taxes/sales-use-tax/information/remote-seller-faq",
    # "Sales Tax Information for Remote Sellers" (P.L. 2018, c. 132): from 2018-11-01 gross revenue over $100,000
    # or 200 or more separate transactions in the current or prior calendar year.
    "US-NJ": "https://www.state.nj.us/treasury/taxation/remotesellers.shtml",
}
# Alaska has no state sales tax; its boroughs and cities that joined the Alaska Remote Seller Sales Tax
# Commission (ARSUTC) apply one threshold.
ALASKA = {
    "state": "US-AK",
    "note": "No state sales tax. Local jurisdictions in the ARSUTC: USD 100,000 (the 200-transaction test ended "
    "2025-01-01).",
}


def document() -> dict[str, Any]:
    sales = json.loads((ROOT / "rates" / "sales_tax" / "US.json").read_text(encoding="utf-8"))["states"]
    states: dict[str, Any] = {}
    for code, periods in THRESHOLDS.items():
        source = CONFIRMED.get(code, sales[code]["rates"][0]["source"])
        entries: list[dict[str, Any]] = []
        for amount, transactions, test, period, start, end, note in periods:
            entry = {
                "sales": amount,
                "transactions": transactions,
                "test": test if transactions is not None else None,
                "measured": period,
                "effective_from": start,
                "effective_to": end,
                "source": source,
                "note": note or None,
            }
            entries.append({key: value for key, value in entry.items() if value is not None})
        states[code] = {"name": sales[code]["name"], "thresholds": entries, "confirmed": code in CONFIRMED}
    return {
        "$schema": "../../src/checkoutguard/schemas/nexus.schema.json",
        "country": "US",
        "currency": "USD",
        "purpose": "For the merchant's information: economic-nexus thresholds above which a remote seller must "
        "register and collect. Quotes never apply them; they collect where the merchant lists a registration.",
        "states": states,
        "local_only": [ALASKA],
        "corroborated_by": CORROBORATION,
        "reviewed": "2026-12-07",
        "review_by": "2027-03-31",
    }


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
