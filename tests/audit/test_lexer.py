"""The shared HTML grammar: what is a tag, where it ends, what its attributes are, what an element says."""

from __future__ import annotations

import pytest

from checkoutguard.audit.html.lexer import Token, attributes, element_text, token_at, tokens


def _tag(html: str) -> Token:
    return token_at(html.lower().encode(), 0)


def _attrs(html: str) -> dict[str, str]:
    raw = html.encode()
    return {k: v.value for k, v in attributes(raw, token_at(raw.lower(), 0)).items()}


@pytest.mark.parametrize(
    ("html", "end"),
    [
        ("<input checked>rest", 15),
        ('<input title="a > b" checked>rest', 29),
        ("<input title='a > b'>rest", 21),
        ('<div class="a"">rest', 16),  # a stray quote is an attribute name, not an opening quote
        ("<a b=c>d>", 7),
        ('<a href="?q=">x', 14),
    ],
)
def test_tag_ends_where_the_tokenizer_says(html: str, end: int) -> None:
    assert _tag(html).end == end


def test_tag_cut_off_by_the_end_of_the_page_swallows_the_rest() -> None:
    assert _tag('<input type="checkbox').kind == "eof"


def test_attributes_follow_the_tokenizer() -> None:
    assert _attrs('<input type="checkbox" CHECKED name=n value=\'x y\' data-checked-label="z">') == {
        "type": "checkbox",
        "checked": "",
        "name": "n",
        "value": "x y",
        "data-checked-label": "z",
    }
    assert _attrs('<input name="first" name="second">') == {"name": "first"}  # the first duplicate wins
    assert _attrs('<input value="Caf&eacute; &amp; co">') == {"value": "Café & co"}
    assert _attrs("<input a = 'b'c=d>") == {"a": "b", "c": "d"}


def test_attribute_span_covers_the_leading_space_so_a_fix_can_drop_it() -> None:
    raw = b'<input type="checkbox" checked name="n">'
    span = attributes(raw, token_at(raw, 0))["checked"].span
    assert raw[: span[0]] + raw[span[1] :] == b'<input type="checkbox" name="n">'


def test_raw_text_hides_markup() -> None:
    html = b"<script>var a='<input checked>';</script><p>x</p>"
    kinds = [(t.kind, t.name) for t in tokens(html, 0)]
    assert kinds == [
        ("start", b"script"),
        ("raw", b"script"),
        ("end", b"script"),
        ("start", b"p"),
        ("text", b""),
        ("end", b"p"),
    ]


def test_comments_and_bogus_comments() -> None:
    html = b"<!-- <input checked> --><!doctype html><?xml x?></ x>a < b<b"
    kinds = [t.kind for t in tokens(html, 0)]
    assert kinds == ["comment", "bogus", "bogus", "bogus", "text", "eof"]  # "a < b" is text; "<b" is cut off
    assert token_at(b"<!-->", 0).end == 5  # an empty comment
    assert token_at(b"<!-- never closed", 0).end == len(b"<!-- never closed")


def test_element_text_reads_what_a_person_reads() -> None:
    raw = b'<label for="t">I accept the <a href="/t">terms</a><script>x()</script>&nbsp;*</label><p>next'
    text, end = element_text(raw.lower(), raw, token_at(raw, 0))
    assert text == "I accept the terms *"
    assert raw[end - 8 : end] == b"</label>"


def test_element_text_stops_where_an_implied_end_would_close_it() -> None:
    raw = b"<li>First item<li>Second"
    text, end = element_text(raw, raw, token_at(raw, 0))
    assert text == "First item"
    assert end == raw.index(b"<li>Second")
