"""Checkout documents and pages for journey tests: a shirt at 40.00, with or without a service fee."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from checkoutguard.audit import load_document
from checkoutguard.journey import StepView, observe

Line = tuple[str, str, str]


def document(
    step: str,
    lines: Sequence[Line | dict[str, Any]],
    *,
    currency: str = "GBP",
    notices: Sequence[dict[str, Any]] = (),
    add_ons: Sequence[dict[str, Any]] = (),
    total: str | None = "auto",
    steps: Sequence[str] = (),
) -> dict[str, Any]:
    """A checkout document; ``total="auto"`` adds the lines up by hand-written arithmetic (discounts off)."""
    items = [
        line if isinstance(line, dict) else {"kind": line[0], "label": line[1], "amount": line[2]} for line in lines
    ]
    result: dict[str, Any] = {"currency": currency, "step": step, "lines": items}
    if total == "auto":
        signed = [Decimal(i["amount"]) * (-1 if i["kind"] == "discount" else 1) for i in items]
        result["total"] = {"amount": str(sum(signed, Decimal(0)))}
    elif total is not None:
        result["total"] = {"amount": total}
    if steps:
        result["steps"] = list(steps)
    if notices:
        result["notices"] = list(notices)
    if add_ons:
        result["add_ons"] = list(add_ons)
    return result


def view(step: str, lines: Sequence[Line | dict[str, Any]], **kwargs: Any) -> StepView:
    return observe(load_document(document(step, lines, **kwargs)), step)


SHIRT: Line = ("goods", "Shirt", "40.00")
FEE: Line = ("fee", "Service fee", "2.50")
SHIPPING: Line = ("shipping", "Standard delivery", "3.90")


def page(step: str | None, rows: Sequence[tuple[str, str, str]], *, extra: str = "", currency: str = "GBP") -> str:
    """A checkout page marked with data-checkoutguard attributes (kind, label, amount per row); with
    ``step`` None the page does not say which step it is (the URL has to)."""
    body = "".join(
        f'<tr><th>{label}</th><td data-checkoutguard-line="{kind}" data-checkoutguard-label="{label}">'
        f"£{amount}</td></tr>"
        for kind, label, amount in rows
    )
    total = sum((Decimal(a) * (-1 if k == "discount" else 1) for k, _, a in rows), Decimal(0))
    marked = f' data-checkoutguard-step="{step}"' if step else ""
    return (
        f'<!doctype html><html lang="en"><body{marked} '
        f'data-checkoutguard-currency="{currency}"><h1>Checkout: {step or "your order"}</h1><table>{body}'
        f'<tr><th>Total</th><td data-checkoutguard-line="total">£{total}</td></tr></table>{extra}</body></html>'
    )
