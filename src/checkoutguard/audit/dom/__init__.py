"""Reading a checkout page as a browser does: Lexbor's DOM for controls and the context they sit in."""

from __future__ import annotations

from checkoutguard.audit.dom.extract import Extraction, extract_html

__all__ = ["Extraction", "extract_html"]
