"""Enforce mode's answer in place of a checkout page that breaks the rules: HTML or RFC 9457 problem+json.

The status is 500 by default: the server produced a page it must not show, which is a server-side
fault, not something the client can fix (RFC 9110 §15.6.1). Every violation is named with its rule,
impact, law and article, and the nodes it concerns, so a failing staging or CI run says what to change.
"""

from __future__ import annotations

import html
import json
from typing import Any, Final

from checkoutguard.audit import AuditReport, Finding
from checkoutguard.middleware.headers import quality as q_value

__all__ = ["PROBLEM_TYPE", "refusal"]

PROBLEM_TYPE: Final = "urn:checkoutguard:problem:checkout-violations"
_TITLE: Final = "The checkout page breaks consumer-protection rules"


def _violation(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.id,
        "impact": finding.impact,
        "description": finding.description,
        "help": finding.help,
        "laws": [f"{c.law}, {c.article}".strip(", ") for c in finding.citations],
        "citation": finding.citation.to_dict() if finding.citation else None,
        "nodes": [
            {
                "target": list(node.node.to_dict()["target"]) if node.node else [],
                "html": node.node.html if node.node else None,
                "failureSummary": node.message,
                "fix": node.fix,
            }
            for node in finding.nodes
        ],
    }


def _prefers_json(accept: str, page_kind: str) -> bool:
    """JSON when the client ranks a JSON type above HTML, HTML when the reverse; the page's own kind on a tie."""
    best: dict[str, float] = {"html": -1.0, "json": -1.0}  # float-ok: q-values
    for part in accept[:2048].split(",")[:32]:
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        kind = "html" if media in ("text/html", "application/xhtml+xml") else None
        if media in ("application/json", "application/problem+json") or media.endswith("+json"):
            kind = "json"
        if kind is None:
            continue
        quality = q_value(params)
        if quality is None:
            continue
        best[kind] = max(best[kind], quality)
    if best["json"] == best["html"]:
        return page_kind == "json"
    return best["json"] > best["html"]


def refusal(
    report: AuditReport, *, status: int, accept: str, page_kind: str, path: str
) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """Headers and body of the refusal for ``report`` (its failing violations)."""
    violations = [_violation(f) for f in report.failing]
    detail = (
        f"{len(violations)} violation(s) at or above impact '{report.fail_on}': "
        + ", ".join(v["rule"] for v in violations)
        + "; checkoutguard enforce mode refused to send the page."
    )
    if _prefers_json(accept, page_kind):
        problem = {
            "type": PROBLEM_TYPE,
            "title": _TITLE,
            "status": status,
            "detail": detail,
            "instance": path,
            "buyer": dict(report.buyer),
            "violations": violations,
        }
        body = json.dumps(problem, ensure_ascii=False, indent=2).encode("utf-8")
        media = b"application/problem+json"
    else:
        body = _html(violations, status, detail).encode("utf-8")
        media = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", media),
        (b"content-length", str(len(body)).encode("latin-1")),
        (b"cache-control", b"no-store"),
    ]
    return headers, body


def _html(violations: list[dict[str, Any]], status: int, detail: str) -> str:
    e = html.escape
    rows = []
    for v in violations:
        nodes = "".join(
            f"<li><code>{e(' '.join(n['target']))}</code> {e(n['failureSummary'])}"
            + (f"<pre>{e(n['html'])}</pre>" if n["html"] else "")
            + (f"<p>Fix: {e(n['fix'])}</p>" if n["fix"] else "")
            + "</li>"
            for n in v["nodes"]
        )
        laws = "; ".join(e(law) for law in v["laws"]) or "—"
        rows.append(
            f"<section><h2><code>{e(v['rule'])}</code> ({e(str(v['impact']))})</h2>"
            f"<p>{e(v['description'])}</p><p>Law: {laws}</p><p>{e(v['help'])}</p><ul>{nodes}</ul></section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {e(_TITLE)}</title></head><body>"
        f"<h1>{e(_TITLE)}</h1><p>{e(detail)}</p>{''.join(rows)}"
        f"<p><small>type: {e(PROBLEM_TYPE)}</small></p></body></html>"
    )
