"""Load a merchant's own tariff schedule from a CSV export, as a duty provider.

Our tables cover the headings e-commerce ships most; a merchant with a full schedule (a broker's export,
the UK Trade Tariff, an HTSUS extract) loads it here and passes it to ``RatesBook.with_duty_provider`` or
``checkoutguard quote --duty-csv EU=tariff.csv``. Trade preferences and additional duties (US Section 301,
...) still come from the embedded table for that jurisdiction unless ``base`` is ``None``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from checkoutguard.errors import DataError, LimitExceeded, echo
from checkoutguard.landed_cost.book import AdditionalDuty, DutyProvider, DutyRate, DutyRow, DutyTable, Preference
from checkoutguard.money import CONTEXT

__all__ = ["MAX_ROWS", "CsvDutyTable", "parse_rate"]

MAX_ROWS: Final = 500_000
MAX_BYTES: Final = 100 * 1024 * 1024
_PERCENT = re.compile(r"\s*([0-9]{1,3}(?:[.,][0-9]{1,6})?)\s*%\s*")
_FRACTION = re.compile(r"\s*(0(?:\.[0-9]{1,8})?|1(?:\.0+)?)\s*")
_FREE = frozenset({"", "free", "0", "0%", "0.0", "exempt", "nil"})


def parse_rate(text: str) -> Decimal:
    """``"12%"``, ``"12,5 %"``, ``"0.12"`` or ``"Free"`` as a fraction; anything else is refused."""
    cleaned = text.strip().lower()
    if cleaned in _FREE:
        return Decimal(0)
    percent = _PERCENT.fullmatch(cleaned)
    if percent:
        return CONTEXT.divide(Decimal(percent.group(1).replace(",", ".")), 100)  # not the caller's context
    fraction = _FRACTION.fullmatch(cleaned)
    if fraction:
        return Decimal(fraction.group(1))
    raise ValueError(f"{echo(text)} is not an ad valorem rate (accepted: 12%, 0.12, Free)")


class CsvDutyTable(DutyTable):
    """A ``DutyTable`` whose tariff rows come from a CSV file (ad valorem rates)."""

    def __init__(
        self,
        jurisdiction: str,
        rows: Sequence[DutyRow],
        *,
        base: DutyProvider | None = None,
        source: str,
        skipped: Sequence[tuple[int, str]] = (),
    ) -> None:
        preferences: tuple[Preference, ...] = ()
        additional: tuple[AdditionalDuty, ...] = ()
        layer = None
        if isinstance(base, DutyTable):
            preferences = base._preferences
            additional = base._additional
            layer = base.layer
        super().__init__(
            jurisdiction,
            rows,
            preferences=preferences,
            additional=additional,
            layer=layer,
            review_by=None,
            name=f"{jurisdiction} tariff from {source}",
        )
        self.source = source
        self.skipped = tuple(skipped)

    @classmethod
    def from_csv(
        cls,
        path: Path | str,
        *,
        jurisdiction: str,
        source: str | None = None,
        base: DutyProvider | None = None,
        hs_column: str = "hs",
        rate_column: str = "rate",
        description_column: str | None = "description",
        effective_from: date = date(2000, 1, 1),
        skip_unparseable: bool = False,
    ) -> CsvDutyTable:
        """Read ``path``: one row per commodity code with its ad valorem rate.

        Codes may contain dots and spaces (``6109.10.00``); rates are ``12%``, ``0.12`` or ``Free``.
        Rows that cannot be read raise ``DataError`` naming their line, unless ``skip_unparseable``
        (then they are kept in ``.skipped``). ``source`` is shown on every duty line. At most
        ``MAX_BYTES`` are read, whatever the file (a FIFO, ``/dev/zero``) says its size is.
        """
        file = Path(path)
        label = source or f"merchant tariff file {file.name}"
        try:
            # Read at most MAX_BYTES + 1 whatever the file claims: /dev/zero and FIFOs report size 0.
            with file.open("rb") as binary:
                raw = binary.read(MAX_BYTES + 1)
        except OSError as exc:
            raise DataError(f"cannot read tariff file: {exc.strerror}", file=str(file)) from exc
        if len(raw) > MAX_BYTES:
            raise LimitExceeded(f"{file} is larger than {MAX_BYTES} bytes", accepted=f"at most {MAX_BYTES} bytes")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text (byte {exc.start})", file=str(file)) from None
        del raw
        rows: list[DutyRow] = []
        skipped: list[tuple[int, str]] = []
        try:
            return cls._parse_rows(
                text,
                file,
                jurisdiction,
                base,
                label,
                rows,
                skipped,
                hs_column=hs_column,
                rate_column=rate_column,
                description_column=description_column,
                effective_from=effective_from,
                skip_unparseable=skip_unparseable,
            )
        except csv.Error as exc:  # a field over the csv module's limit, a NUL byte...
            raise DataError(f"line {len(rows) + len(skipped) + 2}: {exc}", file=str(file)) from None

    @classmethod
    def _parse_rows(
        cls,
        text: str,
        file: Path,
        jurisdiction: str,
        base: DutyProvider | None,
        label: str,
        rows: list[DutyRow],
        skipped: list[tuple[int, str]],
        *,
        hs_column: str,
        rate_column: str,
        description_column: str | None,
        effective_from: date,
        skip_unparseable: bool,
    ) -> CsvDutyTable:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = {hs_column, rate_column} - set(reader.fieldnames or ())
        if missing:
            raise DataError(
                f"missing column(s) {', '.join(sorted(missing))}; found {', '.join(reader.fieldnames or [])}",
                file=str(file),
            )
        for line, record in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise LimitExceeded(f"{file} has more than {MAX_ROWS} rows", accepted=f"at most {MAX_ROWS}")
            raw_code = (record.get(hs_column) or "").strip()
            code = "".join(ch for ch in raw_code if ch not in ". -")
            try:
                if not code.isdigit() or not 2 <= len(code) <= 10 or len(code) % 2:
                    raise ValueError(f"{echo(record.get(hs_column))} is not an HS code of 2 to 10 digits")
                rate = parse_rate(record.get(rate_column) or "")
            except (ValueError, InvalidOperation) as exc:
                if not skip_unparseable:
                    raise DataError(f"line {line}: {exc}", file=str(file)) from exc
                skipped.append((line, str(exc)))
                continue
            description = (record.get(description_column) or "") if description_column else ""
            rows.append(
                DutyRow(code, description.strip()[:200], DutyRate(ad_valorem=rate), effective_from, None, label)
            )
        if not rows:
            raise DataError("no tariff rows", file=str(file))
        return cls(jurisdiction, rows, base=base, source=label, skipped=skipped)
