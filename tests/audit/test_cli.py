"""``checkoutguard audit FILE --country DE``: exit codes a CI job can gate on, JSON out, fix mode to a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkoutguard.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main

CLEAN = '<form><input type="checkbox" id="n"><label for="n">Newsletter</label></form>'
DIRTY = CLEAN.replace('id="n"', 'id="n" checked')


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_page_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", _write(tmp_path, "a.html", CLEAN), "--country", "DE", "--date", "2026-11-23"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["violations"] == []
    assert report["file"].endswith("a.html")


def test_violations_exit_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", _write(tmp_path, "b.html", DIRTY), "--country", "DE"]) == EXIT_FINDINGS
    assert json.loads(capsys.readouterr().out)["violations"][0]["id"] == "consent-preticked"


def test_fail_on_raises_the_bar(tmp_path: Path) -> None:
    page = _write(tmp_path, "c.json", json.dumps({"currency": "EUR", "total": {"amount": "1.00"}}))
    assert main(["audit", page, "--country", "GB", "--no-document"]) == EXIT_OK  # an advisory only
    assert main(["audit", page, "--country", "GB", "--fail-on", "minor"]) == EXIT_FINDINGS


def test_bad_input_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "missing.html"), "--country", "DE"]) == 4  # an I/O failure
    assert main(["audit", _write(tmp_path, "d.html", CLEAN), "--country", "ZZ"]) == EXIT_USAGE
    assert main(["audit", _write(tmp_path, "e.json", '{"nope": 1}'), "--country", "DE"]) == EXIT_USAGE
    capsys.readouterr()


def test_fix_mode_writes_the_fixed_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fixed.html"
    code = main(
        ["audit", _write(tmp_path, "f.html", DIRTY), "--country", "DE", "--mode", "fix", "--output", str(target)]
    )
    assert code == EXIT_FINDINGS
    assert target.read_text(encoding="utf-8") == CLEAN
    assert json.loads(capsys.readouterr().out)["violations"][0]["nodes"][0]["fixed"] is True


def test_summary_format_and_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [_write(tmp_path, "g.html", CLEAN), _write(tmp_path, "h.html", DIRTY)]
    assert main(["audit", *files, "--country", "FR", "--format", "summary"]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert "g.html: 0 violation(s)" in out
    assert "✗ consent-preticked [serious]" in out


def test_landed_cost_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quote = {"currency": "EUR", "lines": [], "totals": {"checkout": "10.00", "delivery": "4.00", "grand": "14.00"}}
    page = _write(tmp_path, "i.json", json.dumps({"currency": "EUR", "total": {"amount": "10.00"}}))
    args = ["audit", page, "--country", "DE", "--landed-cost", _write(tmp_path, "q.json", json.dumps(quote))]
    assert main(args) == EXIT_FINDINGS
    assert json.loads(capsys.readouterr().out)["violations"][0]["id"] == "duties-undisclosed"
