"""Engine mechanics on a small synthetic rates folder, so each rule type is tested in isolation."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.data.paths import rates_dir
from checkoutguard.errors import InvalidInput, UnknownHSCode
from checkoutguard.landed_cost import DutyTable, Quote, RatesBook, quote
from quote_builders import TODAY, item, order

SRC = "https://example.org/synthetic"


def _write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))


@pytest.fixture
def book(tmp_path: Path) -> RatesBook:
    root = tmp_path / "rates"
    root.mkdir()
    shutil.copy(rates_dir() / "categories.json", root / "categories.json")
    common = {"reviewed": "2026-11-23", "review_by": "2030-01-01", "sources": [{"url": SRC, "title": "synthetic"}]}
    _write(
        root / "vat" / "CH.json",
        {
            "code": "CH",
            "name": "Synthetic",
            "currency": "CHF",
            "tax_name": "VAT",
            "levies_vat": True,
            "standard": [{"rate": "0.10", "effective_from": "2020-01-01", "source": SRC}],
            "categories": {"books": [{"rate": "0.05", "effective_from": "2020-01-01", "source": SRC}]},
            **common,
        },
    )
    _write(
        root / "regimes" / "CH.json",
        {
            "jurisdiction": "CH",
            "name": "Synthetic",
            "countries": ["CH"],
            "currency": "CHF",
            "valuation": [{"basis": "CIF", "effective_from": "2020-01-01", "source": SRC}],
            "tax_rules": [
                {
                    "id": "T-IMPORT",
                    "name": "import",
                    "effective_from": "2020-01-01",
                    "source": SRC,
                    "when": {},
                    "tax": {"method": "import", "base": ["customs_value", "duty"]},
                }
            ],
            "duty_rules": [
                {
                    "id": "D-TARIFF",
                    "name": "tariff",
                    "effective_from": "2020-01-01",
                    "source": SRC,
                    "when": {},
                    "duty": {"method": "tariff"},
                }
            ],
            **common,
        },
    )
    rows = [
        ("6109", {"ad_valorem": "0.10"}),
        ("610910", {"ad_valorem": "0.12"}),
        ("0401", {"specific": {"amount": "50", "currency": "CHF", "unit": "100kg_gross"}}),
        ("8471", {"ad_valorem": "0.02", "specific": {"amount": "1", "currency": "CHF", "unit": "unit"}}),
        ("95", {"ad_valorem": "0.04"}),
    ]
    _write(
        root / "duty" / "CH.json",
        {
            "jurisdiction": "CH",
            "name": "Synthetic tariff",
            "countries": ["CH"],
            "currency": "CHF",
            "nomenclature": "synthetic",
            "rates": [
                {"hs": hs, "description": hs, "rate": rate, "effective_from": "2020-01-01", "source": SRC}
                for hs, rate in rows
            ],
            "preferences": [
                {
                    "id": "P-EU",
                    "name": "EU FTA",
                    "origins": ["DE", "FR"],
                    "hs": ["61"],
                    "rate": {"ad_valorem": "0"},
                    "effective_from": "2020-01-01",
                    "source": SRC,
                    "conditions": "origin declaration",
                }
            ],
            "additional": [
                {
                    "id": "A-CN",
                    "name": "Extra duty",
                    "origins": ["CN"],
                    "hs": ["6109"],
                    "exclude_hs": ["610990"],
                    "rate": {"ad_valorem": "0.25"},
                    "effective_from": "2020-01-01",
                    "source": SRC,
                }
            ],
            **common,
        },
    )
    return RatesBook(root, validate_files=True)


def q(book: RatesBook, *items: dict[str, Any], **extra: Any) -> Quote:
    return quote(order("CH", *items, day="2026-11-23", **extra), book=book, today=TODAY)


def duty_lines(result: Quote) -> list[tuple[str | None, str, str]]:
    return [(d.rule, str(d.rate), str(d.amount)) for d in result.lines_of("duty")]


def test_longest_hs_prefix_wins(book: RatesBook) -> None:
    result = q(
        book, item("a", "100.00", "CHF", hs="610910", origin="VN"), item("b", "100.00", "CHF", hs="610990", origin="VN")
    )
    assert duty_lines(result) == [("D-TARIFF", "0.12", "12.00"), ("D-TARIFF", "0.10", "10.00")]


def test_preference_needs_origin_and_direct_shipment(book: RatesBook) -> None:
    direct = q(book, item("a", "100.00", "CHF", hs="610910", origin="DE"), ship_from="DE")
    assert duty_lines(direct) == [("P-EU", "0", "0.00")]
    assert "origin declaration" in direct.lines_of("duty")[0].explanation
    via_china = q(book, item("a", "100.00", "CHF", hs="610910", origin="DE"), ship_from="CN")
    assert duty_lines(via_china) == [("D-TARIFF", "0.12", "12.00")]
    not_claimed = q(book, item("a", "100.00", "CHF", hs="610910", origin="DE"), ship_from="DE", claim_preferences=False)
    assert duty_lines(not_claimed) == [("D-TARIFF", "0.12", "12.00")]


def test_additional_duty_is_its_own_line_and_enters_the_vat_base(book: RatesBook) -> None:
    result = q(book, item("a", "100.00", "CHF", hs="610910", origin="CN"))
    assert duty_lines(result) == [("D-TARIFF", "0.12", "12.00"), ("A-CN", "0.25", "25.00")]
    tax = result.lines_of("tax")[0]
    assert (tax.base, tax.amount) == (Decimal("137.00"), Decimal("13.70"))
    excluded = q(book, item("a", "100.00", "CHF", hs="610990", origin="CN"))
    assert [d.rule for d in excluded.lines_of("duty")] == ["D-TARIFF"]


def test_specific_duty_per_100_kg_gross(book: RatesBook) -> None:
    result = q(book, item("a", "30.00", "CHF", hs="040110", origin="FR", quantity=4, weight_kg="0.5"), ship_from="FR")
    # 4 x 0.5 kg = 2 kg = 0.02 x 100 kg at CHF 50 -> CHF 1.00
    assert duty_lines(result) == [("D-TARIFF", "None", "1.00")]
    assert "CHF 50/100kg_gross" in result.lines_of("duty")[0].label


def test_specific_duty_without_weight_is_a_clear_error(book: RatesBook) -> None:
    with pytest.raises(InvalidInput) as info:
        q(book, item("a", "30.00", "CHF", hs="040110"))
    assert info.value.path == "items[0].weight_kg"


def test_compound_duty_adds_both_parts(book: RatesBook) -> None:
    result = q(book, item("a", "1000.00", "CHF", hs="847130", quantity=2))
    assert duty_lines(result) == [("D-TARIFF", "0.02", "42.00")]  # 2 % of 2000 + 2 x CHF 1


def test_unknown_hs_code_is_estimated_high_and_flagged(book: RatesBook) -> None:
    result = q(book, item("a", "100.00", "CHF", hs="610111"), item("b", "100.00", "CHF", hs=None))
    duty = result.lines_of("duty")
    assert [(d.rate, d.amount, d.estimated) for d in duty] == [
        (Decimal("0.12"), Decimal("12.00"), True),  # highest rate in chapter 61
        (Decimal("0.12"), Decimal("12.00"), True),  # no HS code at all: highest rate in the table
    ]
    assert [w.item_id for w in result.warnings if w.code == "DUTY_ESTIMATED"] == ["a", "b"]
    assert result.complete


def test_unknown_hs_code_is_never_estimated_from_another_chapter(book: RatesBook) -> None:
    # chapter 99 has no row: borrowing chapter 61's 12 % would be absurd, so the quote names the code, the
    # territory and the chapters the table does cover
    with pytest.raises(UnknownHSCode, match=r"HS code 999999 in the CH tariff data .* chapter 99 has no row") as info:
        q(book, item("b", "100.00", "CHF", hs="999999"))
    assert (info.value.item_id, info.value.hs_code) == ("b", "999999")
    assert "the table covers chapters 04, 61, 84, 95;" in str(info.value)


def test_unknown_hs_code_policies(book: RatesBook) -> None:
    with pytest.raises(UnknownHSCode) as info:
        q(book, item("a", "100.00", "CHF", hs="999999"), unknown_hs="error")
    assert (info.value.item_id, info.value.hs_code) == ("a", "999999")
    excluded = q(book, item("a", "100.00", "CHF", hs=None), unknown_hs="exclude")
    assert excluded.lines_of("duty") == ()
    assert not excluded.complete
    assert [w.code for w in excluded.warnings] == ["DUTY_NOT_QUOTED"]


def test_duty_override_wins_and_says_so(book: RatesBook) -> None:
    result = q(book, item("a", "100.00", "CHF", hs="610910", origin="VN"), overrides={"duty_rates": {"a": "0.03"}})
    assert duty_lines(result) == [("override", "0.03", "3.00")]


def test_category_rate_and_unknown_category(book: RatesBook) -> None:
    result = q(
        book,
        item("a", "100.00", "CHF", hs="490199", category="books"),
        item("b", "10.00", "CHF", hs="950300", category="gizmos"),
        overrides={"duty_rates": {"a": "0"}},
    )
    taxes = {str(t.rate): (t.base, t.amount) for t in result.lines_of("tax")}
    assert taxes == {"0.05": (Decimal("100.00"), Decimal("5.00")), "0.10": (Decimal("10.40"), Decimal("1.04"))}
    assert [w.code for w in result.warnings] == ["CATEGORY_UNKNOWN"]


def test_shipping_is_spread_over_items_and_sums_exactly(book: RatesBook) -> None:
    result = q(
        book, *[item(f"i{n}", "10.00", "CHF", hs="950300", origin="VN") for n in range(3)], shipping=("10.00", "CHF")
    )
    assert [d.base for d in result.lines_of("duty")] == [Decimal("13.34"), Decimal("13.33"), Decimal("13.33")]
    assert sum(line.amount for line in result.lines) == result.totals.grand


def test_fx_override_is_used_in_both_directions(book: RatesBook) -> None:
    result = q(book, item("a", "100.00", "EUR", hs="950300", origin="VN"), overrides={"fx": {"CHF/EUR": "1.25"}})
    assert result.lines[0].amount == Decimal("80.00")
    assert result.fx[0].kind == "override"


def test_custom_duty_provider_replaces_the_table(book: RatesBook) -> None:
    from datetime import date

    from checkoutguard.landed_cost.book import DutyRate, DutyRow

    flat = DutyTable(
        "CH", [DutyRow("95", "all toys", DutyRate(ad_valorem=Decimal("0.07")), date(2020, 1, 1), None, SRC)]
    )
    custom = book.with_duty_provider(flat)
    result = q(custom, item("a", "100.00", "CHF", hs="950300", origin="VN"))
    assert duty_lines(result) == [("D-TARIFF", "0.07", "7.00")]
    assert custom.data_version != book.data_version


def test_minimum_and_maximum_per_unit_hold_the_duty_between_them(book: RatesBook) -> None:
    from datetime import date

    from checkoutguard.landed_cost.book import DutyRate, DutyRow, PerUnit

    # TARIC's "10 % MIN CHF 2 MAX CHF 5 per item", by hand: 10 % of 100 is 10, capped at 5; of 10 is 1, raised
    # to 2; of 30 is 3, left alone; three items at 100 are 30, capped at 3 x 5 = 15.
    bounded = DutyRate(
        ad_valorem=Decimal("0.10"),
        minimum=PerUnit(Decimal("2"), "CHF", "unit"),
        maximum=PerUnit(Decimal("5"), "CHF", "unit"),
    )
    table = DutyTable("CH", [DutyRow("9102", "watches", bounded, date(2020, 1, 1), None, SRC)])
    custom = book.with_duty_provider(table)
    amounts = [
        (str(q(custom, item("w", price, "CHF", hs="910211", origin="CN", quantity=n)).lines_of("duty")[0].amount))
        for price, n in (("100.00", 1), ("10.00", 1), ("30.00", 1), ("100.00", 3))
    ]
    assert amounts == ["5.00", "2.00", "3.00", "15.00"]
    assert bounded.describe() == "10 % (min CHF 2/unit, max CHF 5/unit)"
    assert "max CHF 5/unit" in q(custom, item("w", "100.00", "CHF", hs="910211", origin="CN")).lines_of("duty")[0].label


def test_data_version_changes_with_the_data(book: RatesBook, tmp_path: Path) -> None:
    before = book.data_version
    file = tmp_path / "rates" / "vat" / "CH.json"
    file.write_text(file.read_text().replace('"0.10"', '"0.11"'))
    assert RatesBook(tmp_path / "rates").data_version != before


def _patch_regime(book: RatesBook, **changes: Any) -> RatesBook:
    path = book.root / "regimes" / "CH.json"
    document = json.loads(path.read_text())
    document.update(changes)
    path.write_text(json.dumps(document))
    return RatesBook(book.root, validate_files=True)


def _rule(rule_id: str, when: dict[str, Any], kind: str = "", **spec: Any) -> dict[str, Any]:
    kind = kind or ("tax" if spec.get("method") in {"import", "point_of_sale", "exempt", "reverse_charge"} else "duty")
    return {"id": rule_id, "name": rule_id, "effective_from": "2020-01-01", "source": SRC, "when": when, kind: spec}


def test_tax_grossed_up_in_its_own_base(book: RatesBook) -> None:
    # Brazil-style ICMS "por dentro": 17 % on a base of 100 -> 100 x 0.17 / 0.83 = 20.48
    patched = _patch_regime(
        book, tax_rules=[_rule("T-GROSS", {}, method="import", base=["customs_value", "duty"], gross_up=True)]
    )
    result = q(patched, item("a", "100.00", "CHF", hs="950300", origin="VN"), overrides={"duty_rates": {"a": "0"}})
    tax = result.lines_of("tax")[0]
    assert (tax.base, tax.rate, tax.amount) == (Decimal("100.00"), Decimal("0.10"), Decimal("11.11"))
    assert "included in its own base" in tax.explanation


def test_rate_factor_scales_the_statutory_rate(book: RatesBook) -> None:
    patched = _patch_regime(
        book, tax_rules=[_rule("T-70", {}, method="import", base=["customs_value"], rate_factor="0.7")]
    )
    result = q(patched, item("a", "200.00", "CHF", hs="950300", origin="VN"), overrides={"duty_rates": {"a": "0"}})
    tax = result.lines_of("tax")[0]
    assert (tax.rate, tax.amount) == (Decimal("0.070"), Decimal("14.00"))


def test_surcharge_on_duty_and_flat_rate_with_deduction(book: RatesBook) -> None:
    patched = _patch_regime(
        book,
        duty_rules=[
            _rule(
                "D-FLAT",
                {"origins": ["CN"]},
                method="flat_rate",
                rate="0.6",
                base=["customs_value"],
                deduction={"amount": "20", "currency": "CHF"},
            ),
            _rule(
                "D-TARIFF", {}, method="tariff", surcharge_on_duty={"id": "D-SWS", "name": "Surcharge", "rate": "0.1"}
            ),
        ],
    )
    result = q(
        patched,
        item("a", "100.00", "CHF", hs="950300", origin="CN"),
        item("b", "100.00", "CHF", hs="950300", origin="VN"),
    )
    duty = [(d.rule, d.amount, d.base) for d in result.lines_of("duty")]
    # a: 60 % of 100 minus CHF 20 = 40; b: tariff 4 % of 100 = 4, then 10 % of that = 0.40
    assert duty == [
        ("D-FLAT", Decimal("40.00"), Decimal("100.00")),
        ("D-TARIFF", Decimal("4.00"), Decimal("100.00")),
        ("D-SWS", Decimal("0.40"), Decimal("4.00")),
    ]
    tax = {t.item_ids: t.base for t in result.lines_of("tax")}
    assert tax == {("a", "b"): Decimal("244.40")}


def test_valuation_factor_lowers_the_customs_value_and_the_threshold_value(book: RatesBook) -> None:
    patched = _patch_regime(
        book,
        valuation=[{"basis": "FOB", "factor": "0.6", "effective_from": "2020-01-01", "source": SRC}],
        tax_rules=[
            _rule(
                "T-EXEMPT", {"value": {"basis": "customs_value", "per": "consignment", "max": "60"}}, method="exempt"
            ),
            _rule("T-IMPORT", {}, method="import", base=["customs_value", "duty"]),
        ],
    )
    at_limit = q(patched, item("a", "100.00", "CHF", hs="950300", origin="VN"), overrides={"duty_rates": {"a": "0"}})
    assert [r["id"] for r in at_limit.regime["tax"]] == ["T-EXEMPT"]
    over = q(patched, item("a", "100.05", "CHF", hs="950300", origin="VN"), overrides={"duty_rates": {"a": "0.10"}})
    assert [(d.base, d.amount) for d in over.lines_of("duty")] == [(Decimal("60.03"), Decimal("6.00"))]


def test_hs_and_category_conditions_select_items(book: RatesBook) -> None:
    patched = _patch_regime(
        book,
        duty_rules=[
            _rule("D-KNIT", {"hs": ["61"]}, method="flat_rate", rate="0.2", base=["goods"]),
            _rule("D-BOOKS", {"categories": ["books"]}, kind="duty", method="exempt"),
            _rule("D-NOT-TOYS", {"hs_not": ["95"]}, kind="duty", method="exempt"),
            _rule("D-TARIFF", {}, method="tariff"),
        ],
    )
    result = q(
        patched,
        item("knit", "100.00", "CHF", hs="610910", origin="VN"),
        item("book", "10.00", "CHF", hs="490199", category="books", origin="VN"),
        item("toy", "50.00", "CHF", hs="950300", origin="VN"),
        item("lamp", "30.00", "CHF", hs="940540", origin="VN"),
    )
    groups = {r["id"]: r["item_ids"] for r in result.regime["duty"]}
    assert groups == {"D-KNIT": ["knit"], "D-BOOKS": ["book"], "D-NOT-TOYS": ["lamp"], "D-TARIFF": ["toy"]}


def test_value_above_a_minimum(book: RatesBook) -> None:
    patched = _patch_regime(
        book,
        duty_rules=[
            _rule(
                "D-FLAT-BIG",
                {"value": {"basis": "intrinsic", "per": "consignment", "min": "1000"}},
                method="flat_rate",
                rate="0.01",
                base=["goods"],
            ),
            _rule("D-TARIFF", {}, method="tariff"),
        ],
    )
    at = q(patched, item("a", "1000.00", "CHF", hs="950300", origin="VN"))
    above = q(patched, item("a", "1000.01", "CHF", hs="950300", origin="VN"))
    assert [r["id"] for r in at.regime["duty"]] == ["D-TARIFF"]
    assert [r["id"] for r in above.regime["duty"]] == ["D-FLAT-BIG"]


def test_small_duty_is_not_collected(book: RatesBook) -> None:
    patched = _patch_regime(
        book, duty_rules=[_rule("D-TARIFF", {}, method="tariff", waive_up_to={"amount": "5", "currency": "CHF"})]
    )
    small = q(patched, item("a", "125.00", "CHF", hs="950300", origin="VN"))  # 4 % = 5.00: waived
    assert [(d.amount, d.label.endswith("not collected")) for d in small.lines_of("duty")] == [(Decimal("0.00"), True)]
    assert small.lines_of("tax")[0].base == Decimal("125.00")
    large = q(patched, item("a", "125.50", "CHF", hs="950300", origin="VN"))  # 5.02: collected
    assert [d.amount for d in large.lines_of("duty")] == [Decimal("5.02")]


def test_customs_value_uplift_enters_the_tax_base(book: RatesBook) -> None:
    patched = _patch_regime(
        book,
        tax_rules=[_rule("T-UPLIFT", {}, method="import", base=["customs_value", "duty"], customs_value_uplift="0.1")],
    )
    result = q(patched, item("a", "400.00", "CHF", hs="950300", origin="VN"), overrides={"duty_rates": {"a": "0.45"}})
    tax = result.lines_of("tax")[0]
    assert (tax.base, tax.amount) == (Decimal("620.00"), Decimal("62.00"))  # 400 + 180 + 40
