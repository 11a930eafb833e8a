"""The cart cookie is client input: read strictly, bounded, and refused with the cookie's name."""

from __future__ import annotations

import pytest

from checkoutguard.demo.cart import COOKIE, DEFAULT_CART, change, format_cart, parse_cart
from checkoutguard.errors import InvalidInput


def test_no_cookie_is_the_default_cart_and_an_empty_cookie_an_empty_cart() -> None:
    assert parse_cart(None) == {"jumper": 1, "mug": 1} == dict(DEFAULT_CART)
    assert parse_cart("") == {}


def test_a_cart_round_trips_through_its_cookie() -> None:
    cart = {"tee": 2, "headphones": 1}
    assert format_cart(cart) == "tee:2,headphones:1"
    assert parse_cart(format_cart(cart)) == cart


@pytest.mark.parametrize(
    "cookie",
    ["socks:1", "mug", "mug:", "mug:0", "mug:10", "mug:-1", "mug:1,mug:2", "mug:1e1", "mug:²", "x" * 201],
)
def test_a_cookie_it_cannot_read_is_invalid_input_naming_the_cookie(cookie: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_cart(cookie)
    assert caught.value.path == COOKIE


def test_add_and_remove_keep_quantities_between_1_and_9() -> None:
    cart: dict[str, int] = {}
    for _ in range(12):
        cart = change(cart, "mug", "add")
    assert cart == {"mug": 9}
    cart = change(change(cart, "tee", "add"), "mug", "remove")
    assert cart == {"mug": 8, "tee": 1}
    assert change(cart, "tee", "remove") == {"mug": 8}
    assert change({}, "tee", "remove") == {}


@pytest.mark.parametrize(("product", "action", "field"), [("socks", "add", "product"), ("mug", "steal", "action")])
def test_a_bad_change_names_the_field(product: str, action: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        change({}, product, action)
    assert caught.value.path == field
