"""The shop's checkout, checked with the checkoutguard QA kit: the guarded client, the assertions, and a
property test over carts the kit's strategies generate."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st
from shop import CART, Line, checkout_page

from checkoutguard.testing import assert_no_preselected_addons, assert_no_preticked_consent, assert_transparent
from checkoutguard.testing.strategies import amounts

PLANT = os.environ.get("SHOP_PLANT_VIOLATION") == "1"


@pytest.mark.checkoutguard(country="DE")
def test_the_checkout_page_passes_the_guard_for_a_buyer_in_germany(guarded_client):
    response = guarded_client.get("/checkout")
    assert response.status_code == 200
    assert guarded_client.reports[-1].audited


@pytest.mark.checkoutguard(country="FR")
def test_pages_outside_the_checkout_are_not_guarded(guarded_client):
    assert guarded_client.get("/").text == "Welcome to the shop"
    assert guarded_client.reports == []


@pytest.mark.parametrize("country", ["DE", "FR", "GB", "IE"])
def test_no_box_is_ticked_for_the_buyer(country):
    page = checkout_page(CART, plant=PLANT)
    assert_no_preticked_consent(page, country=country)
    assert_no_preselected_addons(page, country=country)


@given(
    st.lists(
        st.tuples(amounts("EUR", min_value=1, max_value=500), st.integers(1, 4)).map(
            lambda pair: Line("Item", pair[0], pair[1])
        ),
        min_size=1,
        max_size=4,
    ),
    amounts("EUR", max_value=30, edges=False),
)
def test_every_cart_shows_a_total_that_adds_up(cart: list[Line], shipping: Decimal) -> None:
    assert_transparent(checkout_page(tuple(cart), shipping, plant=PLANT), country="DE")
