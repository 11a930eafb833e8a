"""The pytest plugin (entry point ``pytest11``): fixtures, a marker, options and Hypothesis profiles.

Loaded by itself once checkoutguard is installed; ``-p no:checkoutguard`` turns it off. It only registers
things: nothing runs until a test asks for a fixture, and without Hypothesis the profiles are skipped.

* ``@pytest.mark.checkoutguard(country="DE", subdivision=None, fail_on=None, date=None, data_version=None,
  paths=None)`` says who the buyer is, which impact fails, and what a quote is pinned to;
* ``--checkoutguard-country``, ``--checkoutguard-fail-on`` and ``--checkoutguard-date`` give the defaults;
* fixtures ``checkoutguard_buyer``, ``checkoutguard_quote`` (a calculator pinned to a data version and a
  date) and ``guarded_client`` (the merchant's ``checkoutguard_app`` behind ``CheckoutGuardMiddleware`` in
  enforce mode, so a test fails when a checkout page violates a rule);
* Hypothesis profiles ``checkoutguard-ci`` (fast, derandomized) and ``checkoutguard-deep`` (long).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import pytest

from checkoutguard.audit.rules.base import IMPACTS
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import InvalidInput
from checkoutguard.landed_cost import LandedCostCalculator, Quote

if TYPE_CHECKING:  # the client needs httpx2 (the qa extra); imported when the fixture is used
    from checkoutguard.testing.client import GuardedClient

__all__ = ["Buyer", "PinnedCalculator", "register_profiles"]

MARKER: Final = "checkoutguard"
CI_PROFILE: Final = "checkoutguard-ci"
DEEP_PROFILE: Final = "checkoutguard-deep"


def register_profiles() -> bool:
    """Register ``checkoutguard-ci`` and ``checkoutguard-deep`` with Hypothesis (False when it is absent)."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:  # installed without the qa extra: fixtures still work, profiles are Hypothesis's only
        return False

    slow = [HealthCheck.too_slow, HealthCheck.data_too_large]
    # Both derive from Hypothesis's own defaults, not from whatever profile the host loaded first (a
    # derandomized CI profile would otherwise make the deep run replay the same few examples).
    default = settings.get_profile("default")
    # CI: few examples, the same ones every run (a landing never depends on the draw), no example database.
    settings.register_profile(
        CI_PROFILE,
        parent=default,
        max_examples=30,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=slow,
    )
    # Deep: a long exploration before a release; keeps the example database so failures replay first.
    settings.register_profile(
        DEEP_PROFILE, parent=default, max_examples=2_000, derandomize=False, deadline=None, suppress_health_check=slow
    )
    return True


# At import, before any conftest or Hypothesis's own plugin loads a profile by name.
register_profiles()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("checkoutguard", "checkoutguard QA kit")
    group.addoption(
        "--checkoutguard-country",
        default=None,
        help="the buyer's country (ISO 3166, or a subdivision such as US-CA) when a test's marker names none",
    )
    group.addoption(
        "--checkoutguard-fail-on",
        default=None,
        choices=IMPACTS,
        help="the lowest impact that fails a guarded request (default: moderate)",
    )
    group.addoption(
        "--checkoutguard-date",
        default=None,
        help="the day quotes are pinned to (ISO date; default: the day the session started)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(country=None, subdivision=None, fail_on=None, date=None, data_version=None, paths=None): "
        "the buyer and the pins checkoutguard's fixtures use in this test",
    )


@dataclass(frozen=True, slots=True)
class Buyer:
    """Who a test's checkout is judged for, and the pins: from the marker, else the options."""

    country: str | None
    subdivision: str | None
    fail_on: str
    on: date
    data_version: str | None
    paths: tuple[str, ...] | None

    def audit_kwargs(self) -> dict[str, Any]:
        """``country``/``subdivision`` as ``audit()`` and the assertions take them."""
        if self.country is None:
            pytest.fail(
                "checkoutguard: no buyer country; use @pytest.mark.checkoutguard(country=...) "
                "or --checkoutguard-country"
            )
        return {"country": self.country, "subdivision": self.subdivision}


_SESSION_DAY: Final = date.today()


def _day(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        pytest.fail(f"checkoutguard: {where} {value!r} is not an ISO date (YYYY-MM-DD)")


@pytest.fixture
def checkoutguard_buyer(request: pytest.FixtureRequest) -> Buyer:
    """The buyer and pins of this test (``@pytest.mark.checkoutguard``, then the command-line options)."""
    marker = request.node.get_closest_marker(MARKER)
    given: Mapping[str, Any] = marker.kwargs if marker is not None else {}
    unknown = set(given) - {"country", "subdivision", "fail_on", "date", "data_version", "paths"}
    if unknown:
        pytest.fail(f"checkoutguard marker: unknown argument(s) {sorted(unknown)}")
    option = request.config.getoption
    location = given.get("country") or option("--checkoutguard-country")
    country, subdivision = location, given.get("subdivision")
    if isinstance(location, str) and "-" in location:
        country, subdivision = location.split("-", 1)[0], subdivision or location
    fail_on = given.get("fail_on") or option("--checkoutguard-fail-on") or "moderate"
    if fail_on not in IMPACTS:
        pytest.fail(f"checkoutguard marker: fail_on {fail_on!r} is not one of {', '.join(IMPACTS)}")
    raw_day = given.get("date") or option("--checkoutguard-date")
    on = _day(raw_day, "date") if raw_day is not None else _SESSION_DAY
    paths = given.get("paths")
    try:
        code = country_code(country, path="country") if country is not None else None
        region = subdivision_code(code, subdivision) if code is not None and subdivision is not None else None
    except InvalidInput as exc:
        pytest.fail(f"checkoutguard: {exc}")
    return Buyer(
        code,
        region,
        fail_on,
        on,
        given.get("data_version"),
        tuple(paths) if paths is not None else None,
    )


class PinnedCalculator:
    """``checkoutguard.quote`` with the date fixed and the data version checked: the same order gives the
    same quote until someone re-pins on purpose."""

    def __init__(self, on: date, data_version: str | None = None) -> None:
        self.calculator = LandedCostCalculator()
        self.on = on
        self.data_version = self.calculator.book.data_version
        if data_version is not None and data_version != self.data_version:
            pytest.fail(
                f"checkoutguard: the test is pinned to rates data {data_version}, the installed data is "
                f"{self.data_version}; review what changed and update the pin"
            )

    def __call__(self, order: Mapping[str, Any]) -> Quote:
        """The quote of ``order`` as of the pinned day (an order without a ``date`` is dated that day)."""
        return self.calculator.quote(order, today=self.on)


@pytest.fixture
def checkoutguard_quote(checkoutguard_buyer: Buyer) -> PinnedCalculator:
    """A landed-cost calculator pinned to a date and, if the marker names one, a data version."""
    return PinnedCalculator(checkoutguard_buyer.on, checkoutguard_buyer.data_version)


@pytest.fixture
def guarded_client(request: pytest.FixtureRequest, checkoutguard_buyer: Buyer) -> Iterator[GuardedClient]:
    """The merchant's ASGI app (your ``checkoutguard_app`` fixture) behind ``CheckoutGuardMiddleware`` in
    enforce mode, as a Starlette ``TestClient``: a request whose checkout page violates a rule at or above
    ``fail_on`` fails the test with every rule, law and node; ``.reports`` keeps each guarded response's report."""
    try:
        app = request.getfixturevalue("checkoutguard_app")
    except pytest.FixtureLookupError:
        pytest.fail("checkoutguard: guarded_client needs a fixture named checkoutguard_app that returns your ASGI app")
    from checkoutguard.testing.client import GuardedClient  # needs httpx2: the qa extra

    buyer = checkoutguard_buyer
    client = GuardedClient(
        app,
        country=buyer.country,
        subdivision=buyer.subdivision,
        fail_on=buyer.fail_on,
        paths=buyer.paths or ("/checkout*",),
        fail=pytest.fail,
    )
    with client:
        yield client
