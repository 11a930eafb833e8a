from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from checkoutguard.errors import RateUnavailable
from checkoutguard.fx import EmbeddedFx, LiveFx, RateTable, embedded_fx, forex_python_fetcher


def test_ecb_reference_rate_of_a_known_day() -> None:
    # ECB reference rate of 30 October 2026 (eurofxref-hist): USD 1.1172, JPY 175.68.
    rate = embedded_fx().rate("EUR", "USD", date(2026, 10, 30))
    assert rate.rate == Decimal("1.1172")
    assert rate.as_of == date(2026, 10, 30)
    assert rate.kind == "reference"
    assert "ECB" in rate.source


def test_weekend_takes_the_last_business_day() -> None:
    # 2026-10-31 is a Saturday; the last published rates are those of Friday 30 October.
    assert embedded_fx().rate("EUR", "JPY", date(2026, 10, 31)).as_of == date(2026, 10, 30)


def test_cross_rate_goes_through_the_euro() -> None:
    rate = embedded_fx().rate("USD", "JPY", date(2026, 10, 30))
    assert rate.rate == (Decimal("175.68") / Decimal("1.1172")).quantize(Decimal("0.000000001"))


def test_pegged_currency_is_stated_as_a_peg() -> None:
    rate = embedded_fx().rate("USD", "SAR", date(2026, 10, 30))
    assert rate.rate == Decimal("3.75")
    assert rate.kind == "peg"
    assert "3.75 SAR per USD" in rate.source


def test_currency_without_rate_is_an_error_not_a_guess() -> None:
    with pytest.raises(RateUnavailable, match="KWD"):
        embedded_fx().rate("EUR", "KWD", date(2026, 1, 5))


def test_before_the_snapshot_is_an_error() -> None:
    with pytest.raises(RateUnavailable, match="on or before 2020-01-01"):
        embedded_fx().rate("EUR", "USD", date(2020, 1, 1))


def test_history_covers_every_quote_date_since_2024() -> None:
    fx = embedded_fx()
    assert fx.first_date <= date(2024, 1, 1)
    assert fx.rate("GBP", "EUR", date(2024, 1, 1)).as_of == date(2023, 12, 29)


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b"{}"
    hang = False

    def do_GET(self) -> None:
        if self.hang:
            threading.Event().wait(5)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/", handler
    httpd.shutdown()
    httpd.server_close()


def test_forex_python_source_is_used_when_it_answers(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.body = json.dumps({"base": "EUR", "date": "2026-11-20", "rates": {"USD": 1.05, "GBP": 0.85}}).encode()
    live = LiveFx(forex_python_fetcher(url=url, timeout=2), timeout=3)
    assert live.refresh() is True
    rate = live.rate("EUR", "USD", date(2026, 11, 23))
    assert (rate.rate, rate.kind, rate.as_of, rate.stale) == (Decimal("1.05"), "live", date(2026, 11, 20), False)
    assert "forex-python" in rate.source


def test_hung_live_source_falls_back_within_the_time_limit(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.hang = True
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    live = LiveFx(forex_python_fetcher(url=url, timeout=0.3), timeout=1.0, clock=lambda: now)
    started = datetime.now()
    assert live.refresh() is False
    assert datetime.now() - started < timedelta(seconds=2)
    rate = live.rate("EUR", "USD", date(2026, 11, 23))
    assert rate.stale is True
    assert rate.kind == "reference"
    assert "fallback" in rate.source


def test_unreachable_live_source_falls_back() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    now = datetime(2026, 11, 23, tzinfo=UTC)
    live = LiveFx(forex_python_fetcher(url=f"http://127.0.0.1:{port}/", timeout=0.5), clock=lambda: now)
    assert live.refresh() is False
    assert "ConnectionError" in live.last_error
    assert live.rate("EUR", "GBP", date(2026, 11, 23)).stale is True


def test_live_table_expires_and_old_dates_use_the_snapshot() -> None:
    clock = [datetime(2026, 11, 23, 8, tzinfo=UTC)]
    table = RateTable("EUR", date(2026, 11, 23), {"USD": Decimal("1.2")}, "test source")
    live = LiveFx(lambda: table, clock=lambda: clock[0], max_age=timedelta(hours=2))
    assert live.refresh()
    assert live.rate("USD", "EUR", date(2026, 11, 23)).kind == "live"
    assert live.rate("EUR", "USD", date(2025, 1, 2)).kind == "reference"
    clock[0] += timedelta(hours=3)
    assert live.rate("EUR", "USD", date(2026, 11, 23)).stale is True


def test_failing_fetch_keeps_the_last_good_table() -> None:
    calls = iter([RateTable("EUR", date(2026, 11, 23), {"USD": Decimal("1.2")}, "s"), RuntimeError("boom")])

    def fetch() -> RateTable:
        value = next(calls)
        if isinstance(value, Exception):
            raise value
        return value

    live = LiveFx(fetch, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    assert live.refresh()
    assert not live.refresh()
    assert live.rate("EUR", "USD", date(2026, 11, 23)).rate == Decimal("1.2")


def test_embedded_snapshot_rejects_a_corrupt_file(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from checkoutguard.data.paths import rates_dir
    from checkoutguard.errors import DataError

    folder = Path(str(tmp_path))
    (folder / "ecb.json").write_text((rates_dir() / "fx" / "ecb.json").read_text())
    (folder / "pegs.json").write_text((rates_dir() / "fx" / "pegs.json").read_text())
    (folder / "ecb-eurofxref.csv").write_text("date,USD\n2026-01-02,abc\n")
    with pytest.raises(DataError):
        EmbeddedFx(folder)


def test_background_refresher_keeps_fetching_until_stopped() -> None:
    calls: list[int] = []
    fetched = threading.Event()

    def fetch() -> RateTable:
        calls.append(1)
        if len(calls) >= 3:
            fetched.set()
        return RateTable("EUR", date(2026, 11, 23), {"USD": Decimal("1.2")}, "test")

    live = LiveFx(fetch, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    live.start(interval=0.01)
    assert fetched.wait(5)
    live.stop()
    count = len(calls)
    threading.Event().wait(0.1)
    assert len(calls) == count  # stopped: no more fetches
    assert live.rate("EUR", "USD", date(2026, 11, 23)).kind == "live"
    with pytest.raises(ValueError):
        live.start(interval=0)
