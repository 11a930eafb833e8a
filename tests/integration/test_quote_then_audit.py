"""The landed-cost quote feeds the audit: duties the carrier will collect must be on the checkout page.

A DAP order of a laptop and a sleeve from China to Germany: the quote puts duty and import VAT on delivery
(EUR 186.01: 3.7 % duty on the sleeve's CIF value, 19 % VAT on CIF + duty). A checkout that shows only the
goods and shipping hides that from the buyer (CRD Art. 6(1)(e)); one that shows the amount passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from checkoutguard import quote
from checkoutguard.audit import audit

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 23)


def _quote() -> dict[str, object]:
    document = json.loads((ROOT / "examples" / "de-laptop-dap.json").read_text())
    document["date"] = ON.isoformat()
    result = quote(document, today=ON)
    assert result.totals.delivery == Decimal("186.01")
    return result.to_dict()


def _checkout(extra_lines: list[dict[str, object]]) -> dict[str, object]:
    lines = [
        {"kind": "goods", "label": "14-inch laptop", "amount": "899.00"},
        {"kind": "goods", "label": "Laptop sleeve", "amount": "29.00"},
        {"kind": "shipping", "label": "Versand", "amount": "35.00"},
        {"kind": "fee", "label": "Versicherung", "amount": "9.00"},
        *extra_lines,
    ]
    return {"version": 1, "currency": "EUR", "lines": lines, "total": {"amount": "972.00"}}


def test_undisclosed_duties_are_a_violation_and_disclosed_ones_pass() -> None:
    landed = _quote()
    hidden = audit(_checkout([]), country="DE", on=ON, landed_cost=landed)
    assert [f.id for f in hidden.violations] == ["duties-undisclosed"]
    assert "186.01" in json.dumps(hidden.to_dict())
    disclosed = _checkout(
        [
            {
                "kind": "duty",
                "label": "Zoll und Einfuhrumsatzsteuer bei Lieferung",
                "amount": "186.01",
                "payable": "delivery",
                "included_in_total": False,
            }
        ]
    )
    shown = audit(disclosed, country="DE", on=ON, landed_cost=landed)
    assert "duties-undisclosed" in [f.id for f in shown.passes]
    assert [f.id for f in shown.violations] == []


def test_cli_pipeline_quote_then_audit(tmp_path: Path) -> None:
    quote_file = tmp_path / "quote.json"
    order = json.loads((ROOT / "examples" / "de-laptop-dap.json").read_text())
    order["date"] = ON.isoformat()
    done = subprocess.run(
        [sys.executable, "-m", "checkoutguard", "quote", "-", "--today", ON.isoformat()],
        input=json.dumps(order),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    quote_file.write_text(done.stdout)
    checkout_file = tmp_path / "checkout.json"
    checkout_file.write_text(json.dumps(_checkout([])))
    audited = subprocess.run(
        [
            sys.executable,
            "-m",
            "checkoutguard",
            "audit",
            str(checkout_file),
            "--country",
            "DE",
            "--landed-cost",
            str(quote_file),
            "--date",
            ON.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audited.returncode == 1, audited.stderr
    assert "duties-undisclosed" in audited.stdout
