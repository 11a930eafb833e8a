"""A small shop: a Starlette app whose checkout page the QA kit checks (see test_checkout.py).

``SHOP_PLANT_VIOLATION=1`` ships the bug the tests exist to catch: the newsletter box ticked on load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route


@dataclass(frozen=True)
class Line:
    name: str
    price: Decimal  # per unit, VAT included
    quantity: int = 1


SHIPPING = Decimal("4.90")
CART = (Line("Merino T-shirt", Decimal("39.90")), Line("Wool socks", Decimal("12.50"), 2))


def checkout_page(cart: tuple[Line, ...], shipping: Decimal = SHIPPING, *, plant: bool = False) -> str:
    """The checkout page for ``cart``: every line, shipping, the total, the newsletter box and an extra."""
    rows = "".join(
        f"<tr><td>{escape(line.name)} × {line.quantity}</td><td>{line.price * line.quantity:.2f} €</td></tr>"
        for line in cart
    )
    total = sum((line.price * line.quantity for line in cart), Decimal(0)) + shipping
    ticked = " checked" if plant else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body data-checkoutguard-step="review" data-checkoutguard-currency="EUR">
<h1>Checkout</h1>
<table class="order-summary">
{rows}
<tr><td>Shipping</td><td>{shipping:.2f} €</td></tr>
<tr><td>Total (incl. VAT)</td>
<td data-checkoutguard-line="total" data-checkoutguard-amount="{total:.2f}">{total:.2f} €</td></tr>
</table>
<form method="post" action="/order">
<label><input type="checkbox" id="newsletter" name="newsletter"{ticked}> Send me news and offers by email</label>
<label><input type="checkbox" id="insurance" name="insurance"> Add parcel insurance (+2.50 €)</label>
<button type="submit">Pay now</button>
</form></body></html>"""


async def checkout(request: Request) -> HTMLResponse:
    return HTMLResponse(checkout_page(CART, plant=os.environ.get("SHOP_PLANT_VIOLATION") == "1"))


async def home(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Welcome to the shop")


app = Starlette(routes=[Route("/", home), Route("/checkout", checkout)])
