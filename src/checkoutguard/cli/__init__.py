"""The ``checkoutguard`` command line: one sub-command per module in this package.

Exit codes, so CI jobs can act on them:

* 0 — done, nothing to report
* 1 — done, and the audit found violations
* 2 — bad input or usage (the message says what was wrong and what is accepted)
* 3 — the data has no answer (no rate for that country, currency or date)
* 4 — an I/O failure: an input file that cannot be read, an output that cannot be written
* 5 — the audit could not read the whole page (a limit stopped it): not fully audited, never a pass
* 70 — an internal error (a bug): one line on standard error, never a traceback

Whatever happens, ``main`` prints no traceback: usage errors come from argparse (exit 2), every
``CheckoutGuardError`` and ``OSError`` has its code above, and anything else is exit 70.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from checkoutguard._version import __version__
from checkoutguard.errors import CheckoutGuardError, DataError, InvalidInput, RateUnavailable, echo

__all__ = [
    "EXIT_DATA",
    "EXIT_FINDINGS",
    "EXIT_INCOMPLETE",
    "EXIT_INTERNAL",
    "EXIT_IO",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_IO = 4
EXIT_INCOMPLETE = 5
EXIT_INTERNAL = 70  # EX_SOFTWARE in BSD sysexits.h

# Each module defines ``register(subparsers)``, which adds its parser and sets ``handler``.
COMMANDS = ("quote", "rates", "methods", "audit", "demo", "serve", "price-catalog")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or with ``only`` that one (a quote need not import the audit)."""
    parser = argparse.ArgumentParser(
        prog="checkoutguard",
        description="Landed cost, payment methods and transparency checks for cross-border checkouts.",
    )
    parser.add_argument("--version", action="version", version=f"checkoutguard {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if only not in COMMANDS else (only,):
        importlib.import_module(f"checkoutguard.cli.{name.replace('-', '_')}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(next((word for word in words if not word.startswith("-")), None))
    args = parser.parse_args(words)
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
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"checkoutguard {args.command}: cannot read or write{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_IO
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line, never a traceback (CI reads exit 1 as findings)
        print(
            f"checkoutguard {args.command}: internal error {type(exc).__name__}: {echo(str(exc))}; please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
