"""The drip-pricing judgement of a journey so far: charges that appear late, totals that rise unasked.

Two rules, judged on every guarded page under the laws in force for the buyer that day:

``journey-drip-pricing``
    A mandatory charge the law counts is first seen at a step, while a page at an earlier step showed a
    price without it (and did not say that kind of cost comes later). The finding names both steps.
``journey-total-increased``
    The total on this page is above the first all-in price the buyer was shown, by more than the buyer's
    own changes explain (goods added, extras chosen, discounts removed) and the charges the law lets come
    later (taxes and shipping in most US states, a cost an earlier page said was to come).

One pass over the views and their lines: linear in the journey's size, which the stores bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.model import STEPS
from checkoutguard.audit.report import Finding, NodeResult
from checkoutguard.audit.rules.base import Citation, tolerance
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.journey.laws import DripLaw, laws_for, tags_of
from checkoutguard.journey.model import Journey, SeenLine, StepView
from checkoutguard.money import CONTEXT

__all__ = ["DRIP", "RULE_IDS", "TOTAL", "JourneyReport", "judge"]

DRIP: Final = "journey-drip-pricing"
TOTAL: Final = "journey-total-increased"
RULE_IDS: Final = (DRIP, TOTAL)
_IMPACT: Final = "serious"
_TEXT: Final = {
    DRIP: (
        "A mandatory charge first appears at a later checkout step than the price it adds to.",
        "Every unavoidable charge belongs in the price from the first step that shows one; on this journey a "
        "page at an earlier step showed the price without it.",
        "Include the charge in the price and the total from the first step that shows a price; where it cannot "
        "be calculated yet, say on that step that it will be added and how it is calculated.",
    ),
    TOTAL: (
        "The total grew after the first all-in price was shown, by more than the buyer's own choices explain.",
        "A later total may differ from the all-in price first displayed only by what the buyer changed (goods, "
        "extras, delivery options) and by the charges the law lets come later.",
        "Show the same all-in price from the first step on; let only the buyer's choices change it.",
    ),
}


@dataclass(frozen=True, slots=True)
class JourneyReport:
    """The judgement of a journey so far, in the audit report's shape (violations / passes / incomplete /
    inapplicable). ``steps`` are the steps seen, in order, ``pages`` the number of pages judged; ``notes``
    say what could not be judged."""

    violations: tuple[Finding, ...]
    passes: tuple[Finding, ...]
    incomplete: tuple[Finding, ...]
    inapplicable: tuple[str, ...]
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()
    pages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": list(self.steps),
            "pages": self.pages,
            "summary": {name: len(getattr(self, name)) for name in ("violations", "passes", "incomplete")},
            "violations": [f.to_dict() for f in self.violations],
            "passes": [f.to_dict() for f in self.passes],
            "incomplete": [f.to_dict() for f in self.incomplete],
            "inapplicable": list(self.inapplicable),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class _Check:
    rule: str
    outcome: str
    message: str
    kinds: frozenset[str]
    data: dict[str, Any]


def _money(value: Decimal, currency: str | None) -> str:
    return f"{value} {currency}" if currency else str(value)


def _sum(lines: Iterable[SeenLine]) -> Decimal:
    return CONTEXT.create_decimal(sum((line.amount for line in lines), Decimal(0)))


def _drip(views: Sequence[StepView], index: dict[str, int], counted: frozenset[str], cut: bool) -> list[_Check]:
    first_seen: dict[tuple[str, str], tuple[int, SeenLine]] = {}
    for position, view in enumerate(views):
        for line in view.lines:
            if line.role == "fee" and line.kind in counted and line.amount > 0 and line.key not in first_seen:
                first_seen[line.key] = (position, line)
    # Each priced page once, with its step's place and the charges it shows, so the loop below does
    # set lookups: pages (≤ a store's max_views) × charges, not pages × charges × lines.
    priced = [(view, index[view.step], frozenset(x.key for x in view.lines)) for view in views if view.shows_price]
    checks = []
    for key, (position, line) in first_seen.items():
        seen_at = views[position]
        at = index[seen_at.step]
        earlier = [view for view, i, keys in priced if i < at and key not in keys and line.kind not in view.deferred]
        currency = seen_at.currency
        data: dict[str, Any] = {"kind": line.kind, "label": line.label, "amount": str(line.amount)}
        if not earlier:
            # A pass names the first step with a price and the first step showing the charge.
            first_price = min((view for view, _, _ in priced), key=lambda view: index[view.step], default=seen_at)
            shown_from = min(
                (view.step for view in views if view.has(key)), key=index.__getitem__, default=seen_at.step
            )
            data["steps"] = [first_price.step, shown_from]
            message = f"The {line.kind} {line.label!r} is shown from the {shown_from} step on"
            message += (
                "." if shown_from == first_price.step else f"; prices are shown from the {first_price.step} step."
            )
            checks.append(_Check(DRIP, "pass", message, frozenset({line.kind}), data))
            continue
        reference = min(earlier, key=lambda view: index[view.step])
        data["steps"] = [reference.step, seen_at.step]
        data["price_without_it"] = str(reference.total) if reference.total is not None else None
        outcome = "incomplete" if cut and position == len(views) - 1 else "violation"
        message = (
            f"The {line.kind} {line.label!r} ({_money(line.amount, currency)}) first appears at the {seen_at.step} "
            f"step; the {reference.step} step showed a price without it."
        )
        if outcome == "incomplete":
            message += " The journey was longer than the store keeps, so an earlier sight of it may be missing."
        checks.append(_Check(DRIP, outcome, message, frozenset({line.kind}), data))
    return checks


def _total(views: Sequence[StepView], counted: frozenset[str]) -> list[_Check]:
    current = views[-1]
    first = next((view for view in views if view.total is not None), None)
    if first is None or first is current or current.total is None or first.total is None:
        return []
    currency = current.currency
    steps = [first.step, current.step]
    rise = CONTEXT.subtract(current.total, first.total)
    data: dict[str, Any] = {"steps": steps, "first_total": str(first.total), "total": str(current.total)}
    if rise <= tolerance(1):
        message = f"The total {_money(current.total, currency)} is not above the {first.step} step's all-in price."
        return [_Check(TOTAL, "pass", message, frozenset(), data)]
    base_before, base_now = first.base(), current.base()
    if base_before is None or base_now is None:
        message = (
            f"The total rose from {_money(first.total, currency)} at the {first.step} step to "
            f"{_money(current.total, currency)}, and a page does not show the goods price, so whether the buyer "
            "changed the order cannot be told (mark goods or subtotal lines)."
        )
        return [_Check(TOTAL, "incomplete", message, frozenset(), data)]

    def delta(chosen: Iterable[SeenLine], before: Iterable[SeenLine]) -> Decimal:
        return CONTEXT.subtract(_sum(chosen), _sum(before))

    later_ok = frozenset(line.kind for line in current.lines if line.kind not in counted) | first.deferred
    buyer = CONTEXT.subtract(base_now, base_before)
    buyer += delta((x for x in current.lines if x.role == "choice"), (x for x in first.lines if x.role == "choice"))
    buyer -= delta((x for x in current.lines if x.role == "discount"), (x for x in first.lines if x.role == "discount"))
    allowed = delta(
        (x for x in current.lines if x.role == "fee" and x.kind in later_ok),
        (x for x in first.lines if x.role == "fee" and x.kind in later_ok),
    )
    unexplained = CONTEXT.subtract(CONTEXT.subtract(rise, buyer), allowed)
    slack = tolerance(len(current.lines) + len(first.lines) + 2)
    data |= {"rise": str(rise), "buyer_changes": str(buyer), "allowed_later": str(allowed)}
    if unexplained <= slack:
        message = (
            f"The total rose from {_money(first.total, currency)} to {_money(current.total, currency)}: the "
            "buyer's choices and charges the law lets come later explain it."
        )
        return [_Check(TOTAL, "pass", message, frozenset(), data)]
    added = [
        line
        for line in current.lines
        if line.role == "fee" and line.kind not in later_ok and not first.has(line.key) and line.amount > 0
    ]
    data["unexplained"] = str(unexplained)
    data["charges"] = [{"kind": x.kind, "label": x.label, "amount": str(x.amount)} for x in added]
    because = ", ".join(f"{x.label!r} ({_money(x.amount, currency)})" for x in added) or "no line shown"
    message = (
        f"The total rose from {_money(first.total, currency)} at the {first.step} step to "
        f"{_money(current.total, currency)} at the {current.step} step; {_money(unexplained, currency)} of it is "
        f"not the buyer's choice ({because})."
    )
    # A fee that scales with the goods (a percentage) changes with the buyer's order: a person decides.
    outcome = "incomplete" if buyer != 0 and not added else "violation"
    return [_Check(TOTAL, outcome, message, frozenset(x.kind for x in added) or counted, data)]


def _findings(checks: Sequence[_Check], laws: Sequence[DripLaw]) -> dict[str, list[Finding]]:
    lists: dict[str, list[Finding]] = {"violation": [], "pass": [], "incomplete": []}
    for rule in RULE_IDS:
        for outcome, found in lists.items():
            chosen = [c for c in checks if c.rule == rule and c.outcome == outcome]
            if not chosen:
                continue
            kinds = frozenset().union(*(c.kinds for c in chosen))
            citing = [law for law in laws if law.counts & kinds] or list(laws)
            citations: tuple[Citation, ...] = tuple(law.citation for law in citing)
            impact = None if outcome == "pass" else _IMPACT
            fix = _TEXT[rule][2] if outcome == "violation" else ""
            nodes = tuple(NodeResult(None, c.message, impact, fix, None, c.data) for c in chosen)
            description, help_text, _ = _TEXT[rule]
            tags = (*tags_of(citing), "drip-pricing", "journey")
            found.append(
                Finding(rule, impact, description, help_text, f"docs/journey.md#{rule}", citations, tags, nodes)
            )
    return lists


def judge(
    journey: Journey,
    *,
    country: str,
    subdivision: str | None = None,
    on: date | None = None,
    steps: Sequence[str] = STEPS,
) -> JourneyReport:
    """Judge ``journey`` (its last view is the page being served) for a buyer in ``country``.

    ``steps`` is the step order; views at other steps are left out. Unknown country or subdivision codes
    raise ``InvalidInput``; a journey never does.
    """
    code = country_code(country)
    region = subdivision_code(code, subdivision) if subdivision else None
    laws = laws_for(code, region, on or date.today())
    index = {step: i for i, step in enumerate(steps)}
    notes: list[str] = []
    views = [view for view in journey.views if view.step in index]
    if len(views) < len(journey.views):
        notes.append(f"{len(journey.views) - len(views)} page(s) at steps outside {list(steps)} were left out")
    if views and views[-1].currency:
        same = [view for view in views if view.currency in (None, views[-1].currency)]
        if len(same) < len(views):
            notes.append("pages in another currency were left out")
        views = same
    if journey.unreadable:
        notes.append(f"{journey.unreadable} stored page(s) could not be read and were left out")
    if journey.cut:
        notes.append("the journey had more pages than the store keeps; the middle ones were dropped")
    if any(view.cut for view in views):
        notes.append("a page had more lines than a journey keeps; the rest were not read")
    seen = tuple(dict.fromkeys(view.step for view in views))
    if not laws:
        return JourneyReport((), (), (), RULE_IDS, seen, tuple(notes), len(views))
    counted = frozenset().union(*(law.counts for law in laws))
    checks = [*_drip(views, index, counted, journey.cut), *(_total(views, counted) if views else [])]
    lists = _findings(checks, laws)
    inapplicable = tuple(rule for rule in RULE_IDS if not any(c.rule == rule for c in checks))
    return JourneyReport(
        tuple(lists["violation"]),
        tuple(lists["pass"]),
        tuple(lists["incomplete"]),
        inapplicable,
        seen,
        tuple(notes),
        len(views),
    )
