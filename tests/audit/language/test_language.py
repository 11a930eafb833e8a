"""Which language a page is read in: lang, Content-Language, the buyer's country, then the text itself."""

from __future__ import annotations

import pytest

from checkoutguard.audit.language import MAX_DETECT_CHARS, country_languages, detect, primary, resolve_language

GERMAN = (
    "Bitte prüfen Sie Ihre Bestellung. Die Lieferung erfolgt an die von Ihnen angegebene Adresse, und wir "
    "senden Ihnen eine Bestätigung per E-Mail, sobald das Paket auf dem Weg zu Ihnen ist."
)
ENGLISH = (
    "Please review your order. We will send you a confirmation by email as soon as the parcel is on its way, "
    "and you can track it from your account."
)
SWEDISH = "Vi skickar en bekräftelse till din e-post när paketet är på väg och det är inte för sent att ändra."
DANISH = "Vi sender en bekræftelse til din e-mail, når pakken er på vej, og det er ikke for sent at ændre den."
FRENCH = "Merci de vérifier votre commande. Nous vous enverrons une confirmation par e-mail avec le suivi du colis."
DUTCH = "Controleer uw bestelling. Wij sturen u een bevestiging per e-mail zodra het pakket bij de vervoerder is."


def test_primary_subtag() -> None:
    assert primary("de-CH") == "de"
    assert primary(" pt_BR ") == "pt"
    assert primary("EN") == "en"
    assert primary("") is None and primary(None) is None
    assert primary("not a tag!") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [(GERMAN, "de"), (ENGLISH, "en"), (SWEDISH, "sv"), (DANISH, "da"), (FRENCH, "fr"), (DUTCH, "nl")],
)
def test_detect_by_stop_words(text: str, language: str) -> None:
    assert detect(text) == language


def test_detect_refuses_short_or_mixed_text() -> None:
    assert detect("Checkout") is None
    assert detect("") is None
    assert detect(GERMAN + " " + ENGLISH) is None  # two languages score alike: no guess


def test_detect_reads_only_the_first_characters() -> None:
    text = ENGLISH * (MAX_DETECT_CHARS // len(ENGLISH) + 1)
    assert detect(text + GERMAN * 50) == "en"


def test_detect_among_the_countrys_languages() -> None:
    assert detect(FRENCH, among=("nl", "fr", "de")) == "fr"
    assert detect(ENGLISH, among=("nl", "fr", "de")) is None


def test_country_languages_keep_only_languages_the_vocabulary_reads() -> None:
    assert country_languages("DE") == ("de",)
    assert country_languages("be") == ("nl", "fr", "de")
    assert country_languages("US-CA") == ("en",)
    assert country_languages("BG") == ()  # Bulgarian: no vocabulary yet
    assert country_languages("ZZ") == () and country_languages(None) == ()


def test_explicit_lang_wins_in_order_control_page_header() -> None:
    assert resolve_language(control="fr", page="de", header="en", country="PL").code == "fr"
    found = resolve_language(page="de-AT", header="en", country="PL")
    assert (found.code, found.source) == ("de", "page")
    found = resolve_language(header="nl-BE, fr;q=0.5", country="PL")
    assert (found.code, found.source) == ("nl", "header")


def test_country_then_detection() -> None:
    found = resolve_language(country="DE")
    assert (found.code, found.source) == ("de", "country")
    found = resolve_language(country="BE", text=FRENCH)
    assert (found.code, found.source, found.candidates) == ("fr", "detected", ("nl", "fr", "de"))
    found = resolve_language(country="BE")
    assert (found.code, found.source, found.candidates) == (None, "unknown", ("nl", "fr", "de"))
    found = resolve_language(text=DUTCH)
    assert (found.code, found.source) == ("nl", "detected")
    assert resolve_language().code is None


def test_a_stock_page_lang_gives_way_to_text_that_says_otherwise() -> None:
    found = resolve_language(page="en-US", country="DE", text=GERMAN)
    assert (found.code, found.source) == ("de", "detected")
    assert resolve_language(page="de", text=GERMAN).source == "page"
    # A control's own lang is deliberate: kept.
    assert resolve_language(control="en", text=GERMAN).code == "en"


def test_a_language_the_vocabulary_lacks_reads_every_language() -> None:
    found = resolve_language(page="ja", country="DE")
    assert (found.code, found.source, found.candidates) == (None, "page", ())
