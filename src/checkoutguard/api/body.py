"""Reading a request body: the media type first (415), then at most ``limit`` bytes (413), then JSON.

The declared ``Content-Length`` is checked before a byte is read; a chunked body is counted as it comes
and reading stops at the bound. JSON numbers with a fraction become ``Decimal`` (never float), so the
schema can refuse them by type and nothing is rounded on the way in.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from starlette.requests import Request

from checkoutguard.api.problems import Problem, echo

__all__ = ["media_type", "parse_json", "read_body", "read_json", "read_json_bytes"]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _is_json(media: str) -> bool:
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _too_large(limit: int, size: int | None = None) -> Problem:
    told = f"{size} bytes" if size is not None else "more bytes"
    return Problem(
        413, "body-too-large", f"the body is {told}; this endpoint reads at most {limit} bytes", extra={"limit": limit}
    )


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "bad-content-length", f"Content-Length {echo(declared)!r} is not a number")
        if int(declared) > limit:
            raise _too_large(limit, int(declared))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, limit: int) -> Any:
    """The body as JSON, or a problem: 415 for another media type, 413 past ``limit``, 400 if unreadable."""
    return parse_json(await read_json_bytes(request, limit))


async def read_json_bytes(request: Request, limit: int) -> bytes:
    """The raw body of a JSON request (415 for another media type, 413 past ``limit``), not yet parsed."""
    media = media_type(request)
    if not _is_json(media):
        raise Problem(
            415,
            None,
            f"the body must be application/json, not {echo(media or 'nothing')!r}",
            headers={"Accept-Post": "application/json"},
        )
    return await read_body(request, limit)


def parse_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "invalid-json", f"the body is not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise Problem(400, "invalid-json", "the body is empty; a JSON document is expected")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        raise Problem(400, "invalid-json", "the JSON nests too deeply to read") from None
    except ValueError as exc:  # JSONDecodeError, and ints longer than Python reads (4300 digits)
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else echo(str(exc))
        raise Problem(400, "invalid-json", f"the body is not valid JSON{where}: {message}") from None
