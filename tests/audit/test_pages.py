"""Storefront pages of about 100 KB in nine languages: clean pages pass, each planted violation is found.

The pages are the checkout markup of WooCommerce, Shopware, PrestaShop, Magento, Shopify, a Radix/React
storefront and hand-written themes (``pages/*.html``), padded with the bulk and the traps of real pages
(``conftest.build_page``). Each plant in ``pages/manifest.json`` turns the clean page into one with
exactly one kind of violation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.audit import Mode, audit

MANIFEST: dict[str, Any] = json.loads((Path(__file__).parent / "pages" / "manifest.json").read_text("utf-8"))
PAGES = sorted(MANIFEST["pages"])
PLANTS = [(page, plant) for page in PAGES for plant in sorted(MANIFEST["pages"][page]["plants"])]
ON = __import__("datetime").date(2026, 11, 23)

Builder = Callable[..., bytes]


def _audit(raw: bytes, page: str, plant: str | None = None, **kwargs: Any) -> Any:
    entry = MANIFEST["pages"][page]
    landed = entry["plants"][plant].get("landed_cost") if plant else None
    return audit(raw, country=entry["country"], landed_cost=landed, on=ON, fail_on="minor", **kwargs)


@pytest.mark.parametrize("page", PAGES)
def test_clean_page_has_no_violation(page: str, page_builder: Builder) -> None:
    raw = page_builder(page)
    assert 90_000 <= len(raw) <= 110_000, "fixtures are shaped like real 100 KB checkout pages"
    report = _audit(raw, page)
    assert report.errors == ()
    assert [f.id for f in report.violations] == []
    assert report.source["scan"] == "fast", report.source.get("fallback")


@pytest.mark.parametrize("page", PAGES)
def test_clean_page_reads_the_stock_defaults_without_complaint(page: str, page_builder: Builder) -> None:
    document = _audit(page_builder(page), page).document
    # Stock checkouts tick some things on load (billing address = shipping, a payment method, a carrier);
    # none of them is consent or a paid extra.
    assert not [c for c in document.consents if c.purpose in ("marketing", "data_sharing") and c.checked]
    assert not [a for a in document.add_ons if a.selected]
    assert document.total is not None
    assert document.currency == MANIFEST["pages"][page]["currency"]


@pytest.mark.parametrize(("page", "plant"), PLANTS)
def test_planted_violation_is_found_and_nothing_else(page: str, plant: str, page_builder: Builder) -> None:
    expected = MANIFEST["pages"][page]["plants"][plant]["rule"]
    report = _audit(page_builder(page, plant), page, plant)
    assert report.errors == ()
    assert [f.id for f in report.violations] == [expected]
    assert report.failing, "a planted violation fails a CI run"


@pytest.mark.parametrize(("page", "plant"), PLANTS)
def test_fast_and_full_scans_agree_on_every_plant(page: str, plant: str, page_builder: Builder) -> None:
    raw = page_builder(page, plant)
    fast = _audit(raw, page, plant)
    full = _audit(raw, page, plant, path="full")
    assert fast.source["scan"] == "fast"
    assert full.source["scan"] == "full"
    assert fast.document.to_dict() == full.document.to_dict()
    assert [f.to_dict() for f in fast.violations] == [f.to_dict() for f in full.violations]


def test_every_rule_is_planted_in_two_languages() -> None:
    languages: dict[str, set[str]] = {}
    for page in PAGES:
        entry = MANIFEST["pages"][page]
        for plant in entry["plants"].values():
            languages.setdefault(plant["rule"], set()).add(entry["language"])
    two_or_more = {rule for rule, found in languages.items() if len(found) >= 2}
    # price-currency is advisory and language-independent; drip-pricing has HTML and JSON tests.
    assert two_or_more >= set(languages) - {"price-currency", "drip-pricing"}
    assert {entry["language"] for entry in MANIFEST["pages"].values()} == {
        "en", "de", "fr", "nl", "es", "it", "pt", "pl", "sv"
    }  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_enforce_mode_blocks_only_when_something_fails(page: str, page_builder: Builder) -> None:
    clean = _audit(page_builder(page), page, mode=Mode.ENFORCE)
    assert clean.blocked is False
    plant = sorted(MANIFEST["pages"][page]["plants"])[0]
    dirty = _audit(page_builder(page, plant), page, plant, mode=Mode.ENFORCE)
    assert dirty.blocked is True
    assert dirty.to_dict()["disposition"] == "enforce"
