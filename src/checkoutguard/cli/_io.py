"""Reading documents and printing results for the sub-commands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Final

from checkoutguard.errors import InvalidInput, LimitExceeded, echo

__all__ = ["MAX_DOCUMENT_BYTES", "iso_day", "print_json", "read_document"]

MAX_DOCUMENT_BYTES: Final = 5 * 1024 * 1024
_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


class _FloatInDocument(ValueError):
    pass


def _no_floats(text: str) -> Any:
    raise _FloatInDocument(f'decimal numbers are written as strings here: write "{text}", not {text}')


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {echo(key)} appears twice in one object")
        result[key] = value
    return result


def read_document(name: str) -> tuple[str, Any]:
    """Parse JSON from a file path or ``-`` (standard input), at most ``MAX_DOCUMENT_BYTES``.

    A number with a fraction, NaN, a key repeated in one object and nesting deeper than Python's
    parser can follow are ``InvalidInput`` (exit 2); a UTF-8 byte order mark is skipped, as ``audit``
    does. A file that cannot be read raises ``OSError`` naming it (exit 4).
    """
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        label = "<stdin>"
    else:
        path = Path(name)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, name) from exc
        label = name
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise LimitExceeded(f"{label} is larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
        return label, json.loads(
            text, parse_float=_no_floats, parse_constant=_no_constants, object_pairs_hook=_no_duplicates
        )
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{label} is not UTF-8 text", accepted="a JSON document") from exc
    except _FloatInDocument as exc:
        raise InvalidInput(f"{label}: {exc}", accepted='amounts, rates and weights as strings, e.g. "19.90"') from exc
    except RecursionError:
        raise LimitExceeded(f"{label} is nested too deeply to read", accepted="a JSON document") from None
    except ValueError as exc:
        raise InvalidInput(f"{label} is not valid JSON: {exc}", accepted="a JSON document") from exc


def iso_day(text: str) -> date:
    """An argparse type: ``YYYY-MM-DD`` only (``20260302`` and ``2026-W10-1`` are refused, as everywhere)."""
    if not _DAY.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{echo(text)} is not a date (accepted: YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{echo(text)} is not a date (accepted: YYYY-MM-DD)") from None


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
