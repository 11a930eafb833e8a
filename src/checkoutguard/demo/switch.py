"""Pick which guarded copy of the storefront serves a request, by its ``guard`` query parameter.

The middleware's mode is fixed when it is mounted, as a merchant would mount it; the demo shows report,
fix and enforce side by side by mounting one guard per mode around the same storefront and routing each
request to one of them. Pure ASGI: one lookup in the query string, nothing else touched.

``by_path`` pins exact paths to one mode whatever the query says: the demo serves its shop (the cart step
of a journey) through the fix-mode guard, which records the page in the journey before it leaves, so the
buyer's next page can never be judged before their cart was seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["GUARD_MODES", "GuardModeSwitch", "guard_mode"]

GUARD_MODES: Final = ("report", "fix", "enforce")
_MAX_QUERY: Final = 2048


def guard_mode(query_string: bytes) -> str | None:
    """The ``guard`` parameter's value, or None when absent (an unknown value is returned as is, for the
    storefront to refuse naming the field)."""
    try:
        pairs = parse_qsl(query_string[:_MAX_QUERY].decode("latin-1"), max_num_fields=32)
    except ValueError:  # too many fields: the storefront refuses the query itself
        return None
    return next((value for key, value in pairs if key == "guard"), None)


class GuardModeSwitch:
    """Route each HTTP request to the app mounted for its ``guard`` mode (or its path's mode in ``by_path``);
    everything else to ``default``."""

    def __init__(
        self, apps: Mapping[str, ASGIApp], default: str = "report", by_path: Mapping[str, str] | None = None
    ) -> None:
        self.apps: Final = dict(apps)
        self.default: Final = self.apps[default]
        self.by_path: Final = {path: self.apps[mode] for path, mode in (by_path or {}).items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self.default
        if scope["type"] == "http":
            app = self.by_path.get(scope.get("path", "")) or self.apps.get(
                guard_mode(scope.get("query_string", b"")) or "", self.default
            )
        await app(scope, receive, send)
