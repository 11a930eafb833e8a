"""The character encoding of a page: byte-order mark, then the Content-Type charset, then ``<meta>``.

Only ASCII-compatible encodings can be scanned as bytes (every structural character of HTML is ASCII in
them); a UTF-16 or UTF-32 page is re-encoded as UTF-8 first, and fix mode then leaves it alone.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

__all__ = ["ascii_compatible", "detect_encoding"]

_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)
_HEADER = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _known(name: str) -> str | None:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # The WHATWG encoding standard reads latin-1 labels as windows-1252, as browsers do.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def ascii_compatible(encoding: str) -> bool:
    return not encoding.startswith(("utf-16", "utf-32"))


def detect_encoding(raw: bytes, content_type: str | None = None) -> str:
    """The encoding a browser would use for ``raw`` (UTF-8 when nothing says otherwise)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if content_type:
        match = _HEADER.search(content_type)
        if match and (found := _known(match.group(1))):
            return found
    meta = _META.search(raw, 0, 1024)
    if meta and (found := _known(meta.group(1).decode("ascii"))):
        return "utf-8" if found.startswith(("utf-16", "utf-32")) else found
    return "utf-8"
