"""Payment methods a buyer expects, chosen and explained for any PSP, and the rules on payment surcharges.

``select_methods`` ranks the methods for one checkout and says why each is shown or dropped;
``surcharge_policy`` says whether a card surcharge is banned and what caps other payment fees.
Names are imported on first use, so a quote (whose data snapshot holds the registry) loads only the registry.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Eager: the data snapshot needs the registry anyway, and the submodule's name would shadow ``registry``.
from checkoutguard.payments.registry import Registry, load_registry, registry

if TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    "Citation": "surcharges",
    "ExcludedMethod": "selection",
    "MethodSelection": "selection",
    "SelectedMethod": "selection",
    "SurchargePolicy": "surcharges",
    "select_methods": "selection",
    "select_methods_from_query": "selection",
    "surcharge_policy": "surcharges",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'checkoutguard.payments' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"checkoutguard.payments.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
