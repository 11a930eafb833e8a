"""A checkout document rendered as the HTML page a storefront would serve, marked for an exact reading.

Every part is written with the ``data-checkoutguard-*`` attributes the extractor reads (docs/audit.md), and
each element keeps the part's ``id``, so the audit of the page finds what the audit of the document finds,
at an element a test can name (``#planted``). Pure string building; no Hypothesis needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

__all__ = ["render_page"]


def _attr(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f' {name}="{escape(str(value), quote=True)}"'


def _ident(part: Mapping[str, Any]) -> str:
    return _attr("id", part.get("id"))


def _line(line: Mapping[str, Any], currency: str) -> str:
    kind = line["kind"]
    notes = "".join(
        [
            _attr("data-checkoutguard-line", kind),
            _attr("data-checkoutguard-amount", line.get("amount")),
            _attr("data-checkoutguard-label", line.get("label")),
            _attr("data-checkoutguard-first-step", line.get("first_step")),
            _attr("data-checkoutguard-payable", line.get("payable")),
            _attr("data-checkoutguard-mandatory", line.get("mandatory")),
            _attr("data-checkoutguard-included", line.get("included_in_total")),
            _attr("data-checkoutguard-in-prices", line.get("included_in_prices")),
        ]
    )
    text = escape(line.get("label", kind))
    return f"<tr><th>{text}</th><td{_ident(line)}{notes}>{escape(str(line.get('amount') or ''))} {currency}</td></tr>"


def _shown(kind: str, shown: Mapping[str, Any] | None, currency: str) -> str:
    if not shown:
        return ""
    notes = _attr("data-checkoutguard-line", kind) + _attr("data-checkoutguard-amount", shown["amount"])
    notes += _attr("data-checkoutguard-first-step", shown.get("first_step"))
    label = escape(shown.get("label") or ("Total" if kind == "total" else "Amount charged"))
    return f"<tr><th>{label}</th><td{_ident(shown)}{notes}>{escape(shown['amount'])} {currency}</td></tr>"


def _checkbox(part: Mapping[str, Any], checked: bool, notes: str, label: str, *, required: bool = False) -> str:
    state = " checked" if checked else ""
    need = " required" if required else ""
    ident = part.get("id") or ""
    name = escape(ident or "box", quote=True)
    return (
        f'<p><label><input type="checkbox" name="{name}"{_ident(part)}{state}{need}{notes}> {escape(label)}</label></p>'
    )


def render_page(document: Mapping[str, Any]) -> str:
    """The page for ``document`` (a checkout document in its JSON form); landed-cost quotes stay out of it."""
    currency = document.get("currency") or ""
    steps = " ".join(document.get("steps") or ())
    body = _attr("data-checkoutguard-currency", document.get("currency")) + _attr(
        "data-checkoutguard-step", document.get("step")
    )
    if steps:
        body += _attr("data-checkoutguard-steps", steps)
    rows = [_line(line, currency) for line in document.get("lines", ())]
    rows.append(_shown("total", document.get("total"), currency))
    rows.append(_shown("charged-total", document.get("charged_total"), currency))
    parts = ["<table class=order-summary>", *rows, "</table>", "<form method=post action=/order>"]
    for consent in document.get("consents", ()):
        notes = _attr("data-checkoutguard-purpose", consent["purpose"])
        if consent.get("opt_out"):
            notes += _attr("data-checkoutguard-opt-out", True)
        if consent.get("chosen_by_buyer") is not None:
            notes += _attr("data-checkoutguard-chosen", consent["chosen_by_buyer"])
        parts.append(
            _checkbox(
                consent, consent["checked"], notes, consent.get("label", ""), required=consent.get("required", False)
            )
        )
    for extra in document.get("add_ons", ()):
        notes = _attr("data-checkoutguard-purpose", "add_on") + _attr("data-checkoutguard-addon", extra["kind"])
        notes += _attr("data-checkoutguard-price", extra.get("price"))
        if extra.get("chosen_by_buyer") is not None:
            notes += _attr("data-checkoutguard-chosen", extra["chosen_by_buyer"])
        price = f" (+{extra['price']} {currency})" if extra.get("price") else ""
        parts.append(_checkbox(extra, extra["selected"], notes, extra.get("label", extra["kind"]) + price))
    methods = document.get("payment_methods", ())
    if methods:
        parts.append("<fieldset><legend>Payment method</legend>")
        for method in methods:
            notes = _attr("data-checkoutguard-purpose", "payment") + _attr("data-checkoutguard-payment", method["kind"])
            notes += _attr("data-checkoutguard-surcharge", method.get("surcharge"))
            notes += _attr("data-checkoutguard-surcharge-rate", method.get("surcharge_rate"))
            notes += _attr("data-checkoutguard-cost", method.get("cost"))
            state = " checked" if method.get("selected") else ""
            value = escape(method.get("id") or method["kind"], quote=True)
            parts.append(
                f'<p><label><input type="radio" name="payment" value="{value}"{_ident(method)}{state}{notes}> '
                f"{escape(method.get('label') or method['kind'])}</label></p>"
            )
        parts.append("</fieldset>")
    for offer in document.get("currency_conversions", ()):
        notes = _attr("data-checkoutguard-purpose", "conversion") + _attr(
            "data-checkoutguard-currency", offer.get("currency")
        )
        notes += _attr("data-checkoutguard-markup", offer.get("markup"))
        if offer.get("reference_rate_shown"):
            notes += _attr("data-checkoutguard-reference", "ECB")
        label = offer.get("label", "Pay in another currency")
        if offer.get("amount_shown"):
            label += f" ({offer.get('currency') or ''} 100.00)"
        parts.append(_checkbox(offer, bool(offer.get("selected")), notes, label))
    for notice in document.get("notices", ()):
        notes = _attr("data-checkoutguard-notice", notice["kind"]) + _attr(
            "data-checkoutguard-applies-to", notice["applies_to"]
        )
        parts.append(f"<p{_ident(notice)}{notes}>{escape(notice.get('text', ''))}</p>")
    button = document.get("order_button") or {"text": "Buy now"}  # a wording CRD Art. 8(2) accepts
    lang = _attr("lang", button.get("language"))
    parts.append(f"<button type=submit{_ident(button)}{lang}>{escape(button['text'])}</button></form>")
    language = escape(document.get("language") or "en", quote=True)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>Checkout</title></head>'
        f"<body{body}><h1>Checkout</h1>{''.join(parts)}</body></html>"
    )
