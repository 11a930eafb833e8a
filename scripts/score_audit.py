"""Score the transparency audit against the real-world corpus: rule-level precision and recall.

The corpus (``tests/audit/realworld/``) holds checkout pages built from public sources and a manifest whose
ground truth was judged from the law and the page, never from the audit. Each page is audited for its buyer
(country and, where the law differs by state, subdivision); every page x rule pair whose truth is ``true`` or
``false`` is one judgement. A pair is a predicted positive when the report lists a violation for that rule; an
``incomplete`` finding or a warning is not, but is counted apart as *flagged* so a reviewer sees it. Pairs
whose truth is ``null`` (not decidable from one page, e.g. drip pricing) are left out.

``python scripts/score_audit.py`` prints the tables and writes ``tests/audit/realworld/report.json``;
``tests/audit/test_realworld.py`` imports this module and asserts the floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from checkoutguard.audit import RULES, AuditReport, audit

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "audit" / "realworld"
ON = date(2026, 12, 7)  # the day the truth was judged: the rules in force that day apply


@dataclass
class Tally:
    """Confusion counts for one slice (a rule, a language, or everything)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    flagged: int = 0  # incomplete/warning findings, on any judged pair

    def add(self, truth: bool, predicted: bool, flagged: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1
        self.flagged += flagged

    @property
    def precision(self) -> float | None:
        """None when the audit predicted nothing in this slice (no precision to speak of)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when the slice has no true violation."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"precision": self.precision, "recall": self.recall}


def load_manifest(corpus: Path = CORPUS) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return data


def audit_page(entry: Mapping[str, Any], corpus: Path = CORPUS) -> AuditReport:
    """The audit of one corpus page for the buyer the manifest names."""
    raw = (corpus / entry["file"]).read_bytes()
    return audit(
        raw,
        country=entry["country"],
        subdivision=entry.get("subdivision"),
        content_type="text/html",
        on=ON,
        fail_on="minor",
    )


def outcomes(report: AuditReport) -> dict[str, str]:
    """Rule id -> 'violation', 'incomplete' or 'pass' (a rule with no finding is absent)."""
    result: dict[str, str] = {}
    for finding in report.passes:
        result[finding.id] = "pass"
    for finding in report.incomplete:
        result[finding.id] = "incomplete"
    for finding in report.violations:
        result[finding.id] = "violation"
    return result


def _messages(report: AuditReport, rule: str) -> list[str]:
    return [node.message for f in (*report.violations, *report.incomplete) if f.id == rule for node in f.nodes][:3]


def judged_rules(manifest: Mapping[str, Any], known: Iterable[str] = RULES) -> list[str]:
    """The rules to score: the manifest's, and those of its pending rules (judged ahead for rules other
    branches add) that the audit runs."""
    runs = set(known)
    return [*manifest["rules"], *(rule for rule in manifest.get("pending_rules", ()) if rule in runs)]


def score(
    manifest: Mapping[str, Any], reports: Mapping[str, AuditReport], known: Iterable[str] = RULES
) -> dict[str, Any]:
    """The report: overall, per rule and per language tallies, the mistakes, and unreadable pages."""
    rules = judged_rules(manifest, known)
    overall = Tally()
    by_rule = {rule: Tally() for rule in rules}
    by_language: dict[str, Tally] = {}
    mistakes: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    excluded = 0
    for entry in manifest["pages"]:
        report = reports[entry["id"]]
        if report.errors:
            errors[entry["id"]] = list(report.errors)
        seen = outcomes(report)
        language = by_language.setdefault(entry["language"], Tally())
        for rule in rules:
            verdict = entry["truth"][rule]
            truth = verdict["violation"]
            if truth is None:
                excluded += 1
                continue
            predicted = seen.get(rule) == "violation"
            flagged = seen.get(rule) == "incomplete"
            for tally in (overall, by_rule[rule], language):
                tally.add(truth, predicted, flagged)
            if truth != predicted:
                mistakes.append(
                    {
                        "page": entry["id"],
                        "rule": rule,
                        "kind": "missed violation" if truth else "false alarm",
                        "truth": verdict["reason"],
                        "audit": seen.get(rule, "no finding"),
                        "messages": _messages(report, rule),
                    }
                )
    return {
        "corpus": str(CORPUS.relative_to(CORPUS.parents[2])),
        "pages": len(manifest["pages"]),
        "judged_pairs": overall.tp + overall.fp + overall.fn + overall.tn,
        "excluded_pairs": excluded,
        "scoring": manifest.get("scoring", {}),
        "pending_not_scored": [rule for rule in manifest.get("pending_rules", ()) if rule not in rules],
        "overall": overall.as_dict(),
        "rules": {rule: tally.as_dict() for rule, tally in by_rule.items()},
        "languages": {lang: by_language[lang].as_dict() for lang in sorted(by_language)},
        "mistakes": mistakes,
        "errors": errors,
    }


def run(corpus: Path = CORPUS) -> dict[str, Any]:
    manifest = load_manifest(corpus)
    reports = {entry["id"]: audit_page(entry, corpus) for entry in manifest["pages"]}
    return score(manifest, reports)


def _cell(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def table(title: str, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> str:
    lines = [f"{title:<32} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4} {'flag':>5} {'prec':>5} {'rec':>5}"]
    for name, t in rows:
        lines.append(
            f"{name:<32} {t['tp']:>4} {t['fp']:>4} {t['fn']:>4} {t['tn']:>4} {t['flagged']:>5} "
            f"{_cell(t['precision']):>5} {_cell(t['recall']):>5}"
        )
    return "\n".join(lines)


def render(report: Mapping[str, Any]) -> str:
    """The per-rule and per-language tables and the overall line, as the test prints them."""
    return "\n\n".join(
        [
            table("rule", report["rules"].items()),
            table("language", report["languages"].items()),
            table("overall", [("all judged pairs", report["overall"])]),
            f"{report['pages']} pages, {report['judged_pairs']} judged pairs, "
            f"{report['excluded_pairs']} left out (truth null); "
            f"judged but not run by this audit: {', '.join(report['pending_not_scored']) or 'none'}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (manifest.json and pages/)")
    parser.add_argument("--out", type=Path, default=CORPUS / "report.json", help="where to write the JSON report")
    args = parser.parse_args(argv)
    report = run(args.corpus)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(render(report))
    for mistake in report["mistakes"]:
        print(f"- {mistake['kind']}: {mistake['page']} / {mistake['rule']} (audit: {mistake['audit']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
