"""The one fixture the checkoutguard plugin asks of a shop: its ASGI app, for ``guarded_client``."""

from __future__ import annotations

import pytest
from shop import app
from starlette.types import ASGIApp


@pytest.fixture
def checkoutguard_app() -> ASGIApp:
    return app
