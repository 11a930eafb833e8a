"""A merchant's own copy of the ECB reference rates: ``checkoutguard rates update-fx`` fetches it, quotes
prefer it to the embedded snapshot when it is newer.

The embedded snapshot ends on the newest day a registry package carries; between releases the ECB keeps
publishing. The update downloads the ECB's own file (``eurofxref-hist.zip``, or the daily XML), under a
hard time limit and a size limit, refuses it whole unless every rate is a finite positive number within
``LIVE_BOUNDS``, no day is in the future and the newest US dollar rate is within ``DEFAULT_BAND`` of the
one we hold, merges it into the history we hold, and writes it atomically: the rates go to a new file, and
replacing ``ecb.json`` (which names that file) is the single step that makes them current.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from checkoutguard.data.schemas import loads_json, validate
from checkoutguard.errors import DataError, RateUnavailable
from checkoutguard.fx import DEFAULT_BAND, LIVE_BOUNDS, EmbeddedFx

__all__ = [
    "ECB_DAILY_URL",
    "ECB_HISTORY_URL",
    "FX_DIR_ENV",
    "MAX_DOWNLOAD",
    "FxUpdate",
    "merchant_fx_dir",
    "preferred_fx",
    "update_fx",
    "write_atomic",
]

logger = logging.getLogger("checkoutguard.fx")

ECB_HISTORY_URL: Final = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
ECB_DAILY_URL: Final = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
#: Where the merchant's copy lives; an empty value turns the copy off (tests, pinned deployments).
FX_DIR_ENV: Final = "CHECKOUTGUARD_FX_DIR"
#: Bytes downloaded at most, and bytes of CSV inside the zip read at most (the ECB's history is ~2 MB).
MAX_DOWNLOAD: Final = 16 << 20
MAX_UNZIPPED: Final = 64 << 20
_CODE = re.compile(r"^[A-Z]{3}$")
_META = "ecb.json"


@dataclass(frozen=True, slots=True)
class FxUpdate:
    """What an update wrote: the folder, the days it covers, and how many days are new."""

    folder: Path
    file: str
    first_date: date
    last_date: date
    new_days: int
    currencies: tuple[str, ...]


def merchant_fx_dir() -> Path | None:
    """``$CHECKOUTGUARD_FX_DIR``, else ``$XDG_DATA_HOME/checkoutguard/fx`` (``~/.local/share/...``); None
    when the variable is set but empty."""
    configured = os.environ.get(FX_DIR_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "checkoutguard" / "fx"


def preferred_fx(read: Callable[[str], bytes], folder: Path | None = None) -> EmbeddedFx:
    """The embedded rates, or the merchant's copy in ``folder`` (default ``merchant_fx_dir()``) when it
    ends on a later day. A copy that does not load is logged and ignored: quotes never fail for it."""
    embedded = EmbeddedFx(read=read)
    folder = folder if folder is not None else merchant_fx_dir()
    if folder is None or not (folder / _META).is_file():
        return embedded

    def own(name: str) -> bytes:
        if name == f"fx/{_META}" or (name.startswith("fx/ecb-") and name.endswith(".csv")):
            return (folder / name[3:]).read_bytes()
        return read(name)  # pegs and anything else: the snapshot's own

    try:
        copy = EmbeddedFx(read=own)
    except (DataError, OSError, KeyError, ValueError) as exc:
        logger.warning("ignoring the FX copy in %s: %s", folder, exc)
        return embedded
    return copy if copy.last_date > embedded.last_date else embedded


def update_fx(
    read: Callable[[str], bytes],
    folder: Path,
    *,
    url: str = ECB_HISTORY_URL,
    timeout: float = 20.0,  # float-ok: seconds
    today: date | None = None,
) -> FxUpdate:
    """Download ``url`` (the ECB's history zip or daily XML), check it, merge it into the rates we hold
    (``folder``'s copy if newer, else the snapshot read through ``read``) and write the result to
    ``folder``. Raises ``RateUnavailable`` (nothing written) when the download or the check fails."""
    body = _download(url, timeout)
    fresh = _parse(body)
    held = preferred_fx(read, folder)
    _check(fresh, held, today or datetime.now(UTC).date())
    codes, rows = held.history()
    return _write(folder, _merge(codes, rows, fresh), new_days=len(set(fresh) - set(rows)))


# --------------------------------------------------------------------------- download


def _download(url: str, timeout: float) -> bytes:  # float-ok: seconds
    """At most ``MAX_DOWNLOAD`` bytes, within ``timeout`` seconds in all, no redirect followed."""
    import requests
    import urllib3

    deadline = time.monotonic() + timeout
    try:
        with requests.get(url, timeout=timeout, stream=True, allow_redirects=False) as response:
            if response.status_code != 200:
                raise RateUnavailable(f"{url} answered HTTP {response.status_code}")
            body = bytearray()
            while chunk := response.raw.read1(65536, decode_content=True):
                body += chunk
                if len(body) > MAX_DOWNLOAD:
                    raise RateUnavailable(f"{url}: the response is larger than {MAX_DOWNLOAD} bytes")
                if time.monotonic() > deadline:
                    raise RateUnavailable(f"{url}: the download did not finish within {timeout:g} s")
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise RateUnavailable(f"{url} could not be read: {type(exc).__name__}") from exc
    return bytes(body)


# --------------------------------------------------------------------------- parse and check

Rates = dict[date, dict[str, Decimal]]


def _parse(body: bytes) -> Rates:
    """The days and rates in an ECB file: the history zip (or its CSV), or the daily/history XML."""
    if body.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                names = [n for n in archive.namelist() if n.endswith(".csv")]
                if len(names) != 1:
                    raise RateUnavailable("the zip must hold exactly one CSV file")
                if archive.getinfo(names[0]).file_size > MAX_UNZIPPED:
                    raise RateUnavailable(f"the CSV in the zip is larger than {MAX_UNZIPPED} bytes")
                with archive.open(names[0]) as member:
                    body = member.read(MAX_UNZIPPED + 1)
                if len(body) > MAX_UNZIPPED:
                    raise RateUnavailable(f"the CSV in the zip is larger than {MAX_UNZIPPED} bytes")
        except zipfile.BadZipFile as exc:
            raise RateUnavailable(f"not a readable zip file: {exc}") from exc
    text = body.lstrip()
    rates = _parse_xml(text) if text.startswith(b"<") else _parse_csv(text)
    if not rates:
        raise RateUnavailable("the file holds no exchange rates")
    return rates


def _number(raw: str, where: str) -> Decimal | None:
    raw = raw.strip()
    if raw in ("", "N/A"):
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RateUnavailable(f"{where}: {raw[:40]!r} is not a number") from None
    if not value.is_finite() or not LIVE_BOUNDS[0] <= value <= LIVE_BOUNDS[1]:
        raise RateUnavailable(f"{where}: {raw[:40]!r} is outside {LIVE_BOUNDS[0]}..{LIVE_BOUNDS[1]}")
    return value


def _day(raw: str, where: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise RateUnavailable(f"{where}: {raw[:40]!r} is not a date (YYYY-MM-DD)") from None


def _parse_csv(body: bytes) -> Rates:
    try:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RateUnavailable(f"not a readable CSV file: {exc}") from exc
    if not rows or not rows[0] or rows[0][0].strip() != "Date":
        raise RateUnavailable("not the ECB's CSV: the first column must be 'Date'")
    header = [cell.strip() for cell in rows[0]]
    columns = [(i, code) for i, code in enumerate(header) if i and code]
    for _, code in columns:
        if not _CODE.match(code):
            raise RateUnavailable(f"header: {code[:20]!r} is not a currency code")
    rates: Rates = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        day = _day(row[0], f"line {number}")
        if day in rates:
            raise RateUnavailable(f"line {number}: {day} appears twice")
        cells = {code: _number(row[i], f"line {number}, {code}") if i < len(row) else None for i, code in columns}
        rates[day] = {code: value for code, value in cells.items() if value is not None}
    return rates


def _parse_xml(body: bytes) -> Rates:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise RateUnavailable(f"not readable XML: {exc}") from exc
    rates: Rates = {}
    for element in root.iter():
        if not element.tag.endswith("Cube") or "time" not in element.attrib:
            continue
        day = _day(element.attrib["time"], "Cube time")
        if day in rates:
            raise RateUnavailable(f"{day} appears twice")
        found: dict[str, Decimal] = {}
        for child in element:
            code = child.attrib.get("currency", "")
            if not _CODE.match(code):
                raise RateUnavailable(f"{day}: {code[:20]!r} is not a currency code")
            value = _number(child.attrib.get("rate", ""), f"{day}, {code}")
            if value is not None:
                found[code] = value
        rates[day] = found
    return rates


def _check(fresh: Rates, held: EmbeddedFx, today: date) -> None:
    newest = max(fresh)
    if newest > today + timedelta(days=1):
        raise RateUnavailable(f"the file has rates for {newest}, a day in the future")
    usd = fresh[newest].get("USD")
    if usd is None:
        raise RateUnavailable(f"the newest day ({newest}) has no US dollar rate")
    rows = held.history()[1]
    expected = set(rows[held.last_date])
    for day in sorted(d for d in fresh if d > held.last_date):
        missing = sorted(expected - set(fresh[day]))
        if missing:
            raise RateUnavailable(f"{day} has no rate for {', '.join(missing)}; nothing was written")
    reference = held.rate("EUR", "USD", min(newest, held.last_date)).rate
    if abs(usd - reference) > reference * DEFAULT_BAND:
        raise RateUnavailable(
            f"the newest US dollar rate ({usd} on {newest}) is more than {DEFAULT_BAND:%} away from the one held "
            f"({reference}); nothing was written"
        )


# --------------------------------------------------------------------------- merge and write


def _merge(codes: list[str], rows: Rates, fresh: Rates) -> tuple[list[str], Rates]:
    """The days we hold plus the new ones (a day in both takes the file's rates), for the currencies we hold
    and any the file quotes on its newest day (a currency the ECB stopped quoting is not added)."""
    newest = fresh[max(fresh)]
    columns = sorted(set(codes) | set(newest))
    merged: Rates = dict(rows)
    for day, values in fresh.items():  # a day we hold keeps the rates the file leaves out
        merged[day] = {**rows.get(day, {}), **{code: value for code, value in values.items() if code in columns}}
    return columns, merged


def _write(folder: Path, merged: tuple[list[str], Rates], *, new_days: int) -> FxUpdate:
    codes, rows = merged
    days = sorted(rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", *codes])
    for day in days:
        writer.writerow([day.isoformat(), *(_cell(rows[day].get(code)) for code in codes)])
    body = out.getvalue().encode()
    # a new name for new bytes: the copy in use is never overwritten, only replaced by the ecb.json swap
    name = f"ecb-eurofxref-{days[-1]:%Y%m%d}-{hashlib.sha256(body).hexdigest()[:12]}.csv"
    meta: Mapping[str, object] = {
        "name": "ECB euro foreign exchange reference rates (merchant copy: checkoutguard rates update-fx)",
        "base": "EUR",
        "file": name,
        "first_date": days[0].isoformat(),
        "last_date": days[-1].isoformat(),
        "currencies": codes,
        "note": "Written by checkoutguard rates update-fx from the ECB's own file; used instead of the embedded "
        "snapshot while it ends on a later day. Reference rates, not the customs rates of any country.",
        "reviewed": datetime.now(UTC).date().isoformat(),
        "review_by": (days[-1] + timedelta(days=7)).isoformat(),
        "sources": [
            {
                "url": "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
                "title": "Euro foreign exchange reference rates",
                "publisher": "European Central Bank",
                "authority": "primary",
                "retrieved": datetime.now(UTC).date().isoformat(),
            }
        ],
    }
    validate(loads_json(json.dumps(meta).encode(), file=_META), "fx_snapshot", file=str(folder / _META))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, body)
        write_atomic(folder / _META, json.dumps(meta, indent=2).encode())  # the commit point
        for old in folder.glob("ecb-eurofxref-*.csv"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except OSError as exc:
        raise RateUnavailable(f"could not write the FX copy in {folder}: {exc.strerror}") from exc
    return FxUpdate(folder, name, days[0], days[-1], new_days, tuple(codes))


def _cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old bytes or the new ones, never a part."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
