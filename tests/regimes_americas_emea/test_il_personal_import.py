"""Israel: personal imports by post or courier (rates/regimes/IL.json).

- full exemption (VAT, duty, purchase tax) when the GOODS are worth up to USD 75, tested on the goods alone; once
  taxed, the tax is on goods + shipping + insurance (https://unitedxp.co.il/payment-of-taxes-on-personal-imports/5);
- raised to USD 150 from 2025-12-24, revoked by the Knesset (2026-02-23/24), then USD 130 from 2026-02-25
  (https://themedialine.org/headlines/knesset-revokes-smotrichs-vat-exemption-after-netanyahu-declares-free-vote/;
  https://qoshe.com/the-times-of-israel/sam-sokol/defying-knesset-smotrich-ups-tax-exemption-for-online-purchases-from-abroad-to-130/188059078);
- no customs duty up to USD 500; alcohol and tobacco excluded (http://www.globes.co.il/en/article-1000985498).
Amounts are worked out by hand at USD 1 = ILS 3.70; VAT 18 % (rates/vat/IL.json).
"""

from __future__ import annotations

from typing import Any

import pytest

from regimes_americas_emea.helpers_ame import D, duty_lines, item, quote_at, rule_ids, tax_lines

FX = {"fx": {"USD/ILS": "3.70"}}


def _parcel(*items: dict[str, Any], **extra: Any) -> Any:
    extra.setdefault("overrides", FX)
    return quote_at("IL", *items, **extra)


def test_usd_120_of_goods_plus_usd_30_shipping_is_exempt_because_shipping_is_not_counted() -> None:
    result = _parcel(item("a", "120.00", "USD", hs="610910"), shipping=("30.00", "USD"))
    assert rule_ids(result, "tax") == ["IL-PERSONAL-IMPORT-EXEMPT"]
    assert rule_ids(result, "duty") == ["IL-PERSONAL-IMPORT-DUTY-EXEMPT"]
    assert result.total_of("tax") == D("0.00")
    assert result.total_of("duty") == D("0.00")


@pytest.mark.parametrize(
    ("goods", "rule", "vat"),
    [
        ("130.00", "IL-PERSONAL-IMPORT-EXEMPT", "0.00"),
        # USD 130.01 = ILS 481.037 -> 481.04; VAT 0.18 x 481.04 = 86.5872 -> 86.59
        ("130.01", "IL-IMPORT-VAT", "86.59"),
    ],
)
def test_usd_130_limit_is_inclusive(goods: str, rule: str, vat: str) -> None:
    result = _parcel(item("a", goods, "USD", hs="610910"))
    assert rule_ids(result, "tax") == [rule]
    assert result.total_of("tax") == D(vat)


def test_once_taxed_vat_is_on_goods_plus_shipping_collected_at_the_door() -> None:
    # Goods USD 200 (ILS 740.00) + shipping USD 20 (ILS 74.00): VAT 0.18 x 814.00 = 146.52; no duty (<= USD 500).
    result = _parcel(item("a", "200.00", "USD", hs="610910"), shipping=("20.00", "USD"), incoterm="DAP")
    assert tax_lines(result) == [("IL-IMPORT-VAT", D("146.52"), D("814.00"), D("0.18"), "delivery")]
    assert duty_lines(result) == [("IL-PERSONAL-IMPORT-DUTY-EXEMPT", D("0.00"), None, None, "delivery")]
    assert result.totals.delivery == D("146.52")


@pytest.mark.parametrize(
    ("day", "goods", "rule"),
    [
        ("2025-12-23", "100.00", "IL-IMPORT-VAT"),  # USD 75 limit
        ("2025-12-24", "140.00", "IL-PERSONAL-IMPORT-EXEMPT-150"),  # USD 150 order in force
        ("2026-02-24", "150.00", "IL-PERSONAL-IMPORT-EXEMPT-150"),
        ("2026-02-24", "150.01", "IL-IMPORT-VAT"),
        ("2026-02-25", "140.00", "IL-IMPORT-VAT"),  # USD 130 order: 140 is over
        ("2025-06-02", "75.00", "IL-PERSONAL-IMPORT-EXEMPT-75"),
        ("2025-06-02", "75.01", "IL-IMPORT-VAT"),
    ],
)
def test_the_exemption_ceiling_moved_three_times(day: str, goods: str, rule: str) -> None:
    assert rule_ids(_parcel(item("a", goods, "USD", hs="610910"), day=day), "tax") == [rule]


@pytest.mark.parametrize(
    ("goods", "rule", "duty", "vat"),
    [
        # USD 500.00 = ILS 1850.00: no duty; VAT 0.18 x 1850.00 = 333.00
        ("500.00", "IL-PERSONAL-IMPORT-DUTY-EXEMPT", "0.00", "333.00"),
        # USD 500.01 = ILS 1850.037 -> 1850.04; duty (pinned 12 %) 222.0048 -> 222.00;
        # VAT 0.18 x (1850.04 + 222.00) = 0.18 x 2072.04 = 372.9672 -> 372.97
        ("500.01", "IL-CUSTOMS-TARIFF", "222.00", "372.97"),
    ],
)
def test_usd_500_duty_ceiling_is_inclusive(goods: str, rule: str, duty: str, vat: str) -> None:
    result = _parcel(item("a", goods, "USD", hs="640399"), overrides={**FX, "duty_rates": {"a": "0.12"}})
    assert rule_ids(result, "duty") == [rule]
    assert (result.total_of("duty"), result.total_of("tax")) == (D(duty), D(vat))


def test_alcohol_is_taxed_even_in_a_small_parcel_and_businesses_get_no_exemption() -> None:
    # Wine USD 40 (ILS 148.00) is outside the exemption: VAT 0.18 x 148.00 = 26.64; the shirt (USD 20) stays exempt.
    mixed = _parcel(
        item("wine", "40.00", "USD", hs="220421", category="alcohol"),
        item("shirt", "20.00", "USD", hs="610910"),
        overrides={**FX, "duty_rates": {"wine": "0"}},
    )
    by_rule = {entry["id"]: entry["item_ids"] for entry in mixed.regime["tax"]}
    assert by_rule == {"IL-PERSONAL-IMPORT-EXEMPT": ["shirt"], "IL-IMPORT-VAT": ["wine"]}
    assert mixed.total_of("tax") == D("26.64")
    business = _parcel(
        item("a", "20.00", "USD", hs="610910"),
        buyer={"type": "business", "tax_id": "515555555"},
        overrides={**FX, "duty_rates": {"a": "0.12"}},
    )
    assert rule_ids(business, "tax") == ["IL-IMPORT-VAT"]
    assert rule_ids(business, "duty") == ["IL-CUSTOMS-TARIFF"]
