"""Loading the embedded data (``rates/``, ``payment_methods/``) and the JSON Schemas that guard it."""

from __future__ import annotations

from checkoutguard.data.paths import data_root, payment_methods_dir, rates_dir
from checkoutguard.data.schemas import load_json, schema, validate

__all__ = ["data_root", "load_json", "payment_methods_dir", "rates_dir", "schema", "validate"]
