"""Stripe Checkout Session (``GET /v1/checkout/sessions/{id}?expand[]=line_items``) → checkout document.

Amounts are integers in the currency's smallest unit, which for zero-decimal currencies (JPY, KRW, CLP...)
is the unit itself: the exponent comes from the project's ISO 4217 table, as Stripe's list of zero-decimal
currencies does. ``total_details`` splits the total into discount, shipping and tax; a tax inside the prices
(``tax_behavior`` inclusive) is inside ``amount_subtotal``. ``consent_collection.promotions`` ``"auto"``
shows an unticked marketing box; ``consent`` is the buyer's answer once the session completes. Custom fields
are the merchant's own questions: a dropdown whose default answers yes to marketing is pre-ticked consent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import child, items, minor, minor_units, optional_text, shop_currency
from checkoutguard.audit.classify import classify_control
from checkoutguard.audit.model import CheckoutDocument, Consent, Node

__all__ = ["FORMAT", "matches", "to_document"]

FORMAT: Final = "stripe-checkout-session"
_YES: Final = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí", "sim", "tak", "opt_in", "subscribe"})
_CONSENTS: Final = frozenset({"marketing", "data_sharing"})


def matches(document: Mapping[str, Any]) -> bool:
    return document.get("object") == "checkout.session" and "amount_total" in document


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    code = shop_currency(document.get("currency"), "$.currency")
    exp = minor_units(code)
    build = Builder(code, "payment")
    line_items = child(document, "line_items", "$")
    for path, item in items(line_items or {}, "data", "$.line_items"):
        label = optional_text(item, "description", path) or ""
        build.item(label, minor(item, "amount_subtotal", path, exp), path, added=True)
    details = child(document, "total_details", "$") or {}
    build.line("discount", "Discount", minor(details, "amount_discount", "$.total_details", exp), "$.total_details")
    shipping = minor(details, "amount_shipping", "$.total_details", exp)
    cost = child(document, "shipping_cost", "$")
    if cost is not None and shipping is None:
        shipping = minor(cost, "amount_total", "$.shipping_cost", exp)
    build.line("shipping", "Shipping", shipping, "$.total_details.amount_shipping")
    total = minor(document, "amount_total", "$", exp)
    if line_items is None:
        build.line("subtotal", "Subtotal", minor(document, "amount_subtotal", "$", exp), "$.amount_subtotal")
    build.tax("Tax", minor(details, "amount_tax", "$.total_details", exp), "$.total_details.amount_tax", total)
    build.gateways(document, "payment_method_types", "$")
    _consents(build, document)
    language = optional_text(document, "locale", "$")
    return build.build(total, "$.amount_total", language=language.lower() if language and language != "auto" else None)


def _consents(build: Builder, document: Mapping[str, Any]) -> None:
    wanted = child(document, "consent_collection", "$") or {}
    given = child(document, "consent", "$") or {}
    promotions = optional_text(wanted, "promotions", "$.consent_collection")
    if promotions == "auto":
        answer = optional_text(given, "promotions", "$.consent")
        build.consents.append(
            Consent(
                "marketing",
                "Stripe Checkout promotional e-mails",
                checked=answer == "opt_in",
                control="checkbox",
                chosen_by_buyer=True if answer else None,
                node=Node("$.consent_collection.promotions"),
            )
        )
    if optional_text(wanted, "terms_of_service", "$.consent_collection") == "required":
        build.consents.append(Consent("terms", "Terms of service", False, True, node=Node("$.consent_collection")))
    for path, field in items(document, "custom_fields", "$"):
        label_info = child(field, "label", path) or {}
        label = optional_text(label_info, "custom", f"{path}.label") or optional_text(field, "key", path) or ""
        purpose = classify_control(label)
        if purpose.purpose not in _CONSENTS:
            continue
        dropdown = child(field, "dropdown", path) or {}
        default = optional_text(dropdown, "default_value", f"{path}.dropdown") or ""
        value = optional_text(dropdown, "value", f"{path}.dropdown")
        checked = default.strip().lower() in _YES
        build.consents.append(
            Consent(
                purpose.purpose,
                label,
                checked,
                required=field.get("optional") is False,
                opt_out=purpose.opt_out,
                control="select",
                chosen_by_buyer=True if value is not None else None,
                node=Node(path),
            )
        )
