"""What in a response can be audited, and its body as the page: content types, encodings, bounded decoding.

Decompression is bounded by the same limit as the raw body, so a small gzip or brotli bomb costs at
most ``limit`` bytes before the guard gives up and says "too large".
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Final

try:  # brotli is optional: "br" bodies are read only where it is installed
    import brotli
except ImportError:  # pragma: no cover - the dev extra installs it
    brotli = None

__all__ = ["TooLarge", "Unreadable", "classify", "decode", "encode", "fixed_headers", "header"]

Headers = Sequence[tuple[bytes, bytes]]

_NO_BODY_STATUS: Final = frozenset({204, 205, 206, 304})
#: Headers that describe the old bytes and would be wrong after a fix.
_STALE: Final = frozenset({b"content-length", b"etag", b"content-md5", b"digest", b"repr-digest", b"content-digest"})


class TooLarge(Exception):
    """The decoded page would pass the limit."""


class Unreadable(Exception):
    """The body does not decode with its declared content encoding."""


def header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def classify(method: str, status: int, headers: Headers) -> tuple[str, str]:
    """``("html" | "json", encoding)`` when the response can be audited, else ``("skip", reason)``."""
    if method == "HEAD":
        return "skip", "head"
    if not 200 <= status < 300 or status in _NO_BODY_STATUS:
        return "skip", "status"
    media = (header(headers, b"content-type") or b"").split(b";")[0].strip().lower()
    if media in (b"text/html", b"application/xhtml+xml"):
        kind = "html"
    elif media == b"application/json" or media.endswith(b"+json"):
        kind = "json"
    elif media == b"text/event-stream":
        return "skip", "event-stream"
    else:
        return "skip", "content-type"
    encoding = (header(headers, b"content-encoding") or b"identity").strip().lower()
    if encoding in (b"identity", b""):
        return kind, "identity"
    if encoding in (b"gzip", b"x-gzip"):
        return kind, "gzip"
    if encoding == b"br" and brotli is not None:
        return kind, "br"
    return "skip", "encoding"


def declared_length(headers: Headers) -> int | None:
    value = header(headers, b"content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def decode(raw: bytes, encoding: str, limit: int) -> bytes:
    """The page under its content encoding; raises ``TooLarge`` past ``limit`` bytes, ``Unreadable``."""
    if encoding == "identity":
        return raw
    try:
        if encoding == "gzip":
            inflater = zlib.decompressobj(wbits=31)
            page = inflater.decompress(raw, limit + 1)
            if len(page) > limit or inflater.unconsumed_tail:
                raise TooLarge
            if not inflater.eof:
                raise Unreadable("the gzip stream ends early")
            return page
        assert brotli is not None
        decompressor = brotli.Decompressor()
        page = decompressor.process(raw, output_buffer_limit=limit + 1)
        if len(page) > limit:
            raise TooLarge
        if not decompressor.is_finished():
            raise Unreadable("the brotli stream ends early")
        return bytes(page)
    except (zlib.error, ValueError) as exc:
        raise Unreadable(str(exc)) from exc
    except Exception as exc:
        if brotli is not None and isinstance(exc, brotli.error):
            raise Unreadable(str(exc)) from exc
        raise


def encode(page: bytes, encoding: str) -> bytes:
    """``page`` under ``encoding`` again (gzip at level 6, brotli at quality 5: fast, about gzip -9's size)."""
    if encoding == "gzip":
        deflater = zlib.compressobj(6, zlib.DEFLATED, 31)
        return deflater.compress(page) + deflater.flush()
    if encoding == "br":
        assert brotli is not None
        return bytes(brotli.compress(page, quality=5))
    return page


def fixed_headers(headers: Headers, length: int) -> list[tuple[bytes, bytes]]:
    """``headers`` for a changed body: a new Content-Length, validators of the old bytes dropped."""
    out = [(k, v) for k, v in headers if k.lower() not in _STALE]
    out.append((b"content-length", str(length).encode("latin-1")))
    return out
