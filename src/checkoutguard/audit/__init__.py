"""The transparency audit: hidden fees, pre-ticked consent and pre-selected extras, before a checkout renders.

``audit(page_or_document, country="DE")`` reads an HTML checkout page or a checkout document (JSON, see
``checkout.schema.json``), runs the rules that apply in the buyer's jurisdiction and returns an
``AuditReport`` (violations / passes / incomplete / inapplicable). ``Mode.FIX`` also returns the page with
pre-ticked consent and pre-selected extras undone, byte-identical otherwise.
"""

from __future__ import annotations

from checkoutguard.audit.api import MAX_PAGE_BYTES, audit
from checkoutguard.audit.html.extract import Extraction, extract_html
from checkoutguard.audit.loader import load_document
from checkoutguard.audit.model import (
    AddOn,
    CheckoutDocument,
    Consent,
    ConversionOffer,
    Line,
    Node,
    Notice,
    PaymentMethod,
    Shown,
)
from checkoutguard.audit.report import AuditReport, Finding, Mode, NodeResult
from checkoutguard.audit.rules import RULES

__all__ = [
    "MAX_PAGE_BYTES",
    "RULES",
    "AddOn",
    "AuditReport",
    "CheckoutDocument",
    "Consent",
    "ConversionOffer",
    "Extraction",
    "Finding",
    "Line",
    "Mode",
    "Node",
    "NodeResult",
    "Notice",
    "PaymentMethod",
    "Shown",
    "audit",
    "extract_html",
    "load_document",
]
