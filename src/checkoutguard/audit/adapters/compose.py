"""Building a ``CheckoutDocument`` from what a platform's cart says, the same way for every platform.

A platform names its rows in the merchant's words ("Card processing fee", "Shipping Protection"): the
audit's vocabulary (``classify.py``) decides what each is, so a fee row that names a means of payment becomes
that method's surcharge and a cart item that is an insurance or a donation becomes a selected extra. Nodes
point into the platform's JSON (``$.fees[0]``), so a finding says where the merchant can fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.adapters.read import texts
from checkoutguard.audit.classify import classify_control, hint_text, line_kind, payment_kind
from checkoutguard.audit.model import (
    AddOn,
    CheckoutDocument,
    Consent,
    Line,
    Node,
    Notice,
    PaymentMethod,
    Shown,
)
from checkoutguard.audit.rules.base import tolerance

__all__ = ["ITEM_STEP", "Builder", "method_kind"]

#: A cart lists what the buyer chose on product pages: item prices were first shown there.
ITEM_STEP: Final = "product"
_FEE_KINDS: Final = frozenset({"fee", "surcharge"})
_ROW_KINDS: Final = frozenset({"shipping", "tax", "duty", "fee", "surcharge", "discount"})
#: Payment gateway and method ids the platforms use (WooCommerce gateways, Stripe payment_method_types,
#: Saleor plugin ids) whose words the vocabulary cannot read.
_GATEWAYS: Final = {
    "card": "card",
    "stripe": "card",
    "stripe_cc": "card",
    "woocommerce_payments": "card",
    "ppcp-credit-card-gateway": "card",
    "square_credit_card": "card",
    "braintree_credit_card": "card",
    "mirumee.payments.stripe": "card",
    "mirumee.payments.braintree": "card",
    "mirumee.payments.adyen": "card",
    "app.saleor.stripe": "card",
    "saleor.payments.adyen": "card",
    "saleor.payments.stripe": "card",
    "saleor.payments.braintree": "card",
    "paypal": "payment_service",
    "ppcp-gateway": "payment_service",
    "ppec_paypal": "payment_service",
    "link": "payment_service",
    "amazon_pay": "payment_service",
    "bacs": "sepa_credit_transfer",
    "customer_balance": "sepa_credit_transfer",
    "cheque": "other",
    "cod": "cash_on_delivery",
    "sepa_debit": "sepa_direct_debit",
    "stripe_sepa": "sepa_direct_debit",
    "klarna": "pay_later",
    "klarna_payments": "pay_later",
    "stripe_klarna": "pay_later",
    "afterpay_clearpay": "pay_later",
    "affirm": "pay_later",
    "ideal": "bank_redirect",
    "stripe_ideal": "bank_redirect",
    "bancontact": "bank_redirect",
    "eps": "bank_redirect",
    "giropay": "bank_redirect",
    "sofort": "bank_redirect",
    "p24": "bank_redirect",
}


def method_kind(identifier: str, label: str = "") -> str:
    """The payment kind of a gateway id (``bacs``, ``ppcp-gateway``, ``sepa_debit``), read from its name when
    the table does not know it; ``other`` when nothing says."""
    known = _GATEWAYS.get(identifier.lower())
    if known:
        return known
    return payment_kind(label) or payment_kind(hint_text(identifier)) or "other"


@dataclass(slots=True)
class Builder:
    """Collects one checkout's parts; ``build`` links payment fees to their methods and returns the document."""

    currency: str
    step: str
    lines: list[Line] = field(default_factory=list)
    add_ons: list[AddOn] = field(default_factory=list)
    methods: list[PaymentMethod] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    _fee_methods: list[tuple[int, str | None]] = field(default_factory=list)

    def line(
        self,
        kind: str,
        label: str,
        amount: Decimal | None,
        path: str,
        *,
        included: bool | None = True,
        in_prices: bool = False,
        mandatory: bool = True,
        payable: str = "checkout",
        first_step: str | None = None,
    ) -> None:
        """A row exactly as the platform states it (its kind already known)."""
        if amount is None:
            return
        self.lines.append(
            Line(kind, label, amount, mandatory, included, in_prices, payable, first_step or self.step, Node(path))
        )

    def item(self, label: str, amount: Decimal | None, path: str, hints: str = "", *, added: bool = False) -> None:
        """A cart item: goods, unless its title says it is a paid extra (shipping protection, a donation) or a
        fee some apps sell as an item ("Service fee"). ``added`` says the item is one the shop or an app puts in
        the cart (a Shopify item that ships nothing, a Stripe session's line): an extra there was selected for
        the buyer. A product line the buyer may have chosen on its page is left for review (control ``line``),
        as the HTML reading does with a summary row no control offers."""
        if amount is None:
            return
        purpose = classify_control(label, hints, has_price=True)
        if purpose.purpose == "add_on" and purpose.add_on:
            self._extra(purpose.add_on, label, amount, path, "json" if added else "line")
        elif line_kind(label) in _FEE_KINDS:
            self.charge(label, amount, path)
        else:
            self.line("goods", label, amount, path, first_step=ITEM_STEP)

    def charge(self, label: str, amount: Decimal | None, path: str, *, included: bool | None = True) -> None:
        """A fee row the platform adds beside the goods: a fee, a payment surcharge, or a paid extra."""
        if amount is None:
            return
        purpose = classify_control(label, has_price=True)
        if purpose.purpose == "add_on" and purpose.add_on:
            self._extra(purpose.add_on, label, amount, path, "json")
            return
        kind = line_kind(label)
        method = payment_kind(label)
        if method is not None and kind in (*_FEE_KINDS, None):
            kind = "surcharge"
        if kind not in _ROW_KINDS:
            kind = "fee"
        if kind == "surcharge":
            self._fee_methods.append((len(self.lines), method))
        self.line(kind, label, amount, path, included=included)

    def _extra(self, kind: str, label: str, amount: Decimal, path: str, control: str) -> None:
        """A paid extra in the cart the buyer is shown: selected, and not marked as the buyer's own choice."""
        node = Node(path)
        self.add_ons.append(AddOn(kind, label, amount, True, control, None, self.step, node))
        self.lines.append(Line("add_on", label, amount, False, True, False, "checkout", self.step, node))

    def counted(self) -> Decimal:
        """The lines so far as the total would count them: discounts subtracted, taxes in prices left out."""
        signed = Decimal(0)
        for line in self.lines:
            if line.amount is None or line.in_prices or line.included is False or line.payable != "checkout":
                continue
            signed += -line.amount if line.kind == "discount" else line.amount
        return signed

    def adds_up(self, total: Decimal | None, extra: Decimal = Decimal(0)) -> bool:
        """Whether the lines so far (plus ``extra``) make ``total``, to a cent per amount."""
        return total is not None and abs(self.counted() + extra - total) <= tolerance(len(self.lines) + 1)

    def tax(self, label: str, amount: Decimal | None, path: str, total: Decimal | None) -> None:
        """A tax amount, added last: inside the prices when the other lines already make the total (gross
        prices, as in the EU), otherwise a line the total counts."""
        if amount is None:
            return
        inside = bool(amount) and self.adds_up(total) and not self.adds_up(total, amount)
        self.line("tax", label, amount, path, in_prices=inside)

    def method(self, kind: str, label: str, path: str, *, selected: bool = False) -> None:
        self.methods.append(PaymentMethod(kind, label, selected, node=Node(path)))

    def gateways(self, parent: Mapping[str, Any], key: str, path: str) -> None:
        """Payment methods offered as a list of ids (WooCommerce gateways, Stripe payment method types)."""
        for where, ident in texts(parent, key, path):
            self.method(method_kind(ident), ident, where)

    def build(self, total: Decimal | None, total_path: str, *, language: str | None = None) -> CheckoutDocument:
        methods = list(self.methods)
        if len(methods) == 1:
            methods[0] = replace(methods[0], selected=True)
        for index, kind in self._fee_methods:
            fee = self.lines[index]
            chosen = [i for i, m in enumerate(methods) if m.kind == kind] if kind else []
            if not chosen:
                chosen = [i for i, m in enumerate(methods) if m.selected]
            if chosen:
                target = methods[chosen[0]]
                methods[chosen[0]] = replace(
                    target, surcharge=(target.surcharge or Decimal(0)) + (fee.amount or Decimal(0))
                )
            elif kind is not None:
                # The fee names its means of payment and the payload lists none: that method is the one chosen.
                methods.append(PaymentMethod(kind, fee.label, True, fee.amount, first_step=self.step, node=fee.node))
        shown = Shown(total, self.step, "total", Node(total_path)) if total is not None else None
        return CheckoutDocument(
            currency=self.currency,
            step=self.step,
            lines=tuple(self.lines),
            total=shown,
            consents=tuple(self.consents),
            add_ons=tuple(self.add_ons),
            payment_methods=tuple(methods),
            notices=tuple(self.notices),
            language=language,
            source="json",
        )
