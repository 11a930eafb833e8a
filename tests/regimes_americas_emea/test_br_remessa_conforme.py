"""Brazil: Remessa Conforme (II 20 % up to USD 50, 60 % minus USD 20 above), plain RTS, ICMS 'por dentro'.

Rules: rates/regimes/BR.json. Portaria MF 156/1999 Art. 1 as amended by Portaria MF 1.086/2024
(https://tributa.net/legislacao/portaria-mf-no-1-086-de-28-de-junho-de-2024/embed): the table for certified e-commerce
companies selling to individuals is USD 0-50: 20 %; USD 50.01-3,000: 60 % minus USD 20; freight and insurance count
towards the brackets (§ 4). ICMS (Convênio ICMS 81/2023) is computed 'por dentro': (value + II) x rate / (1 - rate).
Every expected amount below is worked out by hand in the comment above it.
"""

from __future__ import annotations

import pytest

from checkoutguard.errors import InvalidInput
from regimes_americas_emea.helpers_ame import D, duty_lines, item, quote_at, rule_ids, tax_lines

REMESSA = ["BR-REMESSA"]


def test_uol_vinyl_example_twenty_percent_then_icms_on_value_plus_duty() -> None:
    # UOL, 2024-08-01 (https://www.uol.com.br/splash/colunas/leonardo-rodrigues/2024/08/01/taxa-dos-disquinhos-
    # aprenda-a-calcular-o-imposto-de-importacao.htm): a USD 50 record; 20 % II = USD 10 -> USD 60; ICMS on the
    # USD 60 brings the total to "about USD 72.30". By hand: 60 x 0.17 / 0.83 = 12.2891... -> 12.29; 50 + 10 + 12.29.
    result = quote_at(
        "BR", item("lp", "50.00", "USD", hs="852380"), subdivision="BR-SP", registrations=REMESSA, currency="USD"
    )
    assert rule_ids(result, "duty") == ["BR-REMESSA-II-20"]
    assert rule_ids(result, "tax") == ["BR-REMESSA-ICMS"]
    assert duty_lines(result) == [("BR-REMESSA-II-20", D("10.00"), D("50.00"), D("0.20"), "checkout")]
    assert tax_lines(result) == [("BR-REMESSA-ICMS", D("12.29"), D("60.00"), D("0.17"), "checkout")]
    assert result.totals.checkout == D("72.29")
    assert result.totals.delivery == D("0.00")


def test_g1_example_sixty_percent_minus_twenty_dollars() -> None:
    # G1 Jornal Nacional, 2024-06-06: a BRL 1,000 product pays 20 % on BRL 262 (USD 50 at the day's rate) and 60 % on
    # the BRL 738 above: 52.40 + 442.80 = BRL 495.20. The same by the Portaria's formula at USD 1 = BRL 5.24:
    # 0.60 x 1000 - 20 x 5.24 = 600 - 104.80 = 495.20.
    # ICMS in Sao Paulo, 17 % por dentro: (1000 + 495.20) x 0.17 / 0.83 = 306.2457... -> 306.25.
    result = quote_at(
        "BR",
        item("p", "1000.00", "BRL", hs="950300"),
        subdivision="BR-SP",
        registrations=REMESSA,
        overrides={"fx": {"USD/BRL": "5.24"}},
    )
    assert duty_lines(result) == [("BR-REMESSA-II-60", D("495.20"), D("1000.00"), D("0.60"), "checkout")]
    assert tax_lines(result) == [("BR-REMESSA-ICMS", D("306.25"), D("1495.20"), D("0.17"), "checkout")]
    assert result.totals.checkout == D("1801.45")


@pytest.mark.parametrize(
    ("goods", "rule", "duty"),
    [
        # 45.00 + 5.00 freight = USD 50.00: 20 % = 10.00
        ("45.00", "BR-REMESSA-II-20", "10.00"),
        # 45.01 + 5.00 = USD 50.01: 0.60 x 50.01 - 20 = 10.006 -> 10.01 (the deduction keeps the step tiny)
        ("45.01", "BR-REMESSA-II-60", "10.01"),
    ],
)
def test_usd_50_bracket_counts_the_freight_and_is_inclusive(goods: str, rule: str, duty: str) -> None:
    result = quote_at(
        "BR",
        item("a", goods, "USD", hs="610910"),
        shipping=("5.00", "USD"),
        subdivision="BR-RJ",
        registrations=REMESSA,
        currency="USD",
    )
    assert rule_ids(result, "duty") == [rule]
    assert [line[:2] for line in duty_lines(result)] == [(rule, D(duty))]
    test = next(t for t in result.regime["tests"] if t["rule"] == "BR-REMESSA-II-20")
    assert test["passed"] is (rule == "BR-REMESSA-II-20")


@pytest.mark.parametrize(
    ("goods", "duty_rule", "tax_rule", "duty"),
    [
        # USD 3,000.00: 0.60 x 3000 - 20 = 1780.00
        ("3000.00", "BR-REMESSA-II-60", "BR-REMESSA-ICMS", "1780.00"),
        # USD 3,000.01 leaves the simplified regime: the tariff (pinned at 20 %): 0.20 x 3000.01 = 600.002 -> 600.00
        ("3000.01", "BR-TEC", "BR-FORMAL-IMPORT-ICMS", "600.00"),
    ],
)
def test_usd_3000_is_the_ceiling_of_the_simplified_regime(goods: str, duty_rule: str, tax_rule: str, duty: str) -> None:
    result = quote_at(
        "BR",
        item("a", goods, "USD", hs="847130"),
        subdivision="BR-SP",
        registrations=REMESSA,
        currency="USD",
        overrides={"duty_rates": {"a": "0.20"}},
    )
    assert rule_ids(result, "duty") == [duty_rule]
    assert rule_ids(result, "tax") == [tax_rule]
    assert result.total_of("duty") == D(duty)


def test_seller_outside_remessa_conforme_pays_sixty_percent_at_the_door() -> None:
    # RTS: 60 % of the customs value, nothing deducted. Goods 40 + freight 10 = USD 50.00: II = 30.00.
    # ICMS in Rio de Janeiro, 17 % por dentro, collected with it at delivery: 80 x 0.17 / 0.83 = 16.3855... -> 16.39.
    result = quote_at(
        "BR",
        item("a", "40.00", "USD", hs="610910"),
        shipping=("10.00", "USD"),
        subdivision="BR-RJ",
        incoterm="DAP",
        currency="USD",
    )
    assert duty_lines(result) == [("BR-RTS-II-60", D("30.00"), D("50.00"), D("0.60"), "delivery")]
    assert tax_lines(result) == [("BR-RTS-ICMS", D("16.39"), D("80.00"), D("0.17"), "delivery")]
    assert result.totals.delivery == D("46.39")
    assert result.totals.checkout == D("50.00")


def test_icms_rate_follows_the_buyers_state() -> None:
    # Bahia moved to 20 % on 2025-04-01 (rates/vat/BR.json). Same order as above: 80 x 0.20 / 0.80 = 20.00.
    result = quote_at(
        "BR", item("a", "40.00", "USD", hs="610910"), shipping=("10.00", "USD"), subdivision="BR-BA", currency="USD"
    )
    assert tax_lines(result) == [("BR-RTS-ICMS", D("20.00"), D("80.00"), D("0.20"), "checkout")]


def test_remessa_table_is_for_individuals_only() -> None:
    # A business buyer from a certified platform gets the plain RTS: 60 % of USD 100 = 60.00, no USD 20 deduction.
    result = quote_at(
        "BR",
        item("a", "100.00", "USD", hs="950300"),
        subdivision="BR-SP",
        registrations=REMESSA,
        buyer={"type": "business", "tax_id": "12345678000195"},
        currency="USD",
    )
    assert rule_ids(result, "duty") == ["BR-RTS-II-60"]
    assert result.total_of("duty") == D("60.00")
    assert rule_ids(result, "tax") == ["BR-RTS-ICMS"]


@pytest.mark.parametrize(
    ("day", "goods", "rule", "duty"),
    [
        # Until 2024-07-31 certified platforms paid no II up to USD 50 ...
        ("2024-07-31", "30.00", "BR-REMESSA-II-ZERO", "0.00"),
        # ... and the plain 60 % above it (no deduction yet): 0.60 x 80 = 48.00.
        ("2024-07-31", "80.00", "BR-RTS-II-60", "48.00"),
        # From 2024-08-01: 20 % = 6.00, and 0.60 x 80 - 20 = 28.00.
        ("2024-08-01", "30.00", "BR-REMESSA-II-20", "6.00"),
        ("2024-08-01", "80.00", "BR-REMESSA-II-60", "28.00"),
    ],
)
def test_remessa_rates_changed_on_2024_08_01(day: str, goods: str, rule: str, duty: str) -> None:
    result = quote_at(
        "BR", item("a", goods, "USD", hs="610910"), subdivision="BR-SP", registrations=REMESSA, currency="USD", day=day
    )
    assert rule_ids(result, "duty") == [rule]
    assert result.total_of("duty") == D(duty)


def test_a_quote_needs_the_buyers_state() -> None:
    with pytest.raises(InvalidInput) as caught:
        quote_at("BR", item("a", "10.00", "USD", hs="610910"), registrations=REMESSA)
    assert caught.value.path == "ship_to.subdivision"
