"""``CatalogPricer``: a catalogue times a list of destinations, priced with the engine's own decisions.

Per chunk and destination: rows are grouped by everything but the price; for each group the engine quotes a
few representative prices (``plan.find_bands``), each band's decision becomes integer coefficients
(``plan.band_plan``) checked against the engine at both ends of the band, and ``evaluate`` applies them to
every row of the band at once. Rows the plan cannot express are priced by the single quote, one by one, and
counted. One bad row never stops the run: it gets its reason and the next row goes on.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, NamedTuple

import numpy as np
import pyarrow as pa

from checkoutguard.batch.arith import INT64_SAFE, IntArray
from checkoutguard.batch.catalog import Chunk, read_chunk, to_table
from checkoutguard.batch.evaluate import AMOUNTS, evaluate, evaluate_rows
from checkoutguard.batch.output import OUTPUT_SCHEMA, BatchResult, BatchStats, Columns, split
from checkoutguard.batch.plan import (
    Band,
    BandPlan,
    RuleIndex,
    Signature,
    band_plan,
    find_bands,
    pin_boundaries,
    signature,
)
from checkoutguard.batch.present import PRESENTATIONS
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import CheckoutGuardError, InvalidInput
from checkoutguard.fx import FxProvider
from checkoutguard.landed_cost import LandedCostCalculator, Order, Quote, RatesBook, parse_order
from checkoutguard.money import quantum

__all__ = ["OUTPUT_SCHEMA", "BatchResult", "BatchStats", "CatalogPricer", "price_catalog"]

_MEMO_LIMIT: Final = 20_000
_SMALL_GROUP: Final = 2
_PROBE: Final = re.compile(r"[0-9]{1,15}\.[0-9]{8}")  # what _format(price, _SCALE) makes
_SMALL_BAND: Final = 2048  # rows: below this a band is evaluated together with the chunk's other small bands
_SCALE: Final = 8  # probes are remembered in units of 10**-8 (parse_amount's finest), whatever the chunk's
_CEILING: Final = 10**6 * 10**_SCALE  # 1,000,000 in any currency: above most catalogues' prices


class _Kind(NamedTuple):
    """A kind of catalogue row: what the engine reads apart from the id and the price."""

    currency: str
    shipping_rule: str | None
    item: dict[str, Any]
    key: tuple[tuple[str, Any], ...]  # without the weight: a plan exists only where no amount depends on it
    full: tuple[tuple[str, Any], ...]  # with it: what a quote is remembered by


class _Destination(NamedTuple):
    label: str
    country: str
    subdivision: str | None


class _Bands:
    """The planned bands of one chunk and destination, amounts kept in price order until the end."""

    def __init__(self, count: int) -> None:
        self.amounts = {name: np.zeros(count, dtype=np.int64) for name in AMOUNTS}
        self.plan_of = np.full(count, -1, dtype=np.int32)
        self.plans: list[BandPlan] = []
        self.small: list[tuple[int, int, int]] = []

    def add(
        self, chunk: Chunk, order: IntArray, begin: int, end: int, plan: BandPlan, safe: bool, quantity: int
    ) -> None:
        self.plans.append(plan)
        if safe and end - begin < _SMALL_BAND:  # priced with the other small bands, in one pass
            self.small.append((begin, end, len(self.plans) - 1))
            return
        prices = chunk.price[order[begin:end]]
        if not safe:  # exact on Python integers: prices or rates beyond int64 arithmetic
            prices = prices.astype(object)
        values = evaluate(prices, quantity, plan, chunk.exponent)
        for name in AMOUNTS:
            self.amounts[name][begin:end] = values[name]
        self.plan_of[begin:end] = len(self.plans) - 1

    def evaluate_small(self, chunk: Chunk, order: IntArray) -> None:
        if not self.small:
            return
        positions = np.concatenate([np.arange(b, e) for b, e, _ in self.small])
        which = np.concatenate([np.full(e - b, k, dtype=np.int64) for b, e, k in self.small])
        rows = order[positions]
        values = evaluate_rows(chunk.price[rows], chunk.quantity[rows], which, self.plans, chunk.exponent)
        for name in AMOUNTS:
            self.amounts[name][positions] = values[name]
        self.plan_of[positions] = which


class CatalogPricer:
    """Prices catalogue chunks for a list of destinations on one day, with one rates book and FX source.

    >>> pricer = CatalogPricer(["DE", "FR"], ship_from="CN", date="2026-11-23")   # doctest: +SKIP
    >>> result = pricer.price([{"id": "sku-1", "price": "19.90", "currency": "EUR", "hs_code": "610910"}])
    """

    def __init__(
        self,
        to: Sequence[str],
        *,
        ship_from: str,
        date: date | str | None = None,
        incoterm: str = "DDP",
        registrations: Iterable[str] = (),
        shipping: Mapping[str, Mapping[str, Any]] | None = None,
        presentation: str | None = None,
        book: RatesBook | None = None,
        fx: FxProvider | None = None,
        today: date | None = None,
    ) -> None:
        self.today = today or _today()
        if not to:
            raise InvalidInput("no destinations", path="to", accepted="country codes such as DE, FR, GB or CA-ON")
        self.destinations = [_destination(label) for label in to]
        self.ship_from = country_code(ship_from, path="ship_from")
        self.incoterm = incoterm
        self.registrations = sorted(set(registrations))
        self.shipping = {name: dict(rules) for name, rules in (shipping or {}).items()}
        if presentation is not None and presentation not in PRESENTATIONS:
            raise InvalidInput(
                f"{presentation!r} is not a presentation", path="presentation", accepted=", ".join(PRESENTATIONS)
            )
        self.presentation = presentation
        self.calculator = LandedCostCalculator(book, fx)
        self.book = self.calculator.book
        self.data_version = self.book.data_version
        self.date_text = date.isoformat() if hasattr(date, "isoformat") else date  # type: ignore[union-attr]
        template = self._order("0", "EUR", {}, self.destinations[0], "probe")
        self.day = parse_order(template, today=self.today).date  # checks date, incoterm, registrations once
        self.date_text = self.day.isoformat()
        for rules in self.shipping.values():
            for where, money in rules.items():
                parse_order({**template, "shipping": money}, today=self.today)  # the engine's own check
                if where != "*":
                    _destination(where)
        self._index: dict[str, RuleIndex] = {}
        self._quotes: dict[tuple[Any, ...], tuple[Quote | None, CheckoutGuardError | None]] = {}
        self._plans: dict[tuple[Any, ...], tuple[BandPlan | None, dict[int, int]]] = {}
        self._known: dict[tuple[Any, ...], dict[int, Signature | None]] = {}
        self._signatures: dict[Signature, Signature] = {}
        self._guesses: dict[tuple[Any, ...], set[int]] = {}
        self._orders: dict[tuple[Any, ...], Order] = {}

    # -- public ------------------------------------------------------------------------------

    def price(self, catalog: Any) -> BatchResult:
        """Price a whole catalogue held in memory (a table, a DataFrame or a list of mappings)."""
        started = time.perf_counter()
        table, stats = self.price_table(to_table(catalog))
        stats.seconds = time.perf_counter() - started
        return split(table, stats)

    def price_table(self, table: pa.Table, first_row: int = 0) -> tuple[pa.Table, BatchStats]:
        """One chunk, every destination: rows in ``OUTPUT_SCHEMA`` (failed rows have ``method == "error"``)."""
        chunk = read_chunk(table, day=self.day, shipping_rules=self.shipping)
        stats = BatchStats()
        parts = [self._price_for(chunk, where, first_row, stats) for where in self.destinations]
        return pa.concat_tables(parts), stats

    # -- one destination ---------------------------------------------------------------------

    def _price_for(self, chunk: Chunk, where: _Destination, first_row: int, stats: BatchStats) -> pa.Table:
        out = Columns(chunk)
        ok = ~out.errors.failed
        single: list[int] = np.flatnonzero(ok & chunk.wide).tolist()
        rows = np.flatnonzero(ok & ~chunk.wide)
        order = rows[np.lexsort((chunk.price[rows], chunk.group[rows]))]
        starts = np.flatnonzero(np.diff(chunk.group[order], prepend=-1)) if len(order) else np.array([], np.int64)
        bands = _Bands(len(order))
        for start, stop in itertools.pairwise([*starts.tolist(), len(order)]):
            stats.groups += 1
            single.extend(self._price_group(chunk, where, order, start, stop, bands, stats))
        bands.evaluate_small(chunk, order)
        out.set_planned(order, bands.amounts, bands.plan_of, bands.plans)
        for row in single:
            result, error = self._quote(self._kind(chunk, row), _price_text(chunk, row), where, stats)
            if result is None:
                assert error is not None
                out.errors.add_row(row, error)
            else:
                out.set_quote(row, result, _amounts(result))
        return out.table(where.label, first_row, self.data_version, self.presentation, stats)

    def _price_group(
        self, chunk: Chunk, where: _Destination, order: IntArray, start: int, stop: int, out: _Bands, stats: BatchStats
    ) -> list[int]:
        """Plan the rows ``order[start:stop]`` (one kind of item, sorted by price); returns the rows left over."""
        members = order[start:stop]
        prices = chunk.price[members]
        distinct = prices[np.flatnonzero(np.diff(prices, prepend=-1))]
        if len(distinct) <= _SMALL_GROUP:  # a plan would cost as many engine calls as the rows themselves
            return list(members.tolist())
        kind = self._kind(chunk, int(members[0]))
        scale = 10 ** (_SCALE - chunk.exponent)
        left: list[int] = []
        for low, high, found in self._bands(kind, where, distinct, scale, stats):
            begin = start + int(np.searchsorted(prices, -(-low // scale), side="left"))
            end = start + int(np.searchsorted(prices, high // scale, side="right"))
            if begin >= end:
                continue  # a band of earlier chunks with no price of this one
            stats.bands += 1
            largest = int(chunk.price[order[end - 1]])
            checked = self._plan(kind, low, high, largest, chunk.exponent, where, found, stats)
            if checked is None:
                left.extend(order[begin:end].tolist())
            else:
                out.add(chunk, order, begin, end, *checked, int(kind.item["quantity"]))
        return left

    def _bands(self, kind: _Kind, where: _Destination, distinct: IntArray, scale: int, stats: BatchStats) -> list[Band]:
        """The bands covering ``distinct`` prices of ``kind`` (units of ``10**-8`` via ``scale``)."""
        index = self._rules(where)
        known = self._probes(where, kind)
        family = self._guesses.setdefault(
            (where.label, kind.currency, kind.shipping_rule, kind.item["quantity"]), set()
        )

        def sig(price: int) -> Signature | None:
            result = self._quote(kind, _format(price, _SCALE), where, stats)[0]
            return self._intern(signature(index, result)) if result is not None else None

        if int(distinct[-1]) < 2**62 // scale:
            scaled = (distinct * scale).tolist()
        else:
            scaled = [int(p) * scale for p in distinct.tolist()]
        if not known:  # a ceiling probe once per kind: later chunks' highest prices fall under it
            known[_CEILING] = sig(_CEILING)
        bands = find_bands(scaled, known, sig, step=scale, guesses=sorted(family))
        if len(bands) > 1 and not any(bands[0][1] <= g <= bands[-1][0] for g in family):
            family.update(pin_boundaries(bands, known, sig, scale))  # once per family of kinds
        return bands

    # -- the engine --------------------------------------------------------------------------

    def _rules(self, where: _Destination) -> RuleIndex:
        found = self._index.get(where.label)
        if found is None:
            dest = self.book.destination(where.country, where.subdivision, None, self.day)
            regime = dest.regime
            rules = {r.id: r for kind in ("duty", "tax", "fee") for r in regime.rules_on(kind, self.day)}
            _, factor = regime.valuation_basis(self.day, "consumer")
            day, subdivision = self.day, where.subdivision

            def stacked(category: str) -> bool:
                return any(c.base_includes_national_tax for c in dest.tax.components(subdivision, category, day))

            found = self._index[where.label] = RuleIndex(rules, factor, stacked)
        return found

    def _item(self, chunk: Chunk, row: int, item_id: str = "sku") -> dict[str, Any]:
        item: dict[str, Any] = {"id": item_id, "quantity": int(chunk.quantity[row])}
        for name in ("hs_code", "origin", "category", "weight_kg"):
            value = chunk.text(name, row)
            if value:  # an empty cell is a missing value; anything else goes to the engine as it is
                item[name] = value
        return item

    def _order(
        self,
        price: str,
        code: str,
        item: dict[str, Any],
        where: _Destination,
        item_id: str,
        shipping_rule: str | None = None,
    ) -> dict[str, Any]:
        ship_to: dict[str, Any] = {"country": where.country}
        if where.subdivision:
            ship_to["subdivision"] = where.subdivision
        document: dict[str, Any] = {
            "ship_from": {"country": self.ship_from},
            "ship_to": ship_to,
            "incoterm": self.incoterm,
            "merchant": {"registrations": self.registrations},
            "items": [{**item, "id": item_id, "price": {"amount": price, "currency": code}}],
        }
        if self.date_text is not None:
            document["date"] = self.date_text
        if shipping_rule:
            rules = self.shipping[shipping_rule]
            money = rules.get(where.label, rules.get(where.country, rules.get("*")))
            if money is not None:
                document["shipping"] = money
        return document

    def _kind(self, chunk: Chunk, row: int) -> _Kind:
        """Everything of ``row`` the engine reads except its id and price."""
        item = self._item(chunk, row)
        full = tuple(sorted(item.items()))
        key = tuple(pair for pair in full if pair[0] != "weight_kg")
        return _Kind(chunk.text("currency", row) or "", chunk.text("shipping_rule", row), item, key, full)

    def _quote(
        self, kind: _Kind, price: str, where: _Destination, stats: BatchStats
    ) -> tuple[Quote | None, CheckoutGuardError | None]:
        """The engine's quote for a kind of item at ``price`` (remembered: kinds of item and prices repeat).

        The item id is left out (it names lines, it never changes an amount or a rule), so rows of the same
        kind at the same price share one quote; everything else of the row is in the order.
        """
        key = (where.label, price, kind.currency, kind.shipping_rule, kind.full)
        found = self._quotes.get(key)
        if found is None:
            stats.engine_calls += 1
            try:
                found = (self.calculator.quote(self._parsed(kind, price, where), today=self.today), None)
            except CheckoutGuardError as exc:
                found = (None, exc)
            if len(self._quotes) >= _MEMO_LIMIT:
                self._quotes.clear()
            self._quotes[key] = found
        return found

    def _parsed(self, kind: _Kind, price: str, where: _Destination) -> Order | dict[str, Any]:
        """The order for ``kind`` at ``price``: parsed by the engine's own ``parse_order`` once per kind, then
        with only the price replaced when ``price`` is one of our probes (digits and a dot, made by ``_format``).
        Row prices as written (which may need ``parse_amount``'s leniency) go through the full parse."""
        document = self._order(price, kind.currency, kind.item, where, "sku", kind.shipping_rule)
        if not _PROBE.fullmatch(price):
            return document
        key = (where.label, kind.currency, kind.shipping_rule, kind.full)
        template = self._orders.get(key)
        if template is None:
            template = parse_order(document, today=self.today)  # raises as the quote would
            if len(self._orders) >= _MEMO_LIMIT:
                self._orders.clear()
            self._orders[key] = template
        item = template.items[0]
        return dataclasses.replace(template, items=(dataclasses.replace(item, price=Decimal(price)),))

    def _probes(self, where: _Destination, kind: _Kind) -> dict[int, Signature | None]:
        """The prices (in units of ``10**-8``) probed so far for this kind of item, with their signatures."""
        key = (where.label, kind.currency, kind.shipping_rule, kind.key)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= _MEMO_LIMIT:
                self._known.clear()
            found = self._known[key] = {}
        return found

    def _intern(self, found: Signature) -> Signature:
        """One object per distinct signature (millions of probes share a few)."""
        return self._signatures.setdefault(found, found)

    def _plan(
        self,
        kind: _Kind,
        low: int,
        high: int,
        largest: int,
        exponent: int,
        where: _Destination,
        found: Signature | None,
        stats: BatchStats,
    ) -> tuple[BandPlan, bool] | None:
        """The band's plan and whether int64 holds its arithmetic up to ``largest`` (units of ``10**-exponent``).

        A plan is made once per kind of item and signature and checked then against the engine at both ends
        of its first band (``low`` and ``high``, units of ``10**-8``): the signature is the proof, the check
        guards the arithmetic. Later bands with the same signature reuse it.
        """
        if found is None:
            return None
        key = (where.label, kind.currency, kind.shipping_rule, kind.key, found)
        known = self._plans.get(key)
        quantity = int(kind.item["quantity"])
        if known is None:
            plan = self._checked_plan(kind, low, high, where, stats)
            if len(self._plans) >= _MEMO_LIMIT:
                self._plans.clear()
            known = self._plans[key] = (plan, {})
        plan, safe_up_to = known
        if plan is None:
            return None
        if exponent not in safe_up_to:
            safe_up_to[exponent] = _int64_ceiling(plan, quantity, exponent)
        return plan, largest <= safe_up_to[exponent]

    def _checked_plan(
        self, kind: _Kind, low: int, high: int, where: _Destination, stats: BatchStats
    ) -> BandPlan | None:
        first = self._quote(kind, _format(low, _SCALE), where, stats)[0]
        last = self._quote(kind, _format(high, _SCALE), where, stats)[0]
        if first is None or last is None:
            return None
        category = str(kind.item.get("category", "general"))
        plan = band_plan(self._rules(where), first, self.incoterm, kind.currency, category)
        if plan is None:
            return None
        values = evaluate(np.array([low, high], dtype=object), int(kind.item["quantity"]), plan, _SCALE)
        for at, result in enumerate((first, last)):
            if any(int(values[name][at]) != expected for name, expected in _amounts(result).items()):
                return None
        return plan


def _int64_ceiling(plan: BandPlan, quantity: int, exponent: int) -> int:
    """The largest power of ten (as a price in units of ``10**-exponent``) up to which int64 holds the plan.

    Every intermediate grows with the price, so one exact evaluation on Python integers at a price bounds
    every smaller price; tried at 10**12, 10**9 ... once per plan and exponent (beyond: Python integers).
    """
    for digits in (12, 9, 6, 3, 0):
        seen: list[int] = []
        evaluate(np.array([10**digits], dtype=object), quantity, plan, exponent, seen)
        if max(seen, default=0) < INT64_SAFE:
            return 10**digits
    return -1


def _amounts(result: Quote) -> dict[str, int]:
    step = quantum(result.currency)

    def units(amount: Decimal) -> int:
        return int(amount / step)

    by_type = {kind: result.total_of(kind) for kind in ("goods", "shipping", "duty", "tax", "fee", "insurance")}
    return {
        "goods": units(by_type["goods"]),
        "shipping": units(by_type["shipping"] + by_type["insurance"]),
        "duty": units(by_type["duty"]),
        "tax": units(by_type["tax"]),
        "fees": units(by_type["fee"]),
        "total": units(result.totals.grand),
        "checkout": units(result.totals.checkout),
        "delivery": units(result.totals.delivery),
    }


def _format(price: int, exponent: int) -> str:
    if exponent == 0:
        return str(price)
    text = str(price).rjust(exponent + 1, "0")
    return f"{text[:-exponent]}.{text[-exponent:]}"


def _price_text(chunk: Chunk, row: int) -> str:
    if chunk.wide[row]:  # as written: the engine reads it (the row's checks passed parse_amount)
        return chunk.text("price", row) or ""
    return _format(int(chunk.price[row]), chunk.exponent)


def _destination(label: object) -> _Destination:
    if not isinstance(label, str):
        raise InvalidInput("a destination is a country code", path="to", accepted="DE, FR, GB, CA-ON")
    text = label.strip().upper()
    country, _, sub = text.partition("-")
    code = country_code(country, path="to")
    subdivision = subdivision_code(code, text, path="to") if sub else None
    return _Destination(text, code, subdivision)


def _today() -> date:
    return date.today()


def price_catalog(catalog: Any, to: Sequence[str], *, ship_from: str, **options: Any) -> BatchResult:
    """Price ``catalog`` for every destination in ``to`` with the same rules as ``checkoutguard.quote``.

    Options are ``CatalogPricer``'s: ``date``, ``incoterm``, ``registrations``, ``shipping``, ``presentation``,
    ``book``, ``fx``, ``today``. Needs pyarrow and numpy (the ``batch`` extra), not Dask.
    """
    return CatalogPricer(to, ship_from=ship_from, **options).price(catalog)
