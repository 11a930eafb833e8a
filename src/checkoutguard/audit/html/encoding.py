"""The character encoding of a page, decided as a browser decides it.

The WHATWG HTML "encoding sniffing algorithm": a byte-order mark (UTF-8, UTF-16LE, UTF-16BE; there is no
UTF-32 on the web), then the ``charset`` of the Content-Type, then the *prescan* of the first 1,024 bytes
for a ``<meta charset>`` or ``<meta http-equiv=content-type content="...; charset=...">``, else UTF-8.
Labels are resolved with the Encoding Standard's own table (``webencodings``, the library html5lib and
WeasyPrint use): a label it does not list is ignored, as a browser ignores it, so Python codec names
(``cp037``, ``utf-7``, ``punycode``, ``rot13``...) never decode a page.

The scan reads bytes, so only encodings in which every byte below 0x80 is ASCII are scanned as they
are; a UTF-16, ISO-2022-JP or x-user-defined page is decoded and re-encoded as UTF-8 first (fix mode then
leaves it alone). A page in the "replacement" encoding (ISO-2022-KR, HZ-GB-2312...) is a single U+FFFD
to a browser: there is nothing to read, and the report says so.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Final, NamedTuple

import webencodings

from checkoutguard.audit.html.lexer import TAG_REST

__all__ = ["PRESCAN_BYTES", "PageEncoding", "detect", "reencode"]

#: Bytes the prescan reads for a ``<meta>`` (the HTML standard's figure).
PRESCAN_BYTES: Final = 1_024
_BOMS: Final = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16be"), (codecs.BOM_UTF16_LE, "utf-16le"))
# The Encoding Standard's names whose bytes below 0x80 are not all ASCII, or that Python has no codec for.
_REENCODED: Final = frozenset({"utf-16be", "utf-16le", "iso-2022-jp", "x-user-defined"})
# The Encoding Standard's "gbk" decoder is its gb18030 decoder; every other name decodes with
# webencodings' choice of Python codec (cp1252 for windows-1252, cp932 for Shift_JIS...).
_PYTHON: Final = {"gbk": "gb18030"}
_SPACE: Final = b"\t\n\f\r "
_HEADER_CHARSET = re.compile(r"""charset[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|([^;"\t\n\f\r ]*))""", re.IGNORECASE)
_META_OPEN = re.compile(rb"<meta[\t\n\f\r /]", re.IGNORECASE)
_TAG_OPEN = re.compile(rb"</?[a-zA-Z]")
# "Get an attribute": separators, then ">" (group 1) or a name (2; a leading "=" belongs to it), then
# perhaps "=" (3) and a value in double (4) or single (5) quotes or bare (6).
_ATTRIBUTE = re.compile(
    rb"[\t\n\f\r /]*+(?:(>)|((?:=|[^\t\n\f\r /=>])[^\t\n\f\r /=>]*+)"
    rb"(?:[\t\n\f\r ]*+(=)[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\t\n\f\r >\"'][^\t\n\f\r >]*+))?)?)"
)
# A tag as "get an attribute" reads it: a name to white space or ">", then attributes whose quoted values
# may hold ">" (the tokenizer's grammar, ``lexer.TAG_REST``, reads attributes the same way).
_TAG_SKIP = re.compile(rb"</?[a-zA-Z][^\t\n\f\r >]*" + TAG_REST, re.IGNORECASE)


class PageEncoding(NamedTuple):
    """The Encoding Standard's ``name`` for the page, the Python ``codec`` that decodes it, and what
    decided it: ``bom``, ``content-type``, ``meta`` or ``default``."""

    name: str
    codec: str
    source: str

    @property
    def ascii_compatible(self) -> bool:
        """Whether the page can be scanned as bytes: every byte below 0x80 is the ASCII character."""
        return self.name not in _REENCODED and self.name != "replacement"

    @property
    def replacement(self) -> bool:
        """Whether a browser shows the whole page as one U+FFFD."""
        return self.name == "replacement"


@functools.lru_cache(maxsize=512)  # labels of at most 64 characters: a few tens of KB at most
def _encoding(label: str | bytes, source: str) -> PageEncoding | None:
    """The Encoding Standard's "get an encoding": None for a label it does not list."""
    text = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    found = webencodings.lookup(text) if len(text) <= 64 else None
    if found is None:
        return None
    return PageEncoding(found.name, _PYTHON.get(found.name, found.codec_info.name), source)


def detect(raw: bytes, content_type: str | None = None) -> PageEncoding:
    """The encoding a browser uses for ``raw`` served with ``content_type``."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            found = _encoding(name, "bom")
            assert found is not None
            return found
    if content_type:
        match = _HEADER_CHARSET.search(content_type[:1_024])
        if match and (found := _encoding(match.group(1) or match.group(2) or "", "content-type")):
            return found
    return prescan(raw[:PRESCAN_BYTES]) or PageEncoding("utf-8", "utf-8", "default")


def reencode(raw: bytes, encoding: PageEncoding) -> bytes:
    """``raw`` decoded as ``encoding`` (an encoding that is not ASCII-compatible) and encoded as UTF-8."""
    codec = webencodings.lookup(encoding.name)
    assert codec is not None
    if raw.startswith(codecs.BOM_UTF16_BE if encoding.name == "utf-16be" else codecs.BOM_UTF16_LE):
        raw = raw[2:]
    text: str = codec.codec_info.decode(raw, "replace")[0]
    return text.encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------------------------------------- prescan
class _End(Exception):
    """The prescan ran off the end of its bytes: it found nothing."""


def prescan(head: bytes) -> PageEncoding | None:
    """The HTML standard's "prescan a byte stream to determine its encoding" over ``head`` (the page's
    first ``PRESCAN_BYTES``): comments are skipped, attributes parsed as the tokenizer would, the first
    ``<meta>`` that names an encoding the Encoding Standard knows wins. Bounded by ``len(head)``."""
    try:
        return _prescan(head)
    except _End:
        return None


def _prescan(b: bytes) -> PageEncoding | None:
    # Every step that only skips is one C-level search (a byte-by-byte walk cost ~70 µs a page); the
    # attributes of a <meta> are read byte by byte, as the standard spells it out.
    n = len(b)
    i = b.find(b"<")
    while 0 <= i < n:
        if b.startswith(b"<!--", i):
            close = b.find(b"-->", i + 2)  # "<!-->" ends at its own ">"
            if close < 0:
                return None
            i = close + 3
        elif _META_OPEN.match(b, i):
            found, i = _meta(b, i + 6)
            if found is not None:
                return found
        elif _TAG_OPEN.match(b, i):
            tag = _TAG_SKIP.match(b, i)  # the tag with its attributes, quoted values holding ">" included
            if tag is None:
                return None
            i = tag.end()
        elif b.startswith((b"<!", b"</", b"<?"), i):
            close = b.find(b">", i + 2)
            if close < 0:
                return None
            i = close + 1
        else:
            i += 1
        i = b.find(b"<", i)
    return None


def _meta(b: bytes, i: int) -> tuple[PageEncoding | None, int]:
    names: set[bytes] = set()
    got_pragma = False
    need_pragma: bool | None = None
    charset: PageEncoding | None = None
    while True:
        attribute, i = _attribute(b, i)
        if attribute is None:
            break
        name, value = attribute
        if name in names:
            continue
        names.add(name)
        if name == b"http-equiv":
            got_pragma = got_pragma or value == b"content-type"
        elif name == b"content" and charset is None:
            label = _charset_in_content(value)
            if label is not None:
                charset = _encoding(label, "meta")
                need_pragma = True
        elif name == b"charset":
            charset = _encoding(value, "meta")
            need_pragma = False
    if need_pragma is None or (need_pragma and not got_pragma) or charset is None:
        return None, i
    if charset.name in ("utf-16be", "utf-16le"):
        return PageEncoding("utf-8", "utf-8", "meta"), i
    if charset.name == "x-user-defined":
        return PageEncoding("windows-1252", "cp1252", "meta"), i
    return charset, i


def _attribute(b: bytes, i: int) -> tuple[tuple[bytes, bytes] | None, int]:
    """The HTML standard's "get an attribute": (name, value) lower-cased, or None at a ``>``; ``_End``
    when the bytes run out first."""
    match = _ATTRIBUTE.match(b, i)
    assert match is not None  # every part of the pattern is optional
    if match.group(1):
        return None, match.start(1)
    end = match.end()
    if end >= len(b):
        raise _End  # a name or a value running to the end of the bytes
    double, single, bare = match.group(4, 5, 6)
    if match.group(3) and double is None and single is None and bare is None and b[end] in b"\"'":
        raise _End  # a quote that never closes
    value = double if double is not None else single if single is not None else bare or b""
    return (match.group(2).lower(), value.lower()), end


def _charset_in_content(value: bytes) -> bytes | None:
    """The HTML standard's "extract a character encoding from a meta element" (``value`` lower-cased)."""
    i = 0
    while True:
        i = value.find(b"charset", i)
        if i < 0:
            return None
        i += 7
        while i < len(value) and value[i] in _SPACE:
            i += 1
        if value[i : i + 1] == b"=":
            break
    i += 1
    while i < len(value) and value[i] in _SPACE:
        i += 1
    if i >= len(value):
        return None
    if value[i] in b"\"'":
        close = value.find(value[i : i + 1], i + 1)
        return value[i + 1 : close] if close >= 0 else None
    end = i
    while end < len(value) and value[end] not in b"\t\n\f\r ;":
        end += 1
    return value[i:end]
