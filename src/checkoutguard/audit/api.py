"""``audit()``: the one call the CLI, the middleware and the HTTP API make.

It accepts a checkout document (a mapping, or JSON text) or a page (HTML text or bytes), reads it into a
``CheckoutDocument``, runs every rule that applies in the buyer's jurisdiction, and returns an
``AuditReport``. Page bytes never make it raise: an unreadable or oversized input becomes an entry in
the report. Bad arguments (an unknown country, a malformed landed-cost quote, a mapping that breaks
the schema) raise ``InvalidInput``, because they are the caller's to fix.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, Final, NamedTuple

from checkoutguard.audit.fix import apply_edits
from checkoutguard.audit.html.encoding import ascii_compatible, detect_encoding
from checkoutguard.audit.html.extract import Extraction, extract_html
from checkoutguard.audit.html.parts import Edit
from checkoutguard.audit.loader import load_document
from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.report import AuditReport, Finding, Mode, NodeResult, buyer_dict
from checkoutguard.audit.rules import RULES, Citation, Context, catalog
from checkoutguard.audit.rules.base import IMPACTS, RuleFunction
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import InvalidInput

__all__ = ["MAX_PAGE_BYTES", "audit"]

#: Pages larger than this are not read (the report says so); checkout pages are rarely above 1 MB.
MAX_PAGE_BYTES: Final = 8 * 1024 * 1024
_BUYER_TYPES: Final = ("consumer", "business")
_FIXABLE: Final = frozenset({"consent-preticked", "addon-preselected"})
_INPUT_RULE: Final = "checkout-document"
_OUTCOMES: Final = ("violation", "pass", "incomplete")
_RANK: Final = {impact: rank for rank, impact in enumerate(IMPACTS)}


def _looks_like_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _kind(source: object, content_type: str | None) -> str:
    if isinstance(source, Mapping):
        return "mapping"
    if not isinstance(source, str | bytes | bytearray | memoryview):
        raise InvalidInput(
            f"cannot audit a {type(source).__name__}", accepted="HTML or JSON as str or bytes, or a mapping"
        )
    media = (content_type or "").split(";")[0].strip().lower()
    if media.endswith("json"):
        return "json"
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    head = source[:64].encode() if isinstance(source, str) else bytes(source[:64])
    return "json" if _looks_like_json(head) else "html"


def _unreadable(message: str) -> Finding:
    return Finding(
        id=_INPUT_RULE,
        impact=None,
        description="The input could not be read as a checkout; no rule was checked.",
        help="Send an HTML checkout page or a checkout document (checkout.schema.json).",
        help_url="docs/audit.md#input",
        citations=(),
        tags=(),
        nodes=(NodeResult(None, message, None),),
    )


class _Step(NamedTuple):
    """One rule as it applies to one kind of buyer: its function, the metadata its findings carry, and
    the citations and tags of its findings."""

    rule_id: str
    rule: RuleFunction
    impact: str
    fix: str
    description: str
    help: str
    help_url: str
    citations: tuple[Citation, ...]
    tags: tuple[str, ...]


@functools.lru_cache(maxsize=1_024)
def _jurisdictions(country: str, subdivision: str | None) -> frozenset[str]:
    return catalog().tags_for(country, subdivision)


@functools.lru_cache(maxsize=256)
def _plan(jurisdictions: frozenset[str], buyer_type: str) -> tuple[_Step | str, ...]:
    """The rules in order for buyers of one jurisdiction set and type: a step per rule in scope, the rule's
    id for the others. Computed once per kind of buyer, not per audit."""
    book = catalog()
    context = Context("", None, buyer_type, date.min, jurisdictions)
    plan: list[_Step | str] = []
    for rule_id, rule in RULES.items():
        info = book.rules[rule_id]
        if not context.in_scope(info):
            plan.append(rule_id)
            continue
        tags = (*(sorted(jurisdictions & set(info.applies_to)) or ["all"]), *info.tags)
        plan.append(
            _Step(
                rule_id,
                rule,
                info.impact,
                info.fix,
                info.description,
                info.help,
                info.help_url,
                context.citations(info),
                tags,
            )
        )
    return tuple(plan)


def _run(document: CheckoutDocument, context: Context) -> tuple[dict[str, list[Finding]], list[str]]:
    lists: dict[str, list[Finding]] = {"violation": [], "pass": [], "incomplete": []}
    inapplicable: list[str] = []
    for step in _plan(context.jurisdictions, context.buyer_type):
        if isinstance(step, str):
            inapplicable.append(step)
            continue
        checks = step.rule(document, context)
        if not checks:
            inapplicable.append(step.rule_id)
            continue
        for outcome in _OUTCOMES:
            chosen = [c for c in checks if c.outcome == outcome]
            if not chosen:
                continue
            if outcome == "pass":
                nodes = tuple([NodeResult(c.node, c.message, None, data=c.data) for c in chosen])
                impact = None
            else:
                fix = step.fix if outcome == "violation" else ""
                nodes = tuple(
                    [NodeResult(c.node, c.message, c.impact or step.impact, fix, None, c.data) for c in chosen]
                )
                impact = max((n.impact for n in nodes if n.impact), key=_RANK.__getitem__, default=None)
            citations = next((c.citations for c in chosen if c.citations), step.citations)
            lists[outcome].append(
                Finding(step.rule_id, impact, step.description, step.help, step.help_url, citations, step.tags, nodes)
            )
    return lists, inapplicable


def _fix(
    report_lists: dict[str, list[Finding]], extraction: Extraction, raw: bytes
) -> tuple[bytes | None, dict[str, list[Finding]]]:
    edits: list[Edit] = []
    fixed_lists = dict(report_lists)
    violations = []
    for finding in report_lists["violation"]:
        if finding.id not in _FIXABLE:
            violations.append(finding)
            continue
        nodes = []
        for node in finding.nodes:
            span = node.node.span if node.node else None
            found = extraction.fixes.get(span) if span else None
            if found:
                edits.extend(found)
            nodes.append(replace(node, fixed=bool(found)))
        violations.append(replace(finding, nodes=tuple(nodes)))
    fixed_lists["violation"] = violations
    return (apply_edits(raw, edits) if edits else None), fixed_lists


def audit(
    source: str | bytes | Mapping[str, Any],
    *,
    country: str,
    subdivision: str | None = None,
    buyer_type: str = "consumer",
    content_type: str | None = None,
    landed_cost: Mapping[str, Any] | None = None,
    mode: Mode | str = Mode.REPORT,
    on: date | None = None,
    fail_on: str = "moderate",
    path: str = "fast",
) -> AuditReport:
    """Audit a checkout page (HTML) or document (JSON or a mapping) for a buyer in ``country``.

    ``landed_cost`` is a landed-cost quote in its JSON form, for the undisclosed-duties rule. ``mode``
    is report, enforce or fix; ``fail_on`` is the lowest impact that counts as failing (``blocked`` and
    the CLI's exit code); ``on`` is the day the rules are taken from (default today); ``path`` chooses
    the fast scan (default) or the full one.

    >>> report = audit('<input type="checkbox" name="newsletter" checked> Send me offers', country="DE")
    >>> [f.id for f in report.violations]
    ['consent-preticked']
    """
    code = country_code(country)
    region = subdivision_code(code, subdivision) if subdivision else None
    if buyer_type not in _BUYER_TYPES:
        raise InvalidInput(f"buyer type {buyer_type!r} is unknown", path="buyer_type", accepted="consumer or business")
    if fail_on not in IMPACTS:
        raise InvalidInput(f"impact {fail_on!r} is unknown", path="fail_on", accepted=", ".join(IMPACTS))
    if path not in ("fast", "full"):
        raise InvalidInput(f"scan path {path!r} is unknown", path="path", accepted="fast or full")
    try:
        mode = Mode(mode)
    except ValueError:
        raise InvalidInput(f"mode {mode!r} is unknown", path="mode", accepted="report, enforce or fix") from None
    day = on or date.today()
    context = Context(code, region, buyer_type, day, _jurisdictions(code, region))
    if landed_cost is not None:
        load_document({}, landed_cost=landed_cost)  # checks the quote's shape, raises InvalidInput
    kind = _kind(source, content_type)
    source_info: dict[str, Any] = {"type": kind if kind != "mapping" else "json"}
    errors: list[str] = []
    extraction: Extraction | None = None
    raw = b""
    document = CheckoutDocument(landed_cost=landed_cost)
    if kind == "mapping":
        assert isinstance(source, Mapping)
        document = load_document(source, landed_cost=landed_cost)
    else:
        raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)  # type: ignore[arg-type]
        source_info["bytes"] = len(raw)
        if len(raw) > MAX_PAGE_BYTES:
            errors.append(f"the input is {len(raw)} bytes; pages above {MAX_PAGE_BYTES} bytes are not read")
        elif kind == "json":
            try:
                parsed = json.loads(raw.decode("utf-8-sig"))
                document = load_document(parsed, landed_cost=landed_cost)
            except (ValueError, InvalidInput) as exc:
                errors.append(f"not a checkout document: {exc}")
        else:
            encoding = "utf-8" if isinstance(source, str) else detect_encoding(raw, content_type)
            if not ascii_compatible(encoding):
                raw = raw.decode(encoding, "replace").encode("utf-8")
                source_info["reencoded_from"] = encoding
                encoding = "utf-8"
            source_info["encoding"] = encoding
            try:
                hint = catalog().currency_of(code, day)
                extraction = extract_html(raw, encoding=encoding, path=path, currency_hint=hint)
            except Exception as exc:
                # The middleware must never turn a storefront's response into a 500; tests assert this
                # branch is not taken on generated and real-world pages (``report.errors`` stays empty).
                errors.append(f"the page could not be read: {type(exc).__name__}: {exc}")
            else:
                document = extraction.document
                if landed_cost is not None:
                    document = replace(document, landed_cost=landed_cost)
                source_info["scan"] = extraction.path
                if extraction.fallback:
                    source_info["fallback"] = extraction.fallback
                if document.notes:
                    source_info["notes"] = list(document.notes)
    buyer = buyer_dict(code, region, buyer_type, day, sorted(context.jurisdictions))
    if errors:
        return AuditReport(
            (),
            (),
            (_unreadable(errors[0]),),
            tuple(RULES),
            mode,
            document,
            buyer,
            source_info,
            fail_on,
            None,
            tuple(errors),
        )
    lists, inapplicable = _run(document, context)
    fixed_body = None
    if mode is Mode.FIX and extraction is not None and "reencoded_from" not in source_info:
        fixed_body, lists = _fix(lists, extraction, raw)
    return AuditReport(
        violations=tuple(lists["violation"]),
        passes=tuple(lists["pass"]),
        incomplete=tuple(lists["incomplete"]),
        inapplicable=tuple(inapplicable),
        mode=mode,
        document=document,
        buyer=buyer,
        source=source_info,
        fail_on=fail_on,
        fixed_body=fixed_body,
        errors=tuple(errors),
    )
