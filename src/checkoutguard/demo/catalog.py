"""What the demo shop sells and where it ships: fixed data, so every quote the demo shows can be recomputed.

The shop ships from the United Kingdom and is registered where a seller can collect import taxes at checkout
(EU IOSS, Norway VOEC, Australian GST, Brazil's Remessa Conforme, Swiss VAT), so the destinations show the
different regimes side by side. Products carry the HS code and origin the quote needs for duty.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_DESTINATION",
    "DESTINATIONS",
    "PRODUCTS",
    "SHOP",
    "Destination",
    "Product",
    "Shop",
]


@dataclass(frozen=True, slots=True)
class Product:
    """One thing the shop sells, priced in the shop's currency, with what customs needs to classify it."""

    id: str
    name: str
    blurb: str
    price: Decimal
    hs_code: str
    origin: str
    weight_kg: Decimal
    swatch: str  # a CSS colour for the product tile: the demo ships no images


@dataclass(frozen=True, slots=True)
class Destination:
    """A country the shop ships to, the subdivision its taxes need, and how amounts are written there."""

    country: str
    name: str
    locale: str
    subdivision: str | None = None
    subdivision_name: str | None = None


@dataclass(frozen=True, slots=True)
class Shop:
    name: str
    currency: str
    ship_from: str
    registrations: tuple[str, ...]
    shipping: Decimal
    insurance: Decimal  # the paid extra the bad checkout pre-selects
    service_fee: Decimal  # the fee the bad checkout shows only on its last step
    card_fee: Decimal  # the card surcharge the bad checkout adds


SHOP: Final = Shop(
    name="Northwind Supply Co.",
    currency="GBP",
    ship_from="GB",
    registrations=("EU-IOSS", "NO-VOEC", "AU-GST", "BR-REMESSA", "CH-VAT"),
    shipping=Decimal("9.50"),
    insurance=Decimal("3.99"),
    service_fee=Decimal("2.95"),
    card_fee=Decimal("2.50"),
)

_PRODUCTS: Final = (
    Product(
        "jumper",
        "Merino wool jumper",
        "Knitted in Portugal from fine merino.",
        Decimal("89.00"),
        "611011",
        "PT",
        Decimal("0.45"),
        "#7a4b3a",
    ),
    Product(
        "mug",
        "Stoneware mug",
        "Thrown and glazed in Stoke-on-Trent.",
        Decimal("18.00"),
        "691200",
        "GB",
        Decimal("0.40"),
        "#3f6f8f",
    ),
    Product(
        "wallet",
        "Leather wallet",
        "Vegetable-tanned leather from Tuscany.",
        Decimal("45.00"),
        "420231",
        "IT",
        Decimal("0.12"),
        "#8a5a2b",
    ),
    Product(
        "tee",
        "Organic cotton T-shirt",
        "Heavyweight jersey, made in India.",
        Decimal("25.00"),
        "610910",
        "IN",
        Decimal("0.18"),
        "#4d6b4f",
    ),
    Product(
        "headphones",
        "Wireless headphones",
        "Forty hours of battery, made in China.",
        Decimal("129.00"),
        "851830",
        "CN",
        Decimal("0.30"),
        "#2f3440",
    ),
    Product(
        "backpack",
        "Hiking backpack 30 l",
        "Recycled nylon, sewn in Vietnam.",
        Decimal("75.00"),
        "420292",
        "VN",
        Decimal("0.90"),
        "#a0522d",
    ),
)

PRODUCTS: Final = MappingProxyType({product.id: product for product in _PRODUCTS})

_DESTINATIONS: Final = (
    Destination("NL", "Netherlands", "nl_NL"),
    Destination("DE", "Germany", "de_DE"),
    Destination("FR", "France", "fr_FR"),
    Destination("PL", "Poland", "pl_PL"),
    Destination("SE", "Sweden", "sv_SE"),
    Destination("NO", "Norway", "nb_NO"),
    Destination("CH", "Switzerland", "de_CH"),
    Destination("US", "United States", "en_US"),
    Destination("CA", "Canada", "en_CA", "CA-ON", "Ontario"),
    Destination("MX", "Mexico", "es_MX"),
    Destination("BR", "Brazil", "pt_BR", "BR-SP", "São Paulo"),
    Destination("AU", "Australia", "en_AU"),
    Destination("JP", "Japan", "ja_JP"),
    Destination("IN", "India", "en_IN"),
)

DESTINATIONS: Final = MappingProxyType({d.country: d for d in _DESTINATIONS})
DEFAULT_DESTINATION: Final = "NL"
