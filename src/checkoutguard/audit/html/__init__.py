"""Reading a checkout page: the shared HTML grammar, the fast and full scans, and the extractor."""

from __future__ import annotations

from checkoutguard.audit.html.extract import Extraction, extract_html
from checkoutguard.audit.html.scan import Scan, scan, scan_fast, scan_full

__all__ = ["Extraction", "Scan", "extract_html", "scan", "scan_fast", "scan_full"]
