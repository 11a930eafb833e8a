"""Fixtures of the middleware tests (the servers and helpers live in ``servers.py``)."""

from __future__ import annotations

import pytest

from middleware.servers import Reports


@pytest.fixture
def reports() -> Reports:
    return Reports()
