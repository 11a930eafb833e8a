"""Form controls on a page: checkboxes, radio buttons, selects and ARIA switches, with their default state
and their label.

A label is found the way assistive technology finds an accessible name: ``aria-labelledby``, then
``aria-label``, then ``<label for>``, a wrapping ``<label>``, ``title``, and failing all of those the
text that follows the control. Only the controls that can matter are read (checkbox and radio inputs,
selects, elements with a checkbox/switch/radio role); text inputs cost one look at their tag.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

from checkoutguard.audit.bounded import bounded
from checkoutguard.audit.html.lexer import INLINE, RAW_TEXT, Attribute, Token, decode_text, tag_attributes, tokens
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.limits import MAX_CONTROLS, MAX_OPTION_BYTES, Limit

__all__ = ["ARIA_ROLES", "Control", "Option", "read_controls", "select_options"]

ARIA_ROLES: Final = frozenset({"checkbox", "switch", "radio", "menuitemcheckbox", "menuitemradio"})
_PREFIX: Final = "data-checkoutguard-"
_NEARBY_BYTES: Final = 1_500
_TWIN_DISTANCE: Final = 600
_MEMO_TAG: Final = 1_024
# Events that are rarely controls: looked at only if they carry aria-checked.
_NEVER_CONTROLS: Final = frozenset({b"label", b"form", b"html"})
_OPTIONS_MEMO_BYTES: Final = 32_768
_NO_ANNOTATIONS: Final[Mapping[str, str]] = MappingProxyType({})
_NEARBY_CHARS: Final = 200
# Tags that end the text "next to" a control: another control, or the end of its row.
_NEARBY_STOP_START: Final = frozenset(
    {b"input", b"select", b"textarea", b"button", b"label", b"form", b"fieldset", b"table", b"ul", b"ol", b"li", b"tr"}
)
_NEARBY_STOP_END: Final = frozenset(
    {b"label", b"li", b"tr", b"p", b"fieldset", b"form", b"ul", b"ol", b"table", b"section", b"div", b"dd"}
)


class Option(NamedTuple):
    """One ``<option>`` of a select."""

    label: str
    value: str
    selected: bool
    disabled: bool
    token: Token


class Control(NamedTuple):
    """A control as found: ``kind`` is checkbox, radio, select or switch (any ARIA checkbox-like role);
    ``checked`` is the state on load (for a select: whether any option is marked selected);
    ``annotations`` holds the ``data-checkoutguard-*`` attributes without their prefix."""

    kind: str
    token: Token
    name: str
    ident: str
    value: str
    checked: bool
    required: bool
    label: str
    nearby: str
    form: int
    options: tuple[Option, ...] = ()
    annotations: Mapping[str, str] = _NO_ANNOTATIONS


class _Facts(NamedTuple):
    """What a control's own tag says. A storefront renders the same control tags on every request, so
    these are memoized on the tag's exact bytes (``_facts``): one lookup instead of a dozen."""

    kind: str
    checked: bool
    ident: str
    name: str
    value: str
    required: bool
    hidden: bool  # aria-hidden="true": the hidden twin some UI kits render after an ARIA control
    annotations: Mapping[str, str]
    explicit: str  # data-checkoutguard-label
    labelledby: str
    aria_label: str
    title: str


def _value(attrs: Mapping[str, Attribute], name: str) -> str:
    attribute = attrs.get(name)
    return "" if attribute is None else attribute.value


def _tag_facts(tag: bytes, name: bytes, encoding: str) -> _Facts | None:
    """The facts of the start tag ``tag`` (named ``name``), or None when it is no control."""
    lo = tag.lower()
    if name == b"input":
        if b"checkbox" not in lo and b"radio" not in lo:
            return None
        attrs = tag_attributes(tag, len(name), encoding)
        kind = _value(attrs, "type").strip().lower()
        if kind not in ("checkbox", "radio"):
            return None
        checked = "checked" in attrs
    elif name == b"select":
        attrs = tag_attributes(tag, len(name), encoding)
        kind, checked = "select", False
    elif name in RAW_TEXT or b"aria-checked" not in lo:
        return None
    else:
        attrs = tag_attributes(tag, len(name), encoding)
        role = (attrs["role"].value.split() or [""])[0].lower() if "role" in attrs else ""
        if role not in ARIA_ROLES or "aria-checked" not in attrs:
            return None
        kind = "radio" if role in ("radio", "menuitemradio") else "switch"
        checked = attrs["aria-checked"].value.strip().lower() == "true"
    annotations: Mapping[str, str] = _NO_ANNOTATIONS
    if b"data-checkoutguard" in lo:
        annotations = {k[len(_PREFIX) :]: a.value for k, a in attrs.items() if k.startswith(_PREFIX)}
    title = attrs.get("title")
    return _Facts(
        kind,
        checked,
        _value(attrs, "id"),
        _value(attrs, "name"),
        attrs["value"].value if "value" in attrs else ("on" if kind == "checkbox" else ""),
        "required" in attrs or _value(attrs, "aria-required") == "true",
        _value(attrs, "aria-hidden") == "true",
        annotations,
        _value(attrs, "data-checkoutguard-label"),
        _value(attrs, "aria-labelledby"),
        _value(attrs, "aria-label").strip(),
        title.value.strip() if title is not None else "",
    )


_memo_facts = bounded(2 << 20)(_tag_facts)


def _facts(page: Page, tag: Token) -> _Facts | None:
    raw = page.raw[tag.start : tag.end]
    if len(raw) > _MEMO_TAG:
        return _tag_facts(raw, tag.name, page.encoding)
    return _memo_facts(raw, tag.name, page.encoding)


def _nearby(page: Page, after: int) -> str:
    pieces: list[str] = []
    size = 0
    for token in tokens(page.lo, after, after + _NEARBY_BYTES):
        if token.kind == "text":
            text = page.decode(token.start, token.end)
            if text:
                pieces.append(text)
                size += len(text)
                if size >= _NEARBY_CHARS:
                    break
        elif token.kind == "start":
            if token.name in _NEARBY_STOP_START or (pieces and token.name not in INLINE):
                break
        elif token.kind == "end":
            if token.name in _NEARBY_STOP_END and pieces:
                break
        elif token.kind == "eof":
            break
    return " ".join(pieces)[:_NEARBY_CHARS]


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


def _for_of(tag: bytes, encoding: str) -> str:
    attribute = tag_attributes(tag, 5, encoding).get("for")
    return "" if attribute is None else attribute.value


_memo_for = bounded(512 << 10)(_for_of)


def _label_for(tag: bytes, encoding: str) -> str:
    """The ``for`` of a ``<label>`` start tag (memoized on its bytes, when short)."""
    return _memo_for(tag, encoding) if len(tag) <= _MEMO_TAG else _for_of(tag, encoding)


class _Labels:
    """The page's ``<label>`` elements and their ``for`` (memoized on each label's tag bytes), indexed by
    ``for`` lazily."""

    def __init__(self, page: Page, labels: list[Token]) -> None:
        self.page = page
        self.labels = labels
        self.starts = [t.start for t in labels]
        self._fors: list[str] | None = None
        self._by_for: dict[str, list[Token]] | None = None

    def fors(self) -> list[str]:
        if self._fors is None:
            raw, encoding = self.page.raw, self.page.encoding
            self._fors = [
                _label_for(raw[t.start : t.end], encoding)
                if t.end - t.start <= _MEMO_TAG
                else self.page.value(t, "for") or ""
                for t in self.labels
            ]
        return self._fors

    def by_for(self, ident: str) -> list[Token]:
        if self._by_for is None:
            index: dict[str, list[Token]] = {}
            for tag, target in zip(self.labels, self.fors(), strict=True):
                if target:
                    index.setdefault(target, []).append(tag)
            self._by_for = index
        return self._by_for.get(ident, [])

    def wrapping(self, position: int) -> Token | None:
        index = bisect_right(self.starts, position) - 1
        if index < 0:
            return None
        if self.fors()[index]:
            return None  # a label with ``for`` labels that element, not its content
        label = self.labels[index]
        return label if position < self.page.text(label)[1] else None


def _label(page: Page, labels: _Labels, tag: Token, facts: _Facts, aria: bool) -> str:
    if facts.explicit:
        return facts.explicit
    if facts.labelledby.strip():
        texts = []
        for ref in facts.labelledby.split()[:8]:
            target = page.element_by_id(ref)
            if target is not None:
                texts.append(page.text(target)[0])
        text = " ".join(t for t in texts if t)
        if text:
            return text
    if facts.aria_label:
        return facts.aria_label
    if facts.ident:
        texts = [page.text(label)[0] for label in labels.by_for(facts.ident)]
        text = " ".join(t for t in texts if t)
        if text:
            return text
    wrapping = labels.wrapping(tag.start)
    if wrapping is not None:
        text = page.text(wrapping)[0]
        if text:
            return text
    if aria:
        text = page.text(tag)[0]
        if text:
            return text
    return facts.title


def read_controls(page: Page, limits: list[Limit]) -> list[Control]:
    """Every checkbox, radio, select and ARIA switch on the page, in document order, up to ``MAX_CONTROLS``
    (a limit that stops reading is added to ``limits``)."""
    events = page.scan.events
    labels = _Labels(page, [Token("start", e.start, e.end, e.name) for e in events if e.name == b"label"])
    found: list[Control] = []
    aria = page.scan.may_hold(b"aria-checked")
    for start, end, kind, name in events:
        if kind != "start" or (name != b"input" and name != b"select" and not aria):
            continue

        if name in _NEVER_CONTROLS and page.lo.find(b"aria-checked", start, end) < 0:
            continue
        tag = Token("start", start, end, name)
        facts = _facts(page, tag)
        if facts is None:
            continue
        if len(found) >= MAX_CONTROLS:
            unread = f"the controls from byte {start} on were not read"
            limits.append(Limit("controls", MAX_CONTROLS, unread))
            break
        if facts.hidden and name == b"input" and found:
            previous = found[-1].token
            if previous.name not in (b"input", b"select") and start - previous.end < _TWIN_DISTANCE:
                continue  # the hidden twin some UI kits (Radix) render after an ARIA checkbox
        if "ignore" in facts.annotations:
            continue
        options: tuple[Option, ...] = ()
        checked = facts.checked
        if name == b"select":
            options, end = select_options(page, tag, limits)
            checked = any(o.selected for o in options)
        label = _label(page, labels, tag, facts, aria=name != b"input" and name != b"select")
        found.append(
            Control(
                facts.kind,
                tag,
                facts.name,
                facts.ident,
                facts.value,
                checked,
                facts.required,
                label,
                "" if label else _nearby(page, end),
                page.form_of(start),
                options,
                facts.annotations,
            )
        )
    return found
