"""The ECB CSV is checked whole at load and its cells read on lookup (issue #16, CLI start-up): every
rate must equal the CSV cell a plain ``csv`` reader finds, and a malformed file fails at load."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from checkoutguard.data.paths import rates_dir
from checkoutguard.errors import DataError
from checkoutguard.fx import EmbeddedFx


def test_every_reference_rate_is_the_csv_cell_of_its_day() -> None:
    raw = (rates_dir() / "fx" / "ecb-eurofxref.csv").read_text()
    rows = list(csv.reader(io.StringIO(raw)))
    fx = EmbeddedFx()
    checked = 0
    for row in rows[1::7]:  # every 7th day, every currency
        day = date.fromisoformat(row[0])
        for code, cell in zip(rows[0][1:], row[1:], strict=True):
            if cell:
                rate = fx.rate("EUR", code, day)
                assert (rate.rate, rate.as_of, rate.kind) == (Decimal(cell), day, "reference"), (code, day)
                checked += 1
    assert checked > 2500


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("2023-12-29,1.6263,abc", "row 3"),
        ("2023-12-29,1.6263", "row 3"),  # a cell short
        ("2023-13-29,1.6263,1.9558", "month"),
        ("", "row 3"),
    ],
)
def test_a_malformed_row_fails_at_load_naming_it(tmp_path: Path, line: str, found: str) -> None:
    folder = tmp_path / "fx"
    shutil.copytree(rates_dir() / "fx", folder)
    csv_name = "ecb-eurofxref.csv"
    (folder / csv_name).write_text("date,AUD,BGN\n2023-12-28,1.6301,1.9558\n" + line + "\n2023-12-30,1.6,1.9\n")
    with pytest.raises(DataError) as exc:
        EmbeddedFx(folder)
    assert found in str(exc.value)
