"""The transparency rules, run on a ``CheckoutDocument`` (never on raw HTML).

``RULES`` maps each rule id to its function; metadata (impact, citations, fix) lives in ``catalog.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from checkoutguard.audit.rules.addons import addon_preselected
from checkoutguard.audit.rules.base import Catalog, Check, Citation, Context, RuleFunction, RuleInfo, catalog
from checkoutguard.audit.rules.consent import consent_preticked, consent_required
from checkoutguard.audit.rules.currency import price_currency
from checkoutguard.audit.rules.duties import duties_undisclosed
from checkoutguard.audit.rules.junk_fees import junk_fees
from checkoutguard.audit.rules.order_button import order_button
from checkoutguard.audit.rules.payment import currency_conversion_disclosure, payment_surcharge
from checkoutguard.audit.rules.precontract import precontract_info
from checkoutguard.audit.rules.pricing import drip_pricing, total_incomplete

__all__ = ["RULES", "Catalog", "Check", "Citation", "Context", "RuleInfo", "catalog"]

RULES: Final[Mapping[str, RuleFunction]] = {
    "consent-preticked": consent_preticked,
    "consent-required": consent_required,
    "addon-preselected": addon_preselected,
    "total-incomplete": total_incomplete,
    "drip-pricing": drip_pricing,
    "payment-surcharge": payment_surcharge,
    "duties-undisclosed": duties_undisclosed,
    "currency-conversion-disclosure": currency_conversion_disclosure,
    "price-currency": price_currency,
    "precontract-info": precontract_info,
    "order-button": order_button,
    "junk-fees": junk_fees,
}
