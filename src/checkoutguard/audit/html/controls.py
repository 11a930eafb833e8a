"""Form controls on a page: checkboxes, radio buttons, selects and ARIA switches, with their default state
and their label.

A label is found the way assistive technology finds an accessible name: ``aria-labelledby``, then
``aria-label``, then ``<label for>``, a wrapping ``<label>``, ``title``, and failing all of those the
text that follows the control. Only the controls that can matter are read (checkbox and radio inputs,
selects, elements with a checkbox/switch/radio role); text inputs cost one look at their tag.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from checkoutguard.audit.html.lexer import INLINE, RAW_TEXT, Attribute, Token, tokens
from checkoutguard.audit.html.page import Page

__all__ = ["ARIA_ROLES", "Control", "Option", "read_controls"]

ARIA_ROLES: Final = frozenset({"checkbox", "switch", "radio", "menuitemcheckbox", "menuitemradio"})
_PREFIX: Final = "data-checkoutguard-"
_NEARBY_BYTES: Final = 1_500
_TWIN_DISTANCE: Final = 600
_FOR = re.compile(rb"""[\s/]for\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_NEARBY_CHARS: Final = 200
# Tags that end the text "next to" a control: another control, or the end of its row.
_NEARBY_STOP_START: Final = frozenset(
    {b"input", b"select", b"textarea", b"button", b"label", b"form", b"fieldset", b"table", b"ul", b"ol", b"li", b"tr"}
)
_NEARBY_STOP_END: Final = frozenset(
    {b"label", b"li", b"tr", b"p", b"fieldset", b"form", b"ul", b"ol", b"table", b"section", b"div", b"dd"}
)


@dataclass(frozen=True, slots=True)
class Option:
    """One ``<option>`` of a select."""

    label: str
    value: str
    selected: bool
    disabled: bool
    token: Token


@dataclass(frozen=True, slots=True)
class Control:
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
    annotations: Mapping[str, str] = field(default_factory=dict)


def _value(attrs: Mapping[str, Attribute], name: str) -> str:
    attribute = attrs.get(name)
    return "" if attribute is None else attribute.value


def _annotations(page: Page, tag: Token) -> dict[str, str]:
    if page.lo.find(b"data-checkoutguard", tag.start, tag.end) < 0:
        return {}
    return {k[len(_PREFIX) :]: a.value for k, a in page.attrs(tag).items() if k.startswith(_PREFIX)}


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


def _options(page: Page, select: Token) -> tuple[tuple[Option, ...], int]:
    found: list[Option] = []
    current: Token | None = None
    pieces: list[str] = []
    end = select.end

    def close() -> None:
        if current is not None:
            attrs = page.attrs(current)
            label = " ".join(p for p in pieces if p)
            value = attrs["value"].value if "value" in attrs else label
            found.append(Option(label, value, "selected" in attrs, "disabled" in attrs, current))

    for token in tokens(page.lo, select.end, select.end + 40_000):
        end = token.end
        if token.kind == "start":
            if token.name == b"option":
                close()
                current, pieces = token, []
            elif token.name in (b"select", b"input", b"textarea"):
                end = token.start
                break  # these close a select (HTML "in select" insertion mode)
        elif token.kind == "end":
            if token.name == b"select":
                break
            if token.name in (b"option", b"optgroup"):
                close()
                current, pieces = None, []
        elif token.kind == "text" and current is not None:
            pieces.append(page.decode(token.start, token.end))
        elif token.kind == "eof" or len(found) >= 200:
            break
    close()
    return tuple(found), end


class _Labels:
    """The page's ``<label>`` elements, indexed by ``for`` lazily."""

    def __init__(self, page: Page, labels: list[Token]) -> None:
        self.page = page
        self.labels = labels
        self.starts = [t.start for t in labels]
        self._by_for: dict[str, list[Token]] | None = None

    def by_for(self, ident: str) -> list[Token]:
        if self._by_for is None:
            self._by_for = self._index()
        return self._by_for.get(ident, [])

    def _index(self) -> dict[str, list[Token]]:
        """Labels by ``for``. One regular expression per label gives the value exactly when it is the only
        "for" in the tag and no quote comes before it (so it cannot sit inside another attribute's
        value) and it holds no character reference; otherwise the full attribute parse decides."""
        index: dict[str, list[Token]] = {}
        page = self.page
        for tag in self.labels:
            if page.lo.count(b"for", tag.start, tag.end) == 0:
                continue
            match = _FOR.search(page.raw, tag.start, tag.end)
            quick = match.group(1) or match.group(2) or match.group(3) or b"" if match is not None else b""
            clean = (
                match is not None
                and page.lo.count(b"for", tag.start, tag.end) == 1
                and page.raw.find(b'"', tag.start, match.start()) < 0
                and page.raw.find(b"'", tag.start, match.start()) < 0
                and b"&" not in quick
            )
            target = quick.decode(page.encoding, "replace") if clean else page.value(tag, "for")
            if target:
                index.setdefault(target, []).append(tag)
        return index

    def wrapping(self, position: int) -> Token | None:
        index = bisect_right(self.starts, position) - 1
        if index < 0:
            return None
        label = self.labels[index]
        if self.page.value(label, "for"):
            return None  # a label with ``for`` labels that element, not its content
        return label if position < self.page.text(label)[1] else None


def _label(page: Page, labels: _Labels, tag: Token, ident: str, aria: bool) -> str:
    attrs = page.attrs(tag)
    explicit = attrs.get("data-checkoutguard-label")
    if explicit is not None and explicit.value:
        return explicit.value
    labelledby = attrs.get("aria-labelledby")
    if labelledby is not None and labelledby.value.strip():
        texts = []
        for ref in labelledby.value.split()[:8]:
            target = page.element_by_id(ref)
            if target is not None:
                texts.append(page.text(target)[0])
        text = " ".join(t for t in texts if t)
        if text:
            return text
    aria_label = attrs.get("aria-label")
    if aria_label is not None and aria_label.value.strip():
        return aria_label.value.strip()
    if ident:
        texts = [page.text(label)[0] for label in labels.by_for(ident)]
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
    title = attrs.get("title")
    return title.value.strip() if title is not None else ""


def _is_control_input(page: Page, tag: Token) -> bool:
    lo = page.lo
    if lo.find(b"checkbox", tag.start, tag.end) < 0 and lo.find(b"radio", tag.start, tag.end) < 0:
        return False
    kind = (page.value(tag, "type") or "").strip().lower()
    return kind in ("checkbox", "radio")


def _follows_aria(found: list[Control], tag: Token) -> bool:
    if not found:
        return False
    previous = found[-1].token
    return previous.name not in (b"input", b"select") and tag.start - previous.end < _TWIN_DISTANCE


def read_controls(page: Page) -> list[Control]:
    """Every checkbox, radio, select and ARIA switch on the page, in document order."""
    events = page.scan.events
    labels = _Labels(page, [Token("start", e.start, e.end, e.name) for e in events if e.name == b"label"])
    found: list[Control] = []
    for event in events:
        if event.kind != "start":
            continue
        tag = Token("start", event.start, event.end, event.name)
        name = event.name
        if name == b"input":
            if not _is_control_input(page, tag):
                continue
            attrs = page.attrs(tag)
            kind = attrs["type"].value.strip().lower()
            if _value(attrs, "aria-hidden") == "true" and _follows_aria(found, tag):
                continue  # the hidden twin some UI kits (Radix) render after an ARIA checkbox
            checked = "checked" in attrs
        elif name == b"select":
            attrs = page.attrs(tag)
            kind = "select"
            checked = False
        elif name in RAW_TEXT or page.lo.find(b"aria-checked", tag.start, tag.end) < 0:
            continue
        else:
            attrs = page.attrs(tag)
            role = (attrs["role"].value.split() or [""])[0].lower() if "role" in attrs else ""
            if role not in ARIA_ROLES or "aria-checked" not in attrs:
                continue
            kind = "radio" if role in ("radio", "menuitemradio") else "switch"
            checked = attrs["aria-checked"].value.strip().lower() == "true"
        annotations = _annotations(page, tag)
        if "ignore" in annotations:
            continue
        ident = _value(attrs, "id")
        control_name = _value(attrs, "name")
        options: tuple[Option, ...] = ()
        end = tag.end
        if kind == "select":
            options, end = _options(page, tag)
            checked = any(o.selected for o in options)
        label = _label(page, labels, tag, ident, aria=name not in (b"input", b"select"))
        nearby = _nearby(page, end) if not label else ""
        found.append(
            Control(
                kind=kind,
                token=tag,
                name=control_name,
                ident=ident,
                value=attrs["value"].value if "value" in attrs else ("on" if kind == "checkbox" else ""),
                checked=checked,
                required="required" in attrs or _value(attrs, "aria-required") == "true",
                label=label,
                nearby=nearby,
                form=page.form_of(tag.start),
                options=options,
                annotations=annotations,
            )
        )
        if len(found) >= 1_000:
            break
    return found
