"""The audit on real checkout pages: rule-level precision and recall against a lawyer-style ground truth.

``realworld/`` holds pages built from public sources nobody on this project wrote (open-source shop templates
rendered with realistic values, a browser autofill fixture of a real site, and wording from Mathur et al.'s
dark-patterns dataset placed into real templates), each with its provenance and a truth judged from the law
and the page, never from the audit (``realworld/manifest.json``, its schema next to it). The scoring lives
in ``scripts/score_audit.py`` so the CLI report and this test count the same way; ``pytest -s`` prints the
per-rule and per-language tables.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "realworld"
MANIFEST: dict[str, Any] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
PAGES = MANIFEST["pages"]
CATALOG = json.loads((ROOT / "src" / "checkoutguard" / "audit" / "rules" / "catalog.json").read_text(encoding="utf-8"))

# Issue #19's targets. The merged audit measures 1.00 / 0.90 (73 of 81 violations); recall without the
# order-button rule, which holds 36 of the 81, is 37 of 45 (0.82): see scripts/score_audit.py's table per rule.
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_audit", ROOT / "scripts" / "score_audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score_audit", module)
    spec.loader.exec_module(module)
    return module


score_audit = _score_module()


@cache
def _report() -> dict[str, Any]:
    report: dict[str, Any] = score_audit.run(CORPUS)
    return report


def test_manifest_passes_its_schema() -> None:
    schema = json.loads((CORPUS / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(MANIFEST), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_manifest_judges_catalog_rules_on_every_page() -> None:
    catalog_ids = {rule["id"] for rule in CATALOG["rules"]}
    assert set(MANIFEST["rules"]) <= catalog_ids, "the manifest judges a rule the catalog does not have"
    assert not set(MANIFEST["rules"]) & set(MANIFEST["pending_rules"])
    for entry in PAGES:
        assert set(entry["truth"]) == {*MANIFEST["rules"], *MANIFEST["pending_rules"]}, entry["id"]


def test_pending_rules_are_scored_once_the_audit_runs_them() -> None:
    pending = MANIFEST["pending_rules"][0]
    assert score_audit.judged_rules(MANIFEST, known=[]) == MANIFEST["rules"]
    assert score_audit.judged_rules(MANIFEST, known=[pending]) == [*MANIFEST["rules"], pending]


def test_corpus_is_as_large_and_varied_as_the_issue_asks() -> None:
    legal = set(MANIFEST["rules"]) - {"price-currency"}  # the advisory rule is no law; pending rules not counted
    real = [e for e in PAGES if any(e["truth"][rule]["violation"] for rule in legal)]
    assert len(PAGES) >= 60
    assert len({e["language"] for e in PAGES}) >= 8
    assert len(real) >= 20, "pages with a violation of a legal rule (the advisory price-currency rule does not count)"
    assert len({e["id"] for e in PAGES}) == len(PAGES)
    assert all(e["file"].startswith("pages/") for e in PAGES), (
        "tests/audit/pages/ (written for the tests) does not count"
    )


def test_every_page_exists_and_has_provenance() -> None:
    files = {p.name for p in (CORPUS / "pages").glob("*.html")}
    listed = {Path(e["file"]).name for e in PAGES}
    assert listed == files, f"unlisted: {sorted(files - listed)}; missing: {sorted(listed - files)}"
    for entry in PAGES:
        assert entry["sources"] and entry["changes"], entry["id"]
        for source in entry["sources"]:
            assert source.get("commit") or source.get("url"), (entry["id"], source)


@pytest.mark.parametrize("entry", PAGES, ids=[e["id"] for e in PAGES])
def test_every_truth_selector_matches_an_element(entry: dict[str, Any]) -> None:
    tree = LexborHTMLParser((CORPUS / entry["file"]).read_bytes())
    for rule, verdict in entry["truth"].items():
        if verdict["violation"]:
            assert tree.css_first(verdict["selector"]) is not None, (rule, verdict["selector"])


def test_page_language_matches_the_manifest() -> None:
    mismatched = []
    for entry in PAGES:
        html = LexborHTMLParser((CORPUS / entry["file"]).read_bytes()).css_first("html")
        lang = (html.attributes.get("lang") or "") if html is not None else ""
        if lang.split("-")[0].lower() != entry["language"]:
            mismatched.append((entry["id"], lang))
    assert not mismatched


def test_audit_reads_every_page() -> None:
    assert _report()["errors"] == {}


def test_precision_and_recall_reach_the_floors() -> None:
    report = _report()
    print("\n" + score_audit.render(report))
    counts = Counter(m["kind"] for m in report["mistakes"])
    overall = report["overall"]
    assert overall["tp"] + overall["fn"] >= 20, "the corpus must hold real violations to measure recall on"
    assert (overall["precision"] or 0.0) >= PRECISION_FLOOR, counts
    assert (overall["recall"] or 0.0) >= RECALL_FLOOR, counts


def test_scoring_counts_incomplete_as_not_a_violation() -> None:
    """The definition the floors rest on, checked on a hand-made slice rather than the corpus."""
    tally = score_audit.Tally()
    tally.add(truth=True, predicted=False, flagged=True)
    tally.add(truth=True, predicted=True, flagged=False)
    tally.add(truth=False, predicted=True, flagged=False)
    tally.add(truth=False, predicted=False, flagged=True)
    assert (tally.tp, tally.fp, tally.fn, tally.tn, tally.flagged) == (1, 1, 1, 1, 2)
    assert tally.precision == 0.5
    assert tally.recall == 0.5
    assert score_audit.Tally().precision is None
