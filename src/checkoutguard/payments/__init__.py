"""Payment methods a buyer expects, chosen and explained for any PSP, and the rules on payment surcharges.

``select_methods`` ranks the methods for one checkout and says why each is shown or dropped;
``surcharge_policy`` says whether a card surcharge is banned and what caps other payment fees.
"""

from __future__ import annotations

from checkoutguard.payments.registry import Registry, load_registry, registry
from checkoutguard.payments.selection import (
    ExcludedMethod,
    MethodSelection,
    SelectedMethod,
    select_methods,
    select_methods_from_query,
)
from checkoutguard.payments.surcharges import Citation, SurchargePolicy, surcharge_policy

__all__ = [
    "Citation",
    "ExcludedMethod",
    "MethodSelection",
    "Registry",
    "SelectedMethod",
    "SurchargePolicy",
    "load_registry",
    "registry",
    "select_methods",
    "select_methods_from_query",
    "surcharge_policy",
]
