"""Live FX that cannot hurt (review F6, F9, F10): hostile rates, dates, bodies and trickles against a fake
source on 127.0.0.1, and the quote a merchant gets while it misbehaves."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from checkoutguard import quote
from checkoutguard.fx import MAX_LIVE_BODY, LiveFx, RateTable, embedded_fx, forex_python_fetcher
from quote_builders import item, order

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
DAY = date(2026, 11, 23)


@dataclass
class _Source:
    body: bytes = b"{}"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    trickle: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    requests: int = 0


def _handler(source: _Source) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            source.requests += 1
            self.send_response(source.status)
            self.send_header("Content-Type", "application/json")
            for name, value in source.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not source.trickle:
                self.wfile.write(source.body)
                return
            try:
                self.wfile.write(b'{"rates": {')
                while not source.stop.wait(0.02):  # one byte at a time until the test ends
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                return

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def source() -> Iterator[tuple[str, _Source]]:
    state = _Source()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/", state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _rates(usd: Any, day: str = "2026-11-20") -> bytes:
    return json.dumps({"base": "EUR", "date": day, "rates": {"USD": usd, "GBP": "0.85"}}).encode()


def _usd_order() -> dict[str, Any]:
    return order(
        "DE",
        item(amount="100.00", currency="USD", hs="950300"),
        currency="EUR",
        registrations=["EU-IOSS"],
        day="2026-11-23",
    )


def _embedded_grand() -> Decimal:
    return quote(_usd_order(), fx=embedded_fx(), today=DAY).totals.grand


@pytest.mark.parametrize(
    "usd",
    ["1e999999999", 1e100, "1e-30", 0, -1.08, "NaN", True, None, "1" * 5000],
    ids=["exp-huge", "1e100", "1e-30", "zero", "negative", "nan", "bool", "null", "5000-digits"],
)
def test_f6_absurd_live_rates_never_reach_a_quote(source: tuple[str, _Source], usd: Any) -> None:
    url, state = source
    state.body = _rates(usd)
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    live.refresh()
    result = quote(_usd_order(), fx=live, today=DAY)
    assert result.totals.grand == _embedded_grand()
    assert all(rate.kind != "live" or (rate.quote != "USD" and rate.base != "USD") for rate in result.fx)


def test_f6_a_whole_table_with_one_absurd_rate_is_refused(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = _rates("1e100")
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    assert live.refresh() is False
    assert "refused" in live.last_error and "USD" in live.last_error


def test_f6_a_rate_100_times_off_is_replaced_by_the_embedded_one_with_a_warning(
    source: tuple[str, _Source],
) -> None:
    url, state = source
    state.body = _rates("108.0")
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    assert live.refresh() is True  # plausible on its own; wrong against the embedded EUR/USD
    result = quote(_usd_order(), fx=live, today=DAY)
    assert result.totals.grand == _embedded_grand()
    assert [w.code for w in result.warnings if w.code == "FX_LIVE_REJECTED"] == ["FX_LIVE_REJECTED"]
    assert result.fx[0].note and "25 %" in result.fx[0].note


def test_f6_a_rate_within_the_band_is_used(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = _rates("1.05")
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    assert live.refresh() is True
    rate = live.rate("EUR", "USD", DAY)
    assert (rate.kind, rate.rate, rate.note) == ("live", Decimal("1.05"), "")


def test_f6_the_band_is_configurable() -> None:
    table = RateTable("EUR", DAY, {"USD": Decimal("1.05")}, "test")  # about 6 % under the embedded 1.1172
    strict = LiveFx(lambda: table, clock=lambda: NOW, band=Decimal("0.01"))
    assert strict.refresh()
    assert strict.rate("EUR", "USD", DAY).kind == "reference"
    assert LiveFx(lambda: table, clock=lambda: NOW, band=Decimal("0.10")).rate("EUR", "USD", DAY).stale


def test_f10_a_source_dated_before_the_embedded_snapshot_never_wins(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = _rates("5.00", day="2000-01-01")
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    live.refresh()
    assert quote(_usd_order(), fx=live, today=DAY).totals.grand == _embedded_grand()
    assert live.rate("EUR", "USD", DAY).as_of == embedded_fx().last_date


def test_f10_a_source_dated_in_the_future_fails_the_refresh(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = _rates("1.05", day="2999-01-01")
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    assert live.refresh() is False
    assert "future" in live.last_error


def _refresh_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "checkoutguard-fx-refresh"]


def test_f9_a_trickling_source_leaks_no_thread(source: tuple[str, _Source]) -> None:
    url, state = source
    state.trickle = True
    live = LiveFx(forex_python_fetcher(url=url, timeout=0.3), timeout=1.0, clock=lambda: NOW)
    before = len(_refresh_threads())
    for _ in range(5):
        assert live.refresh() is False
        assert len(_refresh_threads()) <= before + 1  # at most the one fetch still in flight
    for thread in _refresh_threads():
        thread.join(10)  # the fetcher's own deadline ends it, although the source never stops
    assert len(_refresh_threads()) == before
    assert (
        "did not finish" in live.last_error
        or "did not arrive" in live.last_error
        or "still running" in (live.last_error)
    )


def test_f9_a_body_over_the_limit_is_refused(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = b'{"rates": {"USD": "1.05"}, "pad": "' + b"x" * (MAX_LIVE_BODY + 10) + b'"}'
    live = LiveFx(forex_python_fetcher(url=url, timeout=5), timeout=6, clock=lambda: NOW)
    assert live.refresh() is False
    assert "larger than" in live.last_error


def test_f9_a_gzip_bomb_is_cut_off_after_decompression(source: tuple[str, _Source]) -> None:
    url, state = source
    state.body = gzip.compress(b'{"rates": {"USD": "1.05"}, "pad": "' + b"0" * (16 << 20) + b'"}', 6)
    state.headers = {"Content-Encoding": "gzip", "Content-Length": str(len(state.body))}
    assert len(state.body) < (1 << 20)
    live = LiveFx(forex_python_fetcher(url=url, timeout=5), timeout=6, clock=lambda: NOW)
    assert live.refresh() is False
    assert "larger than" in live.last_error


def test_f9_redirects_are_not_followed(source: tuple[str, _Source]) -> None:
    url, state = source
    state.status = 302
    state.headers = {"Location": "http://127.0.0.1:1/internal"}
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3, clock=lambda: NOW)
    assert live.refresh() is False
    assert "HTTP 302" in live.last_error
    assert state.requests == 1
