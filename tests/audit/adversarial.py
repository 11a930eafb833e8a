"""Adversarial pages for the growth-ratio test and the fuzz targets: each generator builds a page of about
``size`` bytes from one pattern repeated, the shapes that made a reader superlinear or hit a silent cap
(the reliability review's F1/F2): comments, empty comments, scripts, attributes, nesting, entities,
labels, summary rows, controls, summary words, templates and raw-text end tags that never match; and for
the DOM reader, controls nested deep, inside open labels, under headings and legends, in table rows."""

from __future__ import annotations

from collections.abc import Callable

#: A checkout tail every page ends with: a pre-ticked marketing box the audit must still find.
TAIL = (
    b'<form><label><input type="checkbox" name="newsletter" checked> Send me offers</label>'
    b'<div class="summary"><p>Subtotal 10,00 \xe2\x82\xac</p><p>Shipping 4,90 \xe2\x82\xac</p>'
    b"<p>Total 14,90 \xe2\x82\xac</p></div></form>"
)


def _repeat(unit: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def comments(size: int) -> bytes:
    return _repeat(b"<!-- c -->", size, b"<form>")


def empty_comments(size: int) -> bytes:
    return _repeat(b"<!---->", size, b"<form>")


def react_markers(size: int) -> bytes:
    return _repeat(b"<span>a<!-- -->b</span>", size)


def scripts(size: int) -> bytes:
    return _repeat(b"<script>x</script>", size)


def script_false_ends(size: int) -> bytes:
    return _repeat(b"</scripty", size, b"<script>", b"</script>")


def unclosed_comment(size: int) -> bytes:
    return _repeat(b"-- > -!>", size, b"<!--")


def attributes(size: int) -> bytes:
    return _repeat(b" a", size, b'<input type="checkbox" checked', b">")


def quoted_attributes(size: int) -> bytes:
    return _repeat(b' a="<x>"', size, b"<div", b">")


def tags_with_attributes(size: int) -> bytes:
    return _repeat(b'<input type="checkbox" name="x" class="a b c" data-x="1">', size)


def nesting(size: int) -> bytes:
    half = size // 2
    return _repeat(b"<div>", half) + _repeat(b"</div>", half)


def nested_labels(size: int) -> bytes:
    return _repeat(b"<label><span>", size, b"", b'<input type="checkbox" checked name="newsletter"> offers')


def entities(size: int) -> bytes:
    return _repeat(b"&amp;", size, b'<label><input type="checkbox" checked> ', b"</label>")


def entity_attribute(size: int) -> bytes:
    return _repeat(b"&lt;", size, b'<input type="checkbox" checked aria-label="', b'">')


def labels(size: int) -> bytes:
    return _repeat(b"<label></label>", size)


def label_for(size: int) -> bytes:
    return _repeat(b'<label for="x">a</label>', size, b"", b'<input type="checkbox" id="x" checked>')


def rows(size: int) -> bytes:
    return _repeat(b"<p>Rabatt 0,00 \xe2\x82\xac</p>", size, b'<div class="summary">', b"</div>")


def controls(size: int) -> bytes:
    return _repeat(b'<input type="checkbox" name="c">', size)


def summary_words(size: int) -> bytes:
    return _repeat(b"<p>consumer</p>", size)


def templates(size: int) -> bytes:
    return _repeat(b"<template>", size, b"", b'<input type="checkbox" checked name="newsletter">')


def selects(size: int) -> bytes:
    return _repeat(b"<option>x", size, b"<select>", b"</select>")


def stray_quotes(size: int) -> bytes:
    return _repeat(b"<p a='>' \">", size)


# Shapes that would make the DOM reader's walks (ancestors, labels, rows, headings) superlinear.
def nested_controls(size: int) -> bytes:
    return _repeat(b'<div lang="de"><input type="checkbox" name="c">', size)


def open_labels(size: int) -> bytes:
    return _repeat(b'<label><input type="checkbox" name="c">', size)


def headed_controls(size: int) -> bytes:
    return _repeat(b'<h3>Extras</h3><fieldset><legend>Ja</legend><input type="radio" name="r"></fieldset>', size)


def table_rows(size: int) -> bytes:
    return _repeat(
        b'<tr><th>Shipping insurance</th><td><input type="checkbox" name="i"> 1,00 \xe2\x82\xac', size, b"<table>"
    )


#: Every generator by name.
GENERATORS: dict[str, Callable[[int], bytes]] = {
    f.__name__: f
    for f in (
        comments,
        empty_comments,
        react_markers,
        scripts,
        script_false_ends,
        unclosed_comment,
        attributes,
        quoted_attributes,
        tags_with_attributes,
        nesting,
        nested_labels,
        entities,
        entity_attribute,
        labels,
        label_for,
        rows,
        controls,
        summary_words,
        templates,
        selects,
        stray_quotes,
        nested_controls,
        open_labels,
        headed_controls,
        table_rows,
    )
}


def page(name: str, size: int) -> bytes:
    """The page of generator ``name`` at about ``size`` bytes, followed by the checkout ``TAIL``."""
    return GENERATORS[name](size) + TAIL
