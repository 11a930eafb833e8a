"""The checkout document: what a buyer is shown, whichever form it came in (JSON or an HTML page).

Rules read only this model, never raw HTML, so a JSON document from a headless checkout and a rendered
page are judged the same way. Every part may carry a ``Node`` saying where it was found; amounts are
``Decimal``; ``None`` means "not shown" or "not known", never zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "ADD_ON_KINDS",
    "CONSENT_PURPOSES",
    "LEGAL_KINDS",
    "LINE_KINDS",
    "NOTICE_KINDS",
    "PAYMENT_KINDS",
    "STEPS",
    "AddOn",
    "CheckoutDocument",
    "Consent",
    "ConversionOffer",
    "LegalInfo",
    "LegalItem",
    "Line",
    "Node",
    "Notice",
    "OrderButton",
    "PaymentMethod",
    "Shown",
    "step_index",
]

#: The usual order of checkout steps; a document may list its own in ``steps``.
STEPS: Final = ("product", "cart", "information", "shipping", "payment", "review", "confirmation")
LINE_KINDS: Final = ("goods", "subtotal", "shipping", "tax", "duty", "fee", "surcharge", "discount", "add_on")
CONSENT_PURPOSES: Final = ("marketing", "data_sharing", "cookies", "terms", "other", "unknown")
ADD_ON_KINDS: Final = ("insurance", "warranty", "donation", "priority", "gift_wrap", "other")
PAYMENT_KINDS: Final = (
    "card",
    "three_party_card",
    "payment_service",
    "pay_later",
    "sepa_direct_debit",
    "sepa_credit_transfer",
    "bank_redirect",
    "invoice",
    "cash_on_delivery",
    "other",
)
NOTICE_KINDS: Final = ("deferred", "on_delivery", "tax_included", "tax_excluded")
#: Pre-contract information a checkout shows or links (CRD Art. 6(1)); ``trader`` is identity and address.
LEGAL_KINDS: Final = ("trader", "contact", "terms", "withdrawal", "withdrawal_exempt", "returns")


@dataclass(frozen=True, slots=True)
class Node:
    """Where a part of the document came from: a JSON path or a CSS-like target, a snippet, a byte span."""

    target: str
    html: str = ""
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"target": [self.target]}
        if self.html:
            result["html"] = self.html
        if self.span is not None:
            result["offset"] = list(self.span)
        return result


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Line:
    """A displayed line: goods, shipping, a tax, a fee... ``included`` is False for a line shown beside
    the total but not counted in it (for example "plus 3.90 shipping"), None when unknown;
    ``in_prices`` marks a tax already inside the item prices ("incl. 19 % VAT")."""

    kind: str
    label: str
    amount: Decimal | None
    mandatory: bool = True
    included: bool | None = None
    in_prices: bool = False
    payable: str = "checkout"
    first_step: str | None = None
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "amount": _amount(self.amount),
            "mandatory": self.mandatory,
            "included_in_total": self.included,
            "included_in_prices": self.in_prices,
            "payable": self.payable,
            "first_step": self.first_step,
        }


@dataclass(frozen=True, slots=True)
class Shown:
    """An amount and the step at which the buyer first sees it (the displayed or the charged total)."""

    amount: Decimal
    first_step: str | None = None
    label: str = ""
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"amount": str(self.amount), "first_step": self.first_step, "label": self.label}


@dataclass(frozen=True, slots=True)
class Consent:
    """A consent control. ``checked`` is its state when the page loads; ``opt_out`` says the wording asks
    the buyer to tick to *refuse*, so an unticked box means yes. ``chosen_by_buyer`` is True when the state
    is the buyer's own earlier choice rather than a default."""

    purpose: str
    label: str
    checked: bool
    required: bool = False
    opt_out: bool = False
    control: str = "checkbox"
    chosen_by_buyer: bool | None = None
    node: Node | None = None

    @property
    def granted_by_default(self) -> bool:
        """Whether the buyer consents without doing anything."""
        return self.checked != self.opt_out

    def to_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "label": self.label,
            "checked": self.checked,
            "required": self.required,
            "opt_out": self.opt_out,
            "control": self.control,
            "chosen_by_buyer": self.chosen_by_buyer,
        }


@dataclass(frozen=True, slots=True)
class AddOn:
    """An optional extra (insurance, warranty, donation, priority handling, gift wrap) and whether it is
    selected when the buyer arrives. ``price`` None means no price was found."""

    kind: str
    label: str
    price: Decimal | None
    selected: bool
    control: str = "checkbox"
    chosen_by_buyer: bool | None = None
    first_step: str | None = None
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "price": _amount(self.price),
            "selected": self.selected,
            "control": self.control,
            "chosen_by_buyer": self.chosen_by_buyer,
            "first_step": self.first_step,
        }


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    """A means of payment offered, with any fee for using it (an amount, a rate, or both) and, where the
    merchant states it, what the method costs the merchant."""

    kind: str
    label: str
    selected: bool = False
    surcharge: Decimal | None = None
    surcharge_rate: Decimal | None = None
    cost: Decimal | None = None
    first_step: str | None = None
    node: Node | None = None

    @property
    def charges_fee(self) -> bool:
        return bool(self.surcharge) or bool(self.surcharge_rate)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "selected": self.selected,
            "surcharge": _amount(self.surcharge),
            "surcharge_rate": _amount(self.surcharge_rate),
            "cost": _amount(self.cost),
            "first_step": self.first_step,
        }


@dataclass(frozen=True, slots=True)
class ConversionOffer:
    """An offer to pay in another currency (dynamic currency conversion) and what it discloses."""

    label: str
    currency: str | None = None
    markup: Decimal | None = None
    reference_rate_shown: bool = False
    amount_shown: bool = False
    selected: bool = False
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "currency": self.currency,
            "markup": _amount(self.markup),
            "reference_rate_shown": self.reference_rate_shown,
            "amount_shown": self.amount_shown,
            "selected": self.selected,
        }


@dataclass(frozen=True, slots=True)
class Notice:
    """Words about costs rather than an amount: "shipping calculated at the next step" (deferred),
    "duties payable on delivery" (on_delivery), "incl. VAT", "excl. VAT"."""

    kind: str
    applies_to: str
    text: str
    step: str | None = None
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "applies_to": self.applies_to, "text": self.text, "step": self.step}


@dataclass(frozen=True, slots=True)
class LegalItem:
    """One piece of pre-contract information the page shows or links: its kind, its words or URL, where."""

    kind: str
    text: str
    node: Node | None = None


@dataclass(frozen=True, slots=True)
class LegalInfo:
    """The pre-contract information found. ``exact`` is True when the merchant declared it (JSON ``legal``,
    ``data-checkoutguard-legal``): then what is not listed is not shown. Otherwise it was read from the
    page's links and an element not found may still be shown in words the vocabulary does not know."""

    items: tuple[LegalItem, ...]
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for item in self.items:
            found.setdefault(item.kind, item.text)
        return found


@dataclass(frozen=True, slots=True)
class OrderButton:
    """The control that places the order, as the buyer reads it: its words and its own ``lang``, if any."""

    text: str
    language: str | None = None
    node: Node | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"text": self.text}
        if self.language:
            result["language"] = self.language
        return result


@dataclass(frozen=True, slots=True)
class CheckoutDocument:
    """Everything the rules look at. ``source`` is ``"json"`` or ``"html"``; ``notes`` says what the
    extractor could not do (a page cut short, a fallback to the full scan...)."""

    currency: str | None = None
    step: str | None = None
    steps: tuple[str, ...] = STEPS
    lines: tuple[Line, ...] = ()
    total: Shown | None = None
    charged_total: Shown | None = None
    consents: tuple[Consent, ...] = ()
    add_ons: tuple[AddOn, ...] = ()
    payment_methods: tuple[PaymentMethod, ...] = ()
    conversions: tuple[ConversionOffer, ...] = ()
    notices: tuple[Notice, ...] = ()
    landed_cost: Mapping[str, Any] | None = None
    language: str | None = None
    source: str = "json"
    notes: tuple[str, ...] = field(default=())
    legal: LegalInfo | None = None
    order_button: OrderButton | None = None

    def to_dict(self) -> dict[str, Any]:
        """The document in its published JSON form (``checkout.schema.json``)."""
        result: dict[str, Any] = {
            "version": 1,
            "currency": self.currency,
            "step": self.step,
            "steps": list(self.steps),
            "lines": [line.to_dict() for line in self.lines],
            "total": self.total.to_dict() if self.total else None,
            "charged_total": self.charged_total.to_dict() if self.charged_total else None,
            "consents": [c.to_dict() for c in self.consents],
            "add_ons": [a.to_dict() for a in self.add_ons],
            "payment_methods": [p.to_dict() for p in self.payment_methods],
            "currency_conversions": [c.to_dict() for c in self.conversions],
            "notices": [n.to_dict() for n in self.notices],
        }
        if self.language:
            result["language"] = self.language
        if self.landed_cost is not None:
            result["landed_cost"] = dict(self.landed_cost)
        if self.legal is not None and self.legal.exact:
            result["legal"] = self.legal.to_dict()
        if self.order_button is not None:
            result["order_button"] = self.order_button.to_dict()
        return result


def step_index(document: CheckoutDocument, step: str | None) -> int | None:
    """Position of ``step`` in the document's step order (None for an unknown or missing step)."""
    if step is None:
        return None
    try:
        return document.steps.index(step)
    except ValueError:
        return None
