"""One test (or a pair at the boundary) per import rule in rates/regimes/, against the law it encodes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checkoutguard.landed_cost import Quote
from quote_builders import item, lines, order, run

PIN = {"duty_rates": {"sku-1": "0.12", "sku-2": "0.12", "a": "0.10", "b": "0.10"}}


def rules(result: Quote, kind: str) -> list[str]:
    return [r["id"] for r in result.regime[kind]]


def pinned(*ids: str, rate: str = "0.12") -> dict[str, Any]:
    return {"duty_rates": {i: rate for i in ids}}


# --- European Union ----------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "expected"), [("150.00", "EU-IOSS"), ("150.01", "EU-IMPORT-VAT")])
def test_ioss_limit_is_150_euro_inclusive(amount: str, expected: str) -> None:
    result = run(order("FR", item(amount=amount), registrations=["EU-IOSS"], overrides=pinned("sku-1")))
    assert rules(result, "tax") == [expected]


def test_ioss_is_for_consumers_only() -> None:
    business = run(
        order("FR", item(amount="50.00"), registrations=["EU-IOSS"], buyer={"type": "business", "tax_id": "FR123"})
    )
    assert rules(business, "tax") == ["EU-IMPORT-VAT"]


def test_one_excise_good_takes_the_whole_order_out_of_ioss() -> None:
    doc = order(
        "FR",
        item("a", "20.00"),
        item("b", "30.00", hs="220421", category="alcohol"),
        registrations=["EU-IOSS"],
        overrides=pinned("a", "b"),
    )
    result = run(doc)
    assert rules(result, "tax") == ["EU-IMPORT-VAT"]
    assert any(w.code == "EXCISE_NOT_COMPUTED" for w in result.warnings)


def test_without_ioss_the_vat_is_due_at_import() -> None:
    result = run(order("FR", item(amount="50.00"), shipping=("10.00", "EUR"), incoterm="DAP"))
    tax = result.lines_of("tax")[0]
    assert (tax.rule, tax.payable, tax.base, tax.amount) == (
        "EU-IMPORT-VAT",
        "delivery",
        Decimal("60.00"),
        Decimal("12.00"),
    )


def test_negligible_value_relief_until_june_2026() -> None:
    result = run(order("NL", item(amount="150.00"), day="2026-06-30"))
    assert rules(result, "duty") == ["EU-NEGLIGIBLE-VALUE-RELIEF"]
    assert result.total_of("duty") == 0


def test_relief_excludes_perfume_item_by_item() -> None:
    doc = order(
        "NL",
        item("a", "40.00", hs="330300", category="perfume"),
        item("b", "40.00", hs="950300"),
        day="2026-03-02",
        overrides={"duty_rates": {"a": "0"}},
    )
    result = run(doc)
    by_rule = {r["id"]: r["item_ids"] for r in result.regime["duty"]}
    assert by_rule == {"EU-CCT": ["a"], "EU-NEGLIGIBLE-VALUE-RELIEF": ["b"]}


def test_flat_three_euro_per_tariff_line_from_july_2026() -> None:
    doc = order(
        "NL",
        item("a", "20.00", hs="61091000", quantity=3),
        item("b", "15.00", hs="610910"),
        item("c", "25.00", hs="950300"),
        day="2026-07-01",
    )
    result = run(doc)
    duty = result.lines_of("duty")
    # a and b share subheading 6109.10: one tariff line; c is a second one. Units do not count.
    assert [(d.item_ids, d.amount) for d in duty] == [(("a", "b"), Decimal("3.00")), (("c",), Decimal("3.00"))]
    assert rules(result, "duty") == ["EU-LOW-VALUE-FLAT-DUTY"]


def test_flat_duty_converted_into_the_quote_currency() -> None:
    # Sweden quotes in SEK: EUR 3 at the ECB rate of 2026-10-30 (10.9780 SEK per EUR) = SEK 32.93.
    result = run(order("SE", item(amount="200.00", currency="SEK"), day="2026-10-30"))
    assert [d.amount for d in result.lines_of("duty")] == [Decimal("32.93")]
    assert result.currency == "SEK"


def test_flat_duty_is_not_for_business_buyers() -> None:
    doc = order("NL", item(amount="60.00"), day="2026-08-01", buyer={"type": "business"}, overrides=pinned("sku-1"))
    result = run(doc)
    assert rules(result, "duty") == ["EU-CCT"]
    assert [d.amount for d in result.lines_of("duty")] == [Decimal("7.20")]


def test_ioss_vat_includes_duty_the_seller_passes_on_under_ddp() -> None:
    ddp = run(order("NL", item(amount="100.00"), registrations=["EU-IOSS"], day="2026-08-03"))
    tax = ddp.lines_of("tax")[0]
    assert (tax.base, tax.amount) == (Decimal("103.00"), Decimal("21.63"))
    dap = run(order("NL", item(amount="100.00"), registrations=["EU-IOSS"], day="2026-08-03", incoterm="DAP"))
    assert dap.lines_of("tax")[0].base == Decimal("100.00")
    assert [d.payable for d in dap.lines_of("duty")] == ["delivery"]
    assert dap.lines_of("tax")[0].payable == "checkout"


def test_italian_handling_fee_from_2026() -> None:
    before = run(order("IT", item(amount="80.00"), day="2025-12-31"))
    after = run(order("IT", item(amount="80.00"), day="2026-01-02"))
    assert lines(before, "fee") == []
    assert lines(after, "fee") == [("IT-LOW-VALUE-FEE", "2.00")]
    over = run(order("IT", item(amount="150.01"), day="2026-01-02", overrides=pinned("sku-1")))
    assert lines(over, "fee") == []


def test_romanian_fee_is_converted_from_lei() -> None:
    result = run(order("RO", item(amount="80.00"), day="2026-10-30", currency="EUR"))
    # RON 25 at 5.3447 RON per EUR (ECB, 2026-10-30) = EUR 4.6775... -> 4.68
    assert lines(result, "fee") == [("RO-LOW-VALUE-FEE", "4.68")]


# --- United Kingdom ----------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "expected"), [("135.00", "GB-LOW-VALUE-POS"), ("135.01", "GB-IMPORT-VAT")])
def test_uk_limit_is_135_pounds_inclusive(amount: str, expected: str) -> None:
    result = run(order("GB", item(amount=amount, currency="GBP"), registrations=["GB-VAT"], overrides=pinned("sku-1")))
    assert rules(result, "tax") == [expected]


def test_uk_low_value_vat_is_charged_at_checkout_and_no_duty() -> None:
    result = run(
        order(
            "GB",
            item(amount="100.00", currency="GBP"),
            shipping=("10.00", "GBP"),
            registrations=["GB-VAT"],
            incoterm="DAP",
        )
    )
    tax = result.lines_of("tax")[0]
    assert (tax.amount, tax.base, tax.payable) == (Decimal("22.00"), Decimal("110.00"), "checkout")
    assert rules(result, "duty") == ["GB-LOW-VALUE-DUTY-RELIEF"]
    assert result.totals.delivery == Decimal("0.00")


def test_uk_seller_without_registration_is_warned() -> None:
    result = run(order("GB", item(amount="50.00", currency="GBP")))
    assert [w.code for w in result.warnings if w.code == "REGISTRATION_REQUIRED"] == ["REGISTRATION_REQUIRED"]


def test_uk_business_buyer_with_vat_number_reverse_charges() -> None:
    with_number = run(
        order("GB", item(amount="50.00", currency="GBP"), buyer={"type": "business", "tax_id": "GB123456789"})
    )
    assert rules(with_number, "tax") == ["GB-LOW-VALUE-B2B"]
    assert with_number.total_of("tax") == 0
    without = run(order("GB", item(amount="50.00", currency="GBP"), buyer={"type": "business"}))
    assert rules(without, "tax") == ["GB-LOW-VALUE-POS"]


def test_uk_over_135_pays_duty_and_import_vat_on_cif_plus_duty() -> None:
    doc = order(
        "GB",
        item(amount="200.00", currency="GBP"),
        shipping=("20.00", "GBP"),
        overrides=pinned("sku-1"),
        incoterm="DAP",
    )
    result = run(doc)
    assert [(d.base, d.amount) for d in result.lines_of("duty")] == [(Decimal("220.00"), Decimal("26.40"))]
    assert [(t.base, t.amount) for t in result.lines_of("tax")] == [(Decimal("246.40"), Decimal("49.28"))]
    assert result.totals.delivery == Decimal("75.68")


# --- United States -----------------------------------------------------------------------------


def test_us_de_minimis_then_exception_for_china_then_suspension() -> None:
    def duty_rule(day: str, origin: str) -> list[str]:
        doc = order("US", item(amount="100.00", currency="USD", origin=origin), day=day, overrides=pinned("sku-1"))
        return rules(run(doc), "duty")

    assert duty_rule("2025-05-01", "CN") == ["US-DE-MINIMIS"]
    assert duty_rule("2025-05-02", "CN") == ["US-HTSUS"]
    assert duty_rule("2025-05-02", "DE") == ["US-DE-MINIMIS-EXCEPT-CN-HK"]
    assert duty_rule("2025-08-29", "DE") == ["US-HTSUS"]


def test_us_duty_on_fob_value_and_no_import_vat() -> None:
    doc = order(
        "US",
        item(amount="100.00", currency="USD", origin="DE"),
        ship_from="DE",
        shipping=("30.00", "USD"),
        day="2026-11-23",
        overrides=pinned("sku-1", rate="0.05"),
    )
    result = run(doc)
    assert [(d.base, d.amount) for d in result.lines_of("duty") if d.rule == "override"] == [
        (Decimal("100.00"), Decimal("5.00"))
    ]
    assert result.total_of("tax") == 0


# --- Canada -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "ship_from", "transport", "tax_rule", "duty_rule"),
    [
        ("40.00", "US", "courier", "CA-CUSMA-COURIER-TAX-EXEMPT", "CA-CUSMA-COURIER-DUTY-EXEMPT"),
        ("40.01", "US", "courier", "CA-IMPORT-GST", "CA-CUSMA-COURIER-DUTY-EXEMPT"),
        ("150.00", "MX", "courier", "CA-IMPORT-GST", "CA-CUSMA-COURIER-DUTY-EXEMPT"),
        ("150.01", "US", "courier", "CA-IMPORT-GST", "CA-CUSTOMS-TARIFF"),
        ("20.00", "US", "post", "CA-LOW-VALUE-TAX-EXEMPT", "CA-LOW-VALUE-DUTY-EXEMPT"),
        ("20.01", "US", "post", "CA-IMPORT-GST", "CA-CUSTOMS-TARIFF"),
        ("20.01", "CN", "courier", "CA-IMPORT-GST", "CA-CUSTOMS-TARIFF"),
    ],
)
def test_canada_low_value_thresholds_follow_the_place_of_shipment(
    amount: str, ship_from: str, transport: str, tax_rule: str, duty_rule: str
) -> None:
    doc = order(
        "CA",
        item(amount=amount, currency="CAD", origin="CN"),
        ship_from=ship_from,
        transport=transport,
        subdivision="ON",
        day="2026-11-23",
        overrides=pinned("sku-1"),
    )
    result = run(doc)
    assert (rules(result, "tax"), rules(result, "duty")) == ([tax_rule], [duty_rule])


def test_canada_needs_the_province() -> None:
    from checkoutguard.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"ship_to\.subdivision"):
        run(order("CA", item(amount="200.00", currency="CAD"), day="2026-11-23", overrides=pinned("sku-1")))


# --- Australia ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "buyer", "expected"),
    [
        ("1000.00", "consumer", "AU-LOW-VALUE-GST"),
        ("1000.00", "business", "AU-LOW-VALUE-BORDER-EXEMPT"),
        ("1000.01", "consumer", "AU-IMPORT-GST"),
    ],
)
def test_australia_low_value_goods(amount: str, buyer: str, expected: str) -> None:
    doc = order(
        "AU",
        item(amount=amount, currency="AUD"),
        registrations=["AU-GST"],
        buyer={"type": buyer},
        day="2026-11-23",
        overrides=pinned("sku-1", rate="0.05"),
    )
    assert rules(run(doc), "tax") == [expected]


# --- Norway -----------------------------------------------------------------------------------


def test_voec_applies_per_article_below_3000_kroner() -> None:
    doc = order(
        "NO",
        item("a", "2999.99", "NOK", quantity=2),
        item("b", "3000.00", "NOK"),
        registrations=["NO-VOEC"],
        day="2026-11-23",
        overrides=pinned("a", "b", rate="0"),
    )
    result = run(doc)
    by_rule = {r["id"]: r["item_ids"] for r in result.regime["tax"]}
    assert by_rule == {"NO-VOEC": ["a"], "NO-IMPORT-VAT": ["b"]}
    assert {r["id"]: r["item_ids"] for r in result.regime["duty"]} == {
        "NO-VOEC-DUTY-EXEMPT": ["a"],
        "NO-CUSTOMS-TARIFF": ["b"],
    }


def test_voec_excludes_food() -> None:
    doc = order(
        "NO",
        item("a", "100.00", "NOK", category="food", hs="210690"),
        registrations=["NO-VOEC"],
        day="2026-11-23",
        overrides=pinned("a", rate="0"),
    )
    assert rules(run(doc), "tax") == ["NO-IMPORT-VAT"]


# --- Switzerland -------------------------------------------------------------------------------


def test_swiss_import_vat_of_five_francs_or_less_is_not_levied() -> None:
    def vat(amount: str) -> Decimal:
        doc = order(
            "CH",
            item(amount=amount, currency="CHF", hs="950300"),
            day="2026-11-23",
            overrides=pinned("sku-1", rate="0"),
        )
        return run(doc).total_of("tax")

    assert vat("61.72") == Decimal("0.00")  # 8.1 % of 61.72 = 4.999 -> 5.00, not levied
    assert vat("61.80") == Decimal("5.01")  # 5.0058 -> 5.01


def test_swiss_registered_seller_charges_vat_at_checkout() -> None:
    doc = order(
        "CH",
        item(amount="40.00", currency="CHF", hs="950300"),
        registrations=["CH-VAT"],
        day="2026-11-23",
        overrides=pinned("sku-1", rate="0"),
    )
    result = run(doc)
    assert rules(result, "tax") == ["CH-REGISTERED-SELLER"]
    assert [(t.amount, t.payable) for t in result.lines_of("tax")] == [(Decimal("3.24"), "checkout")]
