"""The options of a ``<select>`` as the token reader finds them, with the byte span of each ``<option>``.

The DOM reader (``checkoutguard.audit.dom.controls``) reads controls and their labels; a select's options
are also read here, from the page's bytes, because fix mode moves ``selected`` between their start tags
and the option-bytes limit stops reading a select that runs on. Memoized on the select's bytes: a
country list repeats on every request.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.html.lexer import Token, decode_text, tag_attributes, tokens
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.limits import MAX_OPTION_BYTES, Limit

__all__ = ["Option", "select_options"]

_OPTIONS_MEMO_BYTES: Final = 32_768


class Option(NamedTuple):
    """One ``<option>`` of a select."""

    label: str
    value: str
    selected: bool
    disabled: bool
    token: Token


# An option as read from a select's bytes: label, value, selected, disabled, and its tag's span.
_OptionRead = tuple[str, str, bool, bool, int, int]


def _read_options(lo: bytes, raw: bytes, start: int, encoding: str) -> tuple[tuple[_OptionRead, ...], int, bool]:
    """The options of the select whose start tag ends at ``start``, where the select ends, and whether a
    tag in the input settled that (not the end of the input)."""
    found: list[_OptionRead] = []
    current: Token | None = None
    pieces: list[str] = []
    end = start
    settled = False

    def close() -> None:
        if current is not None:
            attrs = tag_attributes(raw[current.start : current.end], len(current.name), encoding)
            label = " ".join(p for p in pieces if p)
            value = attrs["value"].value if "value" in attrs else label
            found.append((label, value, "selected" in attrs, "disabled" in attrs, current.start, current.end))

    for token in tokens(lo, start, start + MAX_OPTION_BYTES):
        end = token.end
        if token.kind == "start":
            if token.name == b"option":
                close()
                current, pieces = token, []
            elif token.name in (b"select", b"input", b"textarea"):
                end = token.start
                settled = True
                break  # these close a select (HTML "in select" insertion mode)
        elif token.kind == "end":
            if token.name == b"select":
                settled = True
                break
            if token.name in (b"option", b"optgroup"):
                close()
                current, pieces = None, []
        elif token.kind == "text" and current is not None:
            pieces.append(decode_text(raw[token.start : token.end], encoding))
        elif token.kind == "eof":
            break
        elif len(found) >= 200:
            settled = True
            break
    close()
    return tuple(found), end, settled


def _select_options(element: bytes, tag_length: int, encoding: str) -> tuple[tuple[_OptionRead, ...], int] | None:
    options, end, settled = _read_options(element.lower(), element, tag_length, encoding)
    return (options, end) if settled else None


_memo_options = bounded(2 << 20)(_select_options)


def select_options(page: Page, select: Token, limits: list[Limit]) -> tuple[tuple[Option, ...], int]:
    """The select's options and where it ends; memoized on the select's bytes up to its first ``</select>``
    when those bytes settle it (country lists repeat on every request)."""
    found: tuple[tuple[_OptionRead, ...], int] | None = None
    close = page.lo.find(b"</select", select.end, select.end + _OPTIONS_MEMO_BYTES)
    gt = page.lo.find(b">", close, select.end + _OPTIONS_MEMO_BYTES) if close >= 0 else -1
    if gt >= 0:
        found = _memo_options(page.raw[select.start : gt + 1], select.end - select.start, page.encoding)
        if found is not None:
            shift = select.start
            options = tuple(
                Option(label, value, selected, disabled, Token("start", shift + a, shift + b, b"option"))
                for label, value, selected, disabled, a, b in found[0]
            )
            return options, shift + found[1]
    read, end, settled = _read_options(page.lo, page.raw, select.end, page.encoding)
    if not settled and select.end + MAX_OPTION_BYTES < len(page.lo):
        unread = f"the select at byte {select.start} runs on; its options after {MAX_OPTION_BYTES} bytes were not read"
        limits.append(Limit("option_bytes", MAX_OPTION_BYTES, unread))
    options = tuple(
        Option(label, value, selected, disabled, Token("start", a, b, b"option"))
        for label, value, selected, disabled, a, b in read
    )
    return options, end
