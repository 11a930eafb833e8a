"""Every limit that can stop the audit reading an input, in one place, and the note each one leaves.

The audit reads in time linear in its input, and a few limits keep the constant small on hostile pages.
A limit that stops reading never passes silently: it becomes a ``Limit``, the report is not
``complete``, and an ``incomplete`` finding (``checkout-document``) names the limit and its value, so a
CI job, the CLI (exit 5) and the middleware ("not fully audited") all see it.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = [
    "MAX_CONTROLS",
    "MAX_DEPTH",
    "MAX_EVENTS",
    "MAX_JSON_DEPTH",
    "MAX_OPTION_BYTES",
    "MAX_PAGE_BYTES",
    "MAX_SUMMARY_ROWS",
    "Limit",
]

#: Pages larger than this are not read at all; checkout pages are rarely above 1 MB.
MAX_PAGE_BYTES: Final = 8 * 1024 * 1024
#: Elements of interest (checkbox and radio inputs, selects, labels, forms, tags and text runs with a
#: summary word) the scan records; past it the rest of the page is not read.
MAX_EVENTS: Final = 20_000
#: How deep a page may nest elements for its controls to be read as a DOM (Blink stops nesting at 512 too;
#: Lexbor's tree builder costs depth × tags, so deeper pages are not parsed).
MAX_DEPTH: Final = 512
#: Checkboxes, radios, selects and switches read; past it the rest are not.
MAX_CONTROLS: Final = 2_000
#: Rows of one order summary read; past it the rest of that summary is not.
MAX_SUMMARY_ROWS: Final = 120
#: Bytes of a ``<select>`` read for its options; past it the rest of its options are not.
MAX_OPTION_BYTES: Final = 40_000
#: Nesting of a JSON checkout document (the schema needs 5 levels); deeper input is not read.
MAX_JSON_DEPTH: Final = 64


class Limit(NamedTuple):
    """A limit that stopped reading: its ``name``, its ``value`` and what was left unread."""

    name: str
    value: int | str
    unread: str

    @property
    def message(self) -> str:
        return f"limit {self.name} = {self.value} reached: {self.unread}"
