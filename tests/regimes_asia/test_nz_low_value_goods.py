"""New Zealand: GST at checkout on low-value goods (NZD 1,000 or less per item); no border charges up to NZD 1,000.

Rules: rates/regimes/NZ.json. Inland Revenue worked example
(https://www.classic.ird.govt.nz/campaigns/2018/gst-calculating-low-value-good.html): a guitar of USD 650 with USD 30
shipping at USD 0.6507 per NZD is NZD 998.92 + NZD 46.10; GST 15 % on NZD 1,045.02 = NZD 156.75; Sam pays NZD 1,201.77;
nothing at the border. NZ Customs (https://www.customs.govt.nz/about-us/news/important-notices/new-gst-rules-for-low-
value-imported-goods/): the NZD 1,000 threshold is the customs value, transport and insurance excluded; above it duty
and GST are charged at the border, GST on customs value + duty + freight and insurance.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimes_asia.helpers_asia import D, Row, duty_lines, item, quote_at, rule_ids, tax_lines, warning_codes

GST_REGISTERED = ["NZ-GST"]
BORDER_EXEMPT = ["NZ-LOW-VALUE-BORDER-GST-EXEMPT"], ["NZ-LOW-VALUE-DUTY-EXEMPT"]
BORDER_TAXED = ["NZ-IMPORT-GST"], ["NZ-TARIFF"]


def test_inland_revenue_guitar_example() -> None:
    result = quote_at(
        "NZ",
        item("guitar", "650.00", "USD", hs="920290"),
        shipping=("30.00", "USD"),
        registrations=GST_REGISTERED,
        overrides={"fx": {"NZD/USD": "0.6507"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["NZ-LVG-GST"], ["NZ-LOW-VALUE-DUTY-EXEMPT"])
    assert [(line.type, line.amount) for line in result.lines if line.type in ("goods", "shipping")] == [
        ("goods", D("998.92")),
        ("shipping", D("46.10")),
    ]
    assert tax_lines(result) == [("NZ-LVG-GST", D("156.75"), D("1045.02"), D("0.15"), "checkout")]
    assert result.totals.checkout == D("1201.77")
    assert result.totals.delivery == D("0.00")
    assert result.regime["tests"][0]["value"] == "NZD 998.92"


@pytest.mark.parametrize(
    ("amount", "tax_rows", "duty"),
    [
        # NZD 1,000.00: a low-value good, GST 150.00 at checkout (even under DAP), no duty.
        ("1000.00", [("NZ-LVG-GST", D("150.00"), D("1000.00"), D("0.15"), "checkout")], D("0.00")),
        # NZD 1,000.01: a high-value good taxed at the border: duty 5 % (pinned) of 1,000.01 = 50.0005 -> 50.00;
        # GST 15 % x (1,000.01 + 50.00) = 157.5015 -> 157.50, both at the door.
        ("1000.01", [("NZ-IMPORT-GST", D("157.50"), D("1050.01"), D("0.15"), "delivery")], D("50.00")),
    ],
)
def test_low_value_limit_is_1000_dollars_per_item(amount: str, tax_rows: list[Row], duty: Decimal) -> None:
    result = quote_at(
        "NZ",
        item("bike", amount, "NZD", hs="871200"),
        registrations=GST_REGISTERED,
        incoterm="DAP",
        overrides={"duty_rates": {"bike": "0.05"}},
    )
    assert tax_lines(result) == tax_rows
    assert result.total_of("duty") == duty


@pytest.mark.parametrize(
    ("amount", "rules", "duty", "gst"),
    [
        # Unregistered seller, goods NZD 1,000.00 + NZD 50 shipping: the customs value (FOB) is 1,000.00, so nothing
        # is collected at the border.
        ("1000.00", BORDER_EXEMPT, D("0.00"), D("0.00")),
        # 1,000.01: duty 5 % = 50.00; GST 15 % x (1,000.01 + 50 shipping + 50.00 duty) = 165.0015 -> 165.00.
        ("1000.01", BORDER_TAXED, D("50.00"), D("165.00")),
    ],
)
def test_border_threshold_is_on_the_customs_value_without_freight(
    amount: str, rules: tuple[list[str], list[str]], duty: Decimal, gst: Decimal
) -> None:
    result = quote_at(
        "NZ",
        item("bike", amount, "NZD", hs="871200"),
        shipping=("50.00", "NZD"),
        overrides={"duty_rates": {"bike": "0.05"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == rules
    assert (result.total_of("duty"), result.total_of("tax")) == (duty, gst)


def test_customs_method_duty_on_fob_gst_on_cif_plus_duty() -> None:
    # NZ Customs' example method (fyi.org.nz OIA release): duty on the cost of the goods; GST 15 % on goods + insurance
    # and freight + duty. Goods NZD 2,000, freight NZD 100, duty 5 %: duty 100.00; GST 15 % x 2,200 = 330.00.
    result = quote_at(
        "NZ",
        item("kayak", "2000.00", "NZD", hs="890399"),
        shipping=("100.00", "NZD"),
        incoterm="DAP",
        overrides={"duty_rates": {"kayak": "0.05"}},
    )
    assert duty_lines(result) == [("override", D("100.00"), D("2000.00"), D("0.05"), "delivery")]
    assert tax_lines(result) == [("NZ-IMPORT-GST", D("330.00"), D("2200.00"), D("0.15"), "delivery")]
    assert result.regime["valuation"] == "FOB"


def test_footwear_over_the_threshold_uses_the_new_zealand_duty_table() -> None:
    # rates/duty/NZ.json: chapter 64 at 10 %. Trainers NZD 1,200: duty 120.00; GST 15 % x 1,320 = 198.00.
    result = quote_at("NZ", item("trainers", "1200.00", "NZD", hs="640411"))
    assert duty_lines(result)[0][:4] == ("NZ-TARIFF", D("120.00"), D("1200.00"), D("0.10"))
    assert result.total_of("tax") == D("198.00")


def test_alcohol_is_always_taxed_at_the_border() -> None:
    # Wine NZD 50 from a registered seller: not a low-value good, no border exemption. Duty pinned 0;
    # GST 15 % x 50 = 7.50; excise not computed.
    result = quote_at(
        "NZ",
        item("wine", "50.00", "NZD", hs="220421", category="alcohol"),
        registrations=GST_REGISTERED,
        overrides={"duty_rates": {"wine": "0"}},
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == BORDER_TAXED
    assert result.total_of("tax") == D("7.50")
    assert "EXCISE_NOT_COMPUTED" in warning_codes(result)
