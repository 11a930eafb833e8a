"""From controls to document parts: consents, add-ons, payment methods and currency-conversion offers.

Each part remembers how to undo its default (``fixes``): remove a ``checked`` attribute, set
``aria-checked`` to false, move ``checked``/``selected`` to the "no thanks" option. The edits are byte
spans in the page, so fix mode changes those bytes and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final, NamedTuple

from checkoutguard.audit.amounts import annotated_amount, find_amounts, find_percent
from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.classify import Purpose, classify_control, hint_text, payment_kind, vocabulary
from checkoutguard.audit.dom.controls import Control
from checkoutguard.audit.html.controls import Option
from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.model import (
    ADD_ON_KINDS,
    PAYMENT_KINDS,
    AddOn,
    Consent,
    ConversionOffer,
    Node,
    PaymentMethod,
)

__all__ = ["Edit", "Parts", "interpret"]

#: Replace bytes ``start``..``end`` of the page with ``text``.
Edit = tuple[int, int, bytes]

_CODE = re.compile(r"\b([A-Z]{3})\b")
_TRUTHY: Final = frozenset({"1", "true", "yes", "on", "y", "ja", "oui", "si", "sí", "sim", "tak"})
_FALSY: Final = frozenset({"", "0", "false", "no", "off", "n", "none", "nein", "non", "nee", "não", "nie", "nej"})
_CONSENTS: Final = ("marketing", "data_sharing", "cookies", "terms", "other", "unknown")
_ARIA_GROUP_GAP: Final = 2_000
_MEMO: Final = 512 << 10  # bytes per memo
_NO_NOTES: Final[Mapping[str, str]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Parts:
    """The parts found in the controls, and the edits that undo each default (keyed by node span)."""

    consents: tuple[Consent, ...]
    add_ons: tuple[AddOn, ...]
    payment_methods: tuple[PaymentMethod, ...]
    conversions: tuple[ConversionOffer, ...]
    fixes: Mapping[tuple[int, int], tuple[Edit, ...]]


def _price(text: str, hint: str | None) -> Decimal | None:
    amounts = [m for m in find_amounts(text, hint, limit=4) if not m.negative]
    if amounts:
        return amounts[0].amount
    return Decimal(0) if vocabulary().flag("free", text) else None


def _node(page: Page, control: Control, tag: Token | None = None) -> Node:
    tag = tag or control.token
    name = tag.name.decode("ascii", "replace")
    if control.ident and tag is control.token:
        target = f"{name}#{control.ident}"
    elif control.name:
        target = f'{name}[name="{control.name}"]'
        if control.kind == "radio" and tag is control.token:
            target += f'[value="{control.value}"]'
    else:
        target = f"{name}@{tag.start}"
    return Node(target, page.snippet(tag), (tag.start, tag.end))


def _at(tag: Token, span: tuple[int, int], text: bytes) -> Edit:
    """An edit of an attribute span (relative to its tag, as ``Page.attrs`` gives it)."""
    return (tag.start + span[0], tag.start + span[1], text)


def _insert_before_close(page: Page, tag: Token, attribute: bytes) -> Edit:
    at = tag.end - 1
    if page.raw[at - 1 : at] == b"/":
        at -= 1
    return (at, at, b" " + attribute)


def _untick(page: Page, control: Control) -> tuple[Edit, ...]:
    attrs = page.attrs(control.token)
    if control.token.name == b"input":
        return (_at(control.token, attrs["checked"].span, b""),) if "checked" in attrs else ()
    edits: list[Edit] = []
    aria = attrs.get("aria-checked")
    if aria is not None and aria.value_span is not None:
        edits.append(_at(control.token, aria.value_span, b"false"))
    state = attrs.get("data-state")
    if state is not None and state.value_span is not None and state.value == "checked":
        edits.append(_at(control.token, state.value_span, b"unchecked"))
    return tuple(edits)


def _label_words(label: str, hint: str | None) -> str:
    amounts = find_amounts(label, hint, limit=4)
    for money in reversed(amounts):
        label = label[: money.span[0]] + label[money.span[1] :]
    return "".join(ch for ch in label if ch.isalnum() or ch == " ").strip()


def _declines(text: str, value: str, price: Decimal | None) -> bool:
    # A value of "0" declines only an option that shows no price: "Shipping Protection: £2.99" with
    # value="0" is the plugin's first package, not a "no".
    return vocabulary().flag("decline", text) or (value.strip().lower() in _FALSY and not price) or price == 0


def _affirms(text: str, value: str) -> bool:
    return value.strip().lower() in _TRUTHY or vocabulary().flag("affirm", text)


#: Annotations as a hashable key (attribute order).
_Notes = tuple[tuple[str, str], ...]
#: A choice of a group: (label, value, selected, tag, annotations).
Choice = tuple[str, str, bool, Token, Mapping[str, str]]


def _notes(annotations: Mapping[str, str]) -> _Notes:
    return tuple(annotations.items()) if annotations else ()


def _purpose(
    annotations: Mapping[str, str],
    nearby: tuple[str, ...],
    text: str,
    hints: str,
    price: Decimal | None,
    language: str | None = None,
) -> Purpose:
    wanted = annotations.get("purpose", "").strip().lower()
    if wanted:
        if wanted == "add_on":
            kind = annotations.get("addon", "other")
            return Purpose("add_on", kind if kind in ADD_ON_KINDS else "other")
        if wanted in _CONSENTS or wanted in ("payment", "conversion"):
            return Purpose(wanted, opt_out=annotations.get("opt-out") == "true")
    purpose = classify_control(text, hints, has_price=bool(price), language=language)
    for words in nearby:
        if purpose.purpose != "unknown":
            break
        if words and words != text:
            purpose = classify_control(words, "", has_price=bool(price), language=language)
    return purpose


#: A label this short ("Yes", "Ja, gerne") says what it is for only with the section it sits in.
_SHORT_LABEL: Final = 3


def _around(control: Control) -> tuple[str, ...]:
    """The words around a control that may say what it is for, nearest first: the text or unlinked label
    beside it, its description, its row heading, its fieldset legend, and (for a short or missing label)
    the section heading above it."""
    context = control.context
    words = [control.nearby, context.neighbour, context.description, context.row, context.legend]
    if len(control.label.split()) <= _SHORT_LABEL:
        words.append(context.heading)
    return tuple(dict.fromkeys(w for w in words if w))


def _chosen(control: Control) -> bool | None:
    chosen = control.annotations.get("chosen")
    return None if chosen is None else chosen.strip().lower() == "true"


# What a control or a group of controls is, from its words alone: labels, names, annotations and the
# buyer's currency. A storefront repeats these on every request, so each decision is memoized on exactly
# those inputs (bounded); what depends on where the control sits (nodes, fix edits) is built per page.


@bounded(_MEMO)
def _single_plan(
    text: str,
    name: str,
    ident: str,
    nearby: tuple[str, ...],
    notes: _Notes,
    hint: str | None,
    row_text: str = "",
    language: str | None = None,
) -> tuple[Purpose, Decimal | None]:
    annotations = dict(notes)
    price = annotated_amount(annotations.get("price")) if "price" in annotations else _price(text, hint)
    if price is None and row_text and "price" not in annotations:
        price = _price(row_text, hint)  # the price of a table row's extra sits in another cell
    return _purpose(annotations, nearby, text, hint_text(name, ident), price, language), price


@bounded(_MEMO)
def _conversion_fields(label: str, notes: _Notes) -> tuple[str | None, Decimal | None, bool, bool]:
    annotations = dict(notes)
    code = annotations.get("currency") or next(iter(_CODE.findall(label)), None)
    markup = annotated_amount(annotations.get("markup")) if "markup" in annotations else find_percent(label)
    reference = annotations.get("reference") == "ECB" or vocabulary().flag("reference_rate", label)
    return code, markup, reference, bool(find_amounts(label, None, limit=1))


@bounded(_MEMO)
def _method_fields(
    label: str, notes: _Notes, hint: str | None
) -> tuple[str, Decimal | None, Decimal | None, Decimal | None]:
    annotations = dict(notes)
    kind = annotations.get("payment") or payment_kind(label) or "other"
    amounts = [m.amount for m in find_amounts(label, hint, limit=2) if not m.negative]
    surcharge = (
        annotated_amount(annotations.get("surcharge"))
        if "surcharge" in annotations
        else (amounts[0] if amounts else None)
    )
    rate = (
        annotated_amount(annotations.get("surcharge-rate")) if "surcharge-rate" in annotations else find_percent(label)
    )
    return kind if kind in PAYMENT_KINDS else "other", surcharge, rate, annotated_amount(annotations.get("cost"))


def _conversion(label: str, selected: bool, node: Node, annotations: Mapping[str, str]) -> ConversionOffer:
    code, markup, reference, amount_shown = _conversion_fields(label, _notes(annotations))
    return ConversionOffer(label, code, markup, reference, amount_shown, selected, node)


def _method(label: str, selected: bool, node: Node, annotations: Mapping[str, str], hint: str | None) -> PaymentMethod:
    kind, surcharge, rate, cost = _method_fields(label, _notes(annotations), hint)
    return PaymentMethod(kind, label, selected, surcharge, rate, cost, None, node)


class _Plan(NamedTuple):
    """What a group of choices amounts to. ``mode``: conversion (``items`` are the offers' indexes),
    payment (every choice is a method), extra (an add-on at ``at``, ``selected`` or not), consent
    (``purpose``, ``agreed``), or none (a carrier, a country: a choice the buyer must make). ``target``
    says where a fix moves the default to."""

    mode: str
    default: int | None = None
    items: tuple[int, ...] = ()
    at: int = -1
    kind: str = ""
    price: Decimal | None = None
    selected: bool = False
    purpose: str = ""
    agreed: bool = False
    text: str = ""
    target: tuple[int, ...] = ()


@bounded(_MEMO)
def _choice_plan(
    kind: str,
    head: str,
    name: str,
    ident: str,
    nearby: tuple[str, ...],
    notes: _Notes,
    choices: tuple[tuple[str, str, bool, _Notes], ...],
    hint: str | None,
    language: str | None = None,
) -> _Plan:
    """The decision for a radio group or a select (``choices``: label, value, selected, annotations)."""
    annotations = dict(notes)
    labels = [c[0] for c in choices]
    hints = hint_text(name, ident)
    text = " | ".join(x for x in (head, *labels) if x)
    prices = [_price(label, hint) for label in labels]
    vocab = vocabulary()
    group_hint = f"{hints} {head}"
    annotated = annotations.get("purpose", "")
    defaults = [i for i, c in enumerate(choices) if c[2]]
    if kind == "select" and not defaults and choices:
        defaults = [0]  # a select shows its first option when none is marked selected
    default = defaults[-1] if defaults else None
    if annotated == "conversion" or (not annotated and vocab.flag("conversion", text)):
        offers = []
        for i, (label, _, _, choice_notes) in enumerate(choices):
            code = _conversion_fields(label, choice_notes)[0]
            if code is None or code != hint:
                offers.append(i)  # paying in the shop's own currency is no conversion
        return _Plan("conversion", default, tuple(offers))
    named = sum(1 for label in labels if payment_kind(label))
    # "Shipping insurance" heads a group of extras, not a choice of carrier.
    head_extra = bool(head) and classify_control(head, has_price=True, language=language).purpose == "add_on"
    shipping = vocab.flag("shipping_group", group_hint) and not head_extra
    # A select's id or name says "payment" in OpenCart's billing ("payment address") country list: for a
    # select, the words the buyer sees must say payment, or an option must name a method.
    payment_words = vocab.flag("payment_group", head if kind == "select" and not named else group_hint)
    if annotated == "payment" or (
        not annotated and not shipping and (payment_words or named * 2 >= max(1, len(labels)))
    ):
        return _Plan("payment", default)
    purpose = _purpose(annotations, nearby, text, hints, next((p for p in prices if p), None), language)
    declining = [i for i, c in enumerate(choices) if _declines(c[0], c[1], prices[i])]
    group_kind = purpose.add_on if purpose.purpose == "add_on" else None
    kinds = _option_kinds(choices, prices, declining, group_kind, hint, language)
    if any(kinds):
        # A group offering extras: a violation only if the default option is itself an extra and the buyer
        # has something else to pick (a "no thanks", a cheaper or a plain option).
        if default is not None and kinds[default]:
            chosen_price = prices[default] or Decimal(0)
            # Among carriers, only a cheaper delivery makes the dearer default an upgrade: a store pickup or
            # another carrier without a price is a different service, not the plain version of this one.
            others = []
            for i in range(len(choices)):
                price = prices[i] if shipping else prices[i] or Decimal(0)
                cheaper = price is not None and price < chosen_price
                if i != default and (i in declining or (kinds[i] is None and not shipping) or cheaper):
                    others.append(i)
            if not others:
                return _Plan("none")  # the only choice on offer: nothing was added on the buyer's behalf
            target = [i for i in declining if i != default] or [i for i in others if kinds[i] is None] or others
            extra = kinds[default] or "other"
            return _Plan("extra", default, (), default, extra, prices[default], True, target=tuple(target))
        if shipping:
            return _Plan("none")  # an unchosen carrier or speed ("Express 9,90 €") is no extra on the bill
        first = next(i for i, k in enumerate(kinds) if k)
        return _Plan("extra", default, (), first, kinds[first] or "other", prices[first], False)
    if purpose.purpose in ("marketing", "data_sharing", "cookies"):
        agreed = default is not None and default not in declining and _affirms(labels[default], choices[default][1])
        return _Plan("consent", default, purpose=purpose.purpose, agreed=agreed, text=text, target=tuple(declining))
    # Anything else (a carrier, a country, a size) is a choice the buyer must make; a default is not an extra.
    return _Plan("none")


def _option_kinds(
    choices: Sequence[tuple[str, str, bool, _Notes]],
    prices: Sequence[Decimal | None],
    declining: Sequence[int],
    group_kind: str | None,
    hint: str | None,
    language: str | None = None,
) -> list[str | None]:
    """The extra each option stands for, if any. An option named only by its price ("1 €") or by a bare
    yes takes the group's kind (a donation amount, "insurance: yes"); "Standard: 4,90 €" does not."""
    kinds: list[str | None] = []
    for index, (label, value, _, notes) in enumerate(choices):
        if index in declining:
            kinds.append(None)  # "Sin donación" names the extra it declines
            continue
        addon = dict(notes).get("addon")
        if addon is not None:
            kinds.append(addon if addon in ADD_ON_KINDS else "other")
            continue
        own = classify_control(label, has_price=bool(prices[index]), language=language)
        kind = own.add_on if own.purpose == "add_on" else None
        if kind is None and group_kind is not None and index not in declining:
            words = _label_words(label, hint)
            if len(words) <= 3 or _affirms(label, value):
                kind = group_kind
        kinds.append(kind)
    return kinds


class _Builder:
    def __init__(self, page: Page, hint: str | None, language: str | None) -> None:
        self.page = page
        self.hint = hint
        self.language = language
        self.consents: list[Consent] = []
        self.add_ons: list[AddOn] = []
        self.methods: list[PaymentMethod] = []
        self.conversions: list[ConversionOffer] = []
        self.fixes: dict[tuple[int, int], tuple[Edit, ...]] = {}

    def single(self, control: Control) -> None:
        """A checkbox, switch or standalone radio."""
        text = control.label or control.nearby
        purpose, price = _single_plan(
            text,
            control.name,
            control.ident,
            _around(control),
            _notes(control.annotations),
            self.hint,
            control.context.row_text,
            control.context.language or self.language,
        )
        node = _node(self.page, control)
        kind = "switch" if control.token.name not in (b"input", b"select") else control.kind
        if purpose.purpose == "add_on":
            self.add_ons.append(
                AddOn(purpose.add_on or "other", text, price, control.checked, kind, _chosen(control), None, node)
            )
            self._fix(node, _untick(self.page, control))
        elif purpose.purpose == "conversion":
            self.conversions.append(_conversion(text, control.checked, node, control.annotations))
        elif purpose.purpose == "payment":
            self.methods.append(_method(text, control.checked, node, control.annotations, self.hint))
        else:
            consent, required = purpose.purpose, control.required
            if control.disabled and control.checked:
                # A ticked box the buyer cannot untick is no default: strictly necessary cookies are no
                # choice at all; marketing or sharing the order depends on is required consent.
                consent = "other" if consent == "cookies" else consent
                required = True
            self.consents.append(
                Consent(
                    consent,
                    text,
                    control.checked,
                    required,
                    purpose.opt_out,
                    kind,
                    _chosen(control),
                    node,
                )
            )
            self._fix(node, _untick(self.page, control))

    def _fix(self, node: Node, edits: Iterable[Edit]) -> None:
        found = tuple(edits)
        if found and node.span is not None:
            self.fixes[node.span] = found

    def choice(self, control: Control, choices: Sequence[Choice]) -> None:
        """A radio group or a select: ``choices`` are (label, value, selected, tag, annotations)."""
        page = self.page
        head = control.context.group_head()
        if control.kind == "select":
            head = control.label or control.nearby or head
        plan = _choice_plan(
            control.kind,
            head,
            control.name,
            control.ident,
            _around(control),
            _notes(control.annotations),
            tuple((c[0], c[1], c[2], _notes(c[4])) for c in choices),
            self.hint,
            control.context.language or self.language,
        )
        mode = plan.mode
        if mode == "conversion":
            for i in plan.items:
                label, _, selected, tag, notes = choices[i]
                self.conversions.append(_conversion(label, selected, _node(page, control, tag), notes))
        elif mode == "payment":
            for index, (label, _, _, tag, notes) in enumerate(choices):
                node = _node(page, control, tag)
                self.methods.append(_method(label, index == plan.default, node, notes, self.hint))
        elif mode == "extra":
            index = plan.at
            node = _node(page, control, choices[index][3]) if control.kind == "radio" else _node(page, control)
            self.add_ons.append(
                AddOn(
                    plan.kind,
                    choices[index][0],
                    plan.price,
                    plan.selected,
                    control.kind,
                    _chosen(control),
                    None,
                    node,
                )
            )
            if plan.selected:
                self._fix(node, self._move(control, choices, index, plan.target))
        elif mode == "consent":
            default = plan.default
            agreed = plan.agreed
            if agreed and default is not None and control.kind == "radio":
                node = _node(page, control, choices[default][3])
            else:
                node = _node(page, control)
            self.consents.append(
                Consent(plan.purpose, plan.text, agreed, control.required, False, control.kind, _chosen(control), node)
            )
            if agreed and default is not None:
                self._fix(node, self._move(control, choices, default, plan.target))

    def _move_aria(self, choices: Sequence[Choice], chosen: int, targets: Sequence[int]) -> tuple[Edit, ...]:
        """ARIA radios carry their state in aria-checked (and Radix's data-state): flip both."""
        if not targets:
            return ()
        edits: list[Edit] = []
        for index, value, state in ((chosen, b"false", b"unchecked"), (targets[0], b"true", b"checked")):
            tag = choices[index][3]
            attrs = self.page.attrs(tag)
            aria = attrs.get("aria-checked")
            if aria is None or aria.value_span is None:
                return ()
            edits.append(_at(tag, aria.value_span, value))
            data_state = attrs.get("data-state")
            if data_state is not None and data_state.value_span is not None:
                edits.append(_at(tag, data_state.value_span, state))
        return tuple(edits)

    def _move(
        self, control: Control, choices: Sequence[Choice], chosen: int, declining: Sequence[int]
    ) -> tuple[Edit, ...]:
        page = self.page
        if control.token.name not in (b"input", b"select"):
            return self._move_aria(choices, chosen, declining)
        word = b"selected" if control.kind == "select" else b"checked"
        edits: list[Edit] = []
        name = word.decode()
        for _, _, selected, tag, _ in choices:
            if selected:
                attrs = page.attrs(tag)
                if name in attrs:
                    edits.append(_at(tag, attrs[name].span, b""))
        if declining:
            edits.append(_insert_before_close(page, choices[declining[0]][3], word))
        elif control.kind == "select" or not edits:
            return ()  # no "no thanks" option to move to: a select always shows something
        return tuple(edits)


def _options_as_choices(options: Sequence[Option]) -> list[Choice]:
    return [(o.label, o.value, o.selected, o.token, _NO_NOTES) for o in options if not o.disabled]


def interpret(
    page: Page, controls: Sequence[Control], currency_hint: str | None = None, *, language: str | None = None
) -> Parts:
    """Turn controls into consents, add-ons, payment methods and conversion offers (``language``: the page's,
    for a control whose own ``lang`` says nothing)."""
    builder = _Builder(page, currency_hint, language)
    groups: dict[tuple[int, str], list[Control]] = {}
    order: list[tuple[int, str] | Control] = []
    previous: Control | None = None
    for control in controls:
        key: tuple[int, str] | None = None
        if control.kind == "radio" and control.name and control.token.name == b"input":
            key = (control.form, control.name)
        elif control.kind == "radio" and control.token.name != b"input":
            # ARIA radios have no name: neighbours form a group (a radiogroup's buttons sit together).
            near = (
                previous is not None
                and previous.kind == "radio"
                and previous.token.name != b"input"
                and control.token.start - previous.token.end < _ARIA_GROUP_GAP
                and page.lo.find(b"radiogroup", previous.token.end, control.token.start) < 0
            )
            if near:
                key = next(k for k in reversed(order) if not isinstance(k, Control))
            else:
                key = (-2, f"aria@{control.token.start}")
        previous = control
        if key is None:
            order.append(control)
            continue
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(control)
    for item in order:
        if isinstance(item, Control):
            if item.kind == "select":
                builder.choice(item, _options_as_choices(item.options))
            else:
                builder.single(item)
            continue
        members = groups[item]
        choices = [(m.label or m.nearby, m.value, m.checked, m.token, m.annotations) for m in members]
        builder.choice(members[0], choices)
    return Parts(
        tuple(builder.consents),
        tuple(builder.add_ons),
        tuple(builder.methods),
        tuple(builder.conversions),
        builder.fixes,
    )
