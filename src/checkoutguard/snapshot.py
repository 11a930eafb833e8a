"""One generation of the embedded data, and the atomic swap that lets a running server take a new one.

A ``DataSnapshot`` is a ``RatesBook`` (every file under ``rates/`` read into memory when it is built),
the ``EmbeddedFx`` built from that same book's bytes, and the payment-method ``Registry``. Each is
immutable once built. ``current_data()`` is the snapshot new work starts from; ``quote()`` and
``select_methods()`` read it once, at their start, and use only it, so a quote never mixes generations
and ``data_version`` names the data it used.

``reload_data()`` builds a complete new snapshot off to the side (reading, parsing and, by default,
warming every file), then swaps it in with one assignment. Work already running finishes on the old
snapshot; work that starts after the swap uses the new one. A build that fails raises and leaves the
current snapshot in place. The ISO 4217 table (``rates/currencies.json``) is read once per process:
a reload whose currency table differs is refused (restart the process to take it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkoutguard.data.schemas import loads_json
from checkoutguard.errors import DataError
from checkoutguard.fx import EmbeddedFx
from checkoutguard.fx_update import preferred_fx
from checkoutguard.landed_cost.book import RatesBook
from checkoutguard.memo import Memo
from checkoutguard.money import currency_table

if TYPE_CHECKING:  # imported on first use of ``methods``: a quote never loads the payment modules
    from checkoutguard.payments.registry import Registry

__all__ = ["DataSnapshot", "current_data", "reload_data", "warm_up"]


@dataclass(frozen=True, eq=False)
class DataSnapshot:
    """Rates, FX and payment methods of one generation of the data (see the module docstring)."""

    book: RatesBook
    fx: EmbeddedFx
    payment_methods: Path | None = None
    #: FX answers shared by the quotes of this snapshot (the embedded rates never change within it).
    fx_answers: Memo[Any, Any] = field(default_factory=lambda: Memo(budget=2 << 20), repr=False)
    _methods: list[Registry] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def data_version(self) -> str:
        """The fingerprint of the rates and FX files this snapshot read (what quotes report)."""
        return self.book.data_version

    @property
    def methods(self) -> Registry:
        """The payment methods of this snapshot, read and checked on first use (about a second)."""
        if not self._methods:
            from checkoutguard.payments.registry import load_registry

            with self._lock:
                if not self._methods:
                    self._methods.append(load_registry(self.payment_methods))
        return self._methods[0]

    def warm_up(self) -> None:
        """Parse everything now (VAT, duty, payment methods, country codes) so no request pays for it."""
        from checkoutguard.countries import warm_up as countries

        self.book.warm_up()
        countries()
        self.methods  # noqa: B018 - loads the registry


def build(rates: Path | None = None, payment_methods: Path | None = None) -> DataSnapshot:
    """A complete snapshot from ``rates`` (default: the embedded folder) and ``payment_methods``."""
    book = RatesBook(rates)
    return DataSnapshot(book, preferred_fx(book.file_bytes), payment_methods)  # rates update-fx's copy if newer


_current: DataSnapshot | None = None
_swap = threading.Lock()


def current_data() -> DataSnapshot:
    """The snapshot new work starts from (built on first use)."""
    found = _current
    if found is None:
        with _swap:
            if _current is None:
                _install(build())
            found = _current
    assert found is not None
    return found


def _install(snapshot: DataSnapshot) -> None:
    global _current
    _current = snapshot


def reload_data(rates: Path | None = None, payment_methods: Path | None = None, *, warm: bool = True) -> DataSnapshot:
    """Build a new snapshot and make it current in one step; in-flight work keeps the old one.

    ``warm`` parses every file before the swap, so the first requests on new data are not slower.
    Raises ``DataError`` (the current snapshot stays) if the new data is unreadable or malformed.
    """
    snapshot = build(rates, payment_methods)
    table = loads_json(snapshot.book.file_bytes("currencies.json"), file="currencies.json")
    known = currency_table()
    if {entry["code"] for entry in table["currencies"]} != set(known) or any(
        known[entry["code"]].minor_units != entry["minor_units"] for entry in table["currencies"]
    ):
        raise DataError("the ISO 4217 table changed; restart the process to take it", file="currencies.json")
    if warm:
        snapshot.warm_up()
    with _swap:
        _install(snapshot)
    return snapshot


def warm_up() -> None:
    """Parse all of the current data now (at start-up), rather than on the first requests that need it."""
    current_data().warm_up()
