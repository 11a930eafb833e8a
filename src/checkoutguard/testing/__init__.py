"""The QA kit: Hypothesis strategies, assertions and a pytest plugin for checking pricing transparency.

* ``checkoutguard.testing.strategies``: currencies, amounts at the data's thresholds, destinations, orders,
  checkout documents and pages, clean or with one planted violation (needs ``checkoutguard[qa]``);
* ``checkoutguard.testing.assertions`` (re-exported here; no test tools needed): ``assert_transparent``,
  ``assert_no_preticked_consent``, ``assert_no_preselected_addons``, ``assert_quote_consistent``;
* ``checkoutguard.testing.plugin``: the pytest plugin, loaded through the ``pytest11`` entry point.

See docs/qa-kit.md.
"""

from __future__ import annotations

from checkoutguard.testing.assertions import (
    assert_no_preselected_addons,
    assert_no_preticked_consent,
    assert_quote_consistent,
    assert_transparent,
)

__all__ = [
    "assert_no_preselected_addons",
    "assert_no_preticked_consent",
    "assert_quote_consistent",
    "assert_transparent",
]
