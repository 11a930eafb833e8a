"""Transport trust: what a certification audit checks about the connection, read from every guarded response.

A trustmark auditor looks once a year at whether the checkout is served over HTTPS, posts card data only
over HTTPS, loads nothing over plain HTTP, pins HTTPS with ``Strict-Transport-Security`` and limits the
scripts that can read payment fields with a ``Content-Security-Policy``. The guard sees the request and
the response, so it checks the same on every render. Only the scheme the server saw counts, or the one a
configured trusted proxy forwards (``X-Forwarded-Proto`` / ``Forwarded: proto=``): any client can send
those headers, so they are ignored from every other peer.

The page scan uses the audit's HTML tokenizer (linear, raw text of scripts is never read as markup) and
stops after ``MAX_NODES`` findings per rule, saying so.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from starlette.types import Scope

from checkoutguard.audit.html.lexer import RAW_TEXT, Token, attributes, comment_end, raw_text_end, tag_at
from checkoutguard.errors import InvalidInput

__all__ = ["RULES", "TransportFinding", "TransportPolicy"]

Headers = Sequence[tuple[bytes, bytes]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Rule id → (impact, what the buyer or merchant risks, how to fix it).
RULES: Final[dict[str, tuple[str, str, str]]] = {
    "transport-plain-http": (
        "critical",
        "The checkout is served over plain HTTP: anyone on the buyer's network can read or change the page, "
        "and browsers mark it 'Not secure'.",
        "Serve the checkout over HTTPS and redirect HTTP to it. Behind a TLS-terminating proxy, list the proxy "
        "in trusted_proxies so the guard honours its X-Forwarded-Proto / Forwarded header.",
    ),
    "transport-insecure-post": (
        "critical",
        "A form or payment frame on the checkout sends what the buyer types over plain HTTP.",
        "Use https:// (or a relative URL on an HTTPS page) for every form action, formaction and payment iframe.",
    ),
    "transport-mixed-content": (
        "serious",
        "The checkout loads resources over plain HTTP: browsers block scripts and frames (the checkout breaks) "
        "and flag images, and a network attacker can replace them.",
        "Load every script, frame, stylesheet and image over https://, or send "
        "'Content-Security-Policy: upgrade-insecure-requests'.",
    ),
    "transport-no-hsts": (
        "moderate",
        "The checkout response has no Strict-Transport-Security header: a buyer's next visit can be "
        "downgraded to plain HTTP before the redirect.",
        "Send 'Strict-Transport-Security: max-age=31536000; includeSubDomains' on HTTPS responses (at the "
        "app or the proxy that terminates TLS).",
    ),
    "transport-no-csp": (
        "serious",
        "The page asks for card details without a Content-Security-Policy: any injected or compromised "
        "third-party script can read the card fields (PCI DSS v4 asks for control of payment-page scripts).",
        "Send a Content-Security-Policy header (script-src listing the scripts the payment page needs); "
        "Content-Security-Policy-Report-Only only reports and protects nothing.",
    ),
}
#: Findings listed per rule; beyond this the finding says how many more there were.
MAX_NODES: Final = 20
_MAX_HEADER: Final = 4096
_MAX_URL: Final = 200
#: Elements whose URL attribute loads something into the page, by how browsers treat them over HTTP.
_ACTIVE: Final = {b"script": "src", b"iframe": "src", b"frame": "src", b"embed": "src", b"object": "data"}
_PASSIVE: Final = {b"img": "src", b"audio": "src", b"video": "src", b"source": "src", b"track": "src"}
_READ: Final = frozenset({*_ACTIVE, *_PASSIVE, b"form", b"input", b"button", b"link", b"meta"})
_CANDIDATE: Final = re.compile(rb"<(?:!--|(" + b"|".join(sorted(_READ | RAW_TEXT)) + rb")(?=[\t\n\f\r />]))")
#: ``autocomplete`` tokens and field names that mean a card field (the HTML autofill names first).
_CARD_AUTOCOMPLETE: Final = frozenset({"cc-number", "cc-csc", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-name"})
_CARD_NAMES: Final = frozenset(
    {"cardnumber", "card_number", "card-number", "ccnumber", "cc_number", "cc-number", "cvc", "cvv", "cvv2", "csc"}
)
#: Hosts and words that mark an iframe as a payment form (the PSPs' hosted fields).
_PAYMENT_FRAME_HINTS: Final = (
    "stripe",
    "adyen",
    "braintree",
    "paypal",
    "checkout.com",
    "mollie",
    "klarna",
    "worldpay",
    "payment",
    "card",
)


@dataclass(frozen=True, slots=True)
class TransportFinding:
    """One transport-trust problem: rule id, impact, what was seen (``where``: tag or header), and the fix."""

    id: str
    impact: str
    message: str
    fix: str
    where: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "impact": self.impact,
            "message": self.message,
            "fix": self.fix,
            "where": list(self.where),
        }


def _header(headers: Headers, name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return bytes(value)[:_MAX_HEADER].decode("latin-1")
    return None


def _forwarded_proto(headers: Headers) -> str | None:
    """The scheme the client-facing proxy recorded: ``Forwarded: proto=`` (RFC 7239), else ``X-Forwarded-Proto``."""
    forwarded = _header(headers, b"forwarded")
    if forwarded:
        first = forwarded.split(",", 1)[0]
        for pair in first.split(";"):
            key, _, value = pair.strip().partition("=")
            if key.strip().lower() == "proto":
                return value.strip().strip('"').lower()
    proto = _header(headers, b"x-forwarded-proto")
    if proto:
        return proto.split(",", 1)[0].strip().lower()
    return None


def _networks(proxies: Iterable[str]) -> tuple[Network, ...]:
    found: list[Network] = []
    for value in [proxies] if isinstance(proxies, str) else proxies:
        try:
            found.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise InvalidInput(
                f"{value!r} is not an IP address or network",
                path="trusted_proxies",
                accepted="IP addresses or CIDR networks, e.g. 10.0.0.0/8",
            ) from None
    return tuple(found)


def _short(url: str) -> str:
    return url if len(url) <= _MAX_URL else url[:_MAX_URL] + "…"


def _is_http(url: str) -> bool:
    return url.strip().lower().startswith("http://")


class TransportPolicy:
    """Built once per guard from ``trusted_proxies``; ``check(...)`` runs per guarded response."""

    def __init__(self, trusted_proxies: Iterable[str] = ()) -> None:
        self.proxies: Final = _networks(trusted_proxies)

    def scheme(self, scope: Scope) -> str:
        """The scheme the buyer's browser used: the server's, or a trusted proxy's forwarded one."""
        scheme = str(scope.get("scheme", "http")).lower()
        client = scope.get("client")
        if scheme == "https" or not self.proxies or not client:
            return scheme
        try:
            peer = ipaddress.ip_address(str(client[0]))
        except ValueError:
            return scheme
        if not any(peer in network for network in self.proxies):
            return scheme
        forwarded = _forwarded_proto(scope.get("headers") or ())
        return forwarded if forwarded in ("http", "https") else scheme

    def check(self, scope: Scope, response_headers: Headers, page: bytes | None) -> tuple[TransportFinding, ...]:
        """Every transport finding for one response; ``page`` is the decoded HTML (None when not read)."""
        found: dict[str, list[str]] = {}
        extra: dict[str, int] = {}
        if self.scheme(scope) != "https":
            found["transport-plain-http"] = [f"{scope.get('scheme', 'http')}://{_host(scope)}{scope.get('path', '')}"]
        hsts = _header(response_headers, b"strict-transport-security")
        if not hsts or _max_age(hsts) <= 0:
            found["transport-no-hsts"] = [
                "Strict-Transport-Security: " + (hsts if hsts else "(absent)"),
            ]
        if page is not None:
            csp = _header(response_headers, b"content-security-policy")
            _scan(page, found, extra, has_csp=bool(csp and csp.strip()))
        return tuple(_finding(rule, where, extra.get(rule, 0)) for rule, where in found.items() if where)


def _host(scope: Scope) -> str:
    host = _header(scope.get("headers") or (), b"host")
    return _short(host) if host else "?"


def _max_age(value: str) -> int:
    for part in value.split(";"):
        key, _, number = part.strip().partition("=")
        if key.strip().lower() == "max-age":
            digits = number.strip().strip('"')
            return int(digits) if digits.isdigit() and len(digits) < 12 else 0
    return 0


def _finding(rule: str, where: list[str], more: int) -> TransportFinding:
    impact, message, fix = RULES[rule]
    if rule == "transport-mixed-content" and all(
        w.startswith(("<img", "<audio", "<video", "<source", "<track")) for w in where
    ):
        impact = "moderate"  # passive content only: browsers upgrade or flag it, nothing breaks
    if more:
        where = [*where, f"… and {more} more (the guard lists {MAX_NODES})"]
    return TransportFinding(rule, impact, message, fix, tuple(where))


def _add(found: dict[str, list[str]], extra: dict[str, int], rule: str, where: str) -> None:
    nodes = found.setdefault(rule, [])
    if len(nodes) < MAX_NODES:
        nodes.append(where)
    else:
        extra[rule] = extra.get(rule, 0) + 1


def _relevant(name: bytes, tag: bytes) -> bool:
    """Whether a tag can hold a finding at all (a bytes search, so most tags cost nothing more)."""
    if name == b"input":
        return b"http:" in tag or any(hint in tag for hint in (b"cc-", b"card", b"cvc", b"cvv", b"csc"))
    if name == b"meta":
        return b"content-security-policy" in tag
    return b"http:" in tag


def _start_tags(lo: bytes) -> Iterator[Token]:
    """The start tags this check reads, in one regex pass: comments and raw text (scripts, styles...) skipped."""
    pos = 0
    while True:
        match = _CANDIDATE.search(lo, pos)
        if match is None:
            return
        if match.group(1) is None:  # a comment
            pos = comment_end(lo, match.start())
            continue
        name = match.group(1)
        if name not in RAW_TEXT:
            gt = lo.find(b">", match.end())
            if gt < 0:
                return
            if not _relevant(name, lo[match.start() : gt + 1]):  # a ">" in a quoted value only ends it early
                pos = match.end()
                continue
        token = tag_at(lo, match.start())
        if token.kind == "eof":
            return
        pos = max(token.end, match.end())
        if token.kind == "start":
            yield token
            if token.name in RAW_TEXT:
                pos = max(pos, raw_text_end(lo, token.name, token.end)[1])


def _scan(page: bytes, found: dict[str, list[str]], extra: dict[str, int], *, has_csp: bool) -> None:
    """One pass over the page's start tags: insecure posts, mixed content, card fields, a ``<meta>`` CSP."""
    lo = page.lower()
    card_fields: list[str] = []
    for token in _start_tags(lo):
        name = token.name
        if name not in _READ or not _relevant(name, lo[token.start : token.end]):
            continue
        attrs = attributes(page, token)
        tag = "<" + name.decode("ascii", "replace")

        def value(key: str, attrs: Any = attrs) -> str:
            attribute = attrs.get(key)
            return attribute.value if attribute is not None and attribute.present else ""

        if name == b"form" and _is_http(value("action")):
            _add(found, extra, "transport-insecure-post", f'{tag} action="{_short(value("action"))}">')
        elif name in (b"button", b"input") and _is_http(value("formaction")):
            _add(found, extra, "transport-insecure-post", f'{tag} formaction="{_short(value("formaction"))}">')
        elif name == b"link" and _is_http(value("href")) and "stylesheet" in value("rel").lower().split():
            _add(found, extra, "transport-mixed-content", f'<link rel="stylesheet" href="{_short(value("href"))}">')
        elif name == b"meta" and value("http-equiv").strip().lower() == "content-security-policy" and value("content"):
            has_csp = True
        elif name in _ACTIVE or name in _PASSIVE:
            attribute = _ACTIVE.get(name) or _PASSIVE[name]
            url = value(attribute)
            if _is_http(url):
                where = f'{tag} {attribute}="{_short(url)}">'
                payment = name in (b"iframe", b"frame") and _payment_frame(url, value("name"), value("title"))
                _add(found, extra, "transport-insecure-post" if payment else "transport-mixed-content", where)
        if name == b"input" and _card_field(value("autocomplete"), value("name"), value("id")) and len(card_fields) < 1:
            card_fields.append(f'<input name="{_short(value("name") or value("id"))}">')
    if card_fields and not has_csp:
        found["transport-no-csp"] = [*card_fields, "Content-Security-Policy: (absent)"]


def _card_field(autocomplete: str, name: str, ident: str) -> bool:
    if any(token in _CARD_AUTOCOMPLETE for token in autocomplete.lower().split()):
        return True
    return name.strip().lower() in _CARD_NAMES or ident.strip().lower() in _CARD_NAMES


def _payment_frame(url: str, name: str, title: str) -> bool:
    text = f"{url} {name} {title}".lower()
    return any(hint in text for hint in _PAYMENT_FRAME_HINTS)
