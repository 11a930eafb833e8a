"""The mode switch sends each HTTP request to the guard its ``guard`` parameter names, the rest to the default."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from checkoutguard.demo.switch import GuardModeSwitch, guard_mode


def _recorder(name: str, seen: list[str]) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(name)

    return app


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"type": "http", "query_string": b"country=NL&guard=fix"}, "fix"),
        ({"type": "http", "query_string": b"guard=enforce"}, "enforce"),
        ({"type": "http", "query_string": b"guard=report"}, "report"),
        ({"type": "http", "query_string": b""}, "report"),
        ({"type": "http", "query_string": b"guard=loud"}, "report"),  # the storefront then refuses it, naming guard
        ({"type": "http", "query_string": b"a=1&" * 100 + b"guard=fix"}, "report"),  # too many fields: not read
        ({"type": "lifespan"}, "report"),
    ],
)
def test_requests_go_to_the_guard_they_name(scope: dict[str, Any], expected: str) -> None:
    seen: list[str] = []
    switch = GuardModeSwitch({mode: _recorder(mode, seen) for mode in ("report", "fix", "enforce")})

    async def nothing() -> Any:
        return {}

    asyncio.run(switch(scope, nothing, nothing))
    assert seen == [expected]


def test_guard_mode_reads_only_the_guard_parameter() -> None:
    assert guard_mode(b"guard=fix&x=1") == "fix"
    assert guard_mode(b"x=guard") is None


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"type": "http", "path": "/", "query_string": b""}, "fix"),
        ({"type": "http", "path": "/", "query_string": b"guard=enforce"}, "fix"),  # the pinned path wins
        ({"type": "http", "path": "/checkout/abcdefgh", "query_string": b""}, "report"),
        ({"type": "http", "path": "/checkout/abcdefgh", "query_string": b"guard=enforce"}, "enforce"),
        ({"type": "http", "path": "/other", "query_string": b""}, "report"),  # exact paths only
    ],
)
def test_a_path_can_be_pinned_to_one_mode(scope: dict[str, Any], expected: str) -> None:
    seen: list[str] = []
    apps = {mode: _recorder(mode, seen) for mode in ("report", "fix", "enforce")}
    switch = GuardModeSwitch(apps, by_path={"/": "fix"})

    async def nothing() -> Any:
        return {}

    asyncio.run(switch(scope, nothing, nothing))
    assert seen == [expected]


def test_a_path_pinned_to_an_unmounted_mode_is_refused_at_once() -> None:
    with pytest.raises(KeyError):
        GuardModeSwitch({"report": _recorder("report", [])}, by_path={"/": "fix"})
