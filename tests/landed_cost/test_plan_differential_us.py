"""Quote plans replay US answers exactly: postal duty methods, USMCA claims, registrations and ZIP-level local
rates are decided by the layers the ``us`` work added after the plan was written, so the same shapes are quoted
with a remembered plan and afresh, amounts on both sides of the entry-type and postal thresholds."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from checkoutguard.errors import CheckoutGuardError
from checkoutguard.landed_cost import LandedCostCalculator, RatesBook
from checkoutguard.landed_cost.local_rates import LocalRates, LocalRateTable
from quote_builders import TODAY, item, order

ROOT = Path(__file__).resolve().parents[2]
TABLES = LocalRates(
    LocalRateTable.from_csv(p) for p in sorted((ROOT / "examples" / "us-local-rates").glob("TAXRATES_ZIP5_*.csv"))
)


def _outcome(calc: LandedCostCalculator, doc: Any) -> str:
    try:
        result = calc.quote(doc, today=TODAY)
    except CheckoutGuardError as exc:
        return f"{type(exc).__name__}: {exc}"
    return json.dumps(result.to_dict()) + repr(result)


def _documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    shapes = itertools.product(
        ("CN", "VN", "MX", "CA", "NZ"),  # origins with different IEEPA/301/122 treatment
        ("610910", "847130", "940360", "950300"),  # apparel, laptop (Annex II), furniture (232), toys
        ("2025-03-10", "2025-09-15", "2026-03-10"),
        ("post", "courier"),
        (None, "specific", "ad_valorem"),
    )
    for origin, hs, day, transport, method in shapes:
        for amount in ("40.00", "900.00", "3000.00"):  # informal entry, near, above the USD 2,500 formal threshold
            doc = order("US", item("x", amount, "USD", hs=hs, origin=origin), day=day, ship_from=origin)
            doc["transport"] = transport
            doc["ship_to"] = {"country": "US", "subdivision": "US-NY", "postal_code": "10001"}
            doc["merchant"] = {"registrations": ["US-NY"]}
            if method is not None:
                doc["overrides"] = {"us_postal_duty": method}
            if origin in ("MX", "CA"):
                doc["claim_preferences"] = True
            docs.append(doc)
    return docs


def test_us_quotes_from_a_plan_equal_us_quotes_decided_afresh() -> None:
    planned_book = RatesBook().with_local_rates(TABLES)
    fresh_book = RatesBook().with_local_rates(TABLES)
    planned, fresh = LandedCostCalculator(planned_book), LandedCostCalculator(fresh_book)
    docs = _documents()
    outcomes = []
    for doc in [*docs, *reversed(docs)]:
        fresh_book.plans.clear()
        outcome = _outcome(planned, doc)
        assert outcome == _outcome(fresh, doc), doc
        outcomes.append(outcome)
    # The sample is made of quotes, not of errors equal on both sides, and reaches the US layers it is for.
    assert all(o.startswith("{") for o in outcomes)
    assert any("US-POSTAL-SPECIFIC" in o for o in outcomes)
    assert any("US-IEEPA" in o for o in outcomes) and any("US-S122" in o for o in outcomes)
    assert len(planned_book.plans) > 0
