"""The payment-method data: coverage of the researched markets, internal consistency, refusal of bad files."""

from __future__ import annotations

import importlib
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.data.paths import payment_methods_dir
from checkoutguard.errors import DataError
from checkoutguard.payments import load_registry, registry

# The ~40 markets of the research table (payment-methods-anchors.md, section 2).
RESEARCH_MARKETS = [
    "DE",
    "FR",
    "IT",
    "ES",
    "NL",
    "BE",
    "AT",
    "PL",
    "PT",
    "GB",
    "CH",
    "NO",
    "SE",
    "DK",
    "FI",
    "US",
    "CA",
    "MX",
    "BR",
    "AR",
    "CO",
    "CL",
    "JP",
    "KR",
    "CN",
    "IN",
    "SG",
    "MY",
    "TH",
    "ID",
    "PH",
    "VN",
    "AU",
    "NZ",
    "AE",
    "SA",
    "TR",
    "ZA",
    "NG",
    "KE",
    "EG",
]
KINDS = {
    "card",
    "wallet",
    "bank_redirect",
    "real_time_payment",
    "voucher",
    "pay_later",
    "direct_debit",
    "cash_on_delivery",
}


def test_every_researched_market_has_local_methods() -> None:
    assert len(RESEARCH_MARKETS) == 41
    missing = set(RESEARCH_MARKETS) - registry().markets
    assert missing == set()


@pytest.mark.parametrize("country", RESEARCH_MARKETS)
def test_local_ranks_are_unique_in_each_market(country: str) -> None:
    book = registry()
    ranks = [
        book.methods[i].countries[country].rank
        for i in book.by_country[country]
        if book.methods[i].countries[country].rank is not None
    ]
    duplicates = [rank for rank, count in Counter(ranks).items() if count > 1]
    assert duplicates == []
    assert 1 in ranks


def test_methods_have_kinds_sources_and_english_names() -> None:
    for method in registry().methods.values():
        assert method.kind in KINDS
        assert method.names["en"]
        assert method.sources, method.id
        for local in method.countries.values():
            assert local.source.startswith("https://"), (method.id, local.country)


def test_global_fallbacks_are_the_four_expected() -> None:
    assert registry().global_ids == ("apple_pay", "card", "google_pay", "paypal")


def test_well_known_provider_ids() -> None:
    # Values checked against each PSP's own type lists (Stripe API, Adyen Checkout API, Mollie SDK, PayPal Orders).
    methods = registry().methods
    assert methods["ideal"].providers["stripe"].id == "ideal"
    assert methods["bancontact"].providers["adyen"].id == "bcmc"
    assert methods["sepa_debit"].providers["mollie"].id == "directdebit"
    assert methods["przelewy24"].providers["stripe"].id == "p24"
    assert methods["konbini"].providers["adyen"].id == "econtext_stores"
    assert methods["paypal_pay_upon_invoice"].providers["paypal"].id == "pay_upon_invoice"
    assert methods["ach_debit"].providers["stripe"].id == "us_bank_account"


def test_retired_methods_carry_dates_and_reasons() -> None:
    methods = registry().methods
    for method_id, last_day in (("giropay", "2024-06-30"), ("sofort", "2025-09-28"), ("laybuy", "2024-06-16")):
        method = methods[method_id]
        assert method.end is not None and method.end.isoformat() == last_day
        assert method.retirement_reason
    assert methods["poli"].end is None
    assert methods["poli"].countries["AU"].end is not None
    assert methods["poli"].countries["NZ"].end is None


def test_catalog_is_json_ready() -> None:
    catalog = registry().catalog()
    assert len(catalog) == len(registry().methods)
    assert json.loads(json.dumps(catalog))[0]["id"] == "ach_debit"


def test_registry_is_loaded_once_and_versioned() -> None:
    assert registry() is registry()
    assert registry().version.startswith("pm-") and len(registry().version) == 15


# ------------------------------------------------------------------ refusing bad data


def _copy(tmp_path: Path, *ids: str) -> Path:
    for method_id in ids:
        shutil.copy(payment_methods_dir() / f"{method_id}.json", tmp_path / f"{method_id}.json")
    return tmp_path


def _edit(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_copy_of_good_files_loads_with_its_own_version(tmp_path: Path) -> None:
    book = load_registry(_copy(tmp_path, "ideal", "sepa_debit"))
    assert set(book.methods) == {"ideal", "sepa_debit"}
    assert book.version != registry().version


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(id="other"), "file name must be the method id"),
        (lambda d: d["limits"][0].update(min="60000.00"), "min 60000.00 is above max"),
        (lambda d: d.update(currencies=["XYZ"]), "currency XYZ"),
        (lambda d: d["countries"].update(XX=d["countries"]["NL"]), "country XX"),
        (lambda d: d.update(effective_from="2030-01-01", effective_to="2020-01-01"), "ends"),
        (lambda d: d["recurring"].update(via="nonexistent"), "unknown method 'nonexistent'"),
        (lambda d: d.update(kind="magic"), "fails its JSON Schema"),
        (lambda d: d["limits"][0].update(max=50000), "fails its JSON Schema"),
    ],
)
def test_bad_method_files_are_refused(tmp_path: Path, change: Any, message: str) -> None:
    folder = _copy(tmp_path, "ideal", "sepa_debit")
    _edit(folder / "ideal.json", change)
    with pytest.raises(DataError, match=message):
        load_registry(folder)


def test_retirement_without_a_date_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "giropay", "wero")
    _edit(folder / "giropay.json", lambda d: d.pop("effective_to"))
    with pytest.raises(DataError, match="retirement needs effective_to"):
        load_registry(folder)


def test_limit_in_a_currency_the_method_does_not_take_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "blik")
    _edit(folder / "blik.json", lambda d: d["limits"][0].update(currency="EUR"))
    with pytest.raises(DataError, match="does not take"):
        load_registry(folder)


def test_embedded_data_skips_jsonschema_and_reads_the_same_as_a_schema_checked_load(monkeypatch: Any) -> None:
    module = importlib.import_module("checkoutguard.payments.registry")  # the package name `registry` is a function

    checked = load_registry(payment_methods_dir())  # a folder passed in: the full schema runs
    monkeypatch.setattr(module, "validator", lambda name: pytest.fail("jsonschema ran on the embedded data"))
    fast = load_registry()
    assert fast.methods == checked.methods
    assert (fast.by_country, fast.global_ids, fast.version) == (checked.by_country, checked.global_ids, checked.version)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("countries"), "countries is missing"),
        (lambda d: d.update(providers=["stripe"]), "providers is missing or of the wrong type"),
        (lambda d: d["limits"][0].pop("currency"), "fails its JSON Schema"),
        (lambda d: d["countries"]["NL"].update(share="lots"), "fails its JSON Schema"),
    ],
)
def test_the_fast_check_refuses_malformed_files_with_a_data_error(change: Any, message: str) -> None:
    module = importlib.import_module("checkoutguard.payments.registry")  # the package name `registry` is a function

    document = json.loads((payment_methods_dir() / "ideal.json").read_text(encoding="utf-8"))
    change(document)
    with pytest.raises(DataError, match=message):
        module._structural(document, "ideal.json")
