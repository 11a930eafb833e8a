"""The page's tree and language: ``<html lang>``, a Content-Language meta or header, the nearest ``lang``."""

from __future__ import annotations

import pytest

from audit.dom.reading import controls as _controls
from checkoutguard.audit.dom.tree import language_tag, parse


@pytest.mark.parametrize(
    ("page", "header", "language"),
    [
        (b'<html lang="de-DE"><body>x', None, "de-DE"),
        (b'<html lang=" fr "><body>x', "de", "fr"),
        (b'<html lang=""><body>x', "de", None),  # lang="" says the language is unknown: no fallback
        (b'<html><meta http-equiv="Content-Language" content="nl"><body>x', "de", "nl"),
        (b"<html><body>x", "pl", "pl"),
        (b"<html><body>x", "pl, de", None),  # several languages set no default
        (b"<html><body>x", None, None),
        (b'<html lang="not a tag!"><body>x', "de", None),
    ],
)
def test_page_language(page: bytes, header: str | None, language: str | None) -> None:
    assert parse(page, "utf-8", header).language == language


def test_language_tag_accepts_bcp47_only() -> None:
    assert language_tag("pt-BR") == "pt-BR"
    assert language_tag("zh-Hant-TW") == "zh-Hant-TW"
    assert language_tag("en_US") is None
    assert language_tag(None) is None


def test_a_control_takes_the_language_of_its_nearest_lang_ancestor() -> None:
    raw = (
        b'<html lang="en"><body><div lang="fr"><p><label><input type="checkbox" name="a"> Oui</label></p></div>'
        b'<label><input type="checkbox" name="b"> Yes</label>'
    )
    first, second = _controls(raw)
    assert first.context.language == "fr"
    assert second.context.language == "en"


def test_a_legacy_encoding_is_decoded_before_parsing() -> None:
    raw = '<label><input type="checkbox" name="v"> Versandgebühr 4,90 €</label>'.encode("cp1252")
    (control,) = _controls(raw, "cp1252")
    assert control.label == "Versandgebühr 4,90 €"


def test_noscript_content_is_text_as_in_a_browser_that_runs_scripts() -> None:
    raw = b'<noscript><input type="checkbox" name="n" checked></noscript><input type="checkbox" name="m">'
    assert [c.name for c in _controls(raw)] == ["m"]


def test_template_content_is_not_read() -> None:
    raw = b'<template><input type="checkbox" name="t" checked></template><input type="radio" name="r">'
    assert [c.name for c in _controls(raw)] == ["r"]
