"""One consumer order into each of the top 30 e-commerce import markets, as a customs officer there sees it.

Each case: a plain courier parcel of toys (HS 9503) from China, no seller registrations, DDP, quoted on
2026-11-23, worth enough to pass the market's low-value relief where it has one. The expected tax and duty rules
and the tax rate come from the market's law as summarised in rates/regimes/ and the research notes (standard
VAT/GST rates: EU27 table in shared research §4; others as cited in rates/vat/). Duty rates are pinned (5 %)
because the subject here is the regime, not the tariff row.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from quote_builders import TODAY, item, order, run

# (market, subdivision, amount in local currency, tax rule, duty rule, tax rate on the line or None)
CASES = [
    ("US", None, "100.00", "US-NO-IMPORT-VAT", "US-HTSUS", None),
    ("CN", None, "800.00", "CN-PERSONAL-ARTICLES-TAX-INCLUDED", None, None),
    ("GB", None, "100.00", "GB-LOW-VALUE-POS", "GB-LOW-VALUE-DUTY-RELIEF", "0.20"),
    ("JP", None, "30000", "JP-IMPORT-CT", "JP-CUSTOMS-TARIFF", "0.10"),
    ("DE", None, "200.00", "DE-IMPORT-VAT", "EU-CCT", "0.19"),
    ("FR", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.20"),
    ("KR", None, "400000", "KR-IMPORT-VAT", "KR-CUSTOMS-TARIFF", "0.10"),
    ("CA", "CA-ON", "300.00", "CA-IMPORT-GST", "CA-CUSTOMS-TARIFF", "0.13"),
    ("IN", None, "5000.00", "IN-IMPORT-IGST", "IN-PERSONAL-IMPORT-9804", "0.18"),
    ("AU", None, "1500.00", "AU-IMPORT-GST", "AU-CUSTOMS-TARIFF", "0.10"),
    ("BR", "BR-SP", "500.00", "BR-RTS-ICMS", "BR-RTS-II-60", None),
    ("MX", None, "2000.00", "MX-COURIER-GLOBAL-RATE-IVA", "MX-COURIER-GLOBAL-RATE", None),
    ("ES", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.21"),
    ("IT", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.22"),
    ("NL", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.21"),
    ("SE", None, "2500.00", "EU-IMPORT-VAT", "EU-CCT", "0.25"),
    ("CH", None, "200.00", "CH-IMPORT-VAT", "CH-TARES", "0.081"),
    ("NO", None, "2000.00", "NO-IMPORT-VAT", "NO-CUSTOMS-TARIFF", "0.25"),
    ("SG", None, "600.00", "SG-IMPORT-GST", "SG-NON-DUTIABLE", "0.09"),
    ("SA", None, "2000.00", "SA-IMPORT-VAT", "SA-CUSTOMS-TARIFF", "0.15"),
    ("AE", None, "2000.00", "AE-IMPORT-VAT", "AE-GCC-CUSTOMS-TARIFF", "0.05"),
    ("TR", None, "5000.00", "TR-IMPORT-KDV", "TR-TARIFF", "0.20"),
    ("PL", None, "900.00", "EU-IMPORT-VAT", "EU-CCT", "0.23"),
    ("BE", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.21"),
    ("AT", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.20"),
    ("IE", None, "200.00", "EU-IMPORT-VAT", "EU-CCT", "0.23"),
    ("NZ", None, "1500.00", "NZ-IMPORT-GST", "NZ-TARIFF", "0.15"),
    ("IL", None, "2500.00", "IL-IMPORT-VAT", "IL-CUSTOMS-TARIFF", "0.18"),
    ("ZA", None, "3000.00", "ZA-IMPORT-VAT", "ZA-CUSTOMS-TARIFF", "0.15"),
    ("HK", None, "1000.00", "HK-NO-VAT", "HK-FREE-PORT", None),
]


def test_thirty_markets() -> None:
    assert len({case[0] for case in CASES}) == 30


@pytest.mark.parametrize(("country", "subdivision", "amount", "tax_rule", "duty_rule", "rate"), CASES, ids=lambda v: v)
def test_consumer_order_into_market(
    country: str, subdivision: str | None, amount: str, tax_rule: str, duty_rule: str | None, rate: str | None
) -> None:
    from checkoutguard.landed_cost import default_book

    local = default_book().vat(country).currency  # type: ignore[union-attr]
    extra = {"subdivision": subdivision} if subdivision else {}
    doc = order(
        country,
        item("toy", amount, local, hs="950300", origin="CN", description="Plush toy"),
        day=TODAY.isoformat(),
        overrides={"duty_rates": {"toy": "0.05"}},
        **extra,
    )
    result = run(doc)
    assert result.currency == local
    assert [r["id"] for r in result.regime["tax"]] == [tax_rule]
    if duty_rule is not None:
        assert [r["id"] for r in result.regime["duty"]] == [duty_rule]
    taxes = result.lines_of("tax")
    assert taxes, "every market states its tax treatment, even when it is none"
    if rate is not None:
        assert {line.rate for line in taxes} == {Decimal(rate)}
        assert all(line.amount > 0 for line in taxes)
    assert sum(line.amount for line in result.lines) == result.totals.grand
    assert all(line.source for line in result.lines if line.type in ("duty", "tax"))
