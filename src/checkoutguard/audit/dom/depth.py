"""How deep a page nests its elements, bounded from above in one pass, before it is handed to Lexbor.

Lexbor's tree builder walks the stack of open elements for many start tags (closing a ``<p>`` in button
scope, a form-associated element's owner), so a page nesting n elements costs it n² steps: 5,000 nested
``<div>`` take 30 ms, 20,000 take a second. Browsers cap the depth (Blink at 512); Lexbor does not. One
pass of two regular expressions (C, no object made per tag) reads every tag opener, each counted +1
(a start tag), -1 (an end tag) or 0 (void elements, elements the next sibling closes: ``<li>``, ``<p>``,
``<option>``, table cells, SVG shapes, ``<template>``); the largest running sum, outside the comments,
scripts and styles the token scan skipped, bounds the depth from above, so a page under the bound is one
Lexbor reads in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from typing import Final

__all__ = ["depth_bound"]

# Elements that never stay open around their next sibling: void, closed by a sibling, SVG shapes.
_FLAT: Final = (
    *("area", "base", "br", "col", "colgroup", "embed", "hr", "img", "input", "keygen", "link", "meta", "param"),
    *("source", "track", "wbr", "li", "p", "option", "optgroup", "dt", "dd", "tr", "td", "th", "tbody", "thead"),
    *("tfoot", "rb", "rp", "rt", "rtc", "path", "circle", "rect", "line", "polyline", "polygon", "ellipse", "use"),
    "stop",
    "template",  # a scope boundary: the tree builder's walks stop at it, and its content is inert anyway
)
# Names that start like a flat one but nest (``<pre>`` is not ``<p>``).
_NESTING: Final = ("pre", "picture", "progress", "plaintext", "meter")
# "<" of a flat tag or its end tag becomes "<_", which no tag pattern reads (a name that nests but starts
# like a flat one, "<pre" after "<p", is left alone).
_NEUTRAL = re.compile(
    rb"<(?=/?(?:"
    + "|".join(_FLAT).encode()
    + rb")(?![a-z0-9]))(?!/?(?:"
    + "|".join(_NESTING).encode()
    + rb")(?![a-z0-9]))"
)
_TAG = re.compile(rb"<(/?)[a-z]")
# findall yields b"" (a start tag) or b"/" (an end tag): interned bytes, so no object per tag is made.
_STEP: Final = {b"": 1, b"/": -1}


def depth_bound(lo: bytes, skips: Sequence[tuple[int, int]] = ()) -> int:
    """An upper bound on how deep the lower-cased page ``lo`` nests its elements; ``skips`` are the sorted
    regions the token scan found to hold no tags (comments, scripts, styles, templates)."""
    if skips:
        kept: list[bytes] = []
        at = 0
        for start, end in skips:  # sorted by start; a region inside another adds nothing
            if start > at:
                kept.append(lo[at:start])
            at = max(at, end)
        kept.append(lo[at:])
        lo = b"".join(kept)
    steps = map(_STEP.__getitem__, _TAG.findall(_NEUTRAL.sub(b"<_", lo)))
    return max(accumulate(steps), default=0)
