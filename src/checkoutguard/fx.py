"""Exchange rates: embedded ECB reference rates (the default, offline), pegs, and an opt-in live source.

Every rate says where it came from and for which day, so a quote can show it and flag it when old.
A currency with no rate is a ``RateUnavailable`` error, never a guess. Live sources are fetched off the
request path, under a hard time limit, and fall back to the embedded snapshot with ``stale=True``.
"""

from __future__ import annotations

import bisect
import csv
import functools
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Context, Decimal
from pathlib import Path
from typing import Any, Final, Protocol

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.schemas import load_json
from checkoutguard.errors import DataError, RateUnavailable
from checkoutguard.money import CONTEXT

__all__ = [
    "RATE_CONTEXT",
    "EmbeddedFx",
    "FxProvider",
    "FxRate",
    "LiveFx",
    "RateTable",
    "embedded_fx",
    "forex_python_fetcher",
]

logger = logging.getLogger("checkoutguard.fx")

#: Cross rates are rounded once, to 12 significant digits, and that rounded rate is the one used and shown.
RATE_CONTEXT: Final = Context(prec=12, rounding=CONTEXT.rounding)
_ONE: Final = Decimal(1)
ECB_SOURCE: Final = "ECB euro foreign exchange reference rates"


@dataclass(frozen=True, slots=True)
class FxRate:
    """``rate`` units of ``quote`` buy one unit of ``base``, as published for ``as_of``."""

    base: str
    quote: str
    rate: Decimal
    as_of: date
    source: str
    kind: str  # identity | reference | peg | override | live
    stale: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": f"{self.base}/{self.quote}",
            "rate": str(self.rate),
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "kind": self.kind,
            "stale": self.stale,
        }


class FxProvider(Protocol):
    def rate(self, base: str, quote: str, on: date) -> FxRate:
        """The rate for converting ``base`` into ``quote`` for a quote dated ``on``."""
        ...


@dataclass(frozen=True, slots=True)
class RateTable:
    """One day's rates against one base currency, as a live source returns them."""

    base: str
    as_of: date
    rates: Mapping[str, Decimal]
    source: str


@dataclass(frozen=True, slots=True)
class _Peg:
    currency: str
    anchor: str
    rate: Decimal
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _cross(quote_per_eur: Decimal, base_per_eur: Decimal) -> Decimal:
    return RATE_CONTEXT.divide(quote_per_eur, base_per_eur)


class EmbeddedFx:
    """ECB reference rates since late 2023 plus pegs, from ``rates/fx/``; immutable once loaded."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or rates_dir() / "fx"
        meta = load_json(folder / "ecb.json")
        self._dates: list[date] = []
        self._columns: dict[str, list[Decimal | None]] = {}
        self._load_csv(folder / meta["file"])
        pegs = load_json(folder / "pegs.json")["pegs"]
        self._pegs: dict[str, tuple[_Peg, ...]] = {}
        for entry in pegs:
            peg = _Peg(
                entry["currency"],
                entry["anchor"],
                Decimal(entry["rate"]),
                date.fromisoformat(entry["effective_from"]),
                date.fromisoformat(entry["effective_to"]) if entry.get("effective_to") else None,
                entry["source"],
            )
            self._pegs[peg.currency] = (*self._pegs.get(peg.currency, ()), peg)
        self.first_date = self._dates[0]
        self.last_date = self._dates[-1]
        # The snapshot never changes once loaded, so answers can be remembered (bounded).
        self._memo: dict[tuple[str, str, date], FxRate] = {}

    def _load_csv(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                codes = header[1:]
                self._columns = {code: [] for code in codes}
                for row in reader:
                    self._dates.append(date.fromisoformat(row[0]))
                    for code, cell in zip(codes, row[1:], strict=True):
                        self._columns[code].append(Decimal(cell) if cell else None)
        except (OSError, ValueError, ArithmeticError, StopIteration) as exc:
            raise DataError(f"unreadable reference-rate file: {exc}", file=str(path)) from exc
        if not self._dates or self._dates != sorted(self._dates):
            raise DataError("reference-rate rows must be sorted by date", file=str(path))

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(self._columns) | frozenset(self._pegs) | {"EUR"}

    def _per_eur(self, code: str, on: date) -> tuple[Decimal, date, str, str]:
        """Units of ``code`` per euro for day ``on``: (value, as_of, source, kind)."""
        if code == "EUR":
            return _ONE, on, ECB_SOURCE, "identity"
        index = bisect.bisect_right(self._dates, on) - 1
        if index < 0:
            raise RateUnavailable(f"no reference rate for {code} on or before {on} (data starts {self.first_date})")
        column = self._columns.get(code)
        if column is not None:
            value = column[index]
            if value is not None:
                return value, self._dates[index], ECB_SOURCE, "reference"
        for peg in self._pegs.get(code, ()):
            if peg.covers(on):
                anchor, as_of, anchor_source, _ = self._per_eur(peg.anchor, on)
                via = "" if peg.anchor == "EUR" else f" via {anchor_source}"
                source = f"fixed rate {peg.rate} {code} per {peg.anchor} ({peg.source}){via}"
                return CONTEXT.multiply(anchor, peg.rate), as_of, source, "peg"
        raise RateUnavailable(
            f"no exchange rate for {code} on {on}: not in the ECB reference rates and not a known peg; "
            'pin one with overrides.fx, e.g. {"EUR/' + code + '": "..."}'
        )

    def rate(self, base: str, quote: str, on: date) -> FxRate:
        key = (base, quote, on)
        found = self._memo.get(key)
        if found is None:
            found = self._rate(base, quote, on)
            if len(self._memo) > 65536:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _rate(self, base: str, quote: str, on: date) -> FxRate:
        if base == quote:
            return FxRate(base, quote, _ONE, on, "same currency", "identity")
        b, b_day, b_source, b_kind = self._per_eur(base, on)
        q, q_day, q_source, q_kind = self._per_eur(quote, on)
        kinds = {b_kind, q_kind} - {"identity"}
        kind = "peg" if "peg" in kinds else "reference"
        sources = [s for s, k in ((b_source, b_kind), (q_source, q_kind)) if k == "peg"] or [ECB_SOURCE]
        return FxRate(base, quote, _cross(q, b), min(b_day, q_day), "; ".join(sources), kind)


@functools.cache
def embedded_fx() -> EmbeddedFx:
    """The process-wide embedded snapshot (loaded once, read-only)."""
    return EmbeddedFx()


@dataclass(slots=True)
class _LiveState:
    table: RateTable | None = None
    fetched_at: datetime | None = None
    last_error: str = ""
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class LiveFx:
    """An opt-in live source in front of a fallback (the embedded snapshot by default).

    ``refresh()`` runs ``fetch`` in a worker thread and gives up after ``timeout`` seconds, so a hung
    upstream never blocks a checkout; call it at start-up and on a timer, not per request. ``rate()``
    answers from the last good table for days it covers and otherwise from the fallback, marking the
    answer ``stale`` when the live source was wanted but unavailable.
    """

    def __init__(
        self,
        fetch: Callable[[], RateTable],
        *,
        fallback: FxProvider | None = None,
        timeout: float = 3.0,  # float-ok: seconds, not money
        max_age: timedelta = timedelta(hours=26),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._fetch = fetch
        self._fallback = fallback or embedded_fx()
        self._timeout = timeout
        self._max_age = max_age
        self._clock = clock
        self._state = _LiveState()
        self._stopped = threading.Event()
        self._worker: threading.Thread | None = None

    @property
    def last_error(self) -> str:
        return self._state.last_error

    def start(self, interval: float = 3600.0) -> None:  # float-ok: seconds
        """Refresh now and then every ``interval`` seconds in a daemon thread, off the request path."""
        if interval <= 0:
            raise ValueError("interval must be a positive number of seconds")
        if self._worker is not None and self._worker.is_alive():
            return
        self._stopped.clear()

        def loop() -> None:
            while True:
                self.refresh()
                if self._stopped.wait(interval):
                    return

        self._worker = threading.Thread(target=loop, name="checkoutguard-fx-refresher", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 5.0) -> None:  # float-ok: seconds
        """Stop the background refresher (the last good table stays in use)."""
        self._stopped.set()
        if self._worker is not None:
            self._worker.join(timeout)
            self._worker = None

    def refresh(self) -> bool:
        """Fetch a new table within the time limit; keep the previous one on any failure."""
        outcome: list[RateTable | BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._fetch())
            except BaseException as exc:  # reported below; a live source must never take the process down
                outcome.append(exc)

        worker = threading.Thread(target=work, name="checkoutguard-fx-refresh", daemon=True)
        worker.start()
        worker.join(self._timeout)
        with self._state.lock:
            if not outcome:
                return self._failed(f"live rates did not arrive within {self._timeout:g} s")
            result = outcome[0]
            if isinstance(result, BaseException):
                return self._failed(f"live rates failed: {type(result).__name__}: {result}")
            if not result.rates:
                return self._failed("live source returned no rates")
            self._state.table = result
            self._state.fetched_at = self._clock()
            self._state.last_error = ""
            self._state.failures = 0
            return True

    def _failed(self, message: str) -> bool:
        self._state.last_error = message
        self._state.failures += 1
        logger.warning("checkoutguard: %s; using embedded rates", message)
        return False

    def _fresh_table(self) -> RateTable | None:
        state = self._state
        if state.table is None or state.fetched_at is None:
            return None
        if self._clock() - state.fetched_at > self._max_age:
            return None
        return state.table

    def rate(self, base: str, quote: str, on: date) -> FxRate:
        if base == quote:
            return FxRate(base, quote, _ONE, on, "same currency", "identity")
        table = self._fresh_table()
        if table is not None and on >= table.as_of:
            values = dict(table.rates)
            values[table.base] = _ONE
            if base in values and quote in values:
                per_base = _cross(values[quote], values[base])
                return FxRate(base, quote, per_base, table.as_of, table.source, "live")
        answer = self._fallback.rate(base, quote, on)
        if table is None and on >= self._clock().date() - timedelta(days=1):
            note = self._state.last_error or "live rates not fetched yet"
            return FxRate(
                answer.base,
                answer.quote,
                answer.rate,
                answer.as_of,
                f"{answer.source} (fallback: {note})",
                answer.kind,
                stale=True,
            )
        return answer


def forex_python_fetcher(
    base: str = "EUR",
    *,
    timeout: float = 3.0,  # float-ok: seconds, not money
    url: str | None = None,
) -> Callable[[], RateTable]:
    """A ``fetch`` for ``LiveFx`` backed by forex-python, with the socket timeout it lacks.

    forex-python calls ``requests.get`` with no timeout (a hung upstream blocks for ever); we reuse its
    URL and decoding but make the request ourselves with ``timeout``. ``url`` points it elsewhere (tests).
    """
    import requests
    from forex_python.converter import CurrencyRates

    class _Bounded(CurrencyRates):  # type: ignore[misc]
        def _source_url(self) -> str:
            return url or str(super()._source_url())

    converter = _Bounded(force_decimal=True)

    def fetch() -> RateTable:
        response = requests.get(
            converter._source_url() + "latest", params={"base": base, "rtype": "fpy"}, timeout=timeout
        )
        if response.status_code != 200:
            raise RateUnavailable(f"forex-python source answered HTTP {response.status_code}")
        payload = converter._decode_rates(response, use_decimal=True)
        rates: dict[str, Decimal] = {}
        for key, value in payload.items():
            amount = Decimal(str(value))
            if isinstance(key, str) and len(key) == 3 and amount.is_finite() and amount > 0:
                rates[key] = amount
        as_of = date.today()
        try:
            decoded = response.json()
            if isinstance(decoded, dict) and isinstance(decoded.get("date"), str):
                as_of = date.fromisoformat(decoded["date"])
        except ValueError:
            pass
        return RateTable(base, as_of, rates, f"forex-python ({converter._source_url()})")

    return fetch
