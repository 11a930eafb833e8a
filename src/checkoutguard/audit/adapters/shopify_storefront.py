"""Shopify Storefront API ``Cart`` (GraphQL) → checkout document.

Accepts the cart object, ``{"cart": …}`` or the whole response ``{"data": {"cart": …}}``; lines as a
connection (``edges``/``node``) or ``nodes``. Money is ``MoneyV2`` (a decimal string and a currency code).
``cost.totalTaxAmount`` and ``cost.totalDutyAmount`` are null when the cart does not collect them: a null
duty amount for a cross-border buyer means duties are not paid at checkout, which the duties rule then
compares with the landed-cost quote.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from checkoutguard.audit.adapters.compose import Builder
from checkoutguard.audit.adapters.read import child, items, major, optional_bool, optional_text, priced, shop_currency
from checkoutguard.audit.model import CheckoutDocument, Notice

__all__ = ["FORMAT", "matches", "to_document", "unwrap"]

FORMAT: Final = "shopify-storefront-cart"


def unwrap(document: Mapping[str, Any], key: str) -> tuple[Mapping[str, Any], str]:
    """A GraphQL object and its path from ``{"data": {key: …}}``, ``{key: …}`` or the object itself."""
    data = document.get("data")
    if isinstance(data, Mapping) and isinstance(data.get(key), Mapping) and len(document.keys() - {"extensions"}) == 1:
        return data[key], f"$.data.{key}"
    inner = document.get(key)
    if isinstance(inner, Mapping) and len(document) == 1:
        return inner, f"$.{key}"
    return document, "$"


def matches(document: Mapping[str, Any]) -> bool:
    cart, _ = unwrap(document, "cart")
    cost = cart.get("cost")
    total = cost.get("totalAmount") if isinstance(cost, Mapping) else None
    return isinstance(total, Mapping) and "currencyCode" in total and isinstance(cart.get("lines"), Mapping)


def _amount(money: Mapping[str, Any], where: str) -> Decimal | None:
    return major(money, "amount", where)


def _money(parent: Mapping[str, Any], key: str, path: str, code: str) -> Decimal | None:
    return priced(parent, key, path, code, "currencyCode", _amount)


def _nodes(connection: Mapping[str, Any], path: str) -> list[tuple[str, Mapping[str, Any]]]:
    if "nodes" in connection:
        return items(connection, "nodes", path)
    found = []
    for edge_path, edge in items(connection, "edges", path):
        node = child(edge, "node", edge_path)
        if node is not None:
            found.append((f"{edge_path}.node", node))
    return found


def to_document(document: Mapping[str, Any]) -> CheckoutDocument:
    cart, root = unwrap(document, "cart")
    cost = child(cart, "cost", root) or {}
    cost_path = f"{root}.cost"
    total_money = child(cost, "totalAmount", cost_path) or {}
    code = shop_currency(total_money.get("currencyCode"), f"{cost_path}.totalAmount.currencyCode")
    build = Builder(code, "cart")
    lines = child(cart, "lines", root) or {}
    for path, line in _nodes(lines, f"{root}.lines"):
        merchandise = child(line, "merchandise", path) or {}
        product = child(merchandise, "product", f"{path}.merchandise") or {}
        title = optional_text(product, "title", f"{path}.merchandise.product") or ""
        hints = " ".join(filter(None, (optional_text(product, k, path) for k in ("productType", "vendor"))))
        line_cost = child(line, "cost", path) or {}
        ships = optional_bool(merchandise, "requiresShipping", f"{path}.merchandise")
        build.item(title, _money(line_cost, "totalAmount", f"{path}.cost", code), path, hints, added=ships is False)
    for path, allocation in items(cart, "discountAllocations", root):
        build.line("discount", "Discount", _money(allocation, "discountedAmount", path, code), path)
    build.line("duty", "Duties", _money(cost, "totalDutyAmount", cost_path, code), f"{cost_path}.totalDutyAmount")
    total = _money(cost, "totalAmount", cost_path, code)
    tax = _money(cost, "totalTaxAmount", cost_path, code)
    _delivery(build, cart, root, code, total, tax or Decimal(0))
    build.tax("Tax", tax, f"{cost_path}.totalTaxAmount", total)
    return build.build(total, f"{cost_path}.totalAmount")


def _delivery(
    build: Builder, cart: Mapping[str, Any], root: str, code: str, total: Decimal | None, tax: Decimal
) -> None:
    """The selected delivery options' cost. The cart's ``totalAmount`` counts it once the buyer has chosen
    it at checkout, not before: a line when the amounts show it counted, else shipping still to come."""
    groups = child(cart, "deliveryGroups", root)
    if groups is None:
        return
    chosen: list[tuple[str, str, Decimal]] = []
    for path, group in _nodes(groups, f"{root}.deliveryGroups"):
        option = child(group, "selectedDeliveryOption", path)
        if option is None:
            continue
        where = f"{path}.selectedDeliveryOption"
        amount = _money(option, "estimatedCost", where, code)
        if amount is not None:
            chosen.append((where, optional_text(option, "title", where) or "Shipping", amount))
    shipping = sum((amount for _, _, amount in chosen), Decimal(0))
    if not chosen or not (build.adds_up(total, shipping) or build.adds_up(total, shipping + tax)):
        build.notices.append(Notice("deferred", "shipping", "the cart's total does not count delivery yet"))
        return
    for where, title, amount in chosen:
        build.line("shipping", title, amount, where)
