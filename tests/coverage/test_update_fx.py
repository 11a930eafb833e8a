"""`checkoutguard rates update-fx` against a local HTTP server serving files in the ECB's own formats: the
copy is checked, merged, written atomically and preferred while newer; a bad file changes nothing."""

from __future__ import annotations

import http.server
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutguard import quote
from checkoutguard.errors import RateUnavailable
from checkoutguard.fx_update import preferred_fx, update_fx
from checkoutguard.snapshot import current_data
from quote_builders import item, order as build_order

READ = current_data().book.file_bytes
EMBEDDED_LAST = current_data().fx.last_date
#: The fixture's days: the four TARGET business days after the embedded snapshot's last one, and 2026-12-04.
DAYS = [EMBEDDED_LAST + timedelta(days=n) for n in (3, 4, 5, 6)] + [date(2026, 12, 4)]
USD = {day: Decimal("1.1000") + Decimal(n) / 1000 for n, day in enumerate(DAYS)}  # 1.1000 ... 1.1040


CODES, HELD = current_data().fx.history()
LAST_HELD = HELD[EMBEDDED_LAST]  # every currency the snapshot quotes on its last day
LAST_HELD_TEXT = {code: f"{value:f}" for code, value in LAST_HELD.items()}


def _hist_csv(rows: dict[date, dict[str, str]]) -> bytes:
    """The ECB's eurofxref-hist.csv layout: newest day first, 'N/A' for no rate, a trailing empty column."""
    codes = [*CODES, "CYP"]
    lines = ["Date," + ",".join(codes) + ","]
    for day in sorted(rows, reverse=True):
        lines.append(day.isoformat() + "," + ",".join(rows[day].get(c, "N/A") for c in codes) + ",")
    return ("\n".join(lines) + "\n").encode()


def _good_rows() -> dict[date, dict[str, str]]:
    """Every currency held, at its last held rate, except the US dollar (1.1000 to 1.1040) and the yen (171.50)."""
    rows = {}
    for day in DAYS:
        row = {code: f"{value:f}" for code, value in LAST_HELD.items()}
        rows[day] = {**row, "USD": f"{USD[day]:f}", "JPY": "171.50"}
    return rows


def _zip(csv_bytes: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("eurofxref-hist.csv", csv_bytes)
    return out.getvalue()


def _daily_xml(leave_out: str = "") -> bytes:
    """The ECB's eurofxref-daily.xml layout for 2026-12-04: USD 1.0987, JPY 170.12, the rest as last held."""
    rates = {**{code: f"{value:f}" for code, value in LAST_HELD.items()}, "USD": "1.0987", "JPY": "170.12"}
    cubes = "".join(f'<Cube currency="{c}" rate="{r}"/>' for c, r in rates.items() if c != leave_out)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"'
        ' xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject>'
        f'<Cube><Cube time="2026-12-04">{cubes}</Cube></Cube></gesmes:Envelope>'
    ).encode()


FILES: dict[str, tuple[int, bytes]] = {}  # what the server answers, by path
RELEASE = threading.Event()  # set when the tests end: lets the stalled handler go


class _Files(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/stall":  # headers, then nothing until the test ends: the client's time limit must cut it
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"PK")
            self.wfile.flush()
            RELEASE.wait(30)
            return
        status, body = FILES.get(self.path, (404, b"not here"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[Callable[[str, bytes, int], str]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)  # bound and listening once constructed
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def serve(path: str, body: bytes, status: int = 200) -> str:
        FILES[path] = (status, body)
        return base + path

    try:
        yield serve
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_history_zip_is_merged_written_and_preferred(server: Callable[..., str], tmp_path: Path) -> None:
    url = server("/eurofxref-hist.zip", _zip(_hist_csv(_good_rows())))
    done = update_fx(READ, tmp_path, url=url, today=date(2026, 12, 5))
    assert (done.last_date, done.new_days) == (date(2026, 12, 4), 5)
    assert done.first_date == current_data().fx.first_date  # the embedded history is kept, not replaced
    assert "CYP" not in done.currencies  # a currency the ECB no longer quotes is not added
    meta = json.loads((tmp_path / "ecb.json").read_text())
    assert meta["file"] == done.file and done.file.startswith("ecb-eurofxref-20261204-")
    assert [p.name for p in tmp_path.glob("*.csv")] == [done.file]
    fx = preferred_fx(READ, tmp_path)
    assert fx.last_date == date(2026, 12, 4)
    assert fx.rate("EUR", "USD", date(2026, 12, 4)).rate == Decimal("1.104")
    old = current_data().fx.rate("EUR", "USD", date(2025, 3, 3))
    assert fx.rate("EUR", "USD", date(2025, 3, 3)).rate == old.rate  # older days still answer as before


def test_a_quote_uses_the_fresh_rate_and_no_longer_warns_stale(server: Callable[..., str], tmp_path: Path) -> None:
    url = server("/hist2.zip", _zip(_hist_csv(_good_rows())))
    update_fx(READ, tmp_path, url=url, today=date(2026, 12, 5))
    order = build_order(
        "DE", item("tee", "110.40", "USD", origin="US"), day="2026-12-04", ship_from="US", currency="EUR"
    )
    stale = quote(order, today=date(2026, 12, 5))
    assert "FX_STALE" in {w.code for w in stale.warnings}
    fresh = quote(order, fx=preferred_fx(READ, tmp_path), today=date(2026, 12, 5))
    assert "FX_STALE" not in {w.code for w in fresh.warnings}
    used = [r for r in fresh.fx if {r.base, r.quote} == {"USD", "EUR"}]
    assert used and used[0].as_of == date(2026, 12, 4)
    assert fresh.lines_of("goods")[0].amount == Decimal("100.00")  # USD 110.40 at 1.1040 per euro


def test_daily_xml_adds_one_day(server: Callable[..., str], tmp_path: Path) -> None:
    url = server("/eurofxref-daily.xml", _daily_xml())
    done = update_fx(READ, tmp_path, url=url, today=date(2026, 12, 4))
    assert (done.last_date, done.new_days) == (date(2026, 12, 4), 1)
    fx = preferred_fx(READ, tmp_path)
    assert fx.rate("EUR", "JPY", date(2026, 12, 4)).rate == Decimal("170.12")
    assert fx.rate("EUR", "CHF", date(2026, 12, 4)).as_of == date(2026, 12, 4)
    # the days in between stay as they were: the last held day answers for them, dated as such
    assert fx.rate("EUR", "USD", EMBEDDED_LAST + timedelta(days=3)).as_of == EMBEDDED_LAST


def test_a_new_day_missing_a_held_currency_is_refused(server: Callable[..., str], tmp_path: Path) -> None:
    url = server("/daily-no-chf.xml", _daily_xml(leave_out="CHF"))
    with pytest.raises(RateUnavailable, match="2026-12-04 has no rate for CHF"):
        update_fx(READ, tmp_path, url=url, today=date(2026, 12, 4))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        ("/404", b"gone", 404, "answered HTTP 404"),
        ("/html", b"<html><body>maintenance</body></html>", 200, "holds no exchange rates"),
        ("/future", _zip(_hist_csv({date(2027, 6, 1): {"USD": "1.1"}})), 200, "a day in the future"),
        ("/nan", _zip(_hist_csv({date(2026, 12, 4): {"USD": "NaN"}})), 200, "outside"),
        ("/negative", _zip(_hist_csv({date(2026, 12, 4): {"USD": "-1.1"}})), 200, "outside"),
        ("/jump", _zip(_hist_csv({date(2026, 12, 4): {**LAST_HELD_TEXT, "USD": "2.20"}})), 200, "away"),
        ("/no-usd", _zip(_hist_csv({date(2026, 12, 4): {"JPY": "170"}})), 200, "no US dollar rate"),
        ("/badzip", b"PK\x03\x04 truncated", 200, "not a readable zip"),
        ("/baddate", b"Date,USD,\n04/12/2026,1.1,\n", 200, "is not a date"),
    ],
)
def test_a_bad_file_is_refused_whole_and_nothing_is_written(
    server: Callable[..., str], tmp_path: Path, path: str, body: bytes, status: int, reason: str
) -> None:
    url = server(path, body, status)
    with pytest.raises(RateUnavailable, match=reason):
        update_fx(READ, tmp_path, url=url, today=date(2026, 12, 5))
    assert list(tmp_path.iterdir()) == []


def test_a_stalled_download_is_cut_off_by_the_time_limit(server: Callable[..., str], tmp_path: Path) -> None:
    with pytest.raises(RateUnavailable, match=r"could not be read|did not finish"):
        update_fx(READ, tmp_path, url=server("/stall", b""), timeout=0.5)
    assert list(tmp_path.iterdir()) == []


def test_an_older_or_broken_copy_is_ignored(tmp_path: Path) -> None:
    older = tmp_path / "older"
    older.mkdir()
    (older / "ecb-eurofxref-20240102.csv").write_text("date,USD\n2024-01-02,1.09\n")
    meta = json.loads(READ("fx/ecb.json"))
    (older / "ecb.json").write_text(json.dumps({**meta, "file": "ecb-eurofxref-20240102.csv"}))
    assert preferred_fx(READ, older).last_date == EMBEDDED_LAST
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "ecb.json").write_text("{not json")
    assert preferred_fx(READ, broken).last_date == EMBEDDED_LAST


def test_a_failed_write_leaves_the_previous_copy(
    server: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_fx(READ, tmp_path, url=server("/hist3.zip", _zip(_hist_csv(_good_rows()))), today=date(2026, 12, 5))
    meta = (tmp_path / "ecb.json").read_bytes()
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        if Path(target).name == "ecb.json":  # the commit step fails (disk full, killed...)
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(RateUnavailable, match=r"could not write the FX copy .* No space left"):
        update_fx(READ, tmp_path, url=server("/daily2.xml", _daily_xml()), today=date(2026, 12, 5))
    monkeypatch.undo()
    assert (tmp_path / "ecb.json").read_bytes() == meta
    assert preferred_fx(READ, tmp_path).rate("EUR", "USD", date(2026, 12, 4)).rate == Decimal("1.104")  # not 1.0987
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_update_fx_then_rates_reports_the_copy(server: Callable[..., str], tmp_path: Path) -> None:
    url = server("/hist4.zip", _zip(_hist_csv(_good_rows())))
    env = {**os.environ, "CHECKOUTGUARD_FX_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "checkoutguard", "rates"]
    done = subprocess.run([*run, "update-fx", "--url", url], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2026-12-04 (5 new days" in done.stdout
    shown = subprocess.run(
        [*run, "--format", "json", "--today", "2026-12-05"], capture_output=True, text=True, env=env, timeout=120
    )
    fx = json.loads(shown.stdout)["fx"]
    assert (fx["last_date"], fx["age_days"]) == ("2026-12-04", 1)
    refused = subprocess.run(
        [*run, "update-fx", "--url", server("/gone", b"", 404)], capture_output=True, text=True, env=env, timeout=120
    )
    assert refused.returncode == 3 and "answered HTTP 404" in refused.stderr


def test_a_territory_with_an_official_customs_rate_says_which_rate_the_quote_used() -> None:
    order = build_order("DE", item("tee", "200.00", "USD", origin="US"), day="2026-10-30", ship_from="US")
    result = quote({**order, "currency": "EUR"}, today=date(2026, 10, 30))
    warning = next(w.message for w in result.warnings if w.code == "CUSTOMS_FX_RATE")
    assert "EU customs convert at the customs exchange rate of the month" in warning
    assert "USD/EUR" in warning and "of 2026-10-30 (ECB euro foreign exchange reference rates)" in warning
    pinned = quote({**order, "currency": "EUR", "overrides": {"fx": {"USD/EUR": "0.86"}}}, today=date(2026, 10, 30))
    assert "CUSTOMS_FX_RATE" not in {w.code for w in pinned.warnings}
    assert [(r.rate, r.source) for r in pinned.fx] == [(Decimal("0.86"), "order overrides.fx")]
    assert pinned.lines_of("goods")[0].amount == Decimal("172.00")  # USD 200 at the pinned 0.86
