"""Local (county, city, district) US sales tax rates by ZIP code, from the rate tables vendors publish.

The layout is the per-state CSV that Avalara publishes for free download (``TAXRATES_ZIP5_CA202612.csv``):
``State,ZipCode,TaxRegionName,EstimatedCombinedRate,StateRate,EstimatedCountyRate,EstimatedCityRate,
EstimatedSpecialRate,RiskLevel``, rates as fractions. A ZIP code is an estimate of a tax jurisdiction (one ZIP
can span several), which the quote says. The tables are the merchant's to fetch and refresh; we only read
them, bounded, and refuse a bad one naming ``file:line:field``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from checkoutguard.errors import InvalidInput, LimitExceeded, echo

__all__ = ["COLUMNS", "MAX_BYTES", "MAX_ROWS", "LocalRate", "LocalRateTable", "LocalRates", "zip5"]

COLUMNS: Final = (
    "State",
    "ZipCode",
    "TaxRegionName",
    "EstimatedCombinedRate",
    "StateRate",
    "EstimatedCountyRate",
    "EstimatedCityRate",
    "EstimatedSpecialRate",
    "RiskLevel",
)
#: A state's file holds at most a few thousand ZIP codes (California about 2,600): these bounds are generous.
MAX_BYTES: Final = 4 * 1024 * 1024
MAX_ROWS: Final = 20_000
MAX_TABLES: Final = 60
_RATE = re.compile(r"0(?:\.[0-9]{1,8})?")
_ZIP = re.compile(r"([0-9]{5})(?:-?[0-9]{4})?")
_STATE = re.compile(r"[A-Z]{2}")
_FILE_MONTH = re.compile(r"TAXRATES_ZIP5_([A-Z]{2})([0-9]{4})([0-9]{2})", re.IGNORECASE)
_MAX_COMBINED: Final = Decimal("0.2")  # no US combined rate reaches 20 %: a larger one is a percent typo
_TOLERANCE: Final = Decimal("0.00002")  # parts are published to 6 places; their sum may differ by rounding


def zip5(postal_code: str) -> str | None:
    """The five-digit ZIP of ``12345``, ``12345-6789`` or ``123456789``; None for anything else."""
    match = _ZIP.fullmatch(postal_code.strip())
    return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class LocalRate:
    """One ZIP code's rates (fractions) as the table gives them."""

    state: str  # "US-CA"
    zip5: str
    region: str
    combined: Decimal
    state_rate: Decimal
    county: Decimal
    city: Decimal
    special: Decimal
    line: int

    @property
    def local(self) -> Decimal:
        """The local part: county + city + special districts."""
        return self.county + self.city + self.special


@dataclass(frozen=True, slots=True)
class LocalRateTable:
    """One rate-table file: its rates by ZIP, the month it describes, and where it came from."""

    name: str
    as_of: date
    rates: Mapping[str, LocalRate]
    states: frozenset[str]

    @classmethod
    def from_csv(cls, path: Path | str, *, as_of: date | None = None) -> LocalRateTable:
        """Read one table; ``as_of`` defaults to the month in an Avalara file name (``..._CA202612.csv``).

        At most ``MAX_BYTES`` are read whatever the file claims its size is. ``OSError`` propagates.
        """
        file = Path(path)
        with file.open("rb") as binary:
            raw = binary.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise LimitExceeded(f"{file} is larger than {MAX_BYTES} bytes", path=str(file), accepted="one state")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"not UTF-8 text (byte {exc.start})", path=str(file)) from None
        if as_of is None:
            as_of = _month_in_name(file)
        return cls.from_text(text, name=str(file), as_of=as_of)

    @classmethod
    def from_text(cls, text: str, *, name: str, as_of: date) -> LocalRateTable:
        """Parse CSV text in the vendor layout; every refusal names ``name:line:field``."""
        if len(text) > MAX_BYTES:
            raise LimitExceeded(f"{name} is larger than {MAX_BYTES} characters", path=name, accepted="one state")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            if header is None:
                raise InvalidInput("empty file: no header row", path=f"{name}:1", accepted=",".join(COLUMNS))
            header = [h.strip() for h in header]
            if tuple(header[: len(COLUMNS)]) != COLUMNS:
                raise InvalidInput(
                    f"header {echo(','.join(header))} is not the rate-table layout",
                    path=f"{name}:1",
                    accepted=",".join(COLUMNS),
                )
            rates: dict[str, LocalRate] = {}
            for line, record in enumerate(reader, start=2):
                if not record or all(not cell.strip() for cell in record):
                    continue
                if len(rates) >= MAX_ROWS:
                    raise LimitExceeded(f"{name} has more than {MAX_ROWS} rows", path=f"{name}:{line}")
                rate = _row(record, name, line)
                if rate.zip5 in rates:
                    first = rates[rate.zip5].line
                    raise InvalidInput(
                        f"ZIP {rate.zip5} appears twice (first on line {first})", path=f"{name}:{line}:ZipCode"
                    )
                rates[rate.zip5] = rate
        except csv.Error as exc:  # a NUL byte, a field over the csv module's limit
            raise InvalidInput(f"unreadable CSV: {exc}", path=f"{name}:{reader.line_num}") from None
        if not rates:
            raise InvalidInput("no rate rows", path=f"{name}:2", accepted="one row per ZIP code")
        return cls(name, as_of, rates, frozenset(r.state for r in rates.values()))


def _month_in_name(file: Path) -> date:
    match = _FILE_MONTH.search(file.name)
    if match is None:
        raise InvalidInput(
            "no month in the file name: pass the table's date",
            path=str(file),
            accepted="TAXRATES_ZIP5_<ST><YYYYMM>.csv, or as_of / FILE@YYYY-MM-DD",
        )
    year, month = int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        raise InvalidInput(f"month {month:02d} in the file name", path=str(file), accepted="01 to 12")
    return date(year, month, 1)


def _row(record: list[str], name: str, line: int) -> LocalRate:
    if len(record) < len(COLUMNS):
        raise InvalidInput(
            f"{len(record)} fields, expected {len(COLUMNS)}", path=f"{name}:{line}", accepted=",".join(COLUMNS)
        )
    cells = dict(zip(COLUMNS, (cell.strip() for cell in record), strict=False))
    state = cells["State"].upper()
    if not _STATE.fullmatch(state):
        raise InvalidInput(f"{echo(cells['State'])} is not a state code", path=f"{name}:{line}:State", accepted="CA")
    code = zip5(cells["ZipCode"].zfill(5)) if cells["ZipCode"].isdigit() else zip5(cells["ZipCode"])
    if code is None:
        raise InvalidInput(
            f"{echo(cells['ZipCode'])} is not a ZIP code", path=f"{name}:{line}:ZipCode", accepted="90210"
        )
    parts = {column: _fraction(cells[column], name, line, column) for column in COLUMNS[3:8]}
    combined = parts["EstimatedCombinedRate"]
    total = sum(
        (parts[c] for c in ("StateRate", "EstimatedCountyRate", "EstimatedCityRate", "EstimatedSpecialRate")),
        Decimal(0),
    )
    if abs(total - combined) > _TOLERANCE:
        raise InvalidInput(
            f"combined rate {combined} is not the sum of its parts ({total})",
            path=f"{name}:{line}:EstimatedCombinedRate",
        )
    return LocalRate(
        f"US-{state}",
        code,
        cells["TaxRegionName"][:100],
        combined,
        parts["StateRate"],
        parts["EstimatedCountyRate"],
        parts["EstimatedCityRate"],
        parts["EstimatedSpecialRate"],
        line,
    )


def _fraction(text: str, name: str, line: int, column: str) -> Decimal:
    where = f"{name}:{line}:{column}"
    if not _RATE.fullmatch(text):
        raise InvalidInput(f"{echo(text)} is not a rate", path=where, accepted="a fraction such as 0.0825")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise InvalidInput(f"{echo(text)} is not a rate", path=where) from None
    if value >= _MAX_COMBINED:
        raise InvalidInput(f"{value} is 20 % or more", path=where, accepted="a fraction such as 0.0825")
    return value


class LocalRates:
    """Several tables (one per state, as published), looked up by state and ZIP."""

    def __init__(self, tables: Iterable[LocalRateTable]) -> None:
        self.tables = tuple(tables)
        if len(self.tables) > MAX_TABLES:
            raise LimitExceeded(f"more than {MAX_TABLES} rate tables", accepted="one per state")
        self._by_zip: dict[str, tuple[LocalRate, LocalRateTable]] = {}
        for table in self.tables:
            for code, rate in table.rates.items():
                if code in self._by_zip:
                    other = self._by_zip[code][1]
                    raise InvalidInput(f"ZIP {code} is also in {other.name}", path=f"{table.name}:{rate.line}:ZipCode")
                self._by_zip[code] = (rate, table)
        self.states = frozenset(s for t in self.tables for s in t.states)

    def lookup(self, postal_code: str) -> tuple[LocalRate, LocalRateTable] | None:
        code = zip5(postal_code)
        return self._by_zip.get(code) if code else None
