"""Catalogue pricing: all-in local prices for many SKUs × countries, with the same rules as one quote.

>>> from checkoutguard.batch import price_catalog                     # doctest: +SKIP
>>> result = price_catalog(rows, ["DE", "FR", "GB"], ship_from="CN", date="2026-11-23")
>>> result.prices      # pyarrow Table, one row per SKU and destination, amounts in minor units
>>> result.errors      # the rows that could not be priced, each with its reason

``checkoutguard.batch.dask`` runs the same pricer over Dask partitions (the ``batch`` extra).
"""

from __future__ import annotations

from checkoutguard.batch.catalog import COLUMNS, REQUIRED
from checkoutguard.batch.present import PRESENTATIONS
from checkoutguard.batch.pricer import OUTPUT_SCHEMA, BatchResult, BatchStats, CatalogPricer, price_catalog

__all__ = [
    "COLUMNS",
    "OUTPUT_SCHEMA",
    "PRESENTATIONS",
    "REQUIRED",
    "BatchResult",
    "BatchStats",
    "CatalogPricer",
    "price_catalog",
]
