"""Form controls read from the DOM: checkboxes, radios, selects and ARIA switches, with their state on
load, their accessible name and their context.

One CSS query (run by Lexbor, in C) finds the controls and the section headings in document order; only
those nodes are read in Python. A label is found the way assistive technology finds an accessible name
(``aria-labelledby``, ``aria-label``, ``<label for>``, a wrapping ``<label>``, an ARIA control's own text,
``title``); a control without one is read with the ``<label>`` beside it or the text after it. Each control
keeps the byte span of its start tag (``offsets``), so fix mode edits the page's own bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple, TypeVar

from selectolax.lexbor import LexborNode

from checkoutguard.audit.dom.context import (
    Ancestry,
    Context,
    Ids,
    ancestry,
    following_text,
    legend_of,
    preceding_words,
    row_heading,
    text_of,
)
from checkoutguard.audit.dom.offsets import Spans
from checkoutguard.audit.dom.tree import Tree, language_tag
from checkoutguard.audit.html.controls import Option, select_options
from checkoutguard.audit.html.lexer import Token
from checkoutguard.audit.html.page import Page
from checkoutguard.audit.limits import MAX_CONTROLS, Limit

__all__ = ["ARIA_ROLES", "Control", "read_controls"]

ARIA_ROLES: Final = frozenset({"checkbox", "switch", "radio", "menuitemcheckbox", "menuitemradio"})
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_QUERY: Final = (
    "input[type=checkbox i], input[type=radio i], select, [role][aria-checked], h1, h2, h3, h4, h5, h6, [role=heading]"
)
_PREFIX: Final = "data-checkoutguard-"
_TWIN_DISTANCE: Final = 600
_HEADING_CHARS: Final = 120
_NO_ANNOTATIONS: Final[Mapping[str, str]] = MappingProxyType({})
_T = TypeVar("_T")


class Control(NamedTuple):
    """A control as found: ``kind`` is checkbox, radio, select or switch (any ARIA checkbox-like role);
    ``checked`` is the state on load (for a select: whether any option is marked selected); ``label`` its
    accessible name; ``nearby`` the words beside it when it has none; ``form`` identifies its form owner
    (radios group by form and name); ``annotations`` are its ``data-checkoutguard-*`` attributes without
    the prefix; ``context`` the row, legend, heading and description around it; ``disabled`` a control the
    buyer cannot change."""

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
    context: Context = Context()
    disabled: bool = False


def _get(attributes: Mapping[str, str | None], name: str) -> str:
    return attributes.get(name) or ""


def _kind(node: LexborNode, attributes: Mapping[str, str | None]) -> tuple[str, bool] | None:
    tag = node.tag
    if tag == "input":
        kind = _get(attributes, "type").lower()
        return (kind, "checked" in attributes) if kind in ("checkbox", "radio") else None
    if tag == "select":
        return "select", False
    role = (_get(attributes, "role").split() or [""])[0].lower()
    if role not in ARIA_ROLES or "aria-checked" not in attributes or tag in ("html", "body"):
        return None
    kind = "radio" if role in ("radio", "menuitemradio") else "switch"
    return kind, _get(attributes, "aria-checked").strip().lower() == "true"


def _label(node: LexborNode, attributes: Mapping[str, str | None], up: Ancestry, ids: Ids, aria: bool) -> str:
    explicit = _get(attributes, _PREFIX + "label")
    if explicit:
        return explicit
    refs = _get(attributes, "aria-labelledby")
    if refs.strip():
        text = ids.texts(refs, text_of)
        if text:
            return text
    aria_label = _get(attributes, "aria-label").strip()
    if aria_label:
        return " ".join(aria_label.split())
    ident = _get(attributes, "id")
    if ident:
        text = " ".join(t for t in (text_of(label) for label in ids.labels_for(ident)[:8]) if t)
        if text:
            return text
    if up.label is not None and "for" not in up.label.attributes:
        text = text_of(up.label)
        if text:
            return text
    if aria:
        text = text_of(node)
        if text:
            return text
    return " ".join(_get(attributes, "title").split())


def _options(page: Page, token: Token, limits: list[Limit]) -> tuple[Option, ...]:
    """The select's options, read from the page's bytes: each option's byte span is what fix mode moves
    ``selected`` between, the option-bytes limit stops a select that runs on, and a country list, the same
    on every request, is read once (memoized on its bytes)."""
    return select_options(page, token, limits)[0]


class _Texts:
    """Texts of the rows, fieldsets and headings several controls share, each read once per page."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, int], Any] = {}

    def _once(self, kind: str, node: LexborNode | None, read: Callable[[LexborNode], _T], empty: _T) -> _T:
        if node is None:
            return empty
        key = (kind, node.mem_id)
        if key not in self._seen:
            self._seen[key] = read(node)
        found: _T = self._seen[key]
        return found

    def row(self, row: LexborNode | None, cell: LexborNode | None) -> tuple[str, str]:
        kind = "row" if cell is None else f"row/{cell.mem_id}"
        return self._once(kind, row, lambda node: row_heading(node, cell), ("", ""))

    def legend(self, fieldset: LexborNode | None) -> str:
        return self._once("legend", fieldset, legend_of, "")

    def heading(self, heading: LexborNode | None) -> str:
        return self._once("heading", heading, lambda node: text_of(node, _HEADING_CHARS), "")


def _context(
    node: LexborNode, up: Ancestry, heading: str, texts: _Texts, tree: Tree, ids: Ids, neighbour: str
) -> Context:
    row, row_text = texts.row(up.row, up.cell)
    legend = texts.legend(up.fieldset)
    refs = _get(node.attributes, "aria-describedby")
    description = ids.texts(refs, text_of) if refs.strip() else ""
    language = language_tag(up.language) if up.has_language else tree.language
    return Context(row, row_text, legend, heading, neighbour, description, language)


def read_controls(tree: Tree, page: Page, limits: list[Limit]) -> list[Control]:
    """Every checkbox, radio, select and ARIA switch on the page, in document order, up to ``MAX_CONTROLS``
    (a limit that stops reading is added to ``limits``)."""
    ids = Ids(tree)
    spans = Spans(page)
    found: list[Control] = []
    heading: LexborNode | None = None
    texts = _Texts()
    # Elements below <html> with a lang: usually none, so no control looks for one.
    languages = frozenset(n.mem_id for n in tree.select("body [lang], head [lang]"))
    previous = -1
    forms: dict[int, int] = {}
    for node in tree.select(_QUERY):
        if node.mem_id == previous:
            continue  # a node matching two selectors of the list is listed twice, in a row
        previous = node.mem_id
        tag = node.tag
        attributes = node.attributes
        role = _get(attributes, "role").strip().lower()
        if tag in _HEADINGS or (role == "heading" and "aria-checked" not in attributes):
            heading = node  # read only if a control below it needs it
            continue
        facts = _kind(node, attributes)
        if facts is None:
            continue
        if len(found) >= MAX_CONTROLS:
            unread = f"the controls after the {MAX_CONTROLS}th were not read"
            limits.append(Limit("controls", MAX_CONTROLS, unread))
            break
        token = spans.find(node)
        if token is None:
            continue  # not a start tag the token reader reached (past a limit, or in a foreign subtree)
        kind, checked = facts
        if _get(attributes, "aria-hidden") == "true" and tag == "input" and found:
            before = found[-1].token
            if before.name not in (b"input", b"select") and token.start - before.end < _TWIN_DISTANCE:
                continue  # the hidden twin some UI kits (Radix) render after an ARIA checkbox
        annotations: Mapping[str, str] = _NO_ANNOTATIONS
        if any(k.startswith(_PREFIX) for k in attributes):
            annotations = {k[len(_PREFIX) :]: v or "" for k, v in attributes.items() if k.startswith(_PREFIX)}
            if "ignore" in annotations:
                continue
        options: tuple[Option, ...] = ()
        if kind == "select":
            options = _options(page, token, limits)
            checked = any(o.selected for o in options)
        up = ancestry(node, languages)
        label = _label(node, attributes, up, ids, aria=tag not in ("input", "select"))
        nearby = ""
        neighbour = ""
        if not label:
            nearby, beside = following_text(node)
            target = _get(beside.attributes, "for") if beside is not None else ""
            if beside is not None and not (target and ids.element(target)):
                neighbour = text_of(beside)  # a label beside the control, linked to nothing else
            neighbour = neighbour or preceding_words(node)
            nearby = nearby or neighbour
        owner = ids.element(_get(attributes, "form")) if "form" in attributes else up.form
        form = forms.setdefault(owner.mem_id, len(forms)) if owner is not None else -1
        found.append(
            Control(
                kind,
                token,
                _get(attributes, "name"),
                _get(attributes, "id"),
                attributes["value"] or "" if "value" in attributes else ("on" if kind == "checkbox" else ""),
                checked,
                "required" in attributes or _get(attributes, "aria-required") == "true",
                label,
                nearby,
                form,
                options,
                annotations,
                _context(node, up, texts.heading(heading), texts, tree, ids, neighbour),
                "disabled" in attributes or (up.fieldset is not None and "disabled" in up.fieldset.attributes),
            )
        )
    return found
