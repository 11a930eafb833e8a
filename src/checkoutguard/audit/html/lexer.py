"""The HTML tokenizer grammar that both extraction paths share: tags, attributes, comments and raw text.

It follows the WHATWG tokenizer wherever it decides what is markup and what is text: quoted attribute
values may hold ``<`` and ``>``, comments end at ``-->`` (or ``--!>``), ``<!``/``<?``/``</`` + non-letter
open bogus comments, script/style/textarea/title and friends hold raw text up to their own end tag, and
a tag cut off by the end of the file swallows the rest. It builds no tree: callers that need an element's
text walk forward from its start tag with ``element_text``.

Structure is read from a lower-cased copy of the page (``lo``); attribute values and text come from the
original bytes (``raw``), so every offset is an offset into the page as served.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator, Mapping
from typing import Final, NamedTuple

__all__ = [
    "BLOCK_BREAKS",
    "INLINE",
    "RAW_TEXT",
    "TAG",
    "TAG_NAME",
    "TAG_REST",
    "TOKEN",
    "VOID",
    "Attribute",
    "Token",
    "attributes",
    "decode_text",
    "element_text",
    "element_text_of",
    "is_taglike",
    "opens_value",
    "raw_text_end",
    "tag_at",
    "tag_attributes",
    "token_at",
    "tokens",
]

_WS: Final = b"\t\n\f\r "
#: The tag grammar as pattern text: a name, then everything up to the ``>`` that is not in a quoted value.
TAG_NAME: Final = rb"([a-z][^\t\n\f\r />]*+)"
TAG_REST: Final = rb"[^>=]*+(?:=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]*+)[^>=]*+)*+>"
#: One whole start or end tag at a ``<`` (quoted values may hold ``>``); no match means the tag is cut off
#: by the end of the page.
TAG = re.compile(rb"</?" + TAG_NAME + TAG_REST)
_NAME = re.compile(rb"</?([a-z][^\t\n\f\r />]*+)")
# Groups: the spaces before the name (a fix removes them with it), the name, then the value as written
# in double quotes, single quotes or bare.
_ATTRIBUTE = re.compile(
    rb"(?:[\t\n\f\r ]*+/)*+([\t\n\f\r ]*+)((?:=|[^\t\n\f\r />=])[^\t\n\f\r />=]*+)"
    rb"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\t\n\f\r >]*+)))?"
)
# One step per token: a comment opener, a complete tag (the same grammar as ``TAG``), or any other
# tag-like "<" (bogus comment, or a tag cut off by the end of the page), which ``token_at`` sorts out.
TOKEN = re.compile(rb"<(?:!--|(/?)" + TAG_NAME + TAG_REST + rb"|(?=[a-z/!?]))")
_OPENERS: Final = frozenset(b"=\t\n\f\r ")  # what precedes a quote that may open a value
_TAGLIKE_NEXT: Final = frozenset(b"abcdefghijklmnopqrstuvwxyz/!?")
_SPACE = re.compile(r"\s+")
_COMMENT_CLOSE = re.compile(rb"--!?>")
_MEMO_BYTES: Final = 512
_MEMO_TAG: Final = 1_024
_MEMO_ELEMENT: Final = 2_048

#: Elements whose content is raw text (RAWTEXT/RCDATA, or script data): no markup inside. ``noscript`` is
#: raw text in a browser with scripting on, which is what a buyer has.
RAW_TEXT: Final = frozenset(
    {b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes", b"noscript"}
)
VOID: Final = frozenset(
    {
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
    }
)
#: Inline elements: their tags do not separate words (``<b>Ter</b>ms`` reads "Terms").
INLINE: Final = frozenset(
    {
        b"a",
        b"abbr",
        b"b",
        b"bdi",
        b"bdo",
        b"cite",
        b"code",
        b"data",
        b"del",
        b"dfn",
        b"em",
        b"font",
        b"i",
        b"ins",
        b"kbd",
        b"mark",
        b"q",
        b"s",
        b"samp",
        b"small",
        b"span",
        b"strike",
        b"strong",
        b"sub",
        b"sup",
        b"time",
        b"tt",
        b"u",
        b"var",
    }
)
#: Tags that start a new row when a summary region is split into lines.
BLOCK_BREAKS: Final = frozenset(
    {
        b"address",
        b"article",
        b"aside",
        b"blockquote",
        b"br",
        b"caption",
        b"dd",
        b"details",
        b"div",
        b"dl",
        b"dt",
        b"fieldset",
        b"figure",
        b"footer",
        b"form",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"header",
        b"hr",
        b"li",
        b"main",
        b"nav",
        b"ol",
        b"p",
        b"section",
        b"summary",
        b"table",
        b"tbody",
        b"tfoot",
        b"thead",
        b"tr",
        b"ul",
    }
)
# A start tag at depth 0 that implicitly ends the element being read (``<li>a<li>b``).
_ENDED_BY: Final = {
    b"li": frozenset({b"li"}),
    b"dt": frozenset({b"dt", b"dd"}),
    b"dd": frozenset({b"dt", b"dd"}),
    b"tr": frozenset({b"tr", b"tbody", b"tfoot", b"thead"}),
    b"td": frozenset({b"td", b"th", b"tr"}),
    b"th": frozenset({b"td", b"th", b"tr"}),
    b"option": frozenset({b"option", b"optgroup"}),
    b"p": frozenset(BLOCK_BREAKS - {b"br", b"hr", b"summary", b"caption", b"tbody", b"thead", b"tfoot", b"tr"}),
}
_SKIPPED_TEXT: Final = frozenset({b"select", b"button", b"template", b"svg", b"math"})


class Token(NamedTuple):
    """One token: ``kind`` is start, end, text, comment, bogus, raw (the content of a raw-text element) or
    eof (a tag cut off by the end of the page). A named tuple, not a dataclass: the scanner makes one per
    candidate on the hot path and tuples are built in half the time."""

    kind: str
    start: int
    end: int
    name: bytes = b""


class Attribute(NamedTuple):
    """An attribute as parsed, with the byte span a fix must remove to drop it (leading spaces included)."""

    value: str
    present: bool
    span: tuple[int, int]
    value_span: tuple[int, int] | None


def is_taglike(lo: bytes, i: int) -> bool:
    """Whether the ``<`` at ``i`` opens a token (tag, end tag, comment, bogus comment) rather than text."""
    return i + 1 < len(lo) and lo[i + 1] in _TAGLIKE_NEXT


def _bogus_end(lo: bytes, i: int) -> int:
    close = lo.find(b">", i)
    return len(lo) if close < 0 else close + 1


def comment_end(lo: bytes, i: int) -> int:
    """End of the comment opened by ``<!--`` at ``i`` (``<!-->`` and ``<!--->`` are empty comments)."""
    body = i + 4
    if lo.startswith(b">", body):
        return body + 1
    if lo.startswith(b"->", body):
        return body + 2
    # One forward search for the first ``-->`` or ``--!>``: the leftmost match is also the one that ends
    # first, and the search never reads past it (two unbounded ``find`` calls made every comment cost
    # the rest of the page).
    close = _COMMENT_CLOSE.search(lo, body)
    return len(lo) if close is None else close.end()


def raw_text_end(lo: bytes, name: bytes, content: int) -> tuple[int, int]:
    """Where the raw text of element ``name`` starting at ``content`` ends, and where its end tag ends."""
    needle = b"</" + name
    i = lo.find(needle, content)
    while i >= 0:
        after = i + len(needle)
        if after >= len(lo) or lo[after] in b"\t\n\f\r />":
            return i, tag_at(lo, i).end
        i = lo.find(needle, after)
    return len(lo), len(lo)


def opens_value(lo: bytes, floor: int, k: int) -> bool:
    """Whether the quote at ``k`` follows ``=`` (and white space): it may open an attribute value."""
    j = k - 1
    while j >= floor and lo[j] in _WS:
        j -= 1
    return j >= floor and lo[j] == 0x3D


def tag_at(lo: bytes, i: int) -> Token:
    """The start or end tag at ``i`` (``lo[i]`` is ``<``, followed by a letter or ``/`` and a letter).

    Most tags end at the first ``>``: that holds unless a quote before it opens an attribute value, which
    only the full grammar can settle.
    """
    name = _NAME.match(lo, i)
    if name is None:
        return Token("bogus", i, i + 1)
    gt = lo.find(b">", name.end())
    if gt >= 0:
        dq = lo.rfind(b'"', i, gt)
        sq = lo.rfind(b"'", i, gt)
        if (dq < 0 or (lo[dq - 1] not in _OPENERS or not opens_value(lo, i, dq))) and (
            sq < 0 or (lo[sq - 1] not in _OPENERS or not opens_value(lo, i, sq))
        ):
            return Token("end" if lo[i + 1] == 0x2F else "start", i, gt + 1, name.group(1))
        match = TAG.match(lo, i)
        if match is not None:
            return Token("end" if lo[i + 1] == 0x2F else "start", i, match.end(), name.group(1))
    return Token("eof", i, len(lo))  # cut off by the end of the file: the tag swallows the rest


def token_at(lo: bytes, i: int) -> Token:
    """The token that starts with the ``<`` at ``i`` (raw-text content is not included: see ``tokens``)."""
    nxt = lo[i + 1 : i + 2]
    if nxt.isalpha() or (nxt == b"/" and lo[i + 2 : i + 3].isalpha()):
        return tag_at(lo, i)
    if nxt == b"!":
        if lo.startswith(b"<!--", i):
            return Token("comment", i, comment_end(lo, i))
        return Token("bogus", i, _bogus_end(lo, i + 2))
    if nxt == b"?":
        return Token("bogus", i, _bogus_end(lo, i + 2))
    if nxt == b"/":
        if lo.startswith(b"</>", i):
            return Token("bogus", i, i + 3)
        return Token("bogus", i, _bogus_end(lo, i + 2))
    return Token("text", i, i + 1)


def tokens(lo: bytes, start: int, stop: int | None = None) -> Iterator[Token]:
    """Every token from ``start`` (which must be a position in data state) up to ``stop``.

    Text runs are merged across lone ``<`` characters. The content of a raw-text element comes as one
    ``raw`` token between its start and end tags; ``plaintext`` turns the rest of the page into raw text.
    """
    n = len(lo)
    limit = n if stop is None else min(stop, n)
    pos = start
    text_from = start
    search = TOKEN.search
    while pos < limit:
        match = search(lo, pos, limit)
        if match is None:
            break
        i = match.start()
        if i > text_from:
            yield Token("text", text_from, i)
        name = match.group(2)
        if name is not None:  # a whole tag, matched by the grammar in one step
            token = Token("end" if match.group(1) else "start", i, match.end(), name)
        else:
            token = token_at(lo, i)
        yield token
        if token.kind == "eof":
            return
        pos = token.end
        if token.kind == "start":
            if token.name in RAW_TEXT:
                content_end, element_end = raw_text_end(lo, token.name, token.end)
                if content_end > token.end:
                    yield Token("raw", token.end, content_end, token.name)
                if element_end > content_end:
                    yield Token("end", content_end, element_end, token.name)
                pos = element_end
            elif token.name == b"plaintext":
                if n > token.end:
                    yield Token("raw", token.end, n, token.name)
                return
        text_from = pos
    if limit > text_from:
        yield Token("text", text_from, limit)


def attributes(raw: bytes, tag: Token, encoding: str = "utf-8") -> dict[str, Attribute]:
    """The attributes of a start tag: names lower-cased, the first of duplicates kept, values unescaped."""
    return _parse_attributes(raw, tag.start + 1 + len(tag.name), tag.end - 1, 0, encoding)


def tag_attributes(tag_bytes: bytes, name_length: int, encoding: str = "utf-8") -> Mapping[str, Attribute]:
    """The attributes of the start tag ``tag_bytes`` (the whole tag, ``<`` to ``>``) with spans relative to
    its ``<``. A storefront serves the same tags on every request, so tags up to ``_MEMO_TAG`` bytes are
    memoized on their exact bytes (bounded in count): the result is shared, never to be changed."""
    if len(tag_bytes) <= _MEMO_TAG:
        return _tag_attributes(tag_bytes, name_length, encoding)
    return _parse_attributes(tag_bytes, 1 + name_length, len(tag_bytes) - 1, 0, encoding)


def _parse_attributes(raw: bytes, start: int, stop: int, shift: int, encoding: str) -> dict[str, Attribute]:
    found: dict[str, Attribute] = {}
    for match in _ATTRIBUTE.finditer(raw, start, stop):
        _, name_bytes, double, single, bare = match.groups()
        name = name_bytes.lower().decode(encoding, "replace")
        if name in found:
            continue
        span = (match.start(1) + shift, match.end() + shift)
        if double is not None:
            value_bytes, group = double, 3
        elif single is not None:
            value_bytes, group = single, 4
        elif bare is not None:
            value_bytes, group = bare, 5
        else:
            found[name] = Attribute("", True, span, None)
            continue
        value = value_bytes.decode(encoding, "replace")
        if "&" in value:
            value = html.unescape(value)
        found[name] = Attribute(value, True, span, (match.start(group) + shift, match.end(group) + shift))
    return found


def _memo_attributes(tag_bytes: bytes, name_length: int, encoding: str) -> Mapping[str, Attribute]:
    return _parse_attributes(tag_bytes, 1 + name_length, len(tag_bytes) - 1, 0, encoding)


_tag_attributes = functools.lru_cache(maxsize=4_096)(_memo_attributes)


def decode_text(raw: bytes, encoding: str) -> str:
    """Text as a reader sees it: character references resolved, runs of white space collapsed. Labels and
    row texts repeat from one request to the next, so short ones are memoized (bounded in count and size)."""
    return _decode_short(raw, encoding) if len(raw) <= _MEMO_BYTES else _decode(raw, encoding)


def _decode(raw: bytes, encoding: str) -> str:
    text = raw.decode(encoding, "replace")
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


_decode_short = functools.lru_cache(maxsize=4_096)(_decode)


def element_text(
    lo: bytes,
    raw: bytes,
    start_tag: Token,
    encoding: str = "utf-8",
    *,
    max_bytes: int = 16_384,
    max_chars: int = 400,
) -> tuple[str, int]:
    """The visible text inside the element opened by ``start_tag``, and where the element ends.

    Without a tree, the element ends at its own end tag, at an end tag of something it did not open (which
    closes an ancestor), at a start tag that implicitly closes it (``<li>`` after ``<li>``), or after
    ``max_bytes``. Text inside nested select, button, template, svg and raw-text elements is left out.
    """
    text, end, _ = _element_text(lo, raw, start_tag, encoding, max_bytes, max_chars)
    return text, end


def element_text_of(
    element: bytes, tag_length: int, name_length: int, encoding: str = "utf-8"
) -> tuple[str, int] | None:
    """``element_text`` of an element given as its own bytes (its start tag of ``tag_length`` bytes, then
    up to its end tag), or None when the bytes do not settle it (the element runs past them). The answer
    then holds wherever those bytes appear, so it is memoized on them: a storefront repeats its labels."""
    if len(element) > _MEMO_ELEMENT:
        return _element_text_of(element, tag_length, name_length, encoding)
    return _element_text_memo(element, tag_length, name_length, encoding)


def _element_text_of(element: bytes, tag_length: int, name_length: int, encoding: str) -> tuple[str, int] | None:
    lo = element.lower()
    tag = Token("start", 0, tag_length, lo[1 : 1 + name_length])
    text, end, settled = _element_text(lo, element, tag, encoding, 16_384, 400)
    return (text, end) if settled else None


_element_text_memo = functools.lru_cache(maxsize=2_048)(_element_text_of)


def _element_text(
    lo: bytes, raw: bytes, start_tag: Token, encoding: str, max_bytes: int, max_chars: int
) -> tuple[str, int, bool]:
    """``element_text`` and whether a tag in the input settled where the element ends (not the end of
    the input or of ``max_bytes``)."""
    name = start_tag.name
    if name in VOID:
        return "", start_tag.end, True
    ended_by = _ENDED_BY.get(name, frozenset())
    stack: list[bytes] = []
    pieces: list[bytes] = []
    size = 0
    end = start_tag.end
    settled = False
    for token in tokens(lo, start_tag.end, start_tag.end + max_bytes):
        end = token.end
        kind = token.kind
        if kind == "text":
            if size < max_chars * 4 and not any(s in _SKIPPED_TEXT for s in stack):
                piece = raw[token.start : token.end]
                pieces.append(piece)
                size += len(piece)
        elif kind == "start":
            tag = token.name
            if not stack and tag in ended_by:
                end = token.start
                settled = True
                break
            if tag not in INLINE:
                pieces.append(b" ")
            if tag not in VOID and tag not in RAW_TEXT:
                stack.append(tag)
        elif kind == "end":
            tag = token.name
            if tag in RAW_TEXT and (not stack or stack[-1] != tag):
                continue
            if tag in stack:
                while stack and stack.pop() != tag:
                    pass
                if tag not in INLINE:
                    pieces.append(b" ")
                continue
            if tag != name:
                end = token.start
            settled = True
            break
        elif kind == "eof":
            break
    text = decode_text(b"".join(pieces), encoding)
    if len(text) > max_chars:
        text = text[:max_chars].rstrip()
    return text, end, settled
