"""Atomic data reload (review F15, F18; issue #9 deliverable 8): a book is a snapshot of its files, a
reload swaps whole generations, in-flight quotes finish on the data they started with, and
``data_version`` always names the data used."""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checkoutguard import current_data, quote, reload_data, select_methods, snapshot as snapshot_module
from checkoutguard.data.paths import payment_methods_dir, rates_dir
from checkoutguard.errors import DataError
from checkoutguard.fx import FxRate, embedded_fx
from checkoutguard.landed_cost import RatesBook
from quote_builders import TODAY, item, order

FR_DOC = order("FR", item(amount="100.00", hs="950300"), registrations=["EU-IOSS"], day="2026-03-02")


def _fr_vat(result: Any) -> Decimal:
    return next(line.rate for line in result.lines if line.type == "tax")


@pytest.fixture
def restore_snapshot() -> Iterator[None]:
    before = current_data()
    yield
    snapshot_module._install(before)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of rates/ whose French VAT can be edited."""
    target = tmp_path / "rates"
    shutil.copytree(rates_dir(), target)
    return target


def _set_fr_standard(folder: Path, rate: str) -> None:
    file = folder / "vat" / "FR.json"
    text = file.read_text(encoding="utf-8")
    assert '"rate": "0.20", "effective_from": "2014-01-01"' in text
    file.write_text(
        text.replace(
            '"rate": "0.20", "effective_from": "2014-01-01"', f'"rate": "{rate}", "effective_from": "2014-01-01"'
        )
    )


def test_f15_a_book_never_reads_files_edited_after_it_was_built(data_copy: Path) -> None:
    book = RatesBook(data_copy)
    _set_fr_standard(data_copy, "0.25")  # FR not used yet: a lazy book used to read the new file here
    result = quote(FR_DOC, book=book, today=TODAY)
    assert _fr_vat(result) == Decimal("0.20")
    assert result.data_version == book.data_version
    newer = RatesBook(data_copy)
    assert _fr_vat(quote(FR_DOC, book=newer, today=TODAY)) == Decimal("0.25")
    assert newer.data_version != book.data_version


def test_f15_a_half_written_file_after_the_build_changes_nothing(data_copy: Path) -> None:
    book = RatesBook(data_copy)
    (data_copy / "vat" / "FR.json").write_text('{"code": "FR", "na')
    assert _fr_vat(quote(FR_DOC, book=book, today=TODAY)) == Decimal("0.20")
    with pytest.raises(DataError):
        quote(FR_DOC, book=RatesBook(data_copy), today=TODAY)


def test_f15_reload_swaps_rates_for_new_quotes(data_copy: Path, restore_snapshot: None) -> None:
    old = current_data()
    _set_fr_standard(data_copy, "0.25")
    new = reload_data(data_copy, warm=False)
    assert current_data() is new and new.data_version != old.data_version
    result = quote(FR_DOC, today=TODAY)
    assert (_fr_vat(result), result.data_version) == (Decimal("0.25"), new.data_version)
    assert embedded_fx() is new.fx


def test_f15_an_in_flight_quote_finishes_on_the_data_it_started_with(data_copy: Path, restore_snapshot: None) -> None:
    old = current_data()
    _set_fr_standard(data_copy, "0.25")
    entered, release = threading.Event(), threading.Event()

    class Paused:
        """The embedded rates, pausing on the first question so a reload can happen mid-quote."""

        def rate(self, base: str, quote_code: str, on: date) -> FxRate:
            entered.set()
            assert release.wait(10)
            return old.fx.rate(base, quote_code, on)

    doc = order("FR", item(amount="100.00", currency="USD", hs="950300"), registrations=["EU-IOSS"], currency="EUR")
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(quote(doc, fx=Paused(), today=TODAY)))
    worker.start()
    assert entered.wait(10)
    reload_data(data_copy, warm=False)
    release.set()
    worker.join(10)
    assert (_fr_vat(results[0]), results[0].data_version) == (Decimal("0.20"), old.data_version)
    assert _fr_vat(quote(doc, today=TODAY)) == Decimal("0.25")


def test_f15_concurrent_quotes_never_see_a_mix_of_generations(data_copy: Path, restore_snapshot: None) -> None:
    _set_fr_standard(data_copy, "0.25")
    expected = {current_data().data_version: Decimal("0.20"), RatesBook(data_copy).data_version: Decimal("0.25")}
    seen: list[tuple[str, Decimal]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            result = quote(FR_DOC, today=TODAY)
            seen.append((result.data_version, _fr_vat(result)))

    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for folder in (data_copy, rates_dir()):
        reload_data(folder, warm=False)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert seen
    assert {version for version, _ in seen} <= set(expected)
    assert all(expected[version] == rate for version, rate in seen)


def test_f15_payment_methods_follow_the_snapshot(tmp_path: Path, restore_snapshot: None) -> None:
    folder = tmp_path / "payment_methods"
    shutil.copytree(payment_methods_dir(), folder)
    (folder / "ideal.json").unlink()
    before = select_methods(country="NL", currency="EUR", amount="50.00", on=date(2026, 11, 23))
    assert "ideal" in before.ids
    reload_data(payment_methods=folder, warm=False)
    after = select_methods(country="NL", currency="EUR", amount="50.00", on=date(2026, 11, 23))
    assert "ideal" not in after.ids and after.data_version != before.data_version


def test_f15_a_reload_that_fails_keeps_the_current_data(data_copy: Path, restore_snapshot: None) -> None:
    current = current_data()
    (data_copy / "regimes" / "EU.json").write_text("{")
    with pytest.raises(DataError):
        reload_data(data_copy)
    assert current_data() is current


def test_f15_a_changed_currency_table_needs_a_restart(data_copy: Path, restore_snapshot: None) -> None:
    current = current_data()
    file = data_copy / "currencies.json"
    file.write_text(file.read_text(encoding="utf-8").replace('"code": "EUR"', '"code": "EUX"', 1))
    with pytest.raises(DataError, match="restart"):
        reload_data(data_copy)
    assert current_data() is current


def test_f18_warm_up_parses_every_file_before_the_swap(data_copy: Path, restore_snapshot: None) -> None:
    new = reload_data(data_copy)  # warm by default
    assert set(new.book._vat) >= set(new.book.vat_codes())
    assert set(new.book._duty) >= set(new.book.duty_codes())
    assert new._methods  # the payment registry too


def _update_ecb() -> Any:
    spec = importlib.util.spec_from_file_location("update_ecb", Path(__file__).parents[2] / "scripts" / "update_ecb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_f15_update_ecb_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _update_ecb()
    target = tmp_path / "ecb.json"
    target.write_text("old")
    script.write_atomically(target, "new")
    assert target.read_text() == "new"

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)  # the script writes through checkoutguard.fx_update.write_atomic
    with pytest.raises(OSError):
        script.write_atomically(target, "half")
    assert target.read_text() == "new"  # the old file stays whole
    assert [p.name for p in tmp_path.iterdir()] == ["ecb.json"]  # no temporary file left behind
