"""Realistic platform payloads, each in its platform's documented shape, with the source it follows.

Each function returns a fresh payload that audits clean for its buyer; tests plant one violation at a time.
Values are our own (amounts chosen so the platform's own arithmetic holds); the keys, nesting and units
follow the cited documentation and the real responses in the platforms' or integrators' test fixtures.
"""

from __future__ import annotations

from typing import Any


def woocommerce_cart() -> dict[str, Any]:
    """WooCommerce Store API ``GET /wp-json/wc/store/v1/cart`` (shape: woocommerce/woocommerce,
    plugins/woocommerce-blocks/src/StoreApi/docs/cart.md "Cart Response"). A German store, EUR, prices in cents
    as strings; total_price = total_items − total_discount + total_shipping + total_fees + total_tax."""
    money = {
        "currency_code": "EUR",
        "currency_symbol": "€",
        "currency_minor_unit": 2,
        "currency_decimal_separator": ",",
        "currency_thousand_separator": ".",
        "currency_prefix": "",
        "currency_suffix": " €",
    }
    return {
        "coupons": [
            {
                "code": "herbst10",
                "discount_type": "percent",
                "totals": {**money, "total_discount": "290", "total_discount_tax": "0"},
            }
        ],
        "shipping_rates": [
            {
                "package_id": 0,
                "name": "Versand",
                "destination": {
                    "address_1": "Hauptstraße 1",
                    "city": "Berlin",
                    "state": "",
                    "postcode": "10115",
                    "country": "DE",
                },
                "items": [{"key": "9bf31c7ff062936a96d3c8bd1f8f2ff3", "name": "Beanie", "quantity": 1}],
                "shipping_rates": [
                    {
                        "rate_id": "flat_rate:4",
                        "name": "DHL Paket",
                        "description": "",
                        "delivery_time": "",
                        "price": "490",
                        "taxes": "0",
                        "instance_id": 4,
                        "method_id": "flat_rate",
                        "meta_data": [],
                        "selected": True,
                        **money,
                    },
                    {
                        "rate_id": "local_pickup:5",
                        "name": "Abholung",
                        "description": "",
                        "delivery_time": "",
                        "price": "0",
                        "taxes": "0",
                        "instance_id": 5,
                        "method_id": "local_pickup",
                        "meta_data": [],
                        "selected": False,
                        **money,
                    },
                ],
            }
        ],
        "shipping_address": {"first_name": "Erika", "last_name": "Mustermann", "country": "DE", "postcode": "10115"},
        "billing_address": {
            "first_name": "Erika",
            "last_name": "Mustermann",
            "country": "DE",
            "email": "erika@example.de",
        },
        "items": [
            {
                "key": "9bf31c7ff062936a96d3c8bd1f8f2ff3",
                "id": 15,
                "quantity": 1,
                "name": "Beanie",
                "sku": "woo-beanie",
                "prices": {**money, "price": "1800", "regular_price": "2000", "sale_price": "1800"},
                "totals": {
                    **money,
                    "line_subtotal": "1800",
                    "line_subtotal_tax": "0",
                    "line_total": "1620",
                    "line_total_tax": "0",
                },
            },
            {
                "key": "e369853df766fa44e1ed0ff613f563bd",
                "id": 34,
                "quantity": 2,
                "name": "WordPress Pennant",
                "sku": "wp-pennant",
                "prices": {**money, "price": "550", "regular_price": "550", "sale_price": "550"},
                "totals": {
                    **money,
                    "line_subtotal": "1100",
                    "line_subtotal_tax": "0",
                    "line_total": "990",
                    "line_total_tax": "0",
                },
            },
        ],
        "items_count": 3,
        "items_weight": 0,
        "cross_sells": [],
        "needs_payment": True,
        "needs_shipping": True,
        "has_calculated_shipping": True,
        "fees": [],
        "totals": {
            **money,
            "total_items": "2900",
            "total_items_tax": "0",
            "total_fees": "0",
            "total_fees_tax": "0",
            "total_discount": "290",
            "total_discount_tax": "0",
            "total_shipping": "490",
            "total_shipping_tax": "0",
            "total_price": "3100",
            "total_tax": "0",
            "tax_lines": [],
        },
        "errors": [],
        "payment_methods": ["stripe", "ppcp-gateway", "bacs"],
        "payment_requirements": ["products"],
        "extensions": {},
    }


def woocommerce_cart_with_vat() -> dict[str, Any]:
    """The same cart as a German store must show it: prices with 19 % VAT (``prices.price`` is gross, the
    ``totals`` are net with their tax beside them, as the Store API reports them)."""
    cart = woocommerce_cart()
    beanie, pennant = cart["items"]
    beanie["totals"].update(line_subtotal="1513", line_subtotal_tax="287", line_total="1362", line_total_tax="258")
    pennant["totals"].update(line_subtotal="924", line_subtotal_tax="176", line_total="832", line_total_tax="158")
    cart["totals"].update(
        total_items="2437",
        total_items_tax="463",
        total_discount="244",
        total_discount_tax="46",
        total_shipping="412",
        total_shipping_tax="78",
        total_tax="495",
        total_price="3100",
        tax_lines=[{"name": "MwSt.", "price": "495", "rate": "19%"}],
    )
    return cart


def add_woocommerce_fee(cart: dict[str, Any], name: str, cents: int, *, in_total: bool = True) -> dict[str, Any]:
    """A fee as a plugin adds it (``WC_Cart::add_fee``): listed in ``fees`` and, normally, in the totals."""
    money = {k: v for k, v in cart["totals"].items() if k.startswith("currency_")}
    cart["fees"].append(
        {
            "key": name.lower().replace(" ", "-"),
            "name": name,
            "totals": {**money, "total": str(cents), "total_tax": "0"},
        }
    )
    if in_total:
        totals = cart["totals"]
        totals["total_fees"] = str(int(totals["total_fees"]) + cents)
        totals["total_price"] = str(int(totals["total_price"]) + cents)
    return cart


def shopify_cart(currency: str = "USD", unit: int = 100) -> dict[str, Any]:
    """Shopify AJAX ``GET /cart.js`` (shape: darrylcousins/cousinsd-theme-first, public/cart.js, a saved
    cart.js response; Shopify Ajax API reference). Every amount is in hundredths of ``currency``, JPY too."""
    price = 34 * unit
    return {
        "token": "c1-86527ba54871eaa53a25decff4960a5f",
        "note": None,
        "attributes": {},
        "original_total_price": price + 25 * unit,
        "total_price": price + 25 * unit - 5 * unit,
        "total_discount": 5 * unit,
        "total_weight": 5000,
        "item_count": 2,
        "items": [
            {
                "id": 31712538263610,
                "properties": {},
                "quantity": 1,
                "variant_id": 31712538263610,
                "key": "31712538263610:d37e019f4b8bb3936a85540e7153a36c",
                "title": "Organic Cotton Hoodie - M",
                "price": price,
                "original_price": price,
                "discounted_price": price,
                "line_price": price,
                "original_line_price": price,
                "total_discount": 0,
                "discounts": [],
                "sku": "HOOD-M",
                "grams": 600,
                "vendor": "Spring Collective",
                "taxable": True,
                "product_id": 4486431866938,
                "product_has_only_default_variant": False,
                "gift_card": False,
                "final_price": price,
                "final_line_price": price,
                "url": "/products/organic-hoodie?variant=31712538263610",
                "handle": "organic-hoodie",
                "requires_shipping": True,
                "product_type": "Hoodie",
                "product_title": "Organic Cotton Hoodie",
                "product_description": "Heavyweight organic cotton.",
                "variant_title": "M",
                "variant_options": ["M"],
                "line_level_discount_allocations": [],
                "line_level_total_discount": 0,
            },
            {
                "id": 31712538296378,
                "properties": {},
                "quantity": 1,
                "variant_id": 31712538296378,
                "key": "31712538296378:0d9b3c2a",
                "title": "Canvas Tote",
                "price": 25 * unit,
                "original_price": 25 * unit,
                "discounted_price": 25 * unit,
                "line_price": 25 * unit,
                "original_line_price": 25 * unit,
                "total_discount": 0,
                "discounts": [],
                "sku": "TOTE",
                "grams": 200,
                "vendor": "Spring Collective",
                "taxable": True,
                "product_id": 4486431899706,
                "product_has_only_default_variant": True,
                "gift_card": False,
                "final_price": 25 * unit,
                "final_line_price": 25 * unit,
                "url": "/products/canvas-tote",
                "handle": "canvas-tote",
                "requires_shipping": True,
                "product_type": "Bag",
                "product_title": "Canvas Tote",
                "product_description": "",
                "variant_title": None,
                "variant_options": ["Default Title"],
                "line_level_discount_allocations": [],
                "line_level_total_discount": 0,
            },
        ],
        "requires_shipping": True,
        "currency": currency,
        "items_subtotal_price": price + 25 * unit,
        "cart_level_discount_applications": [
            {
                "type": "discount_code",
                "key": "WELCOME5",
                "title": "WELCOME5",
                "description": "",
                "value": "5.0",
                "created_at": "2026-11-30T10:00:00Z",
                "value_type": "fixed_amount",
                "allocation_method": "across",
                "target_selection": "all",
                "target_type": "line_item",
                "total_allocated_amount": 5 * unit,
            }
        ],
    }


def add_shopify_item(cart: dict[str, Any], title: str, vendor: str, product_type: str, amount: int) -> dict[str, Any]:
    """An item an app adds to the cart (Route or Navidium shipping protection, a fee product)."""
    cart["items"].append(
        {
            "id": 40000000000001,
            "properties": {},
            "quantity": 1,
            "variant_id": 40000000000001,
            "key": "40000000000001:route",
            "title": title,
            "price": amount,
            "original_price": amount,
            "final_price": amount,
            "line_price": amount,
            "original_line_price": amount,
            "final_line_price": amount,
            "vendor": vendor,
            "product_type": product_type,
            "product_title": title,
            "handle": title.lower().replace(" ", "-"),
            "requires_shipping": False,
            "gift_card": False,
            "discounts": [],
        }
    )
    cart["item_count"] += 1
    cart["original_total_price"] += amount
    cart["items_subtotal_price"] += amount
    cart["total_price"] += amount
    return cart


def storefront_cart(*, duty: str | None = "12.40") -> dict[str, Any]:
    """Shopify Storefront API ``cart`` query response for a UK buyer of a US store in GBP (shape: Shopify
    Storefront API Cart/CartCost reference; Shopify/hydrogen-v1 CartProvider tests/fixtures, which carry
    ``subtotalAmount``, ``totalAmount``, ``totalTaxAmount`` and ``totalDutyAmount``). Duties and VAT are
    collected at checkout (DDP) unless ``duty`` is None."""
    lines = [
        ("gid://shopify/CartLine/1", "Trail Runner 2", "Shoes", "Northbound", "89.00", 1),
        ("gid://shopify/CartLine/2", "Merino Socks", "Socks", "Northbound", "14.00", 2),
    ]
    subtotal = "117.00"
    vat = "19.50"  # UK prices shown with VAT: inside the line amounts
    total = "141.40" if duty else "129.00"
    return {
        "data": {
            "cart": {
                "id": "gid://shopify/Cart/c1-7e1a0b",
                "checkoutUrl": "https://shop.example.com/cart/c/c1-7e1a0b",
                "totalQuantity": 3,
                "buyerIdentity": {"countryCode": "GB", "email": None},
                "attributes": [],
                "discountCodes": [],
                "discountAllocations": [],
                "cost": {
                    "subtotalAmount": {"amount": subtotal, "currencyCode": "GBP"},
                    "totalAmount": {"amount": total, "currencyCode": "GBP"},
                    "totalTaxAmount": {"amount": vat, "currencyCode": "GBP"},
                    "totalDutyAmount": {"amount": duty, "currencyCode": "GBP"} if duty else None,
                    "checkoutChargeAmount": {"amount": subtotal, "currencyCode": "GBP"},
                },
                "lines": {
                    "edges": [
                        {
                            "node": {
                                "id": ident,
                                "quantity": quantity,
                                "cost": {
                                    "amountPerQuantity": {"amount": price, "currencyCode": "GBP"},
                                    "subtotalAmount": {
                                        "amount": f"{float(price) * quantity:.2f}",
                                        "currencyCode": "GBP",
                                    },
                                    "totalAmount": {"amount": f"{float(price) * quantity:.2f}", "currencyCode": "GBP"},
                                    "compareAtAmountPerQuantity": None,
                                },
                                "merchandise": {
                                    "id": f"gid://shopify/ProductVariant/{index}",
                                    "title": "Default Title",
                                    "product": {
                                        "title": title,
                                        "productType": kind,
                                        "vendor": vendor,
                                        "handle": title.lower(),
                                    },
                                },
                            }
                        }
                        for index, (ident, title, kind, vendor, price, quantity) in enumerate(lines)
                    ],
                    "pageInfo": {"hasNextPage": False},
                },
                "deliveryGroups": {
                    "edges": [
                        {
                            "node": {
                                "id": "gid://shopify/CartDeliveryGroup/1",
                                "deliveryOptions": [
                                    {
                                        "handle": "dhl-express",
                                        "title": "DHL Express",
                                        "estimatedCost": {"amount": "12.00", "currencyCode": "GBP"},
                                    }
                                ],
                                "selectedDeliveryOption": {
                                    "handle": "dhl-express",
                                    "title": "DHL Express",
                                    "estimatedCost": {"amount": "12.00", "currencyCode": "GBP"},
                                },
                            }
                        }
                    ]
                },
            }
        }
    }


def saleor_checkout() -> dict[str, Any]:
    """Saleor ``checkout`` query response (shape: vonAffenfels/react-checkout,
    src/fragments/checkoutDetailsFragment.js and vercel/commerce packages/saleor/src/utils/fragments/
    checkout-details.ts; Saleor API reference). ``amount`` is a GraphQL Float; prices are gross (EU VAT
    inside). A Polish buyer, PLN."""

    def taxed(gross: float, tax: float) -> dict[str, Any]:
        return {
            "gross": {"amount": gross, "currency": "PLN"},
            "net": {"amount": round(gross - tax, 2), "currency": "PLN"},
            "tax": {"amount": tax, "currency": "PLN"},
            "currency": "PLN",
        }

    return {
        "data": {
            "checkout": {
                "id": "Q2hlY2tvdXQ6YjU2ZjYxZWQtMzc4OS00",
                "token": "b56f61ed-3789-4c0c-bd2c-8f0e4f1b9c3a",
                "email": "jan@example.pl",
                "isShippingRequired": True,
                "discount": {"amount": 0.0, "currency": "PLN"},
                "voucherCode": None,
                "subtotalPrice": taxed(369.0, 69.0),
                "shippingPrice": taxed(18.45, 3.45),
                "totalPrice": taxed(387.45, 72.45),
                "deliveryMethod": {
                    "__typename": "ShippingMethod",
                    "id": "U2hpcHBpbmdNZXRob2Q6MQ==",
                    "name": "InPost Paczkomaty",
                    "price": {"amount": 18.45, "currency": "PLN"},
                },
                "lines": [
                    {
                        "id": "Q2hlY2tvdXRMaW5lOjE=",
                        "quantity": 1,
                        "totalPrice": taxed(246.0, 46.0),
                        "variant": {
                            "id": "UHJvZHVjdFZhcmlhbnQ6MjA2",
                            "name": "42",
                            "product": {"name": "Buty trekkingowe", "productType": {"name": "Obuwie"}},
                        },
                    },
                    {
                        "id": "Q2hlY2tvdXRMaW5lOjI=",
                        "quantity": 3,
                        "totalPrice": taxed(123.0, 23.0),
                        "variant": {
                            "id": "UHJvZHVjdFZhcmlhbnQ6MjEw",
                            "name": "M",
                            "product": {"name": "Skarpety wełniane", "productType": {"name": "Odzież"}},
                        },
                    },
                ],
                "availablePaymentGateways": [
                    {"id": "saleor.payments.adyen", "name": "Adyen", "currencies": ["PLN", "EUR"], "config": []},
                    {"id": "mirumee.payments.dummy", "name": "Przelew bankowy", "currencies": ["PLN"], "config": []},
                ],
            }
        }
    }


def medusa_v1_cart() -> dict[str, Any]:
    """Medusa v1 ``GET /store/carts/{id}`` (shape: @medusajs/medusa v1 Cart entity and store API reference:
    integer minor units, ``region.currency_code``; total = subtotal + shipping_total + tax_total −
    discount_total − gift_card_total). A US buyer, USD, sales tax added on top."""
    return {
        "cart": {
            "id": "cart_01HJ8Q7W2X3Y4Z5A6B7C8D9E0F",
            "email": "sam@example.com",
            "type": "default",
            "region_id": "reg_01HJ8Q",
            "region": {
                "id": "reg_01HJ8Q",
                "name": "United States",
                "currency_code": "usd",
                "tax_rate": 8,
                "automatic_taxes": True,
            },
            "items": [
                {
                    "id": "item_01",
                    "title": "Wool Sweater",
                    "description": "Size M",
                    "quantity": 1,
                    "unit_price": 60000,
                    "subtotal": 60000,
                    "total": 64800,
                    "tax_total": 4800,
                    "discount_total": 0,
                },
                {
                    "id": "item_02",
                    "title": "Scarf",
                    "description": "Grey",
                    "quantity": 2,
                    "unit_price": 12000,
                    "subtotal": 24000,
                    "total": 25920,
                    "tax_total": 1920,
                    "discount_total": 0,
                },
            ],
            "shipping_methods": [
                {
                    "id": "sm_01",
                    "shipping_option_id": "so_01",
                    "price": 4900,
                    "shipping_option": {"name": "USPS Priority"},
                }
            ],
            "discounts": [],
            "gift_cards": [],
            "payment_sessions": [],
            "subtotal": 84000,
            "discount_total": 0,
            "shipping_total": 4900,
            "tax_total": 7112,
            "gift_card_total": 0,
            "gift_card_tax_total": 0,
            "refunded_total": 0,
            "paid_total": 0,
            "refundable_amount": 0,
            "total": 96012,
        }
    }


def medusa_v2_cart() -> dict[str, Any]:
    """Medusa v2 ``GET /store/carts/{id}`` (shape: Medusa v2 store API reference, StoreCart: amounts in major
    units as JSON numbers, ``currency_code`` on the cart, item and shipping totals including tax). A French
    buyer, EUR, tax-inclusive prices."""
    return {
        "cart": {
            "id": "cart_01JBX2",
            "currency_code": "eur",
            "email": "claire@example.fr",
            "region_id": "reg_01JBX2",
            "region": {"id": "reg_01JBX2", "name": "Europe", "currency_code": "eur"},
            "items": [
                {
                    "id": "cali_01",
                    "title": "Veste en lin",
                    "product_title": "Veste en lin",
                    "quantity": 1,
                    "unit_price": 129,
                    "is_tax_inclusive": True,
                    "subtotal": 107.5,
                    "tax_total": 21.5,
                    "total": 129,
                },
                {
                    "id": "cali_02",
                    "title": "Ceinture",
                    "product_title": "Ceinture",
                    "quantity": 1,
                    "unit_price": 35.9,
                    "is_tax_inclusive": True,
                    "subtotal": 29.92,
                    "tax_total": 5.98,
                    "total": 35.9,
                },
            ],
            "shipping_methods": [{"id": "casm_01", "name": "Colissimo", "amount": 6.9, "is_tax_inclusive": True}],
            "item_total": 164.9,
            "item_subtotal": 137.42,
            "item_tax_total": 27.48,
            "original_total": 171.8,
            "subtotal": 137.42,
            "discount_total": 0,
            "discount_tax_total": 0,
            "shipping_total": 6.9,
            "shipping_subtotal": 5.75,
            "shipping_tax_total": 1.15,
            "tax_total": 28.63,
            "total": 171.8,
        }
    }


def medusa_v2_cart_unrounded() -> dict[str, Any]:
    """A Medusa v2 cart as its store API sends it for tax-inclusive prices: unrounded floats (shape and
    values: medusajs/medusa integration-tests/http/__tests__/cart/store/cart.spec.ts, "should add item to cart
    and calculate prices based on item quantity", as forked in zakariyaa99/medusa), item totals not requested."""
    return {
        "cart": {
            "id": "cart_01JC",
            "currency_code": "usd",
            "region": {"id": "reg_01JC", "name": "US", "currency_code": "usd", "automatic_taxes": True},
            "items": [
                {
                    "id": "cali_1",
                    "title": "Medusa T-Shirt based quantity",
                    "product_title": "Medusa T-Shirt based quantity",
                    "quantity": 1,
                    "unit_price": 1500,
                    "is_tax_inclusive": True,
                    "variant_sku": "SHIRT-S-BLACK-w-quantity-prices",
                }
            ],
            "shipping_methods": [],
            "credit_line_total": 0,
            "discount_subtotal": 0,
            "discount_tax_total": 0,
            "discount_total": 0,
            "item_subtotal": 1428.5714285714287,
            "item_tax_total": 71.42857142857143,
            "item_total": 1500,
            "original_total": 1500,
            "shipping_subtotal": 0,
            "shipping_tax_total": 0,
            "shipping_total": 0,
            "subtotal": 1428.5714285714287,
            "tax_total": 71.42857142857143,
            "total": 1500,
        }
    }


def commercetools_cart() -> dict[str, Any]:
    """commercetools ``Cart`` (shape: Worldpay/Worldpay-CommerceTools-CG,
    packages/connector/__tests__/processor/payment/data/validCustomerCart.js, and voucherifyio/
    commerce-tools-integration cart snapshots: centPrecision money, localized names, taxedPrice). An Italian
    buyer, EUR, prices tax-inclusive (TaxRate.includedInPrice)."""

    def money(cents: int) -> dict[str, Any]:
        return {"type": "centPrecision", "currencyCode": "EUR", "centAmount": cents, "fractionDigits": 2}

    return {
        "type": "Cart",
        "id": "3d6a6c13-354f-4a28-9113-3b6f4f2240e7",
        "version": 12,
        "createdAt": "2026-11-30T13:14:14.825Z",
        "lastModifiedAt": "2026-11-30T13:45:56.109Z",
        "country": "IT",
        "locale": "it",
        "cartState": "Active",
        "taxMode": "Platform",
        "inventoryMode": "None",
        "lineItems": [
            {
                "id": "0a2e7f42-04b1-4cd9-aa85-95a2b3c05ec6",
                "productId": "2ea2e190-c509-4e18-824f-1458940f6ae0",
                "name": {"en": "Shirt Michael Kors red", "it": "Camicia Michael Kors rossa"},
                "variant": {"id": 1, "sku": "M0E20000000DLYV"},
                "price": {"id": "fa99e0f7", "value": money(30000)},
                "quantity": 1,
                "totalPrice": money(30000),
                "taxRate": {"name": "IVA 22%", "amount": 0.22, "includedInPrice": True, "country": "IT"},
                "taxedPrice": {"totalNet": money(24590), "totalGross": money(30000)},
            }
        ],
        "customLineItems": [],
        "totalPrice": money(30990),
        "taxedPrice": {
            "totalNet": money(25402),
            "totalGross": money(30990),
            "totalTax": money(5588),
            "taxPortions": [{"rate": 0.22, "amount": money(5588), "name": "IVA 22%"}],
        },
        "shippingInfo": {
            "shippingMethodName": "Corriere espresso",
            "price": money(990),
            "shippingRate": {"price": money(990), "freeAbove": money(50000)},
            "taxRate": {"name": "IVA 22%", "amount": 0.22, "includedInPrice": True, "country": "IT"},
            "shippingMethodState": "MatchesCart",
        },
        "discountCodes": [],
        "directDiscounts": [],
        "refusedGifts": [],
        "shippingMode": "Single",
        "shipping": [],
        "origin": "Customer",
    }


def add_custom_line_item(cart: dict[str, Any], name: str, cents: int) -> dict[str, Any]:
    money = {"type": "centPrecision", "currencyCode": "EUR", "centAmount": cents, "fractionDigits": 2}
    cart["customLineItems"].append(
        {
            "id": f"cli-{len(cart['customLineItems'])}",
            "name": {"en": name},
            "money": money,
            "totalPrice": money,
            "slug": name.lower().replace(" ", "-"),
            "quantity": 1,
        }
    )
    for key in ("totalPrice",):
        cart[key]["centAmount"] += cents
    cart["taxedPrice"]["totalGross"]["centAmount"] += cents
    return cart


def stripe_session(currency: str = "eur", amounts: tuple[int, int, int] = (4990, 1500, 590)) -> dict[str, Any]:
    """Stripe ``checkout.session`` retrieved with ``expand[]=line_items`` (shape: kylebuildsstuff/aichatbestie,
    src/routes/api/payments/README.md "Complete checkout session, with expanded line items", and
    dereking/flutter_template lib/models/stripe/checkout_session.dart; Stripe API reference). Tax inclusive."""
    first, second, shipping = amounts
    subtotal = first + second
    return {
        "id": "cs_test_a1IdO3cRAiDtsfYm6c8sKoFbyLpxibkNrDf56cVIkv5IylfNuzl155fePm",
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": None,
        "amount_subtotal": subtotal,
        "amount_total": subtotal + shipping,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": None,
        "cancel_url": "https://shop.example.com/cart",
        "client_reference_id": None,
        "consent": None,
        "consent_collection": {
            "promotions": "auto",
            "terms_of_service": "required",
            "payment_method_reuse_agreement": None,
        },
        "created": 1764495000,
        "currency": currency,
        "currency_conversion": None,
        "custom_fields": [],
        "custom_text": {
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        "customer": None,
        "customer_creation": "if_required",
        "customer_details": None,
        "customer_email": None,
        "expires_at": 1764581400,
        "invoice": None,
        "line_items": {
            "object": "list",
            "data": [
                {
                    "id": "li_1",
                    "object": "item",
                    "amount_discount": 0,
                    "amount_subtotal": first,
                    "amount_tax": 0,
                    "amount_total": first,
                    "currency": currency,
                    "description": "Ceramic pour-over set",
                    "quantity": 1,
                    "price": {
                        "id": "price_1",
                        "object": "price",
                        "currency": currency,
                        "unit_amount": first,
                        "tax_behavior": "inclusive",
                    },
                },
                {
                    "id": "li_2",
                    "object": "item",
                    "amount_discount": 0,
                    "amount_subtotal": second,
                    "amount_tax": 0,
                    "amount_total": second,
                    "currency": currency,
                    "description": "Filter papers (100)",
                    "quantity": 1,
                    "price": {
                        "id": "price_2",
                        "object": "price",
                        "currency": currency,
                        "unit_amount": second,
                        "tax_behavior": "inclusive",
                    },
                },
            ],
            "has_more": False,
            "url": "/v1/checkout/sessions/cs_test_a1IdO3/line_items",
        },
        "livemode": False,
        "locale": "auto",
        "metadata": {},
        "mode": "payment",
        "payment_intent": None,
        "payment_method_collection": "if_required",
        "payment_method_types": ["card", "sepa_debit", "paypal"],
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": False},
        "shipping_address_collection": {"allowed_countries": ["DE", "AT", "NL"]},
        "shipping_cost": {
            "amount_subtotal": shipping,
            "amount_tax": 0,
            "amount_total": shipping,
            "shipping_rate": "shr_1",
        },
        "shipping_details": None,
        "shipping_options": [{"shipping_amount": shipping, "shipping_rate": "shr_1"}],
        "status": "open",
        "submit_type": "pay",
        "success_url": "https://shop.example.com/thanks",
        "total_details": {"amount_discount": 0, "amount_shipping": shipping, "amount_tax": 0},
        "ui_mode": "hosted",
        "url": "https://checkout.stripe.com/c/pay/cs_test_a1IdO3",
    }


def add_stripe_line(session: dict[str, Any], description: str, amount: int) -> dict[str, Any]:
    currency = session["currency"]
    session["line_items"]["data"].append(
        {
            "id": f"li_{len(session['line_items']['data']) + 1}",
            "object": "item",
            "amount_discount": 0,
            "amount_subtotal": amount,
            "amount_tax": 0,
            "amount_total": amount,
            "currency": currency,
            "description": description,
            "quantity": 1,
            "price": {"id": "price_x", "object": "price", "currency": currency, "unit_amount": amount},
        }
    )
    session["amount_subtotal"] += amount
    session["amount_total"] += amount
    return session
