"""The wheel carries the data: build it, install it into a fresh virtualenv outside the checkout, quote."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.packaging
def test_wheel_installs_and_quotes_without_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(dist.glob("checkoutguard-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "fr-ioss-tshirts.json", work / "order.json")
    done = subprocess.run(
        [str(env / "bin" / "checkoutguard"), "quote", "order.json", "--today", "2026-11-23"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    quote = json.loads(done.stdout)
    assert quote["regime"]["tax"][0]["id"] == "EU-IOSS"
    methods = subprocess.run(
        [str(env / "bin" / "checkoutguard"), "methods", "--country", "NL", "--currency", "EUR", "--amount", "50.00"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert methods.returncode == 0, methods.stderr
    assert json.loads(methods.stdout)["methods"][0]["id"] == "ideal"
    page = work / "checkout.html"
    page.write_text(
        '<form><label><input type="checkbox" name="newsletter" checked> Send me offers by email</label>'
        "<button>Pay</button></form>"
    )
    audited = subprocess.run(
        [str(env / "bin" / "checkoutguard"), "audit", str(page), "--country", "DE"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audited.returncode == 1, audited.stderr
    assert "consent-preticked" in audited.stdout
    located = subprocess.run(
        [str(python), "-c", "import checkoutguard.data.paths as p; print(p.data_root())"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "site-packages" in located.stdout
    # The QA kit: a production install pulls no test tools; with pytest alone the plugin loads through its
    # pytest11 entry point and does nothing that needs Hypothesis; with the qa extra the strategies import.
    bare = subprocess.run([str(python), "-c", "import hypothesis"], cwd=work, capture_output=True, timeout=60)
    assert bare.returncode != 0, "hypothesis must come with the qa extra, not with checkoutguard itself"
    (work / "test_kit.py").write_text(
        "import importlib.util\n"
        "def test_plugin_fixture(checkoutguard_quote, pytestconfig):\n"
        "    assert pytestconfig.pluginmanager.has_plugin('checkoutguard')\n"
        "    assert checkoutguard_quote.data_version.startswith('sha256:')\n"
        "    if importlib.util.find_spec('hypothesis'):\n"
        "        from hypothesis import find, settings\n"
        "        from checkoutguard.testing.strategies import orders\n"
        "        assert settings.get_profile('checkoutguard-ci').derandomize\n"
        "        assert find(orders(), lambda d: True)['items']\n"
    )
    for requirement in ("pytest", f"{wheel}[qa]"):
        added = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert added.returncode == 0, added.stderr
        kit = subprocess.run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_kit.py"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert kit.returncode == 0 and "1 passed" in kit.stdout, kit.stdout + kit.stderr
