"""The pytest plugin: loaded by its entry point, marker and options decide the buyer, the quote fixture is
pinned, the Hypothesis profiles exist, ``-p no:checkoutguard`` turns it off, and without Hypothesis it
still loads and registers nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from checkoutguard.landed_cost import default_book

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def test_the_profiles_are_registered_fast_and_derandomized_or_long() -> None:
    ci = settings.get_profile("checkoutguard-ci")
    deep = settings.get_profile("checkoutguard-deep")
    assert ci.derandomize and ci.database is None and ci.deadline is None and ci.max_examples <= 50
    assert not deep.derandomize and deep.max_examples >= 1_000


def test_marker_then_options_decide_the_buyer(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_from_options(checkoutguard_buyer):
            assert (checkoutguard_buyer.country, checkoutguard_buyer.subdivision) == ("FR", None)
            assert checkoutguard_buyer.fail_on == "serious"

        @pytest.mark.checkoutguard(country="US-CA", fail_on="minor")
        def test_from_marker(checkoutguard_buyer):
            assert (checkoutguard_buyer.country, checkoutguard_buyer.subdivision) == ("US", "US-CA")
            assert checkoutguard_buyer.fail_on == "minor"
            assert checkoutguard_buyer.audit_kwargs() == {"country": "US", "subdivision": "US-CA"}

        @pytest.mark.checkoutguard(fail_on="fatal")
        def test_bad_impact(checkoutguard_buyer):
            pass

        @pytest.mark.checkoutguard(country="XX")
        def test_bad_country(checkoutguard_buyer):
            pass
        """
    )
    result = pytester.runpytest("--checkoutguard-country=FR", "--checkoutguard-fail-on=serious")
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines(["*fail_on 'fatal' is not one of minor, moderate, serious, critical*"])
    result.stdout.fnmatch_lines(["*checkoutguard: country: *XX*"])


def test_the_quote_fixture_is_pinned_to_a_date_and_a_data_version(pytester: pytest.Pytester) -> None:
    version = default_book().data_version
    pytester.makepyfile(
        f"""
        import pytest

        ORDER = {{
            "ship_from": {{"country": "CN"}}, "ship_to": {{"country": "FR"}},
            "items": [{{"id": "a", "price": {{"amount": "30.00", "currency": "EUR"}}, "hs_code": "610910"}}],
        }}

        @pytest.mark.checkoutguard(date="2026-03-02", data_version="{version}")
        def test_pinned(checkoutguard_quote):
            q = checkoutguard_quote(ORDER)
            assert q.date.isoformat() == "2026-03-02" and q.data_version == "{version}"

        @pytest.mark.checkoutguard(data_version="sha256:0000")
        def test_stale_pin(checkoutguard_quote):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*pinned to rates data sha256:0000, the installed data is sha256:*"])


def test_the_options_and_the_hypothesis_profile_are_on_the_command_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from hypothesis import settings

        def test_profile():
            assert settings.default.max_examples == settings.get_profile("checkoutguard-deep").max_examples
        """
    )
    pytester.runpytest("--hypothesis-profile=checkoutguard-deep").assert_outcomes(passed=1)
    help_text = pytester.runpytest("--help").stdout.str()
    assert "--checkoutguard-country" in help_text and "--checkoutguard-fail-on" in help_text


def test_the_plugin_can_be_turned_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(checkoutguard_buyer): pass")
    result = pytester.runpytest("-p", "no:checkoutguard")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'checkoutguard_buyer' not found*"])


def test_without_hypothesis_the_plugin_loads_and_registers_no_profile(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(
        textwrap.dedent(
            """
            import sys

            def test_fixtures_without_hypothesis(checkoutguard_buyer, checkoutguard_quote):
                assert "hypothesis" not in sys.modules
                assert checkoutguard_quote.data_version.startswith("sha256:")
            """
        )
    )
    script = textwrap.dedent(
        """
        import sys

        class NoHypothesis:  # as if installed without the qa extra
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, NoHypothesis())
        import pytest

        # schemathesis's plugin (a dev dependency here) imports Hypothesis too
        blocked = ["-p", "no:hypothesispytest", "-p", "no:schemathesis", "-p", "no:cacheprovider"]
        sys.exit(pytest.main([*blocked, "-q", sys.argv[1]]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


GUARDED_APP = """
import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

CLEAN = '<form><label><input type="checkbox" name="news"> Send me offers by email</label></form>'
TICKED = '<form><label><input type="checkbox" id="news" name="news" checked> Send me offers by email</label></form>'


async def clean(request):
    return HTMLResponse(CLEAN)


async def ticked(request):
    return HTMLResponse(TICKED)


async def api(request):
    return JSONResponse({"ok": True})


@pytest.fixture
def checkoutguard_app():
    return Starlette(routes=[Route("/checkout/clean", clean), Route("/checkout/ticked", ticked), Route("/api", api)])
"""


def test_guarded_client_fails_a_test_whose_page_breaks_a_rule(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(GUARDED_APP)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.checkoutguard(country="DE")
        def test_clean(guarded_client):
            assert guarded_client.get("/checkout/clean").status_code == 200
            assert guarded_client.get("/api").json() == {"ok": True}
            assert [r.path for r in guarded_client.reports] == ["/checkout/clean"]

        @pytest.mark.checkoutguard(country="DE")
        def test_ticked(guarded_client):
            guarded_client.get("/checkout/ticked")

        @pytest.mark.checkoutguard(country="US-CA")
        def test_outside_the_consent_rules(guarded_client):
            assert guarded_client.get("/checkout/ticked").status_code == 200

        def test_no_country(guarded_client):
            guarded_client.get("/checkout/clean")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*checkoutguard refused GET /checkout/ticked for a buyer in DE (enforce, fail_on=moderate):",
            "*violation consent-preticked [[]Regulation (EU) 2016/679 (GDPR)* at input#news *checked>'*",
            "*checkoutguard could not audit GET /checkout/clean (no-country)*mark the test*",
        ]
    )


def test_guarded_client_needs_the_merchants_app_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(guarded_client): pass")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*guarded_client needs a fixture named checkoutguard_app*"])
