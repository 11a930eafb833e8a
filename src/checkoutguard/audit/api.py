"""``audit()``: the one call the CLI, the middleware and the HTTP API make.

It accepts a checkout document (a mapping, or JSON text) or a page (HTML text or bytes), reads it into a
``CheckoutDocument``, runs every rule that applies in the buyer's jurisdiction, and returns an
``AuditReport``. Page bytes never make it raise: an unreadable or oversized input becomes an entry in
the report. Bad arguments (an unknown country, a malformed landed-cost quote, a mapping that breaks
the schema) raise ``InvalidInput``, because they are the caller's to fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Final, NamedTuple

from checkoutguard.audit.adapters import FORMATS, read_document
from checkoutguard.audit.fix import apply_edits
from checkoutguard.audit.html.encoding import PageEncoding, detect, reencode
from checkoutguard.audit.html.extract import Extraction, extract_html
from checkoutguard.audit.html.parts import Edit
from checkoutguard.audit.limits import MAX_PAGE_BYTES, Limit
from checkoutguard.audit.loader import load_document, parse_json
from checkoutguard.audit.model import CheckoutDocument
from checkoutguard.audit.report import AuditReport, Finding, Mode, NodeResult, buyer_dict
from checkoutguard.audit.rules import RULES, Citation, Context, catalog
from checkoutguard.audit.rules.base import IMPACTS, RuleFunction
from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import InvalidInput, UnknownCountry

__all__ = ["MAX_PAGE_BYTES", "audit"]

_BUYER_TYPES: Final = ("consumer", "business")
_FIXABLE: Final = frozenset({"consent-preticked", "addon-preselected"})
_INPUT_RULE: Final = "checkout-document"
_OUTCOMES: Final = ("violation", "pass", "incomplete")
_RANK: Final = {impact: rank for rank, impact in enumerate(IMPACTS)}
_ECHO: Final = 40
_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF8: Final = PageEncoding("utf-8", "utf-8", "str")


def _looks_like_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _echo(value: object) -> str:
    """A short, safe stand-in for an argument in a message (any type, any size)."""
    if isinstance(value, str):
        text = value if len(value) <= _ECHO else value[: _ECHO - 1] + "…"
        return repr(text)
    return f"a {type(value).__name__}"


def _page_bytes(source: str | bytes | bytearray | memoryview) -> bytes:
    """The page as UTF-8 bytes. A ``str`` may hold lone surrogates (no UTF-8 can): a browser shows each
    as U+FFFD, and so does the audit, instead of raising ``UnicodeEncodeError``."""
    if not isinstance(source, str):
        return bytes(source)
    try:
        return source.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", source).encode("utf-8")


def _kind(source: object, content_type: str | None) -> str:
    if isinstance(source, Mapping):
        return "mapping"
    if not isinstance(source, str | bytes | bytearray | memoryview):
        raise InvalidInput(
            f"cannot audit a {type(source).__name__}",
            path="source",
            accepted="HTML or JSON as str or bytes, or a mapping",
        )
    media = (content_type or "").split(";")[0].strip().lower()
    if media.endswith("json"):
        return "json"
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    head = _page_bytes(source[:64]) if isinstance(source, str) else bytes(source[:64])
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


def _unread(limits: tuple[Limit, ...]) -> Finding:
    """The ``incomplete`` finding for limits that stopped reading: one node per limit, naming it."""
    return Finding(
        id=_INPUT_RULE,
        impact=None,
        description="A limit stopped the audit reading part of the input; the findings cover only what was read.",
        help="Review the page by hand, or make it smaller; docs/audit.md lists every limit.",
        help_url="docs/audit.md#limits",
        citations=(),
        tags=(),
        nodes=tuple(
            NodeResult(None, limit.message, None, data={"limit": limit.name, "value": limit.value}) for limit in limits
        ),
    )


def _checked_arguments(
    country: object,
    subdivision: object,
    buyer_type: object,
    content_type: object,
    mode: object,
    on: object,
    fail_on: object,
    path: object,
) -> tuple[Mode, date]:
    """Arguments of the wrong type or value raise ``InvalidInput`` naming the argument, never a bare
    ``TypeError``/``AttributeError`` from deeper down."""
    if not isinstance(country, str) or len(country) > 8:
        raise UnknownCountry(f"{_echo(country)} is not a country code", path="country", accepted="ISO 3166-1 alpha-2")
    if subdivision is not None and (not isinstance(subdivision, str) or len(subdivision) > 12):
        raise UnknownCountry(
            f"{_echo(subdivision)} is not a subdivision code", path="subdivision", accepted="ISO 3166-2, e.g. US-CA"
        )
    if not isinstance(buyer_type, str) or buyer_type not in _BUYER_TYPES:
        raise InvalidInput(
            f"buyer type {_echo(buyer_type)} is unknown", path="buyer_type", accepted="consumer or business"
        )
    if content_type is not None and not isinstance(content_type, str):
        raise InvalidInput(f"content type {_echo(content_type)}", path="content_type", accepted="a media type string")
    if not isinstance(fail_on, str) or fail_on not in IMPACTS:
        raise InvalidInput(f"impact {_echo(fail_on)} is unknown", path="fail_on", accepted=", ".join(IMPACTS))
    if not isinstance(path, str) or path not in ("fast", "full"):
        raise InvalidInput(f"scan path {_echo(path)} is unknown", path="path", accepted="fast or full")
    if on is not None and not isinstance(on, date):
        raise InvalidInput(f"day {_echo(on)}", path="on", accepted="a datetime.date")
    try:
        checked = Mode(mode) if isinstance(mode, str) else None
    except ValueError:
        checked = None
    if checked is None:
        raise InvalidInput(f"mode {_echo(mode)} is unknown", path="mode", accepted="report, enforce or fix")
    day = on.date() if isinstance(on, datetime) else (on or date.today())
    return checked, day


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
def _plan(jurisdictions: frozenset[str], buyer_type: str, day: date) -> tuple[_Step | str, ...]:
    """The rules in order for buyers of one jurisdiction set and type on one day: a step per rule in scope, the
    rule's id for the others. A rule whose every law cited for these buyers was not in force that day (the
    catalog dates some: SB 478 from 2024-07-01) is out of scope; a step cites only the laws in force. Computed
    once per kind of buyer and day, not per audit."""
    book = catalog()
    context = Context("", None, buyer_type, day, jurisdictions)
    plan: list[_Step | str] = []
    for rule_id, rule in RULES.items():
        info = book.rules[rule_id]
        cited = context.citations(info)
        in_force = tuple(c for c in cited if c.in_force(day))
        if not context.in_scope(info) or (cited and not in_force):
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
                in_force,
                tags,
            )
        )
    return tuple(plan)


def _run(document: CheckoutDocument, context: Context) -> tuple[dict[str, list[Finding]], list[str]]:
    lists: dict[str, list[Finding]] = {"violation": [], "pass": [], "incomplete": []}
    inapplicable: list[str] = []
    for step in _plan(context.jurisdictions, context.buyer_type, context.on):
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
    input_format: str = "auto",
) -> AuditReport:
    """Audit a checkout page (HTML) or document (JSON or a mapping) for a buyer in ``country``.

    ``landed_cost`` is a landed-cost quote in its JSON form, for the undisclosed-duties rule. ``mode``
    is report, enforce or fix; ``fail_on`` is the lowest impact that counts as failing (``blocked`` and
    the CLI's exit code); ``on`` is the day the rules are taken from (default today); ``path`` chooses
    the fast scan (default) or the full one. ``input_format`` names the JSON's platform
    (``woocommerce-store-api``, ``shopify-cart``... see ``adapters.FORMATS``); ``auto`` (default) detects it.

    >>> report = audit('<input type="checkbox" name="newsletter" checked> Send me offers', country="DE")
    >>> [f.id for f in report.violations]
    ['consent-preticked']
    """
    mode, day = _checked_arguments(country, subdivision, buyer_type, content_type, mode, on, fail_on, path)
    if input_format != "auto" and input_format not in FORMATS:
        raise InvalidInput(
            f"format {_echo(input_format)} is unknown", path="input_format", accepted="auto, " + ", ".join(FORMATS)
        )
    code = country_code(country)
    region = subdivision_code(code, subdivision) if subdivision else None
    context = Context(code, region, buyer_type, day, _jurisdictions(code, region))
    if landed_cost is not None:
        load_document({}, landed_cost=landed_cost)  # checks the quote's shape, raises InvalidInput
    kind = _kind(source, content_type)
    source_info: dict[str, Any] = {"type": kind if kind != "mapping" else "json"}
    errors: list[str] = []
    limits: tuple[Limit, ...] = ()
    extraction: Extraction | None = None
    raw = b""
    document = CheckoutDocument(landed_cost=landed_cost)
    if kind == "mapping":
        assert isinstance(source, Mapping)
        document, source_info["format"] = read_document(source, input_format=input_format, landed_cost=landed_cost)
    else:
        assert isinstance(source, str | bytes | bytearray | memoryview)
        size = len(source)  # a str of more characters than the limit has at least as many bytes: not copied
        if size <= MAX_PAGE_BYTES:
            raw = _page_bytes(source)
            size = len(raw)
        source_info["bytes"] = size
        if size > MAX_PAGE_BYTES:
            errors.append(f"the input is {size} bytes; pages above {MAX_PAGE_BYTES} bytes are not read")
        elif kind == "json":
            try:
                parsed = parse_json(raw)
                document, source_info["format"] = read_document(
                    parsed, input_format=input_format, landed_cost=landed_cost
                )
            except InvalidInput as exc:
                errors.append(f"not a checkout document: {exc}")
            except Exception as exc:
                # As for pages: bytes never make audit() raise (the middleware must not turn a response into a
                # 500); the adapter fuzz tests assert this branch is not taken.
                errors.append(f"not a checkout document: the JSON could not be read: {type(exc).__name__}")
        else:
            raw, encoding, reason = _decoded(raw, source, content_type, source_info)
            if reason is not None:
                limits = (reason,)
            try:
                hint = catalog().currency_of(code, day)
                extraction = extract_html(raw, encoding=encoding, path=path, currency_hint=hint)
            except Exception as exc:
                # The middleware must never turn a storefront's response into a 500; tests assert this
                # branch is not taken on generated and real-world pages (``report.errors`` stays empty).
                errors.append(f"the page could not be read: {type(exc).__name__}: {str(exc)[:200]}")
            else:
                document = extraction.document
                limits += extraction.limits
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
            complete=False,
        )
    lists, inapplicable = _run(document, context)
    if limits:
        lists["incomplete"].insert(0, _unread(limits))
        source_info["limits"] = [limit.name for limit in limits]
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
        complete=not limits,
    )


def _decoded(
    raw: bytes, source: object, content_type: str | None, source_info: dict[str, Any]
) -> tuple[bytes, str, Limit | None]:
    """The page as bytes the scan can read (ASCII-compatible), the Python codec of those bytes, and the
    limit that stopped reading if the page's encoding leaves nothing to read."""
    encoding = _UTF8 if isinstance(source, str) else detect(raw, content_type)
    source_info["encoding"] = encoding.name
    if encoding.source != "str":
        source_info["encoding_from"] = encoding.source
    if encoding.replacement:
        unread = "the page declares an encoding a browser shows as one U+FFFD (the replacement encoding)"
        return b"", "utf-8", Limit("encoding", encoding.name, unread)
    if not encoding.ascii_compatible:
        source_info["reencoded_from"] = encoding.name
        return reencode(raw, encoding), "utf-8", None
    return raw, encoding.codec, None
