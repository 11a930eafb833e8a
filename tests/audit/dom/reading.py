"""Helpers for the DOM reader's tests: a page's controls, and its extracted document."""

from __future__ import annotations

from checkoutguard.audit.dom.controls import Control, read_controls
from checkoutguard.audit.dom.extract import extract_html
from checkoutguard.audit.dom.tree import parse
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.html.scan import scan_fast
from checkoutguard.audit.limits import Limit
from checkoutguard.audit.model import CheckoutDocument


def controls(raw: bytes, encoding: str = "utf-8", limits: list[Limit] | None = None) -> list[Control]:
    """The controls of ``raw`` as the DOM reader finds them."""
    lo = raw.lower()
    return read_controls(parse(raw, encoding), Page(raw, lo, encoding, scan_fast(lo)), [] if limits is None else limits)


def document(raw: bytes, hint: str | None = "EUR") -> CheckoutDocument:
    """The checkout document of ``raw``."""
    return extract_html(raw, currency_hint=hint).document
