"""The landed-cost engine: order + rates + FX -> explained, rounded lines and totals.

Steps, in the order customs would take them:

1. convert every amount into the quote currency and round each line to its minor unit;
2. spread shipping and insurance over the items by value (to build per-item customs values);
3. for each item, pick the first duty rule and the first tax rule of the destination whose
   conditions hold (value thresholds are tested in the threshold's own currency);
4. compute duty per item (tariff, preference, additional duties, flat regimes), then VAT/GST on the
   base each rule names, then statutory fees;
5. total the rounded lines: what is paid at checkout and what is collected at the door.

Every step runs under the money context (``money.CONTEXT``), whatever ``decimal`` context the caller
has set, and only ``CheckoutGuardError`` subclasses leave ``quote``: an amount that converts to more
than ``MAX_QUOTE_DIGITS`` integer digits is a ``LimitExceeded`` naming its field.
"""

from __future__ import annotations

import decimal
import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, NamedTuple

from checkoutguard import snapshot as _snapshot  # a module, not its function: snapshot imports this package
from checkoutguard.errors import InvalidInput, LimitExceeded, RateUnavailable, UnknownHSCode, echo
from checkoutguard.fx import RATE_CONTEXT, EmbeddedFx, FxProvider, FxRate, embedded_fx
from checkoutguard.landed_cost.book import (
    AdditionalDuty,
    Destination,
    DutyProvider,
    DutyRate,
    DutyRow,
    DutyTable,
    PerUnit,
    Preference,
    RatesBook,
    Rule,
    TaxComponent,
    default_book,
)
from checkoutguard.landed_cost.duties import no_row_message
from checkoutguard.landed_cost.memo import Memo, remember
from checkoutguard.landed_cost.order import Item, Order, parse_order
from checkoutguard.landed_cost.plan import Check, Decision, Groups, Notice, QuotePlan, plan_key, store
from checkoutguard.landed_cost.postal_duty import decide as decide_postal_duty
from checkoutguard.landed_cost.result import LineType, Payable, Quote, QuoteLine, QuoteWarning, Totals
from checkoutguard.landed_cost.sales_tax import TaxableItem, compute as compute_sales_tax
from checkoutguard.landed_cost.selection import Consignment, candidates
from checkoutguard.money import CONTEXT, ROUNDING, currency, quantum

__all__ = ["DEFAULT_MAX_FX_AGE_DAYS", "MAX_QUOTE_DIGITS", "LandedCostCalculator", "quote"]

DEFAULT_MAX_FX_AGE_DAYS: Final = 7
#: Integer digits an amount may have once converted into the quote currency: with at most 1,000 items,
#: 20 fees and their taxes, every sum stays exact within the 34 digits of the money context.
MAX_QUOTE_DIGITS: Final = 24
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_EXCISE: Final = frozenset({"alcohol", "tobacco"})
_UNIT_DIVISOR: Final = {"kg_gross": 1, "kg_net": 1, "100kg_gross": 100}


class _Fx:
    """Exchange rates for one quote: the order's overrides first, then the provider; records what it used."""

    def __init__(
        self,
        provider: FxProvider,
        order: Order,
        max_age: int,
        warn: Callable[..., None],
        shared: Memo[tuple[str, str, date, int], tuple[FxRate, str | None]] | None = None,
    ) -> None:
        self._provider = provider
        self._shared = shared
        self._overrides = order.fx_overrides
        self._day = order.date
        self._max_age = max_age  # whole days: the difference of two dates is whole days
        self._warn = warn
        self._cache: dict[tuple[str, str], FxRate] = {}
        self.used: dict[tuple[str, str], FxRate] = {}

    def rate(self, base: str, quote: str) -> FxRate:
        key = (base, quote)
        found = self._cache.get(key)
        if found is None:  # first use of the pair in this quote: the moment it joins the quote's FX list
            found = self._lookup(base, quote)
            self._cache[key] = found
            if found.kind != "identity":
                self.used[key] = found
        return found

    def _lookup(self, base: str, quote: str) -> FxRate:
        if base == quote:
            return FxRate(base, quote, Decimal(1), self._day, "same currency", "identity")
        direct = self._overrides.get((base, quote))
        if direct is not None:
            return FxRate(base, quote, direct, self._day, "order overrides.fx", "override")
        inverse = self._overrides.get((quote, base))
        if inverse is not None:
            rate = RATE_CONTEXT.divide(Decimal(1), inverse)
            return FxRate(base, quote, rate, self._day, f"order overrides.fx ({quote}/{base} inverted)", "override")
        key = (base, quote, self._day, self._max_age)
        cached = self._shared.get(key) if self._shared is not None else None
        if cached is None:
            cached = self._judge(self._provider.rate(base, quote, self._day))
            if self._shared is not None:
                remember(self._shared, key, cached)
        answer, stale = cached
        if stale is not None:
            self._warn("FX_STALE", stale)
        if answer.note:
            self._warn("FX_LIVE_REJECTED", answer.note)
        return answer

    def _judge(self, answer: FxRate) -> tuple[FxRate, str | None]:
        """Flag a rate older than the limit, with the warning the quote will carry."""
        if answer.kind == "identity" or (self._day - answer.as_of).days <= self._max_age:
            return answer, None
        age = (self._day - answer.as_of).days
        message = (
            f"{answer.base}/{answer.quote} rate is from {answer.as_of}, {age} days before the quote date "
            f"(limit {self._max_age}); pin a rate with overrides.fx or enable a live source"
        )
        stale = FxRate(
            answer.base, answer.quote, answer.rate, answer.as_of, answer.source, answer.kind, True, answer.note
        )
        return stale, message

    def convert(self, amount: Decimal, base: str, quote: str) -> Decimal:
        if base == quote or not amount:
            return amount
        return CONTEXT.multiply(amount, self.rate(base, quote).rate)


def _allocate(total: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """Split ``total`` (a multiple of ``step``) pro rata to ``weights``; the parts add up exactly.

    Works in whole minor units (largest remainder, ties to the earlier item), so no cent is lost.
    """
    count = len(weights)
    if not total:
        return [total] * count
    if count == 1:
        return [total]
    units = int(total / step)
    ints = [int(w / step) for w in weights]
    weight_sum = sum(ints)
    if weight_sum <= 0:
        ints = [1] * count
        weight_sum = count
    floors = [units * w // weight_sum for w in ints]
    remainder = units - sum(floors)
    if remainder:
        remainders = [units * w % weight_sum for w in ints]
        # Largest remainder first; a stable sort keeps the earlier item first among equals, also reversed.
        for i in sorted(range(count), key=remainders.__getitem__, reverse=True)[:remainder]:
            floors[i] += 1
    return [step * n for n in floors]


@functools.lru_cache(maxsize=4096)
def _in_use(code: str, day: date) -> None:
    """The destination's currency must be usable on the quote date (a tax file may lag a changeover)."""
    currency(code, day, path="currency")


def _explain_tariff(
    rule: Rule, row: DutyRow, preference: Preference | None, origin: str | None
) -> tuple[str, str, str]:
    if preference is not None:
        why = f"{preference.name}: preferential rate for origin {origin}"
        if preference.conditions:
            why += f" ({preference.conditions})"
        return preference.source, preference.id, why
    why = f"{rule.name}; HS {row.hs} {row.description}".strip()
    if row.note:
        why += f" ({row.note})"
    return row.source, rule.id, why


_BASE_ELEMENTS: Final = ("goods", "shipping", "insurance", "customs_value", "duty", "fees")


@functools.lru_cache(maxsize=256)
def _base_parts(elements: tuple[str, ...]) -> Callable[[_ItemState], tuple[Decimal, ...]]:
    """The item amounts a rule's base names, in its order (built once per base, not per item and quote)."""
    names = [e for e in elements if e in _BASE_ELEMENTS]
    if not names:
        return lambda state: ()
    if len(names) == 1:
        name = names[0]
        return lambda state: (getattr(state, name),)
    getter: Callable[[_ItemState], tuple[Decimal, ...]] = operator.attrgetter(*names)
    return getter


def _ids(states: Iterable[_ItemState]) -> tuple[str, ...]:
    return tuple([s.item.id for s in states])  # a list first: tuple() of a generator is slower


@functools.lru_cache(maxsize=1024)
def _percent(rate: Decimal) -> str:
    """``Decimal('0.19')`` -> ``'19 %'`` (rates repeat across quotes; formatting one is not free)."""
    text = f"{(rate * 100).normalize():f}"
    return f"{text} %"


@dataclass(slots=True)
class _ItemState:
    index: int
    item: Item
    goods: Decimal
    shipping: Decimal = _ZERO
    insurance: Decimal = _ZERO
    fees: Decimal = _ZERO
    customs_value: Decimal = _ZERO
    duty: Decimal = _ZERO


class _TariffPlan(NamedTuple):
    """Everything about an item's tariff duty except its amount: the same for every quote of that kind of item."""

    rate: DutyRate
    label: str
    rule_id: str
    why: str
    source: str
    start: date
    estimated: bool
    additional: tuple[AdditionalDuty, ...]


class _Quoter:
    """The state of one quote computation (created per call, never shared)."""

    def __init__(
        self,
        order: Order,
        book: RatesBook,
        fx: FxProvider,
        max_fx_age: int,
        today: date,
        fx_cache: Memo[tuple[str, str, date, int], tuple[FxRate, str | None]] | None = None,
    ) -> None:
        self.order = order
        self.book = book
        self.today = today
        self.warnings: list[QuoteWarning] = []
        self._warned: set[tuple[str, str | None]] = set()
        self.fx = _Fx(fx, order, max_fx_age, self.warn, fx_cache)
        key = plan_key(order)
        plan: QuotePlan | None = book.plans.get(key)
        if plan is None:
            plan = store(book.plans, key, self._plan(), order)
        self.plan = plan
        self.dest: Destination = plan.dest
        self.facts = plan.facts
        self.currency = plan.currency
        self.step = plan.step
        self.zero = plan.zero
        self.lines: list[QuoteLine] = []
        self.tests: list[dict[str, Any]] = []
        self._tested: set[tuple[str, str | None]] = set()
        self._thresholds: dict[str, _Thresholds] = {}
        self._consignment: dict[str, bool] = {}
        self._recording: list[tuple[Rule, int | None, bool]] | None = None
        self.decision: Decision | None = None
        self.complete = True

    def _plan(self) -> QuotePlan:
        """The shape-only answers of this order (see ``plan.py``): decided here once per shape."""
        order = self.order
        dest = self.book.destination(order.ship_to, order.subdivision, order.postal_code, order.date)
        facts = Consignment(
            order.buyer_type,
            order.buyer_tax_id is not None,
            order.registrations,
            order.ship_to,
            dest.in_vat_area,
            order.ship_from,
            order.transport,
        )
        code = order.currency or dest.currency
        if order.currency is None:
            _in_use(code, order.date)
        item_warnings: list[Notice] = []
        for item in order.items:
            if item.category in _EXCISE:
                message = f"{item.id} is {item.category}: excise duties are not part of this quote"
                item_warnings.append(("EXCISE_NOT_COMPUTED", message, item.id))
            elif item.category not in self.book.categories:
                message = f"category {item.category!r} is not in rates/categories.json; the standard rate is used"
                item_warnings.append(("CATEGORY_UNKNOWN", message, item.id))
        place_warnings: list[Notice] = []
        territory = dest.territory
        if territory is not None:
            message = (
                f"{territory.name} is outside the ordinary VAT or customs area of {territory.country}: quoted with "
                f"{dest.regime.jurisdiction} customs rules and {dest.tax.name} tax; local low-value "
                f"reliefs of the territory are not modelled. {territory.note}".strip()
            )
            place_warnings.append(("SPECIAL_TERRITORY", message, None))
        if dest.regime.default:
            message = (
                f"no researched import rules for {dest.regime.jurisdiction}: quoted with the default rules "
                "(import VAT/GST at the standard rate on the CIF value plus duty; valuation basis, de minimis for "
                "duty and for tax, and who collects are UNCONFIRMED, and no de minimis is applied)"
            )
            place_warnings.append(("DEFAULT_RULES", message, None))
        for item in order.items:
            if item.origin is None:
                message = (
                    f"{item.id} names no country of origin: no preferential rate is claimed "
                    "and origin-specific duties are assumed not to apply"
                )
                place_warnings.append(("ORIGIN_MISSING", message, item.id))
        labels = tuple([item.description or item.id for item in order.items])
        return QuotePlan(dest, facts, code, quantum(code), labels, tuple(item_warnings), tuple(place_warnings))

    # -- helpers -----------------------------------------------------------------------------

    def warn(self, code: str, message: str, item_id: str | None = None) -> None:
        if (code, item_id or message) not in self._warned:
            self._warned.add((code, item_id or message))
            self.warnings.append(QuoteWarning(code, message, item_id))

    def round(self, amount: Decimal) -> Decimal:
        # Positional arguments: keyword arguments make Decimal.quantize about 3x slower.
        return amount.quantize(self.step, ROUNDING, CONTEXT)

    def to_quote(self, amount: Decimal, code: str, path: str = "$") -> Decimal:
        """``amount`` in ``code`` (empty: the quote currency) converted and rounded (``_Fx.convert`` inlined)."""
        if amount and code and code != self.currency:
            amount = CONTEXT.multiply(amount, self.fx.rate(code, self.currency).rate)
        if amount.adjusted() >= MAX_QUOTE_DIGITS:
            raise LimitExceeded(
                f"the amount comes to more than 10^{MAX_QUOTE_DIGITS} {self.currency}",
                path=path,
                accepted="an amount, quantity and exchange rate whose product a checkout can hold",
            )
        return amount.quantize(self.step, ROUNDING, CONTEXT)

    def payable_at_border(self) -> Payable:
        return "checkout" if self.order.incoterm == "DDP" else "delivery"

    def rule_line(
        self,
        kind: LineType,
        label: str,
        amount: Decimal,
        rule: Rule,
        payable: Payable,
        item_ids: tuple[str, ...] = (),
        *,
        rate: Decimal | None = None,
        base: Decimal | None = None,
        explanation: str | None = None,
    ) -> None:
        """Append a line that a regime rule produced for ``item_ids``, with the rule's id, source and date."""
        self.lines.append(
            QuoteLine(
                kind,
                label,
                amount,
                self.currency,
                payable,
                rate,
                base,
                None,
                item_ids,
                rule.id,
                explanation if explanation is not None else (rule.note or rule.name),
                rule.source,
                rule.start,
                False,
            )
        )

    # -- rule selection ----------------------------------------------------------------------

    def thresholds(self, code: str) -> _Thresholds:
        found = self._thresholds.get(code)
        if found is None:
            found = _Thresholds(self, code)
            self._thresholds[code] = found
        return found

    def consignment_holds(self, rule: Rule) -> bool:
        """The conditions of ``rule`` that are the same for every item of the order (cached per rule)."""
        found = self._consignment.get(rule.id)
        if found is None:
            found = self._consignment_holds(rule)
            self._consignment[rule.id] = found
        return found

    def _consignment_holds(self, rule: Rule) -> bool:
        """The per-quote part of a candidate's consignment conditions (the rest is in ``candidates``)."""
        when = rule.when
        if (
            when.exclude_categories
            and when.exclude_scope == "consignment"
            and any(item.category in when.exclude_categories for item in self.order.items)
        ):
            return False
        test = when.value
        if test is not None and test.per == "consignment":
            return self._value_passes(rule, None)
        return True

    def item_holds(self, rule: Rule, index: int) -> bool:
        """The item-level conditions of ``rule`` for item ``index`` (the consignment part already holds)."""
        when = rule.when
        item = self.order.items[index]
        if when.exclude_categories and when.exclude_scope == "item" and item.category in when.exclude_categories:
            return False
        if when.origin_not is not None and item.origin is not None and item.origin in when.origin_not:
            return False
        if when.origins is not None and (item.origin is None or item.origin not in when.origins):
            return False
        if when.categories is not None and item.category not in when.categories:
            return False
        code = item.hs_code
        if when.hs is not None and (code is None or not code.startswith(when.hs)):
            return False
        if when.hs_not is not None and code is not None and code.startswith(when.hs_not):
            return False
        test = when.value
        return not (test is not None and test.per == "unit" and not self._value_passes(rule, index))

    def _value_passes(self, rule: Rule, index: int | None) -> bool:
        test = rule.when.value
        assert test is not None
        thresholds = self._thresholds.get(test.currency) or self.thresholds(test.currency)
        value = thresholds.value(test.basis, index)
        passed = test.passes(value)
        if self._recording is not None:
            self._recording.append((rule, index, passed))
        key = (rule.id, self.order.items[index].id if index is not None else None)
        if key not in self._tested:
            self._tested.add(key)
            entry: dict[str, Any] = {
                "rule": rule.id,
                "test": test.describe(),
                "value": f"{test.currency} {value:f}",
                "passed": passed,
            }
            if index is not None:
                entry["item_id"] = self.order.items[index].id
            self.tests.append(entry)
        return passed

    def decide(self) -> Decision:
        """The duty and tax rules of every item: the plan's decision for the outcomes of its value tests.

        Walks the plan's tree running each test as ``assign`` would (same tests, same order, same records);
        an outcome the tree has not seen is decided by ``assign`` from the start and added to the tree.
        """
        node = self.plan.root
        while node is not None:
            if type(node) is Decision:
                return node
            assert isinstance(node, Check)
            passed = self._value_passes(node.rule, node.index)
            if node.index is None:
                self._consignment[node.rule.id] = passed  # what consignment_holds would remember
            node = node.passed if passed else node.failed
        self.tests.clear()
        self._tested.clear()
        self._consignment.clear()
        recording: list[tuple[Rule, int | None, bool]] = []
        self._recording = recording
        duty = self.assign("duty")
        tax = self.assign("tax")
        self._recording = None
        return self.plan.add(recording, duty, tax)

    def assign(self, kind: str) -> Groups:
        """For every item, the first rule of ``kind`` in force whose conditions hold, grouped by rule."""
        remaining = list(range(len(self.order.items)))
        groups: list[tuple[Rule, list[int]]] = []
        for rule, per_quote in candidates(self.dest.regime, kind, self.order.date, self.facts):
            if per_quote and not self.consignment_holds(rule):
                continue
            taken = [i for i in remaining if self.item_holds(rule, i)] if rule.item_level else remaining
            if taken:
                groups.append((rule, taken))
                if taken is remaining:
                    remaining = []
                else:
                    chosen = set(taken)  # a set: list membership made this quadratic in the items
                    remaining = [i for i in remaining if i not in chosen]
            if not remaining:
                return groups
        raise RateUnavailable(f"no {kind} rule of {self.dest.regime.jurisdiction} applies on {self.order.date}")

    # -- the computation ---------------------------------------------------------------------

    def run(self) -> Quote:
        order = self.order
        if self.dest.tax.requires_subdivision and order.subdivision is None:
            raise InvalidInput(
                f"{order.ship_to} taxes differ by subdivision; say where the goods go",
                path="ship_to.subdivision",
                accepted=", ".join(sorted(self.dest.tax.subdivisions)),
            )
        states = [
            _ItemState(i, item, self.to_quote(item.price * item.quantity, item.price_currency, f"items[{i}].price"))
            for i, item in enumerate(order.items)
        ]
        self.states = states
        lines, code = self.lines, self.currency
        for state, label in zip(states, self.plan.labels, strict=True):
            item = state.item
            if item.quantity != 1:
                label = f"{label} × {item.quantity}"
            lines.append(QuoteLine("goods", label, state.goods, code, "checkout", None, None, item.id))
        for warning in self.plan.item_warnings:
            self.warn(*warning)
        weights = [s.goods for s in states]
        shipping = self.to_quote(order.shipping, order.shipping_currency or self.currency, "shipping")
        insurance = self.to_quote(order.insurance, order.insurance_currency or self.currency, "insurance")
        if shipping or order.shipping_currency:
            self.lines.append(QuoteLine("shipping", "Shipping", shipping, self.currency))
        if insurance:
            self.lines.append(QuoteLine("insurance", "Insurance", insurance, self.currency))
        fee_total = _ZERO
        for index, fee in enumerate(order.fees):
            amount = self.to_quote(fee.amount, fee.currency, f"fees[{index}].amount")
            if fee.payable == "checkout":
                fee_total += amount
            self.lines.append(QuoteLine("fee", fee.label, amount, self.currency, payable=fee.payable, rule="merchant"))
        basis, factor = self.dest.regime.valuation_basis(order.date, order.buyer_type)
        self.factor = factor
        for state, ship, ins, fee_share in zip(
            states,
            _allocate(shipping, weights, self.step),
            _allocate(insurance, weights, self.step),
            _allocate(fee_total, weights, self.step),
            strict=True,
        ):
            state.shipping, state.insurance, state.fees = ship, ins, fee_share
            goods_value = state.goods if factor == 1 else self.round(CONTEXT.multiply(state.goods, factor))
            state.customs_value = goods_value + ship + ins if basis == "CIF" else goods_value
        self.basis = basis
        for warning in self.plan.place_warnings:
            self.warn(*warning)
        self.decision = decision = self.decide()
        duty_groups, tax_groups = decision.duty, decision.tax
        for rule, indexes in duty_groups:
            self._duty(rule, indexes)
        if order.transport == "post" and self.dest.regime.jurisdiction == "US":
            self._us_postal_duty()
        for rule, indexes in tax_groups:
            self._tax(rule, indexes)
        self._sales_tax()
        self._statutory_fees()
        self._entry_fee(duty_groups)
        self._review_warnings()
        return self._result(duty_groups, tax_groups)

    # -- duty --------------------------------------------------------------------------------

    def _duty(self, rule: Rule, indexes: list[int]) -> None:
        first = len(self.lines)
        self._duty_lines(rule, indexes)
        if rule.waive_up_to is None or rule.waive_currency is None:
            return
        lines = self.lines[first:]
        total = _ZERO
        for line in lines:
            total += line.amount
        in_waive = self.fx.convert(total, self.currency, rule.waive_currency)
        if not total or in_waive > rule.waive_up_to:
            return
        note = (
            f"Duty of {rule.waive_currency} {self._fmt(in_waive, rule.waive_currency)} is at or below "
            f"{rule.waive_currency} {rule.waive_up_to:f}, which customs does not collect."
        )
        self.lines[first:] = [
            line._replace(
                label=f"{line.label}: not collected", amount=self.zero, explanation=f"{note} {line.explanation}"
            )
            for line in lines
        ]
        for i in indexes:
            self.states[i].duty = _ZERO

    def _duty_lines(self, rule: Rule, indexes: list[int]) -> None:
        states = [self.states[i] for i in indexes]
        payable = self.payable_at_border()
        if rule.method == "exempt":
            self.rule_line("duty", f"Duty: none ({rule.name})", self.zero, rule, payable, _ids(states))
        elif rule.method == "tariff":
            for state in states:
                self._tariff_duty(rule, state, payable)
        elif rule.method == "flat_per_tariff_line":
            self._flat_per_line(rule, states, payable)
        elif rule.method == "flat_rate":
            self._flat_rate(rule, states, payable)
        else:  # pragma: no cover - the schema allows no other method
            raise RateUnavailable(f"unknown duty method {rule.method!r} in {rule.id}")

    def _tariff_duty(self, rule: Rule, state: _ItemState, payable: Payable) -> None:
        item = state.item
        order = self.order
        table = self.dest.duty
        plan: _TariffPlan | None = None
        if item.id not in order.duty_overrides and isinstance(table, DutyTable) and item.hs_code:
            assert self.decision is not None
            tariffs = self.decision.tariffs
            plan = tariffs.get(state.index)
            if plan is None:
                # Our own tables answer every question from memory, so the whole answer for this kind of item
                # (row, preference, label, explanation, additional duties) can be remembered with the book.
                memo = self.book.memo
                key = (
                    "tariff-plan",
                    id(rule),  # a rule of this book, which outlives the memo
                    item.hs_code,
                    item.origin,
                    order.ship_from,
                    order.date,
                    order.claim_preferences,
                    item.description or item.id,
                )
                plan = memo.get(key)
                if plan is None:
                    row = table.lookup(item.hs_code, order.date)
                    if row is not None:
                        plan = remember(memo, key, self._tariff_plan(rule, item, row, table))
                if plan is not None:
                    tariffs[state.index] = plan  # the same answer for every quote on this plan's path
        if plan is None:
            plan = self._tariff_answer(rule, item, table)
            if plan is None:
                return
        rate = plan.rate
        if rate.plain and rate.ad_valorem is not None:  # _apply_rate's common case, inlined
            amount = CONTEXT.multiply(rate.ad_valorem, state.customs_value).quantize(self.step, ROUNDING, CONTEXT)
        else:
            amount = self._apply_rate(rate, state)
        self.lines.append(
            QuoteLine(  # positional: keyword construction of a named tuple costs ~4x more, per item
                "duty",
                plan.label,
                amount,
                self.currency,
                payable,
                rate.ad_valorem,
                state.customs_value,
                item.id,
                (),
                plan.rule_id,
                plan.why,
                plan.source,
                plan.start,
                plan.estimated,
            )
        )
        state.duty += amount
        if rule.surcharge is not None:
            self._surcharge(rule, amount, payable, [state])
        unconfirmed = [extra.name for extra in plan.additional if not extra.confirmed]
        if unconfirmed:
            self.warn(
                "ADDITIONAL_DUTY_UNCONFIRMED",
                f"{item.id}: {'; '.join(unconfirmed)}: not confirmed against the primary text (secondary source or "
                "unchecked transcription; see each line's explanation)",
                item.id,
            )
        if plan.estimated and isinstance(table, DutyTable) and table.layer is not None:
            self._unlisted_scope(item, table.layer.unlisted(item.origin, order.date), plan.additional)
        for extra in plan.additional:
            add = self._apply_rate(extra.rate, state)
            self.lines.append(
                QuoteLine(
                    "duty",
                    f"{extra.name} on {item.description or item.id} ({extra.rate.describe()})",
                    add,
                    self.currency,
                    payable=payable,
                    rate=extra.rate.ad_valorem,
                    base=state.customs_value,
                    item_id=item.id,
                    rule=extra.id,
                    explanation=extra.note or extra.name,
                    source=extra.source,
                    effective_from=extra.start,
                )
            )
            state.duty += add

    def _unlisted_scope(
        self, item: Item, unlisted: Sequence[AdditionalDuty], charged: Sequence[AdditionalDuty]
    ) -> None:
        """Warn where a measure in force for the item's origin lists only our rows' headings and the item's code
        is not a row: the quote cannot tell whether it owes that measure."""
        ids = {extra.id for extra in charged}
        if unlisted and not any(m.id in ids for m in unlisted):
            programs = sorted({m.name.split(",")[0] for m in unlisted})  # "Section 301 China, list 3"
            self.warn(
                "ADDITIONAL_DUTY_SCOPE_PARTIAL",
                f"{item.id}: HS {item.hs_code} is not in the {self.dest.regime.jurisdiction} tariff rows, and the "
                f"{' and '.join(programs)} measures are held only for those rows' headings: a duty this product "
                "may owe under them is not included",
                item.id,
            )

    def _tariff_answer(self, rule: Rule, item: Item, table: DutyProvider | None) -> _TariffPlan | None:
        """The tariff answer for ``item`` asked afresh: a pinned rate, another provider, or an unknown code."""
        order = self.order
        override = order.duty_overrides.get(item.id)
        if override is not None:
            row = DutyRow(
                item.hs_code or "", "", DutyRate(ad_valorem=override), order.date, None, "order overrides.duty_rates"
            )
            rate = row.rate
            return _TariffPlan(
                rate,
                self._tariff_label(item, rate),
                "override",
                "rate pinned by the merchant in the order",
                "order overrides.duty_rates",
                row.start,
                row.estimated,
                self._additional(item, table),
            )
        found = table.lookup(item.hs_code, order.date) if table is not None and item.hs_code else None
        if found is None:
            found = self._unknown_hs(item, table is not None)
            if found is None:
                return None
        return self._tariff_plan(rule, item, found, table)

    def _tariff_plan(self, rule: Rule, item: Item, row: DutyRow, table: DutyProvider | None) -> _TariffPlan:
        order = self.order
        preference = None
        if order.claim_preferences and item.hs_code and table is not None:
            preference = table.preference(item.hs_code, item.origin, order.ship_from, order.date)
        rate = preference.rate if preference is not None else row.rate
        source, rule_id, why = _explain_tariff(rule, row, preference, item.origin)
        start = preference.start if preference is not None else row.start
        label = self._tariff_label(item, rate)
        additional = self._additional(item, table)
        if preference is not None:  # USMCA goods escape the measures that yield to the preference claimed
            additional = tuple(a for a in additional if preference.id not in a.yields_to_preferences)
        return _TariffPlan(rate, label, rule_id, why, source, start, row.estimated, additional)

    @staticmethod
    def _tariff_label(item: Item, rate: DutyRate) -> str:
        return f"Duty on {item.description or item.id} (HS {item.hs_code or 'unknown HS code'}, {rate.describe()})"

    def _additional(self, item: Item, table: DutyProvider | None) -> tuple[AdditionalDuty, ...]:
        if table is None or not item.hs_code:
            return ()
        return tuple(table.additional(item.hs_code, item.origin, self.order.date))

    def _unknown_hs(self, item: Item, have_table: bool) -> DutyRow | None:
        policy = self.order.unknown_hs
        what = f"HS code {item.hs_code}" if item.hs_code else "no HS code"
        jurisdiction = self.dest.regime.jurisdiction
        if policy == "error":
            raise UnknownHSCode(
                f"{item.id}: {what} has no duty rate in the {jurisdiction} tariff data",
                item_id=item.id,
                hs_code=item.hs_code or "",
            )
        if policy == "exclude" or not have_table:
            if not have_table and policy != "exclude":
                raise RateUnavailable(f"no duty data for {jurisdiction}; quote with unknown_hs='exclude' to omit duty")
            self.complete = False
            self.warn(
                "DUTY_NOT_QUOTED",
                f"{item.id}: {what} has no duty rate in the {jurisdiction} data; duty is left out of this quote",
                item.id,
            )
            return None
        table = self.dest.duty
        assert table is not None
        row = table.estimate(item.hs_code, self.order.date)
        if row is None:
            raise UnknownHSCode(
                f"{item.id}: {no_row_message(table, jurisdiction, item.hs_code, self.order.date)}",
                item_id=item.id,
                hs_code=item.hs_code or "",
            )
        self.warn(
            "DUTY_ESTIMATED",
            f"{item.id}: {what} is not in the {jurisdiction} tariff data; duty estimated at the highest rate "
            f"of {'its chapter' if item.hs_code and row.hs.startswith(item.hs_code[:2]) else 'the table'} "
            f"({row.rate.describe()}, HS {row.hs})",
            item.id,
        )
        return row

    def _apply_rate(self, rate: DutyRate, state: _ItemState) -> Decimal:
        total = _ZERO
        if rate.ad_valorem is not None:
            total = CONTEXT.multiply(rate.ad_valorem, state.customs_value)
            if rate.plain:  # the common case: ad valorem only
                return total.quantize(self.step, ROUNDING, CONTEXT)
        if rate.specific_amount is not None and rate.specific_unit is not None and rate.specific_currency:
            total += self._per_unit(PerUnit(rate.specific_amount, rate.specific_currency, rate.specific_unit), state)
        if rate.minimum is not None:
            total = max(total, self._per_unit(rate.minimum, state))
        if rate.maximum is not None:
            total = min(total, self._per_unit(rate.maximum, state))
        return self.round(total)

    def _per_unit(self, per: PerUnit, state: _ItemState) -> Decimal:
        """``per`` times the item's quantity in its unit, in the quote currency (unrounded)."""
        item = state.item
        unit = per.unit
        if unit in _UNIT_DIVISOR:
            if item.weight_kg is None:
                raise InvalidInput(
                    f"duty on HS {item.hs_code} is charged per {unit.replace('_', ' ')}; the weight is needed",
                    path=f"items[{state.index}].weight_kg",
                    accepted='gross weight of one unit in kg, e.g. "0.35"',
                )
            quantity = CONTEXT.divide(item.weight_kg * item.quantity, Decimal(_UNIT_DIVISOR[unit]))
        elif unit == "dozen":
            quantity = CONTEXT.divide(Decimal(item.quantity), Decimal(12))
        else:
            quantity = Decimal(item.quantity)
        return self.fx.convert(CONTEXT.multiply(per.amount, quantity), per.currency, self.currency)

    def _flat_per_line(self, rule: Rule, states: list[_ItemState], payable: Payable) -> None:
        assert rule.amount is not None and rule.amount_currency is not None
        per_line = self.to_quote(rule.amount, rule.amount_currency)
        groups: dict[str, list[_ItemState]] = {}
        for state in states:
            code = state.item.hs_code
            if code is None:
                self.warn(
                    "HS_CODE_MISSING",
                    f"{state.item.id} has no HS code: counted as a tariff line of its own",
                    state.item.id,
                )
                key = f"item:{state.item.id}"
            else:
                key = code[: rule.digits]
            groups.setdefault(key, []).append(state)
        memo = self.book.memo
        for key, members in groups.items():
            hs = key if not key.startswith("item:") else "unknown"
            texts = memo.get(("flat-line", id(rule), hs))
            if texts is None:
                label = f"Duty, flat {rule.amount_currency} {rule.amount:f} per tariff line (HS {hs})"
                texts = remember(memo, ("flat-line", id(rule), hs), (label, f"{rule.name}. {rule.note}".strip()))
            self.rule_line("duty", texts[0], per_line, rule, payable, _ids(members), explanation=texts[1])
            if len(members) == 1:  # what _allocate returns for one item
                members[0].duty += per_line
                continue
            for state, share in zip(members, _allocate(per_line, [s.goods for s in members], self.step), strict=True):
                state.duty += share

    def _flat_rate(self, rule: Rule, states: list[_ItemState], payable: Payable) -> None:
        assert rule.rate is not None
        base = sum((self._base(rule.base, s) for s in states), _ZERO)
        amount = CONTEXT.multiply(rule.rate, base)
        if rule.deduction is not None and rule.deduction_currency is not None:
            amount -= self.fx.convert(rule.deduction, rule.deduction_currency, self.currency)
        amount = self.round(max(amount, _ZERO))
        label = f"Duty, flat {_percent(rule.rate)} ({rule.name})"
        self.rule_line("duty", label, amount, rule, payable, _ids(states), rate=rule.rate, base=base)
        for state, share in zip(states, _allocate(amount, [s.goods for s in states], self.step), strict=True):
            state.duty += share
        self._surcharge(rule, amount, payable, states)

    def _surcharge(self, rule: Rule, duty: Decimal, payable: Payable, states: list[_ItemState]) -> None:
        """A duty charged on the duty itself (India's Social Welfare Surcharge)."""
        if rule.surcharge is None or not duty:
            return
        surcharge_id, name, rate = rule.surcharge
        amount = self.round(CONTEXT.multiply(rate, duty))
        self.rule_line(
            "duty",
            f"{name} ({_percent(rate)} of duty)",
            amount,
            rule,
            payable,
            _ids(states),
            rate=rate,
            base=duty,
            explanation=f"{name}: {_percent(rate)} of the duty, under {rule.name}",
        )
        self.lines[-1] = self.lines[-1]._replace(rule=surcharge_id)
        for state, share in zip(states, _allocate(amount, [s.goods for s in states], self.step), strict=True):
            state.duty += share

    # -- tax ---------------------------------------------------------------------------------

    @staticmethod
    def _base(elements: tuple[str, ...], state: _ItemState) -> Decimal:
        total = _ZERO
        for value in _base_parts(elements)(state):
            total += value
        return total

    def _tax(self, rule: Rule, indexes: list[int]) -> None:
        states = [self.states[i] for i in indexes]
        method = rule.method
        tax = self.dest.tax
        if rule.registration_required and rule.registration_required not in self.order.registrations:
            self.warn(
                "REGISTRATION_REQUIRED",
                f"{rule.name}: the law requires the seller to hold {rule.registration_required}; "
                "the merchant's registrations do not include it",
            )
        payable: Payable = "checkout" if method == "point_of_sale" or self.order.incoterm == "DDP" else "delivery"
        ids = _ids(states)
        if method in ("exempt", "reverse_charge"):
            what = "none" if method == "exempt" else "reverse charge (the buyer accounts for it)"
            self.rule_line("tax", f"{tax.tax_name}: {what} ({rule.name})", self.zero, rule, payable, ids)
            return
        elements = rule.base
        if method == "point_of_sale" and self.order.incoterm != "DDP":
            # Duty is part of the seller's consideration (VAT Directive Art. 78(a)) only when the seller
            # charges it; under DAP the buyer pays it to the carrier.
            elements = tuple(e for e in elements if e != "duty")
        groups: dict[tuple[str, Decimal], list[Any]] = {}
        parts = _base_parts(elements)
        by_category: dict[str, tuple[TaxComponent, ...]] = {}
        for state in states:
            base = _ZERO
            for value in parts(state):
                base += value
            if rule.uplift is not None:
                base += self.round(CONTEXT.multiply(rule.uplift, state.customs_value))
            national = _ZERO
            category = state.item.category
            components = by_category.get(category)
            if components is None:
                components = by_category[category] = tax.components(self.order.subdivision, category, self.order.date)
            for component in components:
                if method == "import" and not component.collected_on_import:
                    self.warn(
                        "TAX_NOT_COLLECTED_AT_BORDER",
                        f"{component.name} is not collected by customs on imports; the buyer may owe it "
                        "directly (self-assessment) and it is not in this quote",
                    )
                    continue
                line_base = base + national if component.base_includes_national_tax else base
                key = (component.name, component.rate)
                entry = groups.get(key)
                if entry is None:
                    entry = groups[key] = [component, _ZERO, []]
                entry[1] += line_base
                entry[2].append(state.item.id)
                if not national:
                    national = CONTEXT.multiply(component.rate, base)
        if not groups and not tax.levies_vat:
            self.lines.append(
                QuoteLine(
                    "tax",
                    f"No VAT/GST in {tax.name}",
                    self.zero,
                    self.currency,
                    payable=payable,
                    item_ids=ids,
                    rule=rule.id,
                    explanation=f"{tax.name} levies no VAT or GST on these goods.",
                    source=self.dest.territory.source if self.dest.territory else rule.source,
                )
            )
            return
        lines: list[QuoteLine] = []
        for (name, statutory), (component, base_sum, item_ids) in groups.items():
            rate = statutory if rule.rate_factor is None else CONTEXT.multiply(statutory, rule.rate_factor)
            amount = CONTEXT.multiply(rate, base_sum)
            if rule.gross_up:
                amount = CONTEXT.divide(amount, 1 - rate)
            amount = self.round(amount)
            lines.append(self._tax_line(rule, component, rate, base_sum, amount, tuple(item_ids), payable, name))
        if rule.waive_up_to is not None and rule.waive_currency is not None:
            total = _ZERO
            for line in lines:
                total += line.amount
            in_waive = self.fx.convert(total, self.currency, rule.waive_currency)
            if in_waive <= rule.waive_up_to:
                lines = [
                    QuoteLine(
                        line.type,
                        f"{line.label}: not collected",
                        self.zero,
                        line.currency,
                        payable=line.payable,
                        rate=line.rate,
                        base=line.base,
                        item_ids=line.item_ids,
                        rule=line.rule,
                        explanation=f"Tax of {rule.waive_currency} {self._fmt(in_waive, rule.waive_currency)} is at or "
                        f"below {rule.waive_currency} {rule.waive_up_to:f}, which customs does not collect. "
                        + (rule.note or ""),
                        source=line.source,
                        effective_from=line.effective_from,
                    )
                    for line in lines
                ]
        self.lines.extend(lines)

    def _us_postal_duty(self) -> None:
        """State the US postal duty method; the specific one replaces the IEEPA lines (``postal_duty.py``)."""
        order = self.order
        ieepa = [line for line in self.lines if line.type == "duty" and (line.rule or "").startswith("US-IEEPA")]
        rates: dict[str, Decimal] = {}
        for line in ieepa:
            rates[line.item_id or ""] = rates.get(line.item_id or "", _ZERO) + (line.rate or _ZERO)
        decision = decide_postal_duty(order.date, order.us_postal_duty, list(rates.values()))
        if decision is None:
            return
        if decision.warning:
            self.warn("US_POSTAL_METHOD_UNAVAILABLE", f"overrides.us_postal_duty: {decision.warning}")
        self.warn("US_POSTAL_DUTY_METHOD", decision.explanation)
        if decision.amount is None:
            return
        by_item = {state.item.id: state for state in self.states}
        for line in ieepa:
            by_item[line.item_id or ""].duty -= line.amount
        replaced = {id(line) for line in ieepa}
        self.lines = [line for line in self.lines if id(line) not in replaced]
        amount = self.to_quote(decision.amount, "USD")
        self.lines.append(
            QuoteLine(
                "duty",
                f"US postal duty, specific: USD {decision.amount} per postal item",
                amount,
                self.currency,
                payable=self.payable_at_border(),
                item_ids=tuple(state.item.id for state in self.states),
                rule="US-POSTAL-SPECIFIC",
                explanation=decision.explanation,
                source=decision.source,
                effective_from=date(2025, 8, 29),
            )
        )
        if self.states:
            self.states[0].duty += amount  # one amount per postal item, carried by its first line

    def _sales_tax(self) -> None:
        """State sales tax (``rates/sales_tax/``), where the destination country has one: see ``sales_tax.py``."""
        table = self.book.sales_tax(self.dest.country) if self.dest.territory is None else None
        if table is None:
            return
        order = self.order
        state = table.states.get(order.subdivision or "")
        if state is None:
            if any(r.startswith(f"{table.country}-") for r in order.registrations):
                self.warn(
                    "SALES_TAX_STATE_MISSING",
                    f"ship_to.subdivision names no {table.country} state ({table.country}-XX): "
                    f"{table.tax_name} is not in this quote",
                )
            return
        if self.today > table.review_by:
            self.warn(
                "DATA_REVIEW_OVERDUE", f"{table.file} was due for review on {table.review_by}; rates may be out of date"
            )
        ddp = order.incoterm == "DDP"
        items = [
            TaxableItem(
                s.item.id,
                s.goods,
                s.shipping,
                s.fees,
                s.item.quantity,
                s.item.category,
                s.item.hs_code,
                s.duty if ddp else _ZERO,
            )
            for s in self.states
        ]
        to_usd = _ONE if self.currency == table.currency else self.fx.rate(self.currency, table.currency).rate
        result = compute_sales_tax(table, state, order.registrations, order.date, items, to_usd, order.postal_code)
        if result.collected:
            kind = "state and local rate" if result.local_included else "state rate"
            label = f"Sales tax {state.code} {_percent(result.rate)} ({kind}), charged at checkout"
        elif result.rate:
            label = f"Sales tax {state.code}: not collected (merchant not registered)"
        else:
            label = f"Sales tax {state.code}: none (no statewide sales tax)"
        self.lines.append(
            QuoteLine(
                "tax",
                label,
                self.round(result.amount),
                self.currency,
                "checkout",
                result.rate if result.collected else None,
                self.round(result.base) if result.collected else None,
                None,
                result.item_ids,
                f"{state.code}-SALES-TAX",
                result.explanation,
                result.source or None,
                result.effective_from,
                False,
            )
        )
        for code, message in result.warnings:
            self.warn(code, message)
        if state.local_taxes and result.collected and not result.local_included:
            self.warn(
                "LOCAL_SALES_TAX_NOT_INCLUDED",
                f"{state.name} counties, cities or districts add local sales tax: only the state rate is in this quote",
            )

    def _fmt(self, amount: Decimal, code: str) -> str:
        return f"{amount.quantize(quantum(code), ROUNDING, CONTEXT):f}"

    def _tax_line(
        self,
        rule: Rule,
        component: TaxComponent,
        rate: Decimal,
        base: Decimal,
        amount: Decimal,
        item_ids: tuple[str, ...],
        payable: Payable,
        name: str,
    ) -> QuoteLine:
        where = self.order.subdivision or self.dest.tax.code
        memo = self.book.memo
        key = ("tax", id(rule), self.order.incoterm, component.note, rate, name, where)
        texts = memo.get(key)
        if texts is None:
            if rule.method == "point_of_sale":
                label = f"{name} {where} {_percent(rate)}, charged at checkout"
            else:
                label = f"Import {name} {where} {_percent(rate)}"
            parts = " + ".join(
                e for e in rule.base if e != "duty" or self.order.incoterm == "DDP" or rule.method != "point_of_sale"
            ).replace("_", " ")
            explanation = f"{rule.name}. Base: {parts}."
            if rule.rate_factor is not None:
                explanation += f" Rate: {_percent(rate / rule.rate_factor)} statutory x {rule.rate_factor:f}."
            if rule.gross_up:
                explanation += " The tax is included in its own base: amount = base x rate / (1 - rate)."
            if component.note:
                explanation += f" {component.note}"
            texts = remember(memo, key, (label, explanation))
        label, explanation = texts
        return QuoteLine(  # positional, as in _tariff_duty
            "tax",
            label,
            amount,
            self.currency,
            payable,
            rate,
            base,
            None,
            item_ids,
            rule.id,
            explanation,
            component.source,
            component.effective_from,
            False,
        )

    # -- fees, warnings, result --------------------------------------------------------------

    def _statutory_fees(self) -> None:
        for fee, per_quote in candidates(self.dest.regime, "fee", self.order.date, self.facts):
            if per_quote and not self.consignment_holds(fee):
                continue
            assert fee.amount is not None and fee.amount_currency is not None
            amount = self.to_quote(fee.amount, fee.amount_currency)
            name = fee.name
            if fee.method == "fee_per_article":  # one per goods item (product line), whatever its quantity
                articles = len(self.order.items)
                amount = CONTEXT.multiply(amount, Decimal(articles))
                name = f"{fee.name} ({articles} x {fee.amount_currency} {fee.amount:f})"
            self.rule_line("fee", name, amount, fee, self.payable_at_border())

    def _entry_fee(self, duty_groups: list[tuple[Rule, list[int]]]) -> None:
        """The customs entry fee (US Merchandise Processing Fee) where the customs territory has one."""
        table = self.book.entry_fees(self.dest.regime.jurisdiction)
        if table is None:
            return
        if all(rule.method == "exempt" for rule, _ in duty_groups):
            return  # released without an entry (US de minimis, Section 321): no fee
        entered = _ZERO
        for state in self.states:
            entered += state.customs_value
        in_fee_currency = self.fx.convert(entered, self.currency, table.currency)
        fee = table.fee(in_fee_currency, self.order.date)
        if fee is None:
            self.warn(
                "ENTRY_FEE_UNKNOWN", f"no {table.country} entry-fee amounts for {self.order.date}: not in this quote"
            )
            return
        if self.today > table.review_by:
            self.warn(
                "DATA_REVIEW_OVERDUE", f"{table.file} was due for review on {table.review_by}; rates may be out of date"
            )
        amount = self.to_quote(fee.amount, table.currency)
        kind = "formal" if fee.formal else "informal"
        self.lines.append(
            QuoteLine(
                "fee",
                f"Merchandise Processing Fee ({kind} entry)",
                amount,
                self.currency,
                self.payable_at_border(),
                fee.fee_year.rate if fee.formal else None,
                self.round(entered) if fee.formal else None,
                None,
                _ids(self.states),
                f"{table.country}-MPF-{kind.upper()}",
                fee.explanation,
                fee.fee_year.source,
                fee.fee_year.start,
                fee.stale,
            )
        )
        if fee.stale:
            self.warn(
                "ENTRY_FEE_AMOUNTS_STALE",
                f"{table.country} entry-fee amounts for the fiscal year of {self.order.date} are not in the data: "
                f"{fee.fee_year.fiscal_year} amounts are used",
            )

    def _review_warnings(self) -> None:
        dest = self.dest
        today = self.today
        duty_due = dest.duty.review_by if dest.duty is not None else None
        if today <= dest.regime.review_by and today <= dest.tax.review_by and (duty_due is None or today <= duty_due):
            return  # the common case: nothing is overdue
        checks: list[tuple[str, date | None]] = [
            (dest.regime.file, dest.regime.review_by),
            (dest.tax.file, dest.tax.review_by),
        ]
        if dest.duty is not None:
            checks.append((f"duty data {dest.duty.jurisdiction}", dest.duty.review_by))
        for name, review_by in checks:
            if review_by is not None and self.today > review_by:
                self.warn("DATA_REVIEW_OVERDUE", f"{name} was due for review on {review_by}; rates may be out of date")

    def _result(self, duty_groups: list[tuple[Rule, list[int]]], tax_groups: list[tuple[Rule, list[int]]]) -> Quote:
        order = self.order
        checkout = delivery = self.zero
        for line in self.lines:
            if line.payable == "checkout":
                checkout += line.amount
            else:
                delivery += line.amount
        ids = [item.id for item in order.items]
        tax_applied = [{**rule.summary, "item_ids": [ids[i] for i in indexes]} for rule, indexes in tax_groups]
        duty_applied = [{**rule.summary, "item_ids": [ids[i] for i in indexes]} for rule, indexes in duty_groups]
        regime = {
            "id": " + ".join(dict.fromkeys([r["id"] for r in tax_applied] + [r["id"] for r in duty_applied])),
            "jurisdiction": self.dest.regime.jurisdiction,
            "tax_territory": self.dest.tax.code,
            "valuation": self.basis,
            "tax": tax_applied,
            "duty": duty_applied,
            "tests": self.tests,
        }
        destination: dict[str, Any] = {"country": order.ship_to}
        if order.subdivision:
            destination["subdivision"] = order.subdivision
        if order.postal_code:
            destination["postal_code"] = order.postal_code
        if self.dest.territory is not None:
            destination["territory"] = self.dest.territory.id
        customs_fx = self.dest.regime.customs_fx_warning(self.fx.used.values())
        if customs_fx is not None:
            self.warn("CUSTOMS_FX_RATE", customs_fx)
        return Quote(  # positional: the field order of Quote
            self.currency,
            order.date,
            destination,
            order.incoterm,
            tuple(self.lines),
            Totals(checkout, delivery, checkout + delivery, self.currency),
            regime,
            tuple(self.fx.used.values()),
            self.book.data_version,
            tuple(self.warnings),
            self.complete,
        )


class _Thresholds:
    """Consignment and per-article values in one threshold currency, converted from the order's own
    currencies (not via the quote currency) and rounded once, as a customs declaration would be."""

    def __init__(self, quoter: _Quoter, code: str) -> None:
        self._q = quoter
        self._code = code
        self._step = quantum(code)
        order = quoter.order
        fx = quoter.fx
        by_currency: dict[str, Decimal] = {}
        for i in order.items:
            key = i.price_currency or quoter.currency
            by_currency[key] = by_currency.get(key, _ZERO) + i.price * i.quantity
        goods_sum = _ZERO
        for key, value in by_currency.items():
            goods_sum += fx.convert(value, key, code)
        self._goods_sum = goods_sum
        self._transport = fx.convert(order.shipping, order.shipping_currency or quoter.currency, code) + fx.convert(
            order.insurance, order.insurance_currency or quoter.currency, code
        )
        self._cache: dict[tuple[str, int | None], Decimal] = {}

    def value(self, basis: str, index: int | None) -> Decimal:
        key = (basis, index)
        found = self._cache.get(key)
        if found is not None:
            return found
        with_transport = basis == "cif" or (basis == "customs_value" and self._q.basis == "CIF")
        factor = self._q.factor if basis == "customs_value" else Decimal(1)
        if index is None:
            goods = self._goods_sum if factor == 1 else CONTEXT.multiply(self._goods_sum, factor)
            total = goods + self._transport if with_transport else goods
        else:
            item = self._q.order.items[index]
            unit = self._q.fx.convert(item.price, item.price_currency or self._q.currency, self._code)
            total = unit if factor == 1 else CONTEXT.multiply(unit, factor)
            if with_transport and self._goods_sum:
                line = CONTEXT.multiply(unit, Decimal(item.quantity))
                share = CONTEXT.divide(CONTEXT.multiply(self._transport, line), self._goods_sum)
                total += CONTEXT.divide(share, Decimal(item.quantity))
        found = total.quantize(self._step, ROUNDING, CONTEXT)
        self._cache[key] = found
        return found


class LandedCostCalculator:
    """A reusable quoter bound to one RatesBook and FX source (for servers and catalogue pricing)."""

    def __init__(
        self,
        book: RatesBook | None = None,
        fx: FxProvider | None = None,
        *,
        max_fx_age_days: int = DEFAULT_MAX_FX_AGE_DAYS,
    ) -> None:
        if book is not None and not isinstance(book, RatesBook):
            raise InvalidInput(f"{type(book).__name__} is not a RatesBook", path="book", accepted="a RatesBook or None")
        if fx is not None and not callable(getattr(fx, "rate", None)):
            raise InvalidInput(f"{type(fx).__name__} has no rate()", path="fx", accepted="an FxProvider or None")
        if (
            isinstance(max_fx_age_days, bool)
            or not isinstance(max_fx_age_days, int)
            or not 0 <= max_fx_age_days <= 3650
        ):
            raise InvalidInput(
                f"{echo(max_fx_age_days)} is not a number of days", path="max_fx_age_days", accepted="0 to 3650"
            )
        # None: follow the current data snapshot (``checkoutguard.reload_data``), read once per quote.
        self._book = book
        self._fx = fx
        self.max_fx_age_days = max_fx_age_days
        # Answers of a read-only source (an embedded snapshot) can be shared between quotes.
        self._fx_cache: Memo[tuple[str, str, date, int], tuple[FxRate, str | None]] | None = (
            Memo(budget=2 << 20) if isinstance(fx, EmbeddedFx) else None
        )

    @property
    def book(self) -> RatesBook:
        return self._book if self._book is not None else default_book()

    @property
    def fx(self) -> FxProvider:
        return self._fx if self._fx is not None else embedded_fx()

    def quote(self, order: Mapping[str, Any] | Order, *, today: date | None = None) -> Quote:
        """Quote ``order``; only ``CheckoutGuardError`` subclasses leave (see the module docstring)."""
        if isinstance(today, datetime):
            today = today.date()
        elif today is not None and not isinstance(today, date):
            raise InvalidInput(
                f"{type(today).__name__} is not a date", path="today", accepted="a datetime.date or None"
            )
        day = today or date.today()
        book, fx, fx_cache = self._book, self._fx, self._fx_cache
        if book is None or fx is None:
            snapshot = _snapshot.current_data()  # once: this quote uses one generation of the data throughout
            book = book or snapshot.book
            if fx is None:
                fx, fx_cache = snapshot.fx, snapshot.fx_answers
        with decimal.localcontext(CONTEXT):  # the caller's context never touches a price
            parsed = parse_order(order, today=day)
            try:
                return _Quoter(parsed, book, fx, self.max_fx_age_days, day, fx_cache).run()
            except (ArithmeticError, RecursionError) as exc:  # unreachable by the bounds above; never a 500
                raise LimitExceeded(
                    f"the order could not be computed within the money context ({type(exc).__name__})", path="$"
                ) from None


def quote(
    order: Mapping[str, Any] | Order,
    *,
    book: RatesBook | None = None,
    fx: FxProvider | None = None,
    max_fx_age_days: int = DEFAULT_MAX_FX_AGE_DAYS,
    today: date | None = None,
) -> Quote:
    """Quote the landed cost of ``order`` (the v1 order document, or a parsed ``Order``).

    >>> q = quote({"date": "2026-03-02", "ship_from": {"country": "CN"}, "ship_to": {"country": "FR"},
    ...            "merchant": {"registrations": ["EU-IOSS"]},
    ...            "items": [{"id": "a", "price": {"amount": "100.00", "currency": "EUR"}, "hs_code": "610910"}],
    ...            "shipping": {"amount": "10.00", "currency": "EUR"}})
    >>> str(q.totals.checkout)
    '134.00'
    """
    return LandedCostCalculator(book, fx, max_fx_age_days=max_fx_age_days).quote(order, today=today)
