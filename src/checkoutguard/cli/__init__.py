"""The ``checkoutguard`` command line: one sub-command per module in this package.

Exit codes, so CI jobs can act on them:

* 0 — done, nothing to report
* 1 — done, and the audit found violations
* 2 — bad input or usage (the message says what was wrong and what is accepted)
* 3 — the data has no answer (no rate for that country, currency or date)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from checkoutguard._version import __version__
from checkoutguard.errors import CheckoutGuardError, DataError, InvalidInput, RateUnavailable

__all__ = ["EXIT_DATA", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_DATA = 3

# Each module defines ``register(subparsers)``, which adds its parser and sets ``handler``.
COMMANDS = ("quote", "rates", "methods", "audit", "price-catalog")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checkoutguard",
        description="Landed cost, payment methods and transparency checks for cross-border checkouts.",
    )
    parser.add_argument("--version", action="version", version=f"checkoutguard {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"checkoutguard.cli.{name.replace('-', '_')}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except InvalidInput as exc:
        print(f"checkoutguard {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (RateUnavailable, DataError) as exc:
        print(f"checkoutguard {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATA
    except CheckoutGuardError as exc:  # pragma: no cover - every subclass is handled above
        print(f"checkoutguard {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
