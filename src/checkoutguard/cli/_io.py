"""Reading documents and printing results for the sub-commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Final

from checkoutguard.errors import InvalidInput, LimitExceeded

__all__ = ["MAX_DOCUMENT_BYTES", "print_json", "read_document"]

MAX_DOCUMENT_BYTES: Final = 5 * 1024 * 1024


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


class _FloatInDocument(ValueError):
    pass


def _no_floats(text: str) -> Any:
    raise _FloatInDocument(f'decimal numbers are written as strings here: write "{text}", not {text}')


def read_document(name: str) -> tuple[str, Any]:
    """Parse JSON from a file path or ``-`` (standard input); a number with a fraction is refused."""
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        label = "<stdin>"
    else:
        path = Path(name)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(f"cannot read {name}: {exc.strerror}", accepted="a readable file or -") from exc
        label = name
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise LimitExceeded(f"{label} is larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        return label, json.loads(raw.decode("utf-8"), parse_float=_no_floats, parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{label} is not UTF-8 text", accepted="a JSON document") from exc
    except _FloatInDocument as exc:
        raise InvalidInput(f"{label}: {exc}", accepted='amounts, rates and weights as strings, e.g. "19.90"') from exc
    except ValueError as exc:
        raise InvalidInput(f"{label} is not valid JSON: {exc}", accepted="a JSON document") from exc


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
