"""Quote plans: what a quote decides from the order's shape, decided once per shape and replayed.

The shape of an order is everything but its amounts: destination, date, currencies, terms, parties and each
item's id, description, HS code, origin and category. From the shape alone follow the destination's rules, the
quote currency and its minor unit, the order facts rule conditions test, and each item's tariff answer. Rule
selection also depends on amounts, through value tests (a consignment of at most EUR 150, an article of at most
GBP 135), so a plan keeps it as a decision tree: each node is a value test the engine ran, each branch one of its
outcomes, each leaf the rules it chose. A quote walks the tree by running the same tests in the same order the
engine would; an outcome never seen before is decided afresh by the engine and added as a new branch.

The plan knows no rule: it records what the engine asked and answered, so new rule modules and data need no
change here. Plans live in the book's ``plans`` memo (bounded, emptied with the book on a data reload).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from checkoutguard.memo import Memo, remember

if TYPE_CHECKING:
    from checkoutguard.landed_cost.book import Destination, Rule
    from checkoutguard.landed_cost.order import Order
    from checkoutguard.landed_cost.selection import Consignment

__all__ = ["MAX_PATHS", "Check", "Decision", "QuotePlan", "plan_key", "store"]

#: Distinct value-test paths a plan keeps; a shape whose amounts keep taking new paths is decided afresh beyond it.
MAX_PATHS: Final = 32
#: Estimated bytes of one item in a plan (its shape tuple and its tariff answer), for the memo's byte budget.
_PER_ITEM: Final = 400
_PER_PATH: Final = 300

#: A warning's code, message and item id, as the engine's ``warn`` takes them.
Notice = tuple[str, str, str | None]
#: A group of items under one rule: the rule and the indexes of its items (shared between quotes: read only).
Groups = list[tuple["Rule", list[int]]]


def plan_key(order: Order) -> tuple[Hashable, ...]:
    """The shape of ``order``: every field a plan's answers depend on, and no amount."""
    return (
        order.ship_to,
        order.subdivision,
        order.postal_code,
        order.date,
        order.currency,
        order.buyer_type,
        order.buyer_tax_id is not None,
        order.registrations,
        order.ship_from,
        order.transport,
        order.claim_preferences,
        tuple([(i.id, i.description, i.hs_code, i.origin, i.category) for i in order.items]),
    )


@dataclass(slots=True)
class Decision:
    """A leaf: the duty and tax rules chosen on one path, and the tariff answers of its items (filled on use)."""

    duty: Groups
    tax: Groups
    tariffs: dict[int, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Check:
    """A node: a value test of ``rule`` (on item ``index``, or the consignment when None) and where each outcome
    leads (absent: not seen yet)."""

    rule: Rule
    index: int | None
    passed: Check | Decision | None = None
    failed: Check | Decision | None = None


class QuotePlan:
    """The shape-only answers for one kind of order (see the module docstring); shared between threads."""

    __slots__ = (
        "currency",
        "dest",
        "facts",
        "item_warnings",
        "labels",
        "paths",
        "place_warnings",
        "root",
        "step",
        "zero",
    )

    def __init__(
        self,
        dest: Destination,
        facts: Consignment,
        currency: str,
        step: Decimal,
        labels: tuple[str, ...] = (),
        item_warnings: tuple[Notice, ...] = (),
        place_warnings: tuple[Notice, ...] = (),
    ) -> None:
        self.dest = dest
        self.facts = facts
        self.currency = currency
        self.step = step
        self.zero = Decimal(0).quantize(step)
        #: Each item's goods label before its quantity, and the warnings its shape alone raises (in the engine's
        #: order: the items' own, then the destination's and the items' origins).
        self.labels = labels
        self.item_warnings = item_warnings
        self.place_warnings = place_warnings
        self.root: Check | Decision | None = None
        self.paths = 0

    def add(self, tests: list[tuple[Rule, int | None, bool]], duty: Groups, tax: Groups) -> Decision:
        """Record the path ``tests`` (in the order the engine ran them) leading to ``duty`` and ``tax``."""
        leaf = Decision(duty, tax)
        with _LOCK:
            if self.paths >= MAX_PATHS:
                return leaf
            if not tests:
                if self.root is None:
                    self.root, self.paths = leaf, self.paths + 1
                return self.root if isinstance(self.root, Decision) else leaf
            if self.root is None:
                self.root = Check(tests[0][0], tests[0][1])
            node = self.root
            for position, (rule, index, passed) in enumerate(tests):
                if not isinstance(node, Check) or node.rule is not rule or node.index != index:
                    return leaf  # not the path the tree holds (cannot happen for a deterministic engine)
                follow = node.passed if passed else node.failed
                if follow is None:
                    after = tests[position + 1] if position + 1 < len(tests) else None
                    follow = leaf if after is None else Check(after[0], after[1])
                    if passed:
                        node.passed = follow
                    else:
                        node.failed = follow
                    if follow is leaf:
                        self.paths += 1
                node = follow
            return node if isinstance(node, Decision) else leaf


_LOCK: Final = threading.Lock()


def store(memo: Memo[Any, Any], key: tuple[Hashable, ...], plan: QuotePlan, order: Order) -> QuotePlan:
    """Remember ``plan`` under ``key``, counting its items' texts and its paths against the memo's byte budget
    (``remember`` alone would count the item tuples as references)."""
    extra = MAX_PATHS * _PER_PATH
    for item in order.items:
        extra += _PER_ITEM + len(item.id) + len(item.description)
    if memo.used + extra > memo.budget:
        memo.clear()
        memo.used = 0
    remember(memo, key, plan)
    memo.used += extra
    return plan
