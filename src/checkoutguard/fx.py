"""Exchange rates: embedded ECB reference rates (the default, offline), pegs, and an opt-in live source.

Every rate says where it came from and for which day, so a quote can show it and flag it when old.
A currency with no rate is a ``RateUnavailable`` error, never a guess. Live sources are fetched off the
request path, under a hard time limit, and fall back to the embedded snapshot with ``stale=True``.

A live source cannot hurt a quote: a table is refused whole when a rate is not a finite number within
``LIVE_BOUNDS`` or its date is in the future; a live rate is used only when it is newer than the
embedded rate for that pair and within ``band`` (default 25 %) of it, otherwise the embedded rate is
used and carries a ``note`` the quote turns into a warning; at most one fetch runs at a time, and the
bundled fetcher reads at most ``MAX_LIVE_BODY`` bytes within its deadline and follows no redirect.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, Protocol

from checkoutguard.data.paths import rates_dir
from checkoutguard.data.schemas import loads_json
from checkoutguard.errors import DataError, RateUnavailable
from checkoutguard.memo import Memo, remember
from checkoutguard.money import CONTEXT

__all__ = [
    "DEFAULT_BAND",
    "LIVE_BOUNDS",
    "MAX_LIVE_BODY",
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
#: How far (as a fraction) a live rate may stray from the embedded rate of the same pair and still be used.
DEFAULT_BAND: Final = Decimal("0.25")
#: Every rate of a live table must lie within these bounds, or the whole table is refused.
LIVE_BOUNDS: Final = (Decimal("1e-6"), Decimal("1e7"))
#: Bytes of a live response body read at most (decompressed); a longer body fails the refresh.
MAX_LIVE_BODY: Final = 1 << 20


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
    #: Why a live rate was not used (outside the band, older than the embedded one); empty otherwise.
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "pair": f"{self.base}/{self.quote}",
            "rate": str(self.rate),
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "kind": self.kind,
            "stale": self.stale,
        }
        if self.note:
            result["note"] = self.note
        return result


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

    def __init__(self, folder: Path | None = None, *, read: Callable[[str], bytes] | None = None) -> None:
        """Load from ``folder`` (default: the embedded ``rates/fx``), or from ``read(name)``, which gives the
        bytes of ``fx/<name>`` from a ``RatesBook``'s snapshot (so FX and rates are one generation)."""
        base = folder or rates_dir() / "fx"

        def load(name: str) -> bytes:
            try:
                return read(f"fx/{name}") if read is not None else (base / name).read_bytes()
            except OSError as exc:
                raise DataError(f"unreadable: {exc.strerror}", file=str(base / name)) from exc

        meta = loads_json(load("ecb.json"), file=str(base / "ecb.json"))
        self.name: str = meta["name"]
        self._dates: list[date] = []
        self._rows: list[str] = []  # the CSV's rows after the header, as text (cells are read on lookup)
        self._columns: dict[str, int] = {}  # currency -> cell position in a row
        self._load_csv(load(meta["file"]), base / meta["file"])
        pegs = loads_json(load("pegs.json"), file=str(base / "pegs.json"))["pegs"]
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
        self._memo: Memo[tuple[str, str, date], FxRate] = Memo(budget=2 << 20)

    def _load_csv(self, raw: bytes, path: Path) -> None:
        """Check every row's shape once (a date, then one plain decimal or nothing per currency) and keep
        the rows as text: a process that quotes once reads one or two cells, not 22,000 Decimals."""
        try:
            lines = raw.decode("utf-8").splitlines()
            codes = lines[0].split(",")[1:]
            shape = re.compile(r"\d{4}-\d\d-\d\d" + r",(?:\d+(?:\.\d+)?)?" * len(codes))
            for number, line in enumerate(lines[1:], start=2):
                if shape.fullmatch(line) is None:
                    raise ValueError(f"row {number} is not a date and {len(codes)} decimal rates")
                self._dates.append(date.fromisoformat(line[:10]))
            self._rows = lines[1:]
            self._columns = {code: position for position, code in enumerate(codes, start=1)}
        except (ValueError, IndexError) as exc:
            raise DataError(f"unreadable reference-rate file: {exc}", file=str(path)) from exc
        if not self._dates or self._dates != sorted(self._dates):
            raise DataError("reference-rate rows must be sorted by date", file=str(path))

    def history(self) -> tuple[list[str], dict[date, dict[str, Decimal]]]:
        """The reference-rate currencies and every day's rates (pegs excluded): what ``rates update-fx``
        merges a download into."""
        rows: dict[date, dict[str, Decimal]] = {}
        for day, line in zip(self._dates, self._rows, strict=True):
            cells = line.split(",")
            rows[day] = {code: Decimal(cells[column]) for code, column in self._columns.items() if cells[column]}
        return list(self._columns), rows

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
            cell = self._rows[index].split(",")[column]
            if cell:  # checked at load: a plain decimal
                return Decimal(cell), self._dates[index], ECB_SOURCE, "reference"
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
            found = remember(self._memo, key, self._rate(base, quote, on))
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


def embedded_fx() -> EmbeddedFx:
    """The embedded FX snapshot of the current data (``checkoutguard.current_data()``), read-only."""
    from checkoutguard.snapshot import current_data  # the snapshot holds this module's tables

    return current_data().fx


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
        band: Decimal = DEFAULT_BAND,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        if not isinstance(band, Decimal) or not Decimal(0) < band < Decimal(1):
            raise ValueError("band must be a Decimal fraction between 0 and 1, e.g. Decimal('0.25')")
        self._fetch = fetch
        self._band = band
        self._fallback = fallback or embedded_fx()
        self._inflight: threading.Thread | None = None
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
        """Fetch a new table within the time limit; keep the previous one on any failure.

        At most one fetch runs at a time: while one that timed out is still running, a refresh fails
        at once instead of starting another thread (a trickling source cannot pile threads up).
        """
        if self._inflight is not None and self._inflight.is_alive():
            with self._state.lock:
                return self._failed("the previous fetch is still running")
        outcome: list[RateTable | BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._fetch())
            except BaseException as exc:  # reported below; a live source must never take the process down
                outcome.append(exc)

        worker = threading.Thread(target=work, name="checkoutguard-fx-refresh", daemon=True)
        self._inflight = worker
        worker.start()
        worker.join(self._timeout)
        with self._state.lock:
            if not outcome:
                return self._failed(f"live rates did not arrive within {self._timeout:g} s")
            result = outcome[0]
            if isinstance(result, BaseException):
                return self._failed(f"live rates failed: {type(result).__name__}: {result}")
            problem = self._check(result)
            if problem:
                return self._failed(f"live table refused: {problem}")
            self._state.table = result
            self._state.fetched_at = self._clock()
            self._state.last_error = ""
            self._state.failures = 0
            return True

    def _check(self, table: object) -> str:
        """Why ``table`` cannot be used as a whole (empty: it can)."""
        if not isinstance(table, RateTable) or not isinstance(table.as_of, date):
            return f"{type(table).__name__} is not a RateTable"
        if not table.rates:
            return "no rates"
        if table.as_of > self._clock().date() + timedelta(days=1):
            return f"dated {table.as_of}, in the future"
        low, high = LIVE_BOUNDS
        for code, value in table.rates.items():
            if not (isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper()):
                return "a currency code is not three capital letters"
            if not isinstance(value, Decimal) or not value.is_finite() or not low <= value <= high:
                return f"{code} rate is not a number between {low} and {high}"
        return ""

    def _failed(self, message: str) -> bool:
        self._state.last_error = message
        self._state.failures += 1
        logger.warning("checkoutguard: %s; using embedded rates", message)
        return False

    def _judge(self, live: FxRate, reference: FxRate) -> str:
        """Why ``live`` must not be used instead of ``reference`` (empty: it may)."""
        if reference.as_of > live.as_of:
            return f"live {live.base}/{live.quote} is dated {live.as_of}, before the embedded rate of {reference.as_of}"
        if reference.rate <= 0:
            return ""
        try:
            drift = CONTEXT.abs(CONTEXT.subtract(CONTEXT.divide(live.rate, reference.rate), _ONE))
        except ArithmeticError:
            drift = self._band + 1
        if drift > self._band:
            percent = CONTEXT.multiply(self._band, 100).normalize(CONTEXT)
            return (
                f"live {live.base}/{live.quote} rate {live.rate} is more than {percent:f} % from the "
                f"embedded {reference.rate} ({reference.as_of}); the embedded rate is used"
            )
        return ""

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
        note = ""
        if table is not None and on >= table.as_of:
            values = dict(table.rates)
            values[table.base] = _ONE
            if base in values and quote in values:
                live = FxRate(base, quote, _cross(values[quote], values[base]), table.as_of, table.source, "live")
                reference = self._fallback.rate(base, quote, on)
                note = self._judge(live, reference)
                if not note:
                    return live
                if reference.as_of > live.as_of:  # the embedded rate is newer: it simply wins
                    return reference
                return FxRate(
                    reference.base,
                    reference.quote,
                    reference.rate,
                    reference.as_of,
                    f"{reference.source} (live rate refused)",
                    reference.kind,
                    stale=True,
                    note=note,
                )
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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a rate")


def forex_python_fetcher(
    base: str = "EUR",
    *,
    timeout: float = 3.0,  # float-ok: seconds, not money
    url: str | None = None,
    max_body: int = MAX_LIVE_BODY,
) -> Callable[[], RateTable]:
    """A ``fetch`` for ``LiveFx`` using forex-python's source, with the limits forex-python lacks.

    forex-python calls ``requests.get`` with no timeout and reads any body. This fetcher takes its URL
    but makes the request itself: ``timeout`` bounds each socket wait *and* the whole download (a
    source that trickles a byte at a time is cut off), the body is read up to ``max_body`` bytes after
    decompression (a gzip bomb is cut off), redirects are not followed (a compromised source cannot
    point the server at internal addresses), and numbers are read as ``Decimal``. ``url`` points it
    elsewhere (tests).
    """
    import json

    import requests
    from forex_python.converter import CurrencyRates

    class _Bounded(CurrencyRates):  # type: ignore[misc]
        def _source_url(self) -> str:
            return url or str(super()._source_url())

    source = str(_Bounded(force_decimal=True)._source_url())

    def fetch() -> RateTable:
        deadline = time.monotonic() + timeout
        with requests.get(
            source + "latest",
            params={"base": base, "rtype": "fpy"},
            timeout=timeout,
            stream=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                raise RateUnavailable(f"forex-python source answered HTTP {response.status_code}")
            body = bytearray()
            while True:
                if time.monotonic() > deadline:
                    raise RateUnavailable(f"the response did not finish within {timeout:g} s")
                chunk = response.raw.read1(65536, decode_content=True)
                if not chunk:
                    break
                body += chunk
                if len(body) > max_body:
                    raise RateUnavailable(f"the response is larger than {max_body} bytes")
        decoded = json.loads(bytes(body), parse_float=Decimal, parse_int=Decimal, parse_constant=_no_constant)
        if not isinstance(decoded, dict) or not isinstance(decoded.get("rates"), dict):
            raise RateUnavailable("the response has no rates object")
        rates: dict[str, Decimal] = {}
        for key, value in decoded["rates"].items():
            if isinstance(value, Decimal) and isinstance(key, str):
                rates[key] = value
            elif isinstance(value, str) and len(value) <= 40:
                try:
                    rates[key] = Decimal(value)
                except InvalidOperation:
                    continue
        as_of = date.today()
        stated = decoded.get("date")
        if isinstance(stated, str) and len(stated) == 10:
            as_of = date.fromisoformat(stated)
        return RateTable(base, as_of, rates, f"forex-python ({source})")

    return fetch
