"""``checkoutguard quote FILE|- ...``: landed cost of order documents, as JSON or a table."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from checkoutguard.cli._io import iso_day, print_json, read_document
from checkoutguard.errors import DataError, InvalidInput, echo
from checkoutguard.landed_cost import Quote, RatesBook, default_book, quote
from checkoutguard.landed_cost.csv_duty import CsvDutyTable
from checkoutguard.landed_cost.local_rates import LocalRates, LocalRateTable

__all__ = ["register", "render_table"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "quote",
        help="landed cost of an order document",
        description="Quote the landed cost of one or more order documents (v1 JSON; see docs/landed-cost.md).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="order document, or - for standard input")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.add_argument("--today", type=iso_day, default=None, help="treat this day as today (default: the real date)")
    parser.add_argument(
        "--duty-csv",
        action="append",
        default=[],
        metavar="JURISDICTION=FILE",
        help="take tariff rates for a customs territory from your own CSV (columns hs, rate[, description]); "
        "repeatable, e.g. --duty-csv EU=eu-tariff.csv",
    )
    parser.add_argument(
        "--local-rates",
        action="append",
        default=[],
        metavar="FILE[@YYYY-MM-DD]",
        help="add US local sales tax by ZIP from a vendor rate table (TAXRATES_ZIP5_CA202612.csv layout); one per "
        "state, repeatable; @date gives the table's date when the file name has none",
    )
    parser.set_defaults(handler=run)


def _local_rates(book: RatesBook, specs: list[str]) -> RatesBook:
    """The book with the merchant's local rate tables; a bad table is bad input naming file:line:field."""
    if not specs:
        return book
    tables = []
    for spec in specs:
        path, sep, day = spec.rpartition("@") if "@" in spec else (spec, "", "")
        try:
            as_of = iso_day(day) if sep else None
        except argparse.ArgumentTypeError as exc:
            raise InvalidInput(str(exc), path="--local-rates", accepted="FILE@YYYY-MM-DD") from None
        tables.append(LocalRateTable.from_csv(path, as_of=as_of))
    return book.with_local_rates(LocalRates(tables))


def _book(specs: list[str]) -> RatesBook:
    book = default_book()
    for spec in specs:
        jurisdiction, sep, path = spec.partition("=")
        if not sep or not jurisdiction.isalpha() or len(jurisdiction) != 2 or not path:
            raise InvalidInput(f"{echo(spec)} is not JURISDICTION=FILE", path="--duty-csv", accepted="EU=tariff.csv")
        code = jurisdiction.upper()
        try:
            table = CsvDutyTable.from_csv(path, jurisdiction=code, base=book.duty(code))
        except DataError as exc:  # the merchant's own file: bad input (exit 2), not a gap in our data
            if isinstance(exc.__cause__, OSError):  # unreadable: an I/O failure (exit 4)
                raise exc.__cause__ from None
            raise InvalidInput(str(exc), path="--duty-csv", accepted="a CSV with columns hs, rate") from exc
        book = book.with_duty_provider(table)
    return book


def _money(amount: Any) -> str:
    return f"{amount:>12}"


def render_table(label: str, result: Quote) -> str:
    dest = result.destination
    where = dest["country"] + (f" ({dest['subdivision']})" if "subdivision" in dest else "")
    out = [
        f"{label}",
        f"  to {where} on {result.date}, {result.incoterm}, in {result.currency}; regime {result.regime['id']}",
    ]
    for line in result.lines:
        flag = " ~" if line.estimated else ""
        text = line.label if len(line.label) <= 58 else line.label[:55] + "..."
        out.append(f"  {line.type:<9} {text:<58} {_money(line.amount)}  {line.payable}{flag}")
    out.append("  " + "-" * 92)
    out.append(f"  {'due at checkout':<68} {_money(result.totals.checkout)}")
    out.append(f"  {'due on delivery':<68} {_money(result.totals.delivery)}")
    out.append(f"  {'total landed cost':<68} {_money(result.totals.grand)}")
    for fx in result.fx:
        stale = "  STALE" if fx.stale else ""
        out.append(f"  fx {fx.base}/{fx.quote} {fx.rate} ({fx.kind}, as of {fx.as_of}){stale}")
    for warning in result.warnings:
        out.append(f"  warning {warning.code}: {warning.message}")
    if not result.complete:
        out.append("  INCOMPLETE: some charges could not be quoted (see warnings)")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    results = []
    book = _local_rates(_book(args.duty_csv), args.local_rates)
    for name in args.files:
        label, document = read_document(name)
        try:
            results.append((label, quote(document, book=book, today=args.today)))
        except InvalidInput as exc:  # the file first, then the field: "order.json: incoterm: ..."
            error = type(exc)(exc.message, path=exc.path, accepted=exc.accepted)
            error.args = (f"{label}: {exc}",)
            raise error from exc
    if args.format == "table":
        sys.stdout.write("\n\n".join(render_table(label, result) for label, result in results) + "\n")
    elif len(results) == 1:
        print_json(results[0][1].to_dict())
    else:
        print_json([{"file": label, "quote": result.to_dict()} for label, result in results])
    return 0
