"""Totals that leave out mandatory costs, charges above the total shown, and fees revealed late.

The arithmetic is deliberately cautious: a violation needs a specific cause (a line marked as not in the
total, a charged total above the shown one, a gap equal to a mandatory line, a cost deferred on the last
step before ordering). A gap nothing explains is reported as *incomplete*, for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from checkoutguard.audit.model import CheckoutDocument, Line, Node, step_index
from checkoutguard.audit.rules.base import Check, Context, tolerance
from checkoutguard.data.periods import in_force
from checkoutguard.errors import CheckoutGuardError
from checkoutguard.landed_cost.book import default_book

__all__ = ["drip_pricing", "total_incomplete"]

_EVERYTHING: Final = frozenset({"shipping", "tax", "duty", "fee", "surcharge"})
#: California's listed price must hold every mandatory fee except government taxes and shipping.
_CALIFORNIA: Final = frozenset({"fee", "surcharge"})
_FINAL_STEPS: Final = ("payment", "review")
_APPLIES: Final = {"shipping": "shipping", "tax": "tax", "duty": "duty", "fees": "fee", "total": "tax"}
#: VAT and GST rates in use (standard and reduced; EU, EEA, UK, CH, AU, NZ, CA, IN), for a buyer's country
#: the rates data does not know: a tax row equal to total × r / (1 + r) for one of them is the tax contained
#: in a tax-inclusive total, not a cost left out.
_RATES: Final = tuple(
    Decimal(r) / 100
    for r in (
        *("2.1", "2.5", "2.6", "3", "3.8", "4", "5", "5.5", "6", "7", "8", "8.1", "9", "10", "12", "13", "14"),
        *("15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "25.5", "27"),
    )
)


def _counted(context: Context) -> frozenset[str]:
    return _CALIFORNIA if not context.jurisdictions & {"eea", "uk"} else _EVERYTHING


def _money(value: Decimal, currency: str | None) -> str:
    return f"{value} {currency}" if currency else str(value)


def _is_final(document: CheckoutDocument) -> bool | None:
    index = step_index(document, document.step)
    if index is None:
        return None
    finals = [step_index(document, s) for s in _FINAL_STEPS if s in document.steps]
    threshold = min((i for i in finals if i is not None), default=len(document.steps) - 1)
    return index >= threshold


def _before_total(document: CheckoutDocument, lines: Iterable[Line]) -> list[Line]:
    """Lines that can be part of the total: on a page, those shown above it (rows after the total, such
    as a net/VAT breakdown, only explain it)."""
    total = document.total
    if total is None or total.node is None or total.node.span is None:
        return list(lines)
    at = total.node.span[0]
    return [line for line in lines if line.node is None or line.node.span is None or line.node.span[0] < at]


def total_incomplete(document: CheckoutDocument, context: Context) -> list[Check]:
    """The total shown must include every mandatory cost, and the charge must not exceed it."""
    checks: list[Check] = []
    currency = document.currency
    total = document.total
    counted = _counted(context)
    if document.charged_total is not None and total is not None:
        charged = document.charged_total.amount
        if charged > total.amount + tolerance(1):
            checks.append(
                Check(
                    "violation",
                    f"The buyer would be charged {_money(charged, currency)}, more than the "
                    f"{_money(total.amount, currency)} shown.",
                    document.charged_total.node,
                    impact="critical",
                )
            )
        else:
            checks.append(
                Check("pass", "The charged total does not exceed the total shown.", document.charged_total.node)
            )
    for line in document.lines:
        if (
            line.kind in counted
            and line.mandatory
            and line.included is False
            and not line.in_prices
            and line.payable == "checkout"
            and (line.amount or 0) > 0
        ):
            checks.append(
                Check(
                    "violation",
                    f"The mandatory {line.kind} {line.label!r} ({_money(line.amount or Decimal(0), currency)}) is "
                    "shown beside the total but not counted in it.",
                    line.node,
                )
            )
    final = _is_final(document)
    for notice in document.notices:
        if notice.kind == "deferred" and _APPLIES.get(notice.applies_to, "fee") in counted:
            if notice.applies_to == "fees":
                # Shipping and taxes may be worked out later; a fee the shop adds to every order is known
                # now and belongs in every price it shows (DMCCA s. 230, Cal. Civ. Code § 1770(a)(29)).
                checks.append(
                    Check(
                        "violation",
                        f"A fee is left out of the total shown and added later ({notice.text[:80]!r}): the "
                        "total is not the total price.",
                        notice.node,
                    )
                )
            elif final:
                checks.append(
                    Check(
                        "violation",
                        f"On the last step before ordering, the {notice.applies_to} is still to be calculated "
                        f"({notice.text[:80]!r}): the total shown is not the total price.",
                        notice.node,
                    )
                )
            elif final is None:
                checks.append(
                    Check(
                        "incomplete",
                        f"The page says the {notice.applies_to} comes later ({notice.text[:80]!r}); if this is the "
                        "step before the order, the total is incomplete (mark the page with data-checkoutguard-step).",
                        notice.node,
                    )
                )
        elif notice.kind == "tax_excluded" and notice.applies_to == "total" and context.jurisdictions & {"eea", "uk"}:
            checks.append(Check("violation", f"The total is shown without tax ({notice.text[:80]!r}).", notice.node))
    if total is None:
        if not checks:
            checks.append(
                Check(
                    "incomplete",
                    'No total was found; mark it with data-checkoutguard-line="total" so it can be checked.',
                )
            )
        return checks
    checks.extend(_arithmetic(document, counted, context))
    checks.extend(_against_quote(document))
    return checks


def _arithmetic(document: CheckoutDocument, counted: frozenset[str], context: Context) -> list[Check]:
    total = document.total
    assert total is not None
    currency = document.currency
    lines = [line for line in _before_total(document, document.lines) if line.amount is not None]
    subtotals = [line for line in lines if line.kind == "subtotal"]
    goods = [line for line in lines if line.kind == "goods"]
    base_lines = subtotals[:1] if subtotals else goods
    if not base_lines:
        return [Check("pass", f"A total of {_money(total.amount, currency)} is shown.", total.node)]
    base = sum((line.amount or Decimal(0) for line in base_lines), Decimal(0))
    if subtotals and document.source == "html":
        # On a page, a subtotal sums the rows above it (a payment fee among the line items included).
        lines = lines[lines.index(subtotals[0]) + 1 :]
    adds = [
        line
        for line in lines
        if (line.kind in counted or line.kind == "add_on")
        and line.payable == "checkout"
        and not line.in_prices
        and line.included is not False
    ]
    discount = sum((line.amount or Decimal(0) for line in lines if line.kind == "discount"), Decimal(0))
    expected = base + sum((line.amount or Decimal(0) for line in adds), Decimal(0)) - discount
    slack = tolerance(len(adds) + len(base_lines) + 1)
    gap = expected - total.amount
    if abs(gap) <= slack:
        return [Check("pass", f"The total {_money(total.amount, currency)} adds up the lines shown.", total.node)]
    if gap < 0:
        if counted != _EVERYTHING:
            return [Check("pass", "The total includes every mandatory fee shown.", total.node)]
        return [
            Check(
                "incomplete",
                f"The total {_money(total.amount, currency)} is {_money(-gap, currency)} more than the lines shown "
                "add up to: an unexplained charge, or a line the extractor missed.",
                total.node,
            )
        ]
    mandatory = [line for line in adds if line.mandatory and line.kind != "add_on"]
    culprits = [line for line in mandatory if abs((line.amount or Decimal(0)) - gap) <= slack]
    fees = [line for line in mandatory if line.kind in ("fee", "surcharge")]
    if not culprits and fees and abs(sum((f.amount or Decimal(0) for f in fees), Decimal(0)) - gap) <= slack:
        culprits = fees
    taxes = [line for line in adds if line.kind == "tax"]
    tax = sum((line.amount or Decimal(0) for line in taxes), Decimal(0))
    if taxes and abs(tax - gap) <= slack:
        contained = _contained_tax(tax, total.amount, slack, total.node, _country_rates(context))
        if contained is not None:
            return [contained]
    if culprits:
        names = ", ".join(f"{line.label!r} ({_money(line.amount or Decimal(0), currency)})" for line in culprits)
        return [
            Check(
                "violation",
                f"The total {_money(total.amount, currency)} leaves out {names}: the lines add up to "
                f"{_money(expected, currency)}.",
                culprits[0].node or total.node,
                data={"expected": str(expected), "shown": str(total.amount)},
            )
        ]
    return [
        Check(
            "incomplete",
            f"The lines add up to {_money(expected, currency)} but the total shows {_money(total.amount, currency)}; "
            "no single line explains the difference.",
            total.node,
        )
    ]


def _country_rates(context: Context) -> tuple[Decimal, ...]:
    """The buyer's country's VAT/GST rates in force (standard and every category), from the rates data;
    the rates in use worldwide when the data has none for it."""
    try:
        profile = default_book().vat(context.country)
    except CheckoutGuardError:
        profile = None
    if profile is None or not profile.levies_vat:
        return _RATES
    periods = [profile.standard, *profile.categories.values()]
    found = {period.value for periods_ in periods if (period := in_force(periods_, context.on)) is not None}
    return tuple(sorted(found)) or _RATES


def _rate_of(tax: Decimal, base: Decimal, slack: Decimal, rates: tuple[Decimal, ...]) -> Decimal | None:
    """The rate ``r`` among ``rates`` with ``tax`` = ``base`` × r to the cent (``slack``), if any."""
    return next((r for r in rates if abs(base * r - tax) <= slack), None)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}"


def _contained_tax(
    tax: Decimal, total: Decimal, slack: Decimal, node: Node | None, rates: tuple[Decimal, ...]
) -> Check | None:
    """The lines without their tax rows add up to the total: either the tax is inside a tax-inclusive
    total (tax = total × r / (1 + r)) or it was left out (tax = total × r). The buyer's country's rates
    decide; a tax neither explains is left for review, not called a violation."""
    if tax <= 0 or tax >= total:
        return None
    inclusive = _rate_of(tax, total - tax, slack, rates)
    if inclusive is not None:
        return Check(
            "pass",
            f"The tax shown ({tax}) is the {_percent(inclusive)} % contained in the total {total}: "
            f"{total} × r / (1 + r) with r = {_percent(inclusive)} %.",
            node,
            data={"rate": str(inclusive), "tax": str(tax), "shown": str(total)},
        )
    if _rate_of(tax, total, slack, rates) is not None:
        return None  # tax = total × r: computed on the total and then not added to it
    return Check(
        "incomplete",
        f"The lines add up to the total {total} without the tax rows ({tax}), and no VAT rate in use makes "
        "that tax either contained in the total or added to it: check whether the total includes tax.",
        node,
    )


def _against_quote(document: CheckoutDocument) -> list[Check]:
    quote = document.landed_cost
    total = document.total
    if not quote or total is None:
        return []
    at_checkout = (quote.get("totals") or {}).get("checkout")
    if at_checkout is None or (document.currency and quote.get("currency") != document.currency):
        return []
    due = Decimal(at_checkout)
    if due > total.amount + tolerance(2):
        return [
            Check(
                "violation",
                f"The landed-cost quote puts the amount due at checkout at {_money(due, document.currency)}, more "
                f"than the {_money(total.amount, document.currency)} shown: duties or import taxes are left out.",
                total.node,
            )
        ]
    return []


def drip_pricing(document: CheckoutDocument, context: Context) -> list[Check]:
    """A mandatory fee must not first appear at a later step than the first price."""
    counted = {"fee", "surcharge"} | ({"tax"} if context.jurisdictions & {"eea", "uk"} else set())
    fees = [
        line
        for line in document.lines
        if line.kind in counted and line.mandatory and not line.in_prices and (line.amount or 0) > 0
    ]
    # A fee the page itself says is added at a later step ("a 3% service fee is added at checkout") is
    # dripped by the page's own words, whatever step this is.
    announced = [
        Check(
            "violation",
            f"The page says a fee is added at a later step ({notice.text[:80]!r}): it is not part of the price "
            "shown now.",
            notice.node,
        )
        for notice in document.notices
        if notice.kind == "deferred" and notice.applies_to == "fees"
    ]
    if not fees:
        return announced
    first_prices = [
        step_index(document, line.first_step) for line in document.lines if line.kind in ("goods", "subtotal")
    ]
    if document.total is not None:
        first_prices.append(step_index(document, document.total.first_step))
    known = [i for i in first_prices if i is not None]
    reference = min(known) if known else None
    checks: list[Check] = []
    for line in fees:
        index = step_index(document, line.first_step)
        if index is None or reference is None:
            checks.append(
                Check(
                    "incomplete",
                    f"The {line.kind} {line.label!r} has no step: audit every step's page, or mark the step where "
                    "it first appears with data-checkoutguard-first-step.",
                    line.node,
                )
            )
        elif index > reference:
            checks.append(
                Check(
                    "violation",
                    f"The {line.kind} {line.label!r} first appears at the {line.first_step} step, after prices were "
                    f"shown at the {document.steps[reference]} step.",
                    line.node,
                )
            )
        else:
            checks.append(Check("pass", f"The {line.kind} {line.label!r} is shown from the first price on.", line.node))
    return [*announced, *checks]
