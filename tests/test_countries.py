"""The ISO tables read from pycountry's JSON equal what pycountry itself answers, code for code."""

from __future__ import annotations

import pycountry
import pytest

from checkoutguard import countries
from checkoutguard.errors import UnknownCountry


def test_country_names_equal_pycountrys() -> None:
    expected = {c.alpha_2: c.name for c in pycountry.countries}
    assert len(expected) > 240
    assert countries._countries() == expected


def test_every_countrys_subdivisions_equal_pycountrys() -> None:
    for country in pycountry.countries:
        found = pycountry.subdivisions.get(country_code=country.alpha_2)  # type: ignore[no-untyped-call]
        assert countries._subdivisions(country.alpha_2) == frozenset(s.code for s in found or ()), country.alpha_2


@pytest.mark.parametrize(("value", "expected"), [("ON", "CA-ON"), ("ca-qc", "CA-QC"), ("CA-BC", "CA-BC")])
def test_subdivision_codes_are_completed_and_checked(value: str, expected: str) -> None:
    assert countries.subdivision_code("CA", value) == expected


@pytest.mark.parametrize("value", ["XX", "US-NY", "CA-", "", "ONTARIO"])
def test_unknown_subdivisions_are_refused_naming_the_field(value: str) -> None:
    with pytest.raises(UnknownCountry) as caught:
        countries.subdivision_code("CA", value, path="ship_to.subdivision")
    assert caught.value.path == "ship_to.subdivision"


def test_importing_checkoutguard_countries_does_not_import_pycountry() -> None:
    import subprocess
    import sys

    code = "import sys, checkoutguard.countries as c; c.warm_up(); print('pycountry' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
