"""The README's examples run as written, from the checkout's root, and say what their comments say."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_readme_opens_with_exactly_the_two_setup_commands() -> None:
    first = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first is not None and README.index(first.group(0)) < README.index("\n## ")
    commands = [line.split("#")[0].strip() for line in first.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci.splitlines()[-1]


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[f"block{i}" for i in range(len(PYTHON_BLOCKS))])
def test_every_python_example_runs(block: str) -> None:
    done = _run("-c", block)
    assert done.returncode == 0, done.stderr


def test_the_audit_example_finds_what_the_readme_promises(tmp_path: Path) -> None:
    page = ROOT / "examples" / "checkout-de.html"
    done = _run("-m", "checkoutguard", "audit", str(page), "--country", "DE", "--date", "2026-11-23")
    assert done.returncode == 1, done.stderr
    found = sorted(v["id"] for v in json.loads(done.stdout)["violations"])
    # The page pre-ticks its newsletter box and its paid shipping insurance; the required, unticked terms box
    # and the pre-selected PayPal radio are not violations.
    assert found == ["addon-preselected", "consent-preticked"]

    fixed = tmp_path / "fixed.html"
    args = ("audit", str(page), "--country", "DE", "--date", "2026-11-23", "--mode", "fix", "--output", str(fixed))
    assert _run("-m", "checkoutguard", *args).returncode == 1
    before, after = page.read_bytes(), fixed.read_bytes()
    assert after.count(b" checked") == before.count(b" checked") - 2
    assert before.replace(b'value="1" checked>', b'value="1">') == after
    again = _run("-m", "checkoutguard", "audit", str(fixed), "--country", "DE", "--date", "2026-11-23")
    assert again.returncode == 0, again.stdout
