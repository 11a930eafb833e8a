"""Singapore: GST on low-value goods charged at checkout by OVR-registered sellers; border relief up to SGD 400 CIF.

Rules: rates/regimes/SG.json. Singapore Customs, GST on low-value goods
(https://www.customs.gov.sg/personal-shipment/buying-from-overseas/gst-on-low-value-goods): low-value goods have a
sales value of SGD 400 or less, the price of the goods only (an item of SGD 395 with SGD 25 shipping has a sales value
of SGD 395); each item is assessed separately; GST is not charged again at import. Importing by post or courier
(https://www.customs.gov.sg/businesses/importing-goods/import-procedures/importing-by-post-or-courier-service): GST
relief for goods by air or post up to SGD 400 CIF, liquor and tobacco excluded. GST 9 % since 2024-01-01.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimes_asia.helpers_asia import D, item, quote_at, rule_ids, tax_lines, warning_codes

OVR = ["SG-OVR"]


def test_customs_example_395_dollar_item_with_25_dollars_shipping_is_low_value() -> None:
    # Sales value 395 <= 400: GST at checkout on the price including delivery: (395 + 25) x 9 % = 37.80.
    # Nothing is due at the door even under DAP.
    result = quote_at(
        "SG", item("lamp", "395.00", "SGD", hs="940520"), shipping=("25.00", "SGD"), registrations=OVR, incoterm="DAP"
    )
    assert (rule_ids(result, "tax"), rule_ids(result, "duty")) == (["SG-OVR-LVG"], ["SG-NON-DUTIABLE"])
    assert tax_lines(result) == [("SG-OVR-LVG", D("37.80"), D("420.00"), D("0.09"), "checkout")]
    assert result.regime["tests"][0]["value"] == "SGD 395.00"
    assert result.totals.delivery == D("0.00")


@pytest.mark.parametrize(
    ("amount", "rule", "tax", "payable"),
    [
        # At SGD 400.00 the item is low-value: 400 x 9 % = 36.00 at checkout.
        ("400.00", "SG-OVR-LVG", D("36.00"), "checkout"),
        # At 400.01 it is not, and the parcel's CIF value 400.01 > 400 loses the relief: import GST at the door,
        # 400.01 x 9 % = 36.0009 -> 36.00.
        ("400.01", "SG-IMPORT-GST", D("36.00"), "delivery"),
    ],
)
def test_low_value_limit_is_400_dollars_per_item(amount: str, rule: str, tax: Decimal, payable: str) -> None:
    result = quote_at("SG", item("watch", amount, "SGD", hs="910211"), registrations=OVR, incoterm="DAP")
    assert rule_ids(result, "tax") == [rule]
    assert [(line.amount, line.payable) for line in result.lines_of("tax")] == [(tax, payable)]


def test_two_low_value_items_stay_low_value_even_above_400_together() -> None:
    # Each item SGD 300 <= 400: both taxed at checkout, (300 + 300) x 9 % = 54.00.
    result = quote_at(
        "SG",
        item("a", "300.00", "SGD", hs="851830"),
        item("b", "300.00", "SGD", hs="851830"),
        registrations=OVR,
    )
    assert tax_lines(result) == [("SG-OVR-LVG", D("54.00"), D("600.00"), D("0.09"), "checkout")]


def test_mixed_parcel_low_value_item_at_checkout_the_other_at_the_border() -> None:
    # SGD 300 item: GST at checkout 27.00. SGD 500 item: not low-value; parcel CIF 800 > 400, so import GST
    # 500 x 9 % = 45.00 at the door.
    result = quote_at(
        "SG",
        item("small", "300.00", "SGD", hs="851830"),
        item("big", "500.00", "SGD", hs="851830"),
        registrations=OVR,
        incoterm="DAP",
    )
    assert tax_lines(result) == [
        ("SG-OVR-LVG", D("27.00"), D("300.00"), D("0.09"), "checkout"),
        ("SG-IMPORT-GST", D("45.00"), D("500.00"), D("0.09"), "delivery"),
    ]


@pytest.mark.parametrize(
    ("shipping", "rule", "tax"),
    [
        # Unregistered seller: goods 380 + postage 20 = CIF 400.00, within the relief.
        ("20.00", "SG-IMPORT-GST-RELIEF", D("0.00")),
        # CIF 400.01: the whole value is taxed, 400.01 x 9 % = 36.0009 -> 36.00.
        ("20.01", "SG-IMPORT-GST", D("36.00")),
    ],
)
def test_border_relief_is_400_dollars_cif_per_parcel(shipping: str, rule: str, tax: Decimal) -> None:
    result = quote_at("SG", item("shoes", "380.00", "SGD", hs="640411"), shipping=(shipping, "SGD"))
    assert rule_ids(result, "tax") == [rule]
    assert result.total_of("tax") == tax


def test_wine_is_never_low_value_and_never_relieved() -> None:
    # Liquor is dutiable: not LVG, no relief. Import GST 50 x 9 % = 4.50; the excise duty is not computed.
    result = quote_at("SG", item("wine", "50.00", "SGD", hs="220421", category="alcohol"), registrations=OVR)
    assert rule_ids(result, "tax") == ["SG-IMPORT-GST"]
    assert result.total_of("tax") == D("4.50")
    assert "EXCISE_NOT_COMPUTED" in warning_codes(result)
