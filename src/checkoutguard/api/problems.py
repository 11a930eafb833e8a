"""RFC 9457 problem details: every error the API answers is one ``application/problem+json`` document.

``Problem`` is raised anywhere in a request and turned into a response at the edge of the app. Types are
``urn:checkoutguard:problem:<slug>`` for our own problems and ``about:blank`` where the status says it all;
echoed input is cut to ``ECHO_LIMIT`` characters so an error never mirrors a megabyte back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from checkoutguard.errors import InvalidInput, RateUnavailable, UnknownHSCode

__all__ = [
    "ECHO_LIMIT",
    "MEDIA_TYPE",
    "FieldError",
    "Problem",
    "from_error",
    "json_path",
    "problem_body",
]

MEDIA_TYPE: Final = "application/problem+json"
ECHO_LIMIT: Final = 120
_NAME_LIMIT: Final = 64
_PREFIX: Final = "urn:checkoutguard:problem:"
_TITLES: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def echo(value: object) -> str:
    """A bounded text rendering of some input, for messages that quote what was sent."""
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "…"


def json_path(parts: Iterable[str | int]) -> str:
    """``["items", 0, "price"]`` → ``$.items[0].price`` (RFC 9535 normalized-path style)."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
            continue
        if len(part) > _NAME_LIMIT:  # a field name is input too: quote a bounded piece of it
            part = part[: _NAME_LIMIT - 1] + "…"
        if part.isidentifier():
            out.append(f".{part}")
        else:
            out.append("[" + json.dumps(part, ensure_ascii=False) + "]")
    return "".join(out)


def library_path(path: str) -> str:
    """The library's ``items[2].price.amount`` as a JSON path ``$.items[2].price.amount``."""
    if not path or path == "$":
        return "$"
    if path.startswith("$"):
        return path
    return "$" + (path if path.startswith("[") else "." + path)


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad field: where (JSON path), what was wrong, and what would be accepted."""

    path: str
    message: str
    accepted: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"path": self.path, "message": echo(self.message) if len(self.message) > 400 else self.message}
        if self.accepted:
            out["accepted"] = self.accepted
        return out


@dataclass(eq=False)
class Problem(Exception):
    """An error answer. ``slug`` None means ``about:blank`` (the status code says it all)."""

    status: int
    slug: str | None
    detail: str
    errors: tuple[FieldError, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(self.status, self.slug, self.detail, self.errors, instance, self.extra)


def problem_body(
    status: int,
    slug: str | None,
    detail: str,
    errors: Iterable[FieldError] = (),
    instance: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{_PREFIX}{slug}" if slug else "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance[:200]
    listed = [e.to_dict() for e in errors]
    if listed:
        body["errors"] = listed
    if extra:
        body.update(extra)
    return body


def from_error(exc: Exception, *, prefix: str = "") -> Problem:
    """The problem for a library error: 422 with the field's JSON path for bad input, 422 for missing data."""
    if isinstance(exc, InvalidInput):
        path = library_path(exc.path)
        if prefix:
            path = prefix + path[1:]
        path = echo(path)  # a path can carry a field name the client made up
        error = FieldError(path, echo(exc.message) if len(exc.message) > 400 else exc.message, exc.accepted)
        return Problem(422, "invalid-input", f"{path}: {error.message}", (error,))
    if isinstance(exc, UnknownHSCode):
        return Problem(422, "unknown-hs-code", str(exc), extra={"item_id": exc.item_id, "hs_code": exc.hs_code})
    if isinstance(exc, RateUnavailable):
        return Problem(422, "rate-unavailable", str(exc))
    raise TypeError(f"not a library input error: {type(exc).__name__}")  # pragma: no cover - a caller's bug
