"""US postal duty methods after the de minimis suspension (EO 14324 sec. 3; CBP CSMS #65934463).

Methodology 2 amounts per postal item, from the order: USD 80 where the effective IEEPA rate is below 16 %,
USD 160 from 16 % to 25 %, USD 200 above 25 %, until 2026-02-28. Vietnam's reciprocal rate from 2025-08-07 is
20 % (EO 14326 Annex I), so a Vietnamese T-shirt by post pays USD 160 in place of the 20 % IEEPA line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from checkoutguard.errors import InvalidInput
from checkoutguard.landed_cost import Quote
from checkoutguard.landed_cost.postal_duty import decide, specific_amount
from quote_builders import item, order, run


def _post(origin: str, day: str, method: str | None, transport: str = "post") -> Quote:
    doc = order("US", item("tee", "50.00", "USD", hs="6109100012", origin=origin), day=day, ship_from=origin)
    doc["transport"] = transport
    if method is not None:
        doc["overrides"] = {"us_postal_duty": method}
    return run(doc)


def _duty(result: Quote) -> dict[str, Decimal]:
    return {line.rule or "": line.amount for line in result.lines if line.type == "duty"}


@pytest.mark.parametrize(
    ("rate", "amount"),
    [("0", 80), ("0.10", 80), ("0.1599", 80), ("0.16", 160), ("0.25", 160), ("0.2501", 200), ("1.45", 200)],
)
def test_specific_tiers(rate: str, amount: int) -> None:
    assert specific_amount(Decimal(rate)) == amount


def test_specific_method_replaces_the_ieepa_line_with_one_amount_per_postal_item() -> None:
    result = _post("VN", "2025-09-15", "specific")
    # MFN 16.5 % of USD 50 = 8.25 stays; the 20 % IEEPA line (10.00) becomes USD 160 per postal item.
    assert _duty(result) == {"US-HTSUS": Decimal("8.25"), "US-POSTAL-SPECIFIC": Decimal("160.00")}
    assert result.totals.grand == Decimal("50.00") + Decimal("8.25") + Decimal("160.00") + sum(
        (line.amount for line in result.lines if line.type in ("fee", "tax", "shipping")), Decimal(0)
    )
    assert any(w.code == "US_POSTAL_DUTY_METHOD" and "methodology 2" in w.message for w in result.warnings)


def test_ad_valorem_is_the_default_and_the_quote_says_so() -> None:
    for method in (None, "ad_valorem"):
        result = _post("VN", "2025-09-15", method)
        assert _duty(result)["US-IEEPA-RECIPROCAL-20"] == Decimal("10.00")
        assert any(w.code == "US_POSTAL_DUTY_METHOD" and "methodology 1" in w.message for w in result.warnings)


def test_specific_method_is_refused_with_a_warning_after_ieepa_ended() -> None:
    result = _post("VN", "2026-03-10", "specific")
    assert _duty(result) == {"US-HTSUS": Decimal("8.25"), "US-S122-SURCHARGE": Decimal("5.00")}
    assert "US_POSTAL_METHOD_UNAVAILABLE" in {w.code for w in result.warnings}


def test_courier_shipments_and_days_before_the_suspension_state_nothing() -> None:
    assert "US_POSTAL_DUTY_METHOD" not in {w.code for w in _post("VN", "2025-09-15", None, "courier").warnings}
    assert decide(date(2025, 8, 28), "specific", [Decimal("0.2")]) is None


def test_unknown_method_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        _post("VN", "2025-09-15", "per_kilo")
    assert caught.value.path == "overrides.us_postal_duty"


def test_specific_method_charges_nothing_where_no_ieepa_duty_applies() -> None:
    # Books are outside every IEEPA duty (informational materials): there is no IEEPA line to replace.
    doc = order("US", item("book", "30.00", "USD", hs="490199", origin="VN"), day="2025-09-15", ship_from="VN")
    doc["transport"] = "post"
    doc["overrides"] = {"us_postal_duty": "specific"}
    assert "US-POSTAL-SPECIFIC" not in _duty(run(doc))
