"""A checkout page to a ``CheckoutDocument``: now read as a DOM (``checkoutguard.audit.dom``).

Kept as the name the API, the CLI and the benchmarks import; the token scanner in this package still
finds the byte spans fix mode edits and reads the order summary.
"""

from __future__ import annotations

from checkoutguard.audit.dom.extract import Extraction, extract_html

__all__ = ["Extraction", "extract_html"]
