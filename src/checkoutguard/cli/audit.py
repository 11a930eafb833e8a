"""``checkoutguard audit FILE --country DE``: the transparency audit of a checkout page or document.

HTML or JSON in (``-`` reads standard input; JSON in the project's checkout document or a platform's cart,
detected or named with ``--format shopify-cart``), the report out as JSON (or a short text summary). The exit
code lets CI gate on it: 0 when nothing at or above ``--fail-on`` was found, 1 when something was, 2 when
the input could not be read or an argument was wrong, 4 when the fixed page could not be written, 5 when
nothing failing was found but a limit stopped the audit reading the page (the report is not complete: it
is no pass). Why a page was not read, or not in full, is also printed on standard error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from checkoutguard.audit import AuditReport, Mode, audit
from checkoutguard.audit.adapters import FORMATS
from checkoutguard.audit.rules.base import IMPACTS
from checkoutguard.cli import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_IO, EXIT_OK, EXIT_USAGE
from checkoutguard.cli._io import MAX_DOCUMENT_BYTES, print_json, read_document
from checkoutguard.errors import InvalidInput, LimitExceeded

__all__ = ["EXIT_INCOMPLETE", "EXIT_IO", "register", "render_summary"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="audit a checkout page or document for hidden fees and pre-ticked consent",
        description="Audit checkout pages (HTML) or checkout documents (JSON) for a buyer in --country. "
        "Exit 0: nothing failing; 1: violations at or above --fail-on; 2: unreadable input or bad arguments; "
        "4: the fixed page could not be written; 5: nothing failing, but a limit stopped reading the page.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="HTML page or checkout JSON, or - for standard input")
    parser.add_argument("--country", required=True, help="buyer's country, ISO 3166-1 alpha-2 (e.g. DE)")
    parser.add_argument("--subdivision", default=None, help="buyer's subdivision, ISO 3166-2 (e.g. US-CA)")
    parser.add_argument("--buyer-type", choices=("consumer", "business"), default="consumer")
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.REPORT.value)
    parser.add_argument(
        "--fail-on", choices=IMPACTS, default="moderate", help="lowest impact that fails (default moderate)"
    )
    parser.add_argument(
        "--landed-cost", metavar="QUOTE", default=None, help="landed-cost quote JSON (checkoutguard quote)"
    )
    parser.add_argument("--content-type", default=None, help="treat the input as this media type (default: sniff)")
    parser.add_argument("--date", type=date.fromisoformat, default=None, help="apply the rules in force on this day")
    parser.add_argument("--output", metavar="PATH", default=None, help="fix mode: write the fixed page here")
    parser.add_argument(
        "--format",
        choices=("json", "summary", *FORMATS),
        default="json",
        help="report as json or summary; a platform name (shopify-cart, woocommerce-store-api...) instead reads "
        "the input as that platform's JSON and reports as json",
    )
    parser.add_argument(
        "--input-format",
        choices=("auto", *FORMATS),
        default=None,
        help="the JSON input's platform (default auto: detected from its shape)",
    )
    parser.add_argument("--no-document", action="store_true", help="leave the extracted document out of the JSON")
    parser.set_defaults(handler=run)


def _read(name: str) -> tuple[str, bytes]:
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        label = "<stdin>"
    else:
        # An unreadable file is an I/O failure: main() reports it and exits 4, as for every command.
        with Path(name).open("rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
        label = name
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise LimitExceeded(f"{label} is larger than {MAX_DOCUMENT_BYTES} bytes")
    return label, raw


def render_summary(label: str, report: AuditReport) -> str:
    """A few lines a person can read in a CI log."""
    lines = [
        f"{label}: {len(report.violations)} violation(s), {len(report.incomplete)} to review, "
        f"{len(report.passes)} passed ({report.buyer['country']}, {report.buyer['type']})"
        + ("" if report.complete else "; NOT COMPLETE: part of the input was not read")
    ]
    for finding in report.violations:
        lines.append(f"  ✗ {finding.id} [{finding.impact}]")
        for node in finding.nodes:
            where = node.node.target if node.node else "-"
            fixed = " (fixed)" if node.fixed else ""
            lines.append(f"      {where}: {node.message}{fixed}")
    for finding in report.incomplete:
        lines.append(f"  ? {finding.id}")
        for node in finding.nodes:
            lines.append(f"      {node.message}")
    for error in report.errors:
        lines.append(f"  ! {error}")
    return "\n".join(lines)


# Which code wins when several files give different ones: bad input, then violations, then incomplete.
_PRECEDENCE = (EXIT_OK, EXIT_INCOMPLETE, EXIT_FINDINGS, EXIT_USAGE)


def _worst(code: int, other: int) -> int:
    return max(code, other, key=_PRECEDENCE.index)


def _formats(args: argparse.Namespace) -> tuple[str, str]:
    """(input format, report format): ``--format shopify-cart`` names the input, as the issue asked."""
    if args.format in FORMATS:
        if args.input_format not in (None, "auto", args.format):
            raise InvalidInput(
                f"--format {args.format} and --input-format {args.input_format} disagree", accepted="one input format"
            )
        return args.format, "json"
    return args.input_format or "auto", args.format


def run(args: argparse.Namespace) -> int:
    input_format, report_format = _formats(args)
    quote = read_document(args.landed_cost)[1] if args.landed_cost else None
    if args.output and args.mode != Mode.FIX.value:
        raise InvalidInput("--output is only for --mode fix", accepted="--mode fix --output PATH")
    if args.output and len(args.files) != 1:
        raise InvalidInput("--output takes one input file", accepted="one FILE with --output")
    results = []
    code = EXIT_OK
    for name in args.files:
        label, raw = _read(name)
        report = audit(
            raw,
            country=args.country,
            subdivision=args.subdivision,
            buyer_type=args.buyer_type,
            content_type=args.content_type,
            landed_cost=quote,
            mode=args.mode,
            on=args.date,
            fail_on=args.fail_on,
            input_format=input_format,
        )
        if report.errors:
            code = _worst(code, EXIT_USAGE)
            print(f"checkoutguard audit: {label}: {report.errors[0]}", file=sys.stderr)
        elif report.failing:
            code = _worst(code, EXIT_FINDINGS)
        elif not report.complete:
            code = _worst(code, EXIT_INCOMPLETE)
        if not report.complete and not report.errors:
            for node in (n for f in report.incomplete if f.id == "checkout-document" for n in f.nodes):
                print(f"checkoutguard audit: {label}: not read in full: {node.message}", file=sys.stderr)
        if args.output:
            try:
                Path(args.output).write_bytes(report.fixed_body if report.fixed_body is not None else raw)
            except OSError as exc:
                print(f"checkoutguard audit: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
                return EXIT_IO
        if report_format == "summary":
            print(render_summary(label, report))
        else:
            results.append({"file": label} | report.to_dict(include_document=not args.no_document))
    if report_format == "json":
        print_json(results[0] if len(results) == 1 else results)
    return code
