"""Every data file names a schema, passes it, and carries sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkoutguard.data import catalog
from checkoutguard.data.paths import data_root
from checkoutguard.data.schemas import errors, load_json
from checkoutguard.errors import DataError

FILES = list(catalog.data_files())


def test_there_is_data() -> None:
    assert len(FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(data_root()).as_posix())
def test_file_passes_its_schema(path: Path) -> None:
    assert errors(load_json(path), catalog.schema_for(path)) == []


def test_unregistered_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rates").mkdir()
    (tmp_path / "payment_methods").mkdir()
    stray = tmp_path / "rates" / "stray.json"
    stray.write_text("{}")
    with pytest.raises(DataError, match="no JSON Schema"):
        catalog.validate_all(tmp_path)


def test_json_loader_rejects_duplicates_and_nan(tmp_path: Path) -> None:
    dup = tmp_path / "dup.json"
    dup.write_text('{"a": 1, "a": 2}')
    with pytest.raises(DataError, match="duplicate key"):
        load_json(dup)
    nan = tmp_path / "nan.json"
    nan.write_text('{"a": NaN}')
    with pytest.raises(DataError, match="NaN"):
        load_json(nan)
