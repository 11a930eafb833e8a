"""One ``Responder`` per guarded request: it sees the app's response messages and decides what goes out.

Report mode forwards every message the moment it arrives and keeps a bounded copy to audit after the
last chunk. Fix and enforce hold the response until its last chunk (up to the bound), audit it, and send
the original, the fixed page or the refusal. Anything that goes wrong in here sends what the app sent;
exceptions raised by the server's ``send`` (a client gone) reach the app unchanged, as without the guard.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import TYPE_CHECKING, Any

from starlette.types import Message, Scope, Send

from checkoutguard.audit import AuditReport
from checkoutguard.middleware import body
from checkoutguard.middleware.refusal import refusal
from checkoutguard.middleware.reports import GuardReport
from checkoutguard.middleware.state import CheckoutGuardState
from checkoutguard.middleware.transport import TransportFinding

if TYPE_CHECKING:
    from checkoutguard.middleware.guard import CheckoutGuardMiddleware

__all__ = ["Responder"]


def _limits(report: AuditReport) -> list[str]:
    """What stopped the audit reading: its errors, or the ``checkout-document`` finding that names a limit."""
    found = list(report.errors)
    for finding in report.incomplete:
        if finding.id == "checkout-document":
            found.extend(node.message for node in finding.nodes if node.message not in found)
    return found


class Responder:
    """Stands between the app and the server's ``send`` for one guarded request (Starlette's responder shape)."""

    def __init__(self, guard: CheckoutGuardMiddleware, scope: Scope, send: Send, state: CheckoutGuardState) -> None:
        self.guard = guard
        self.scope = scope
        self.inner = send
        self.state = state
        self.method: str = scope.get("method", "GET")
        self.phase = "start"  # start → pass | copy | hold → done
        self.start: Message | None = None
        self.status = 0
        self.kind = ""
        self.encoding = ""
        self.content_type = ""
        self.chunks: list[bytes] = []
        self.size = 0
        self.complete = False
        self.reason: str | None = None
        self.outcome: GuardReport | None = None
        self.response_headers: list[tuple[bytes, bytes]] = []
        self.page: bytes | None = None  # the decoded HTML, kept only for the transport check

    async def send(self, message: Message) -> None:
        if self.phase in ("pass", "done"):
            await self.inner(message)
            return
        kind = message.get("type")
        if kind == "http.response.start" and self.phase == "start":
            try:
                self._on_start(message)
            except Exception as exc:
                self.guard.reporter.failure("response-start", exc)
                self.phase = "pass"
            if self.phase != "hold":
                await self.inner(message)
        elif kind == "http.response.body" and self.phase == "copy":
            try:
                self._copy(message)
            except Exception as exc:
                self.guard.reporter.failure("response-copy", exc)
                self.phase, self.chunks = "pass", []
            await self.inner(message)
        elif kind == "http.response.body" and self.phase == "hold":
            await self._hold(message)
        else:  # pathsend, trailers, zero-copy...: nothing we can read; what was held goes out first
            if self.phase == "hold":
                await self._release(more_body=True)
            if self.phase != "start":
                self.reason = self.reason or "unsupported-message"
            self.phase = "pass"
            await self.inner(message)

    def _on_start(self, message: Message) -> None:
        self.status = int(message.get("status", 200))
        headers = list(message.get("headers") or ())
        self.response_headers = headers
        kind, detail = body.classify(self.method, self.status, headers)
        if message.get("trailers"):
            kind, detail = "skip", "trailers"
        if kind == "skip":
            self.guard.counters.skipped(detail)
            self.phase = "pass"
            return
        length = body.declared_length(headers)
        if self.state.country is None:
            self.reason = "no-country"
        elif length is not None and length > self.guard.max_body:
            self.reason = "too-large"
        if self.reason is not None:
            self.phase = "pass"
            return
        self.kind, self.encoding = kind, detail
        self.content_type = (body.header(headers, b"content-type") or b"").decode("latin-1")
        self.start = message
        self.phase = "copy" if self.guard.mode == "report" else "hold"

    def _copy(self, message: Message) -> None:
        chunk = message.get("body", b"")
        self.size += len(chunk)
        if self.size > self.guard.max_body:
            self.reason, self.phase, self.chunks = "too-large", "pass", []
            return
        if chunk:
            self.chunks.append(bytes(chunk))
        if not message.get("more_body", False):
            self.complete = True
            self.phase = "done"

    async def _hold(self, message: Message) -> None:
        chunk = message.get("body", b"")
        more = bool(message.get("more_body", False))
        self.size += len(chunk)
        if chunk:
            self.chunks.append(bytes(chunk))
        if self.size > self.guard.max_body:
            self.reason = "too-large"
            await self._release(more_body=more)
            return
        if more:
            return
        self.complete = True
        self.phase = "done"
        assert self.start is not None
        start, payload = await self._decide(self.start, b"".join(self.chunks))
        self.chunks = []
        await self.inner(start)
        await self.inner({"type": "http.response.body", "body": payload, "more_body": False})

    async def _release(self, *, more_body: bool) -> None:
        """Send what was held exactly as the app sent it, then stop holding."""
        start, chunks = self.start, self.chunks
        self.phase, self.start, self.chunks = "pass", None, []
        if start is None:
            return
        await self.inner(start)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await self.inner({"type": "http.response.body", "body": chunk, "more_body": more_body or not last})
        if not chunks:
            await self.inner({"type": "http.response.body", "body": b"", "more_body": more_body})

    async def _decide(self, start: Message, raw: bytes) -> tuple[Message, bytes]:
        """Fix or enforce: the start message and body to send. Falls back to the app's own on any error."""
        report = await self._audit(raw)
        self.outcome = report
        if report.audit is None:  # not read at all: what the app sent goes out
            return start, raw
        try:
            audit = report.audit
            if self.guard.mode == "enforce" and audit.blocked:
                headers, page = refusal(
                    audit,
                    status=self.guard.refusal_status,
                    accept=self._request_header(b"accept"),
                    page_kind=self.kind,
                    path=self.scope.get("path", ""),
                )
                self.outcome = _with_action(report, "refused")
                return {**start, "status": self.guard.refusal_status, "headers": headers}, page
            if self.guard.mode == "fix" and audit.fixed_body is not None:
                page = body.encode(audit.fixed_body, self.encoding)
                headers = body.fixed_headers(list(start.get("headers") or ()), len(page))
                self.outcome = _with_action(report, "fixed")
                return {**start, "headers": headers}, page
        except Exception as exc:
            self.guard.reporter.failure(self.guard.mode, exc)
            self.outcome = _with_action(report, "none", audited=False, reason="guard-error")
        return start, raw

    async def _audit(self, raw: bytes) -> GuardReport:
        if self.kind == "html" and self.guard.transport is not None:
            try:
                self.page = raw if self.encoding == "identity" else body.decode(raw, self.encoding, self.guard.max_body)
            except Exception:  # the audit below says why the page cannot be read
                self.page = None
        try:
            audit, seconds = await self.guard.auditor.run(raw, self.encoding, self.content_type, self.state)
        except body.TooLarge:
            return self._report(False, "too-large")
        except body.Unreadable as exc:
            return self._report(False, "unreadable", detail=str(exc))
        except Exception as exc:
            self.guard.reporter.failure("audit", exc)
            return self._report(False, "guard-error")
        complete = audit.complete and not audit.errors
        detail = "; ".join(_limits(audit)) if not complete else ""
        outcome = self._report(complete, None if complete else "incomplete", audit, seconds, detail)
        if self.guard.journeys is not None:
            outcome = await self.guard.journeys.follow(self.scope, outcome, self.guard.reporter)
        return outcome

    def _report(
        self,
        audited: bool,
        reason: str | None,
        audit: AuditReport | None = None,
        seconds: float = 0.0,  # float-ok: seconds or a q-value, not money
        detail: str = "",
    ) -> GuardReport:
        return GuardReport(
            self.method,
            self.scope.get("path", ""),
            self.status,
            self.guard.mode,
            self.state.context,
            audited,
            reason,
            audit,
            "none",
            seconds,
            detail,
            transport=self._transport(),
        )

    def _transport(self) -> tuple[TransportFinding, ...]:
        """The transport-trust findings for this response (none when the check is off or fails)."""
        if self.guard.transport is None:
            return ()
        try:
            return self.guard.transport.check(self.scope, self.response_headers, self.page)
        except Exception as exc:
            self.guard.reporter.failure("transport", exc)
            return ()
        finally:
            self.page = None

    def _request_header(self, name: bytes) -> str:
        value = body.header(self.scope.get("headers") or (), name)
        return value.decode("latin-1") if value is not None else ""

    async def abort(self) -> None:
        """The app raised: send what it had sent so far (the server then fails as it would without us)."""
        if self.phase == "hold":
            with contextlib.suppress(Exception):
                await self._release(more_body=True)

    async def finish(self) -> None:
        """After the app returned: audit report mode's copy, then report. Never raises."""
        try:
            if self.outcome is None:
                if self.phase == "done" and self.guard.mode == "report" and self.reason is None:
                    self.outcome = await self._report_mode_audit()
                elif self.reason is not None:
                    self.outcome = self._report(False, self.reason)
            if self.outcome is not None:
                await self.guard.reporter.report(self.outcome)
        except Exception as exc:  # pragma: no cover - every step above already catches its own
            self.guard.reporter.failure("finish", exc)

    async def _report_mode_audit(self) -> GuardReport:
        if self.guard.pending >= self.guard.max_pending:
            return self._report(False, "backlog")
        self.guard.pending += 1
        try:
            return await self._audit(b"".join(self.chunks))
        finally:
            self.guard.pending -= 1
            self.chunks = []


def _with_action(report: GuardReport, action: str, **changes: Any) -> GuardReport:
    return dataclasses.replace(report, action=action, **changes)
