"""Small pure-ASGI guards around the API (starlette ``middleware/`` style): each checks one thing and
answers with a problem document itself, so nothing behind it runs for a refused request.

Order, outermost first: ``CatchAll`` (a bug becomes a 500 problem with a logged id), ``HeaderLimits``,
``BearerAuth``, ``TimeBudget``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checkoutguard.api.problems import MEDIA_TYPE, Problem

__all__ = ["OPEN_PATHS", "BearerAuth", "CatchAll", "HeaderLimits", "TimeBudget", "send_problem"]

logger = logging.getLogger("checkoutguard.api")

#: Probes and the published contract answer without a token.
OPEN_PATHS: Final = frozenset({"/healthz", "/readyz", "/openapi.json"})


async def send_problem(send: Send, problem: Problem, path: str = "") -> None:
    body = json.dumps(problem.to_dict(path), ensure_ascii=False).encode()
    headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    headers.extend((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in problem.headers.items())
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class CatchAll:
    """Whatever escapes the app becomes a 500 problem naming an id that is also logged (with the
    traceback, which never goes in the body). If the response had already started, the id is logged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            failure = uuid.uuid4().hex
            logger.exception("internal error %s on %s %s", failure, scope.get("method"), scope.get("path"))
            if not started:
                detail = f"an internal error occurred; it was logged as {failure}"
                problem = Problem(500, "internal-error", detail, extra={"id": failure})
                await send_problem(send, problem, scope.get("path", ""))


class HeaderLimits:
    """Refuse requests whose header fields are too many or too large (431), before any work is done."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_count: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_count = max_count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            size = sum(len(k) + len(v) + 4 for k, v in headers)
            if len(headers) > self.max_count or size > self.max_bytes:
                detail = (
                    f"{len(headers)} header fields, {size} bytes; "
                    f"at most {self.max_count} fields and {self.max_bytes} bytes are read"
                )
                await send_problem(send, Problem(431, "headers-too-large", detail), scope["path"])
                return
        await self.app(scope, receive, send)


def _digest(token: str | bytes) -> bytes:
    return hashlib.sha256(token.encode() if isinstance(token, str) else token).digest()


class BearerAuth:
    """``Authorization: Bearer <token>`` against a fixed set. Digests are compared with
    ``hmac.compare_digest`` against every token (no early exit), so timing says nothing about a token."""

    def __init__(self, app: ASGIApp, *, tokens: Iterable[str]) -> None:
        self.app = app
        self.digests = tuple(_digest(t) for t in tokens)

    def allowed(self, header: bytes | None) -> bool:
        if header is None or header[:7].lower() != b"bearer ":
            return False
        candidate = _digest(header[7:].strip())
        found = False
        for digest in self.digests:
            found |= hmac.compare_digest(candidate, digest)
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        if not self.allowed(header):
            problem = Problem(
                401,
                "unauthorized",
                "a valid bearer token is required (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": 'Bearer realm="checkoutguard"'},
            )
            await send_problem(send, problem, scope["path"])
            return
        await self.app(scope, receive, send)


class TimeBudget:
    """Each request gets ``seconds`` from its first byte of app time to its response. A client that is
    still sending its body when time is up gets 408; work that overruns gets 503. Either way the answer
    goes out and the connection is not held."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:  # float-ok: seconds or a q-value, not money
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"body_done": scope["method"] in ("GET", "HEAD", "OPTIONS"), "started": False}

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                state["body_done"] = True
            return message

        async def tracked(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, counted_receive, tracked)
        except TimeoutError:
            if state["started"]:
                logger.warning("time budget of %ss ran out while answering %s", self.seconds, scope["path"])
                return
            if not state["body_done"]:
                problem = Problem(
                    408,
                    "request-timeout",
                    f"the request body did not arrive within the time budget of {self.seconds:g} s",
                    headers={"Connection": "close"},
                )
            else:
                problem = Problem(
                    503, "time-budget", f"the answer took longer than the time budget of {self.seconds:g} s"
                )
            await send_problem(send, problem, scope["path"])
