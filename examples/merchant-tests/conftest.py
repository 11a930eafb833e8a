"""The one fixture the checkoutguard plugin asks of a shop: its ASGI app, for ``guarded_client``."""

from __future__ import annotations

import pytest
from starlette.types import ASGIApp

from shop import app


@pytest.fixture
def checkoutguard_app() -> ASGIApp:
    return app
