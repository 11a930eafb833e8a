"""Language first, then vocabulary: each language's patterns read its own labels and no other's.

The collision test runs every language's patterns against every other language's sample labels: a French
pattern that reads an English label as a different purpose (``don`` in "DON'T" made opt-out marketing boxes
donations), a polarity an English label does not have, or a channel it does not name, fails.
"""

from __future__ import annotations

import re

import pytest

from audit.language.samples import BUTTONS, LABELS, Button, Label
from checkoutguard.audit.classify import (
    classify_control,
    consent_wording,
    hint_text,
    order_button_wording,
    vocabulary,
)

LANGUAGES = ("en", "de", "fr", "nl", "es", "it", "pt", "pl", "sv", "da", "cs")
_CONSENT = ("marketing", "data_sharing")


def _id(sample: Label | Button) -> str:
    return f"{sample.language}:{sample.text[:40]}"


@pytest.mark.parametrize(
    ("sample", "language"),
    [(s, s.language) for s in LABELS] + [(s, None) for s in LABELS],
    ids=lambda v: _id(v) if isinstance(v, Label) else str(v),
)
def test_label_read_in_its_language_and_in_all(sample: Label, language: str | None) -> None:
    found = classify_control(sample.text, language=language)
    assert found.purpose == sample.purpose, sample.source
    if sample.purpose in _CONSENT:
        assert (found.opt_out, found.objection) == (sample.opt_out, sample.objection), sample.source
        assert found.channels == sample.channels, sample.source


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_language_reads_another_languages_labels_wrongly(language: str) -> None:
    collisions: list[str] = []
    for sample in LABELS:
        if sample.language == language:
            continue
        found = classify_control(sample.text, language=language)
        # Reading a data-sharing label as marketing is coarser, not another purpose: "finalità di marketing"
        # says marketing in English as well, and "terzi" is not an English word.
        coarser = (found.purpose, sample.purpose) == ("marketing", "data_sharing")
        if found.purpose not in ("unknown", sample.purpose) and not coarser:
            collisions.append(f"{sample.language} {sample.text[:50]!r} read as {found.purpose}")
        wording = consent_wording(sample.text, language)
        if (wording.opt_out and not sample.opt_out) or (wording.objection and not sample.objection):
            collisions.append(f"{sample.language} {sample.text[:50]!r} read as a refusal")
        extra = set(wording.channels) - set(sample.channels)
        if sample.purpose in _CONSENT and extra:
            collisions.append(f"{sample.language} {sample.text[:50]!r} read with channels {sorted(extra)}")
    for button in BUTTONS:
        if button.language == language:
            continue
        kind = order_button_wording(button.text, language)
        if kind is not None and kind.kind != button.kind:
            collisions.append(f"{button.language} button {button.text!r} read as {kind.kind}")
    assert not collisions, f"{language} patterns misread: {collisions}"


def test_the_french_donation_word_does_not_read_english_dont() -> None:
    label = "If you DON'T want to receive these emails, please tick this box."
    assert classify_control(label, has_price=True).add_on is None
    assert classify_control(label, has_price=True, language="fr").add_on is None
    assert classify_control("Faire un don de 2 € (+2,00 €)", has_price=True, language="fr").add_on == "donation"
    assert classify_control("Un don pour l'association (+1,00 €)", has_price=True).add_on == "donation"


def test_compounding_languages_match_inside_words_and_others_do_not() -> None:
    assert classify_control("Versandversicherung (+2,49 €)", has_price=True, language="de").add_on == "insurance"
    # "reinsurance" is not insurance; "insurance" at a word start is.
    assert classify_control("Add shipping insurance (£2.99)", has_price=True, language="en").add_on == "insurance"
    assert classify_control("Reinsured parcel (£2.99)", has_price=True, language="en").add_on != "insurance"


def test_a_language_the_vocabulary_lacks_reads_in_every_language() -> None:
    assert classify_control("Ja, ich möchte den Newsletter erhalten", language="ja").purpose == "marketing"
    assert classify_control("Ja, ich möchte den Newsletter erhalten", language="de-AT").purpose == "marketing"
    # Read in English alone, the German label says nothing.
    assert classify_control("Ja, ich möchte den Newsletter abonnieren", language="en").purpose == "marketing"
    assert classify_control("Ich akzeptiere die AGB", language="en").purpose == "unknown"


def test_names_and_ids_are_read_in_english_too() -> None:
    """Developers name controls in English whatever the page's language."""
    found = classify_control("", hint_text("checkout[buyer_accepts_marketing]"), language="de")
    assert found.purpose == "marketing"
    assert classify_control("", hint_text("newsletter_abonnieren"), language="fr").purpose == "marketing"
    assert classify_control("", hint_text("acceptTermsAndConditions"), language="pl").purpose == "terms"


@pytest.mark.parametrize("button", BUTTONS, ids=_id)
def test_order_button_wording(button: Button) -> None:
    found = order_button_wording(button.text, button.language)
    assert found is not None and found.kind == button.kind, button
    everywhere = order_button_wording(button.text)
    assert everywhere is not None and everywhere.kind == button.kind, button


def test_every_order_button_wording_names_a_known_source() -> None:
    section = vocabulary().raw["order_button"]
    sources = set(section["sources"])
    for kind in ("accepted", "disputed", "navigation", "advance", "final"):
        for language, entries in section[kind].items():
            assert language in LANGUAGES
            for entry in entries:
                assert entry["sources"] and set(entry["sources"]) <= sources, entry
                re.compile(entry["pattern"])
    for source in section["sources"].values():
        assert source["url"].startswith("https://") and source["confidence"] in ("verified", "secondary", "unconfirmed")


def test_every_language_has_consent_polarity_channels_and_an_order_button() -> None:
    raw = vocabulary().raw
    for language in LANGUAGES:
        assert raw["opt_out"]["patterns"][language] and raw["untick"]["patterns"][language], language
        for channel in ("email", "sms", "phone", "post", "partners"):
            assert raw["channels"]["patterns"][channel][language], (channel, language)
        for purpose in ("marketing", "data_sharing", "terms", "other"):
            assert raw["purposes"][purpose][language], (purpose, language)
        assert raw["order_button"]["accepted"][language] and raw["order_button"]["final"][language], language
        assert any(s.language == language for s in LABELS) and any(b.language == language for b in BUTTONS)
