"""``checkoutguard methods``: the payment methods a buyer expects, ranked, with the reason for each.

    checkoutguard methods --country NL --currency EUR --amount 50.00 [--buyer business] [--channel ios]
                          [--recurring] [--date 2026-11-23] [--allow ideal,card] [--prefer card]
                          [--provider stripe] [--format json|table]

Prints JSON by default; exit code 2 on bad input, with a message saying what is accepted.
"""

from __future__ import annotations

import sys
from typing import Any, Final

from checkoutguard.cli._io import print_json
from checkoutguard.errors import InvalidInput, LimitExceeded
from checkoutguard.payments import _inputs
from checkoutguard.payments.selection import MethodSelection, select_methods

__all__ = ["register", "render_table", "run"]

_MAX_LIST_TEXT: Final = 4000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "methods",
        help="payment methods a buyer expects, ranked and explained",
        description="Rank the payment methods for one checkout and explain every method shown or dropped.",
    )
    parser.add_argument("--country", required=True, help="buyer's country, ISO 3166-1 alpha-2 (NL)")
    parser.add_argument("--currency", required=True, help="presentment currency, ISO 4217 (EUR)")
    parser.add_argument("--amount", required=True, help="order total as a decimal string (50.00)")
    parser.add_argument("--buyer", choices=_inputs.BUYER_TYPES, default="consumer")
    parser.add_argument("--channel", choices=_inputs.CHANNELS, default="web")
    parser.add_argument("--recurring", action="store_true", help="the order starts a subscription")
    parser.add_argument("--date", help="checkout day, YYYY-MM-DD (default: today)")
    parser.add_argument("--allow", help="comma-separated method ids the merchant's PSP contract covers")
    parser.add_argument("--prefer", help="comma-separated method ids to show first, in this order")
    parser.add_argument("--provider", help="the merchant's PSP (stripe, adyen, mollie, paypal)")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.set_defaults(handler=run)


def _ids(text: str | None, option: str) -> list[str] | None:
    if text is None:
        return None
    if len(text) > _MAX_LIST_TEXT:
        raise LimitExceeded(
            f"{option} is {len(text)} characters long", path=option, accepted=f"at most {_MAX_LIST_TEXT}"
        )
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise InvalidInput(
            f"{option} lists no method ids", path=option, accepted="ids separated by commas, e.g. ideal,card"
        )
    return ids


def run(args: Any) -> int:
    selection = select_methods(
        country=args.country.strip().upper(),
        currency=args.currency.strip().upper(),
        amount=args.amount.strip(),
        buyer_type=args.buyer,
        channel=args.channel,
        recurring=args.recurring,
        on=_inputs.parse_day(args.date.strip(), path="--date") if args.date is not None else None,
        allow=_ids(args.allow, "--allow"),
        prefer=_ids(args.prefer, "--prefer"),
        provider=args.provider.strip().lower() if args.provider is not None else None,
    )
    if args.format == "table":
        sys.stdout.write(render_table(selection))
    else:
        print_json(selection.to_dict())
    return 0


def render_table(selection: MethodSelection) -> str:
    """A plain-text listing for people: one block per method shown, one line per method dropped."""
    amount = format(selection.amount, "f")
    lines = [
        f"{selection.country} {selection.currency} {amount}, {selection.buyer_type}, {selection.channel}"
        f"{', recurring' if selection.recurring else ''}, {selection.on.isoformat()}",
        "",
    ]
    for method in selection.methods:
        lines.append(f"{method.position:>2}. {method.name} [{method.id}, {method.kind}]")
        lines.append(f"    {method.reason}")
        if method.provider_ids:
            ids = ", ".join(f"{psp}={pid}" for psp, pid in sorted(method.provider_ids.items()))
            lines.append(f"    ids: {ids}")
    if not selection.methods:
        lines.append("  (no method fits)")
    if selection.excluded:
        lines.extend(["", "excluded:"])
        lines.extend(f"  - {e.id} [{e.code}]: {e.reason}" for e in selection.excluded)
    if selection.notes:
        lines.extend(["", *(f"note: {note}" for note in selection.notes)])
    lines.extend(["", f"data version: {selection.data_version}", ""])
    return "\n".join(lines)
