"""Which payment methods to show a buyer, in what order, and why; and which were dropped, and why.

Every method offered in the buyer's country, every global fallback (cards, PayPal, Apple Pay, Google
Pay), and every method the merchant names is checked in the same order: dates (launched, retired),
country, currency, buyer type, recurring, channel, amount limits, the merchant's PSP, the merchant's
allow-list. A method that passes is ranked: the merchant's preferred order first, then the market's order
from the data (device wallets just before cards on their own platform). A method that fails is listed
with every reason, so a merchant can see what a contract, a currency or an amount would change.

>>> sel = select_methods(country="NL", currency="EUR", amount="50.00", on=date(2026, 11, 23))
>>> sel.methods[0].id
'ideal'
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import moneyed

from checkoutguard.errors import InvalidInput, echo
from checkoutguard.memo import remember
from checkoutguard.money import CONTEXT, CurrencyInfo, currency as currency_info, from_money, parse_amount, quantum
from checkoutguard.payments import _inputs
from checkoutguard.payments.model import Availability, Limit, Method
from checkoutguard.payments.registry import Registry, registry

__all__ = ["ExcludedMethod", "MethodSelection", "SelectedMethod", "select_methods", "select_methods_from_query"]

#: The order checks run in; ``ExcludedMethod.code`` is the first that failed.
CHECKS: Final = (
    "not_launched",
    "retired",
    "country",
    "currency",
    "buyer_type",
    "recurring",
    "channel",
    "limit",
    "provider",
    "not_allowed",
)
_DEFAULT_RANK: Final = 50
_QUERY_KEYS: Final = frozenset(
    {"country", "currency", "amount", "buyer_type", "channel", "recurring", "date", "allow", "prefer", "provider"}
)
_CHANNEL_WORDS: Final = {"web": "on the web", "ios": "in iOS apps", "android": "in Android apps"}


@dataclass(frozen=True, slots=True)
class SelectedMethod:
    """A method to show, with the reason it is shown and its identifiers at the PSPs that offer it."""

    id: str
    name: str
    kind: str
    reason: str
    provider_ids: Mapping[str, str]
    position: int
    sources: tuple[str, ...] = ()
    recurring_via: str | None = None
    voucher_expiry: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "reason": self.reason,
            "provider_ids": dict(self.provider_ids),
            "position": self.position,
            "sources": list(self.sources),
        }
        if self.recurring_via:
            result["recurring_via"] = self.recurring_via
        if self.voucher_expiry:
            result["voucher_expiry"] = dict(self.voucher_expiry)
        return result


@dataclass(frozen=True, slots=True)
class ExcludedMethod:
    """A method that was considered and dropped: the first failed check and every reason."""

    id: str
    code: str
    reason: str
    codes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "codes": list(self.codes), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class MethodSelection:
    """The answer for one buyer: ranked ``methods``, ``excluded`` ones with reasons, and notes."""

    country: str
    currency: str
    amount: Decimal
    on: date
    buyer_type: str
    channel: str
    recurring: bool
    methods: tuple[SelectedMethod, ...]
    excluded: tuple[ExcludedMethod, ...]
    notes: tuple[str, ...] = ()
    data_version: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.methods)

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "currency": self.currency,
            "amount": format(self.amount, "f"),
            "date": self.on.isoformat(),
            "buyer_type": self.buyer_type,
            "channel": self.channel,
            "recurring": self.recurring,
            "methods": [m.to_dict() for m in self.methods],
            "excluded": [e.to_dict() for e in self.excluded],
            "notes": list(self.notes),
            "data_version": self.data_version,
        }


@dataclass(frozen=True, slots=True)
class _Query:
    country: str
    currency: str
    day: date
    buyer_type: str
    channel: str
    recurring: bool
    allow: frozenset[str] | None
    prefer: tuple[str, ...]
    provider: str | None


def _money(value: object) -> str:
    return f"{value:,}" if isinstance(value, Decimal) else str(value)


def _amount(value: object, info: CurrencyInfo) -> Decimal:
    code = info.code
    if isinstance(value, moneyed.Money):
        amount, money_code = from_money(value)
        if money_code != code:
            raise InvalidInput(
                f"the amount is in {money_code} but the currency is {code}",
                path="amount",
                accepted=f"an amount in {code}",
            )
    else:
        amount = parse_amount(value)
    rounded = amount.quantize(quantum(code), context=CONTEXT)
    if rounded != amount:
        raise InvalidInput(
            f"{format(amount, 'f')} has more decimal places than {code} allows",
            path="amount",
            accepted=f"at most {info.minor_units} decimal places for {code}",
        )
    return rounded


def _limit_for(method: Method, query: _Query) -> Limit | None:
    candidates = [limit for limit in method.limits if limit.applies_to(query.currency, query.country)]
    if query.provider is not None:
        for limit in candidates:
            if limit.provider == query.provider:
                return limit
    specific = [limit for limit in candidates if limit.countries is not None]
    ordered = specific or candidates
    return ordered[0] if ordered else None


def _whose(limit: Limit) -> str:
    return f" ({limit.provider})" if limit.provider else ""


def _failures(method: Method, query: _Query) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """Every failed check that does not depend on the amount, as ``(code, reason)``: those ordered before
    the amount limit and those after it; and remarks for a method that passes."""
    fails: list[tuple[str, str]] = []
    remarks: list[str] = []
    day, country, name = query.day, query.country, method.name_on(query.day, query.country)
    timing = method.timing(day)
    if timing == "before":
        fails.append(("not_launched", f"{name} starts on {method.start}"))
    elif timing == "after":
        successor = f" Successor: {method.successor}." if method.successor else ""
        fails.append(("retired", f"{name} ended on {method.end}: {_clause(method.retirement_reason)}.{successor}"))
    local = method.countries.get(country)
    if method.is_global:
        if country in method.excluded_countries:
            fails.append(("country", f"{name} is not available in {country}: {method.excluded_countries[country]}"))
    elif local is None:
        fails.append(("country", f"{name} is not offered in {country}"))
    elif local.timing(day) == "before":
        fails.append(("not_launched", f"{name} is offered in {country} from {local.start}"))
    elif local.timing(day) == "after":
        ended = f"{name} ended in {country} on {local.end}"
        fails.append(("retired", f"{ended}: {_clause(local.note)}" if local.note else ended))
    accepted = method.currencies_in(country)
    if accepted is not None and query.currency not in accepted:
        where = f" from buyers in {country}" if local is not None and local.currencies is not None else ""
        fails.append(("currency", f"{name} takes {', '.join(sorted(accepted))}{where}, not {query.currency}"))
    if query.buyer_type not in method.buyers:
        only = "consumers" if "consumer" in method.buyers else "business buyers"
        fails.append(("buyer_type", f"{name} is for {only} only"))
    if query.recurring:
        _recurring(method, name, query, fails, remarks)
    if query.channel not in method.channels:
        fails.append(("channel", f"{name} is not offered {_CHANNEL_WORDS[query.channel]}"))
    after: list[tuple[str, str]] = []
    if query.provider is not None:
        pid = method.providers.get(query.provider)
        if pid is None:
            after.append(("provider", f"{query.provider} does not offer {name} (no identifier in our data)"))
        elif pid.timing(day) == "after":
            after.append(("provider", f"{query.provider} stopped processing {name} after {pid.end}"))
        elif pid.timing(day) == "before":
            after.append(("provider", f"{query.provider} offers {name} from {pid.start}"))
    if query.allow is not None and method.id not in query.allow:
        after.append(("not_allowed", f"{method.id} is not in the merchant's allow-list"))
    return fails, after, remarks


def _recurring(method: Method, name: str, query: _Query, fails: list[tuple[str, str]], remarks: list[str]) -> None:
    rule = method.recurring
    if not rule.supported:
        fails.append(("recurring", f"{name} cannot be charged again without the buyer"))
    elif rule.start is not None and query.day < rule.start:
        fails.append(("recurring", f"recurring {name} payments start on {rule.start}"))
    elif query.provider is not None and query.provider in rule.not_at:
        fails.append(("recurring", f"{query.provider} offers {name} for one-off payments only"))
    elif rule.via:
        remarks.append(f"later charges run on {rule.via} (the first payment sets up the mandate)")
    else:
        remarks.append("can be charged again for later payments")


def _clause(text: str) -> str:
    """A note as a clause of a longer reason: no full stop before the next semicolon."""
    return text.strip().rstrip(".")


def _business_only(method: Method, query: _Query) -> bool:
    return query.buyer_type == "business" and method.buyers == {"business"}


def _base_rank(method: Method, local: Availability | None, query: _Query) -> float:  # float-ok: ordering key
    if _business_only(method, query):
        return 0.5  # B2B invoice methods lead for a business buyer: they exist for that checkout
    if local is not None and local.rank is not None:
        return float(local.rank)  # float-ok
    return float(method.default_rank or _DEFAULT_RANK)  # float-ok


def _lead(method: Method, local: Availability | None, query: _Query) -> str:
    """Why the method is in this market's list, from the data."""
    country = query.country
    if local is not None and local.share is not None:
        share = local.share
        percent = (share.value * 100).quantize(Decimal(1), context=CONTEXT)
        return f"popular in {country}: {percent}% {share.measure}"
    if method.is_global:
        lead = f"global fallback ({method.kind.replace('_', ' ')})"
        return f"{lead}; {_clause(local.note)}" if local is not None and local.note else lead
    if local is None:  # a method the merchant named for a country outside its list never passes
        return f"offered in {country}"
    rank = f"#{local.rank} in {country}" if local.rank is not None else f"offered in {country}"
    basis = "" if local.rank_basis == "source" else " (editorial order, no share figure)"
    lead = f"local method, {rank}{basis}"
    return f"{lead}; {_clause(local.note)}" if local.note else lead


def _texts(method: Method, query: _Query, preferred: int | None) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The reason's parts before the check remarks and after them, and the display name."""
    local = method.countries.get(query.country)
    parts: list[str] = []
    if preferred is not None:
        parts.append(f"merchant's preferred order #{preferred}")
    parts.append(_lead(method, local, query))
    if _business_only(method, query):
        parts.append("made for business buyers, so placed first")
    if query.channel in method.boost_on:
        parts.append(f"placed before cards {_CHANNEL_WORDS[query.channel]}")
    name = method.name_on(query.day, query.country)
    if name != method.names["en"] and (local is None or local.name != name):
        parts.append(f"shown as '{name}' since {max(r.start for r in method.renamed if r.start <= query.day)}")
    tail = (_clause(method.channel_note),) if method.channel_note and query.channel == "web" else ()
    return tuple(parts), tail, name


def _sources(method: Method, query: _Query, limit: Limit | None) -> tuple[str, ...]:
    local = method.countries.get(query.country)
    sources = [local.source] if local is not None else []
    if local is not None and local.share is not None and local.share.source not in sources:
        sources.append(local.share.source)
    if limit is not None and limit.source not in sources:
        sources.append(limit.source)
    return tuple(sources)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One considered method, decided for a query except its amount: the checks that failed whatever the
    amount, the limit left to test, and the texts and ranking keys if it passes."""

    method: Method
    before: tuple[tuple[str, str], ...]  # failed checks ordered before "limit", in CHECKS order
    after: tuple[tuple[str, str], ...]  # failed checks ordered after it
    limit: Limit | None
    remarks: tuple[str, ...]
    excluded: ExcludedMethod | None  # the answer when the checks fail and the limit adds nothing
    rank: float  # float-ok: an ordering key
    boost: bool
    share: Decimal
    head: tuple[str, ...]
    tail: tuple[str, ...]
    name: str
    sources: tuple[str, ...]
    provider_ids: Mapping[str, str]
    recurring_via: str | None
    slot: int  # this entry's place in the plan's entries (ids in order)
    low: Decimal | None  # the limit's minimum and maximum, and the texts that follow the amount
    high: Decimal | None
    below: str  # " is below the minimum EUR 1.00 (stripe)"
    above: str
    within: str  # " is within EUR 1.00-1,000.00"
    caution_above: Decimal | None
    caution: str  # "caution: ..."
    exclude_head: str  # the failed checks before "limit" as text, ending in "; " (or empty)
    exclude_tail: str  # those after it, starting with "; " (or empty)
    codes: tuple[str, tuple[str, ...]]  # the first code and every code when the limit fails too
    reason_start: str  # the reason up to the amount's remarks, and after them
    reason_end: str
    #: The shown method by position, when the amount added no remark (results are immutable: shared).
    shown: dict[int, SelectedMethod] = field(default_factory=dict, compare=False)

    def selected(self, position: int, extra: tuple[str, ...]) -> SelectedMethod:
        """The shown method at ``position``; ``extra`` are the remarks its amount added."""
        found = None if extra else self.shown.get(position)
        if found is not None:
            return found
        method = self.method
        middle = "".join(["; " + remark for remark in extra]) if extra else ""
        result = SelectedMethod(
            id=method.id,
            name=self.name,
            kind=method.kind,
            reason=self.reason_start + middle + self.reason_end,
            provider_ids=self.provider_ids,
            position=position,
            sources=self.sources,
            recurring_via=self.recurring_via,
            voucher_expiry=method.voucher_expiry,
        )
        if not extra and len(self.shown) < 8:  # a method lands in few positions
            self.shown[position] = result
        return result


@dataclass(frozen=True, slots=True)
class _Plan:
    entries: tuple[_Entry, ...]  # by method id: the order of ``excluded``
    preferred: Mapping[str, int]
    notes: tuple[str, ...]  # notes that do not depend on the amount
    size: int  # estimated bytes, for the registry's plan memo
    #: The entries in display order when cards are shown (wallets boosted before them) and when not.
    ranked_with_card: tuple[_Entry, ...]
    ranked: tuple[_Entry, ...]
    card: int  # the slot of the card entry, or -1
    tested: tuple[_Entry, ...]  # the entries with a limit: the only ones the amount can change
    fixed: tuple[tuple[int, ExcludedMethod], ...]  # the others' exclusions, by slot (id order)
    shown: Mapping[int, tuple[str, ...]]  # the others that pass, by slot (no amount remarks)
    fixed_excluded: tuple[ExcludedMethod, ...]  # ``fixed`` without the slots


def _order(fails: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(fails, key=lambda f: CHECKS.index(f[0])))


def _limit_texts(limit: Limit | None, code: str) -> tuple[str, str, str, str]:
    """What follows "EUR 50.00" when the amount is below, above or within ``limit``, and its caution."""
    if limit is None:
        return "", "", "", ""
    whose = _whose(limit)
    below = f" is below the minimum {code} {_money(limit.min)}{whose}"
    above = f" is above the maximum {code} {_money(limit.max)}{whose}"
    if limit.min is None:
        bounds = f"under the maximum {code} {_money(limit.max)}"
    elif limit.max is None:
        bounds = f"above the minimum {code} {_money(limit.min)}, no maximum"
    else:
        bounds = f"within {code} {_money(limit.min)}-{_money(limit.max)}"
    return below, above, f" is {bounds}{whose}", f"caution: {limit.caution}"


def _entry(method: Method, query: _Query, preferred: int | None, slot: int) -> _Entry:
    before, after, remarks = _failures(method, query)
    limit = _limit_for(method, query)
    ordered_before, ordered_after = _order(before), _order(after)
    excluded = None
    if ordered_before or ordered_after:
        fails = ordered_before + ordered_after
        excluded = ExcludedMethod(method.id, fails[0][0], "; ".join(t for _, t in fails), tuple(c for c, _ in fails))
    local = method.countries.get(query.country)
    head, tail, name = _texts(method, query, preferred)
    below, above, within, caution = _limit_texts(limit, query.currency)
    codes = (*(c for c, _ in ordered_before), "limit", *(c for c, _ in ordered_after))
    return _Entry(
        method=method,
        before=ordered_before,
        after=ordered_after,
        limit=limit,
        remarks=tuple(remarks),
        excluded=excluded,
        rank=_base_rank(method, local, query),
        boost=query.channel in method.boost_on,
        share=local.share.value if local is not None and local.share is not None else Decimal(0),
        head=head,
        tail=tail,
        name=name,
        sources=_sources(method, query, limit),
        provider_ids=MappingProxyType(method.provider_ids(query.day)),
        recurring_via=method.recurring.via if query.recurring else None,
        slot=slot,
        low=limit.min if limit is not None else None,
        high=limit.max if limit is not None else None,
        below=below,
        above=above,
        within=within,
        caution_above=limit.caution_above if limit is not None else None,
        caution=caution,
        exclude_head="".join(text + "; " for _, text in ordered_before),
        exclude_tail="".join("; " + text for _, text in ordered_after),
        codes=(codes[0], codes),
        reason_start="; ".join((*head, *remarks)),
        reason_end="".join("; " + text for text in tail),
    )


def _plan(book: Registry, query: _Query) -> _Plan:
    """Everything about a selection that its amount cannot change, decided once per kind of query."""
    preferred = {method_id: index for index, method_id in enumerate(query.prefer, start=1)}
    considered = _considered(book, query)
    entries = tuple(_entry(book.methods[i], query, preferred.get(i), slot) for slot, i in enumerate(considered))
    notes: tuple[str, ...] = ()
    if query.country not in book.markets:
        notes = (f"no local payment methods for {query.country} in checkoutguard's data; global methods only",)
    size = 512 + sum(
        400
        + sum(len(t) + 49 for t in (*e.head, *e.tail, *e.remarks, *e.sources, e.name))
        + 2 * len(e.provider_ids) * 60
        + (len(e.excluded.reason) + 49 if e.excluded else 0)
        + sum(len(t) + 60 for _, t in (*e.before, *e.after))
        + 8 * (200 + sum(len(t) + 2 for t in (*e.head, *e.remarks, *e.tail)))  # the shown results it may keep
        for e in entries
    )
    card = next((e for e in entries if e.method.id == "card" and e.excluded is None), None)
    last = len(preferred) + 1

    def order(entry: _Entry, with_card: bool) -> tuple[int, float, Decimal, str]:  # float-ok: rank
        rank = entry.rank
        if with_card and card is not None and entry.boost:
            rank = min(rank, card.rank - 0.5)
        return (preferred.get(entry.method.id, last), rank, -entry.share, entry.method.id)

    can_pass = [e for e in entries if e.excluded is None]
    with_card = tuple(sorted(can_pass, key=lambda e: order(e, True)))
    plain = tuple(sorted(can_pass, key=lambda e: order(e, False)))
    slot = card.slot if card is not None else -1
    tested = tuple(e for e in entries if e.limit is not None)
    fixed = tuple((e.slot, e.excluded) for e in entries if e.limit is None and e.excluded is not None)
    shown = MappingProxyType({e.slot: () for e in entries if e.limit is None and e.excluded is None})
    return _Plan(
        entries,
        MappingProxyType(preferred),
        notes,
        size,
        with_card,
        plain,
        slot,
        tested,
        fixed,
        shown,
        tuple(e for _, e in fixed),
    )


def _plan_for(book: Registry, query: _Query) -> _Plan:
    """The plan for ``query`` (every field but the amount), from the registry's bounded memo."""
    key: tuple[object, ...] = (query.country, query.currency, query.day, query.buyer_type, query.channel)
    key += (query.recurring, query.allow, query.prefer, query.provider)
    memo = book.plans
    found: _Plan | None = memo.get(key)
    if found is None:
        found = _plan(book, query)
        if len(memo) >= memo.limit or memo.used + found.size > memo.budget:  # the bounds of memo.remember
            memo.clear()
            memo.used = 0
        memo[key] = found
        memo.used += found.size
    return found


def _considered(book: Registry, query: _Query) -> list[str]:
    ids = set(book.by_country.get(query.country, ())) | set(book.global_ids) | set(query.prefer)
    if query.allow is not None:
        ids |= query.allow
    return sorted(ids)


def _provider(value: object, book: Registry) -> str | None:
    if value is None:
        return None
    known = book.providers
    if type(value) is not str or value not in known:
        raise InvalidInput(f"{echo(value)} is not a PSP in our data", path="provider", accepted=", ".join(known))
    return value


def select_methods(
    *,
    country: str,
    currency: str,
    amount: str | Decimal | int | moneyed.Money,
    buyer_type: str = "consumer",
    channel: str = "web",
    recurring: bool = False,
    on: date | None = None,
    allow: Iterable[str] | None = None,
    prefer: Iterable[str] | None = None,
    provider: str | None = None,
    data: Registry | None = None,
) -> MethodSelection:
    """The payment methods to show a buyer, ranked and explained, and the ones dropped with reasons.

    ``allow`` is the merchant's allow-list (the methods its PSP contract covers); ``prefer`` puts those
    ids first in that order; ``provider`` (stripe, adyen, mollie, paypal...) also drops methods that PSP
    does not process and applies its own limits where the data has them.

    Raises ``UnknownCountry``, ``UnknownCurrency`` (not in use on that day) or ``InvalidInput``, and
    nothing else, whatever the arguments; runs under the money context, whatever the caller's.
    """
    if data is not None and not isinstance(data, Registry):
        raise InvalidInput(f"{type(data).__name__} is not a Registry", path="data", accepted="a Registry or None")
    book = data or registry()  # read once: this selection uses one generation of the data
    try:
        with decimal.localcontext(CONTEXT):
            return _checked(
                book, country, currency, amount, buyer_type, channel, recurring, on, allow, prefer, provider
            )
    except InvalidInput:
        raise
    except (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, RecursionError) as exc:
        raise InvalidInput(
            f"the arguments could not be read ({type(exc).__name__})", path="$", accepted="see select_methods"
        ) from None


def _checked(
    book: Registry,
    country: object,
    currency: object,
    amount: object,
    buyer_type: object,
    channel: object,
    recurring: object,
    on: object,
    allow: object,
    prefer: object,
    provider: object,
) -> MethodSelection:
    # Plain arguments seen before (exact types, so 1 is not True and a datetime is not its date) skip
    # their checks: they passed them for this registry, so only the amount is left to check.
    seen: tuple[object, ...] | None = None
    allow_key, prefer_key = _ids_key(allow), _ids_key(prefer)
    if (
        allow_key is not False
        and prefer_key is not False
        and type(on) is date
        and type(recurring) is bool
        and type(country) is str
        and type(currency) is str
        and type(buyer_type) is str
        and type(channel) is str
        and (provider is None or type(provider) is str)
    ):
        seen = ("seen", country, currency, on, buyer_type, channel, recurring, provider, allow_key, prefer_key)
        found: tuple[_Query, CurrencyInfo] | None = book.queries.get(seen)
        if found is not None:  # the plan comes from its own memo: this one holds no plans alive
            return _select(book, found[0], _plan_for(book, found[0]), _amount(amount, found[1]))
    day = _inputs.day(on, path="on")
    code = _inputs.country(country)
    info = currency_info(currency, day)
    if not isinstance(recurring, bool):
        raise InvalidInput(f"{echo(recurring)} is not true or false", path="recurring", accepted="a bool")
    allowed = _inputs.method_ids(allow, book.methods, path="allow")  # type: ignore[arg-type]
    value = _amount(amount, info)  # checked here: its errors come before those of the fields below
    query = _Query(
        country=code,
        currency=info.code,
        day=day,
        buyer_type=_inputs.buyer(buyer_type),
        channel=_inputs.channel(channel),
        recurring=recurring,
        allow=frozenset(allowed) if allowed is not None else None,
        prefer=_inputs.method_ids(prefer, book.methods, path="prefer") or (),  # type: ignore[arg-type]
        provider=_provider(provider, book),
    )
    plan = _plan_for(book, query)
    if seen is not None:
        remember(book.queries, seen, (query, info))
    return _select(book, query, plan, value)


def _first(pair: tuple[int, ExcludedMethod]) -> int:
    return pair[0]


def _ids_key(values: object) -> tuple[str, ...] | bool | None:
    """A list or tuple of strings as a memo key part (``None`` stays ``None``); ``False`` for anything else."""
    if values is None:
        return None
    if (type(values) is list or type(values) is tuple) and len(values) <= _inputs.MAX_IDS:
        key = tuple(values)
        for value in key:
            if type(value) is not str:
                return False
        return key
    return False


def _select(book: Registry, query: _Query, plan: _Plan, amount: Decimal) -> MethodSelection:
    """Test the amount against each entry's limit; the rest was decided by the plan (ids and order)."""
    shown = f"{query.currency} {amount:,}"
    extras: dict[int, tuple[str, ...]] = dict(plan.shown)  # slot -> the amount's remarks, of every method shown
    dropped: list[tuple[int, ExcludedMethod]] = []  # exclusions the amount decided, by slot
    for entry in plan.tested:
        low, high = entry.low, entry.high
        if low is not None and amount < low:
            failed = shown + entry.below
        elif high is not None and amount > high:
            failed = shown + entry.above
        else:
            if entry.excluded is not None:
                dropped.append((entry.slot, entry.excluded))
            else:
                caution = entry.caution_above
                extras[entry.slot] = (
                    (shown + entry.within, entry.caution)
                    if caution is not None and amount > caution
                    else (shown + entry.within,)
                )
            continue
        first, codes = entry.codes
        reason = entry.exclude_head + failed + entry.exclude_tail
        dropped.append((entry.slot, ExcludedMethod(entry.method.id, first, reason, codes)))
    excluded = (  # both lists are in id order: merge them
        tuple(e for _, e in sorted((*plan.fixed, *dropped), key=_first)) if dropped else plan.fixed_excluded
    )
    ranked = plan.ranked_with_card if plan.card in extras else plan.ranked
    shown_methods: list[SelectedMethod] = []
    for entry in ranked:
        remarks = extras.get(entry.slot)
        if remarks is not None:
            shown_methods.append(entry.selected(len(shown_methods) + 1, remarks))
    methods = tuple(shown_methods)
    notes = plan.notes
    if not methods:
        notes = (*notes, "no payment method fits this checkout; see 'excluded' for what would change that")
    return MethodSelection(
        country=query.country,
        currency=query.currency,
        amount=amount,
        on=query.day,
        buyer_type=query.buyer_type,
        channel=query.channel,
        recurring=query.recurring,
        methods=methods,
        excluded=excluded,
        notes=notes,
        data_version=book.version,
    )


def select_methods_from_query(query: Mapping[str, object], *, data: Registry | None = None) -> MethodSelection:
    """``select_methods`` for a JSON object (HTTP API, middleware): strings for amount and date.

    ``{"country": "NL", "currency": "EUR", "amount": "50.00", "date": "2026-11-23", "allow": ["ideal"]}``
    """
    if not isinstance(query, Mapping):
        raise InvalidInput(
            "the query must be a JSON object", path="$", accepted="an object with country, currency, amount"
        )
    unknown = sorted(echo(key) if type(key) is not str else key for key in query if key not in _QUERY_KEYS)
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]}", path=unknown[0], accepted=", ".join(sorted(_QUERY_KEYS)))
    for required in ("country", "currency", "amount"):
        if required not in query:
            raise InvalidInput(
                f"{required} is missing", path=required, accepted="country, currency and amount are required"
            )
    on = _inputs.parse_day(query["date"]) if query.get("date") is not None else None
    recurring = query.get("recurring", False)
    if not isinstance(recurring, bool):
        raise InvalidInput(f"{echo(recurring)} is not true or false", path="recurring", accepted="true or false")
    return select_methods(
        country=_text(query["country"], "country"),
        currency=_text(query["currency"], "currency"),
        amount=_text(query["amount"], "amount"),
        buyer_type=_text(query.get("buyer_type", "consumer"), "buyer_type"),
        channel=_text(query.get("channel", "web"), "channel"),
        recurring=recurring,
        on=on,
        allow=_list(query.get("allow"), "allow"),
        prefer=_list(query.get("prefer"), "prefer"),
        provider=_text(query["provider"], "provider") if query.get("provider") is not None else None,
        data=data,
    )


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{type(value).__name__} where a string is expected", path=path, accepted="a JSON string")
    return value


def _list(value: object, path: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise InvalidInput(
            f"{type(value).__name__} where a list is expected", path=path, accepted="a JSON array of method ids"
        )
    return [_text(item, f"{path}[{index}]") for index, item in enumerate(value)]
