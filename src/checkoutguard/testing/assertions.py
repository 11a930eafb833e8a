"""Assertions for a merchant's own tests: plain ``AssertionError`` naming the rule, the law and the node.

They run the same audit the middleware runs (``checkoutguard.audit.audit``) on a page or a checkout
document, for a buyer in ``country``, and fail on what a QA team must not ship. They are stricter than the
audit where the audit leaves a question open (``incomplete``): a test cannot pass on what was not checked.
Work in any test runner; need neither pytest nor Hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Any

from checkoutguard.audit import AuditReport, Finding, audit
from checkoutguard.landed_cost import Quote
from checkoutguard.money import CONTEXT, quantum

__all__ = [
    "assert_no_preselected_addons",
    "assert_no_preticked_consent",
    "assert_quote_consistent",
    "assert_transparent",
    "describe",
]

_TRANSPARENCY = ("total-incomplete", "drip-pricing", "duties-undisclosed")
#: The duties rule's question when no quote was given: not the page's fault, and said in the docstring.
_NO_QUOTE = "No landed-cost quote was supplied"


def _law(finding: Finding) -> str:
    if not finding.citations:
        return "no law cited"
    return "; ".join(f"{c.law} {c.article}".strip() for c in finding.citations)


def describe(findings: Iterable[Finding], outcome: str = "violation") -> str:
    """One line per node: outcome, rule id, the law, where (target and snippet), and what is wrong."""
    out = []
    for finding in findings:
        for node in finding.nodes:
            where = ", ".join(node.node.to_dict()["target"]) if node.node else "(the page as a whole)"
            snippet = f" {node.node.html[:120]!r}" if node.node and node.node.html else ""
            out.append(f"{outcome} {finding.id} [{_law(finding)}] at {where}{snippet}: {node.message}")
    return "\n".join(out)


def _quote_json(quote: Quote | Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if quote is None or isinstance(quote, Mapping):
        return quote
    return quote.to_dict()


def _audit(
    checkout: str | bytes | Mapping[str, Any],
    country: str,
    subdivision: str | None,
    landed_cost: Mapping[str, Any] | None = None,
) -> AuditReport:
    return audit(checkout, country=country, subdivision=subdivision, landed_cost=landed_cost, fail_on="minor")


def _fail(title: str, report: AuditReport, rules: tuple[str, ...], *, strict: bool) -> None:
    violations = [f for f in report.violations if f.id in rules]
    open_questions = [
        f
        for f in report.incomplete
        if f.id in (*rules, "checkout-document") and not any(n.message.startswith(_NO_QUOTE) for n in f.nodes)
    ]
    problems = describe(violations)
    if strict and open_questions:
        problems = "\n".join(p for p in (problems, describe(open_questions, "unchecked")) if p)
    if problems:
        where = report.buyer.get("subdivision") or report.buyer.get("country")
        raise AssertionError(f"{title} for a buyer in {where}:\n{problems}")


def assert_transparent(
    checkout: str | bytes | Mapping[str, Any],
    quote: Quote | Mapping[str, Any] | None = None,
    *,
    country: str,
    subdivision: str | None = None,
) -> None:
    """The displayed lines add up to the displayed total, the charge equals it, every mandatory fee is in
    it from the first price on, and (given the landed-cost ``quote``) duties due on delivery are shown.

    Fails on a violation of ``total-incomplete``, ``drip-pricing`` or ``duties-undisclosed``, and on any of
    their open questions (a gap no line explains, a total that could not be read), except the missing quote
    when none was given. In a country where none of these rules applies there is nothing to hold the page to.
    """
    report = _audit(checkout, country, subdivision, _quote_json(quote))
    _fail("The checkout is not transparent", report, _TRANSPARENCY, strict=True)
    document = report.document
    total, charged = document.total, document.charged_total
    in_scope = "total-incomplete" not in report.inapplicable
    if in_scope and total is not None and charged is not None and charged.amount != total.amount:
        where = ", ".join(charged.node.to_dict()["target"]) if charged.node else "the charged total"
        raise AssertionError(
            f"The checkout is not transparent: total-incomplete at {where}: the buyer would be charged "
            f"{charged.amount}, the page shows {total.amount}; charged must equal displayed."
        )


def assert_no_preticked_consent(
    page: str | bytes | Mapping[str, Any], *, country: str, subdivision: str | None = None
) -> None:
    """No marketing, data-sharing or cookie consent is given by default (ticked, or opt-out wording), and
    none is a condition of the order; a ticked box whose purpose cannot be read fails too (mark it with
    ``data-checkoutguard-purpose``)."""
    report = _audit(page, country, subdivision)
    _fail("Consent is given by default", report, ("consent-preticked", "consent-required"), strict=True)


def assert_no_preselected_addons(
    page: str | bytes | Mapping[str, Any], *, country: str, subdivision: str | None = None
) -> None:
    """No paid extra (insurance, warranty, donation, priority...) is selected before the buyer chooses it;
    an extra the page cannot price, or one in the summary that no control offers, fails too."""
    report = _audit(page, country, subdivision)
    _fail("A paid extra is selected by default", report, ("addon-preselected",), strict=True)


def _quote_parts(quote: Quote | Mapping[str, Any]) -> tuple[str, list[tuple[str, str, str]], Mapping[str, Any]]:
    """(currency, [(path, amount text, payable)], totals) from a Quote or its JSON form."""
    if isinstance(quote, Quote):
        parts = [
            (f"lines[{i}] ({line.label})", str(line.amount), str(line.payable)) for i, line in enumerate(quote.lines)
        ]
        return quote.currency, parts, quote.totals.to_dict()
    lines: list[tuple[str, str, str]] = [
        (f"lines[{i}] ({line.get('label', '')})", str(line.get("amount")), str(line.get("payable", "checkout")))
        for i, line in enumerate(quote.get("lines") or ())
    ]
    return str(quote.get("currency")), lines, quote.get("totals") or {}


def assert_quote_consistent(quote: Quote | Mapping[str, Any]) -> None:
    """Lines sum exactly to the totals in minor units, none is negative, and every amount is rounded to
    the currency's minor unit (a quote rounds each line, then adds the rounded lines)."""
    with localcontext(CONTEXT):  # sums under the project's context, whatever the host application set
        _consistent(quote)


def _consistent(quote: Quote | Mapping[str, Any]) -> None:
    code, lines, totals = _quote_parts(quote)
    step = quantum(code)
    rule = "quote-arithmetic [rounding per line to the minor unit; totals are sums of rounded lines]"
    problems: list[str] = []

    def amount(path: str, text: object) -> Decimal | None:
        try:
            value = Decimal(str(text))
        except ArithmeticError:
            problems.append(f"{path}: {text!r} is not an amount")
            return None
        if not value.is_finite():
            problems.append(f"{path}: {text!r} is not a finite amount")
            return None
        if value.as_tuple().exponent != step.as_tuple().exponent:
            problems.append(f"{path}: {text} is not written in {code}'s minor unit ({step})")
        if value < 0:
            problems.append(f"{path}: {text} is negative")
        return value

    sums = {"checkout": Decimal(0), "delivery": Decimal(0)}
    for path, text, payable in lines:
        value = amount(path, text)
        if value is not None:
            sums[payable if payable in sums else "checkout"] += value
    shown = {key: amount(f"totals.{key}", totals.get(key)) for key in ("checkout", "delivery", "grand")}
    expected = {
        "checkout": sums["checkout"],
        "delivery": sums["delivery"],
        "grand": sums["checkout"] + sums["delivery"],
    }
    for key, value in shown.items():
        if value is not None and value != expected[key]:
            problems.append(f"totals.{key}: {value} {code}, but its lines add up to {expected[key]} {code}")
    if problems:
        raise AssertionError(f"The quote is inconsistent ({rule}):\n" + "\n".join(problems))
