"""The CLI never prints a traceback (review F4, F11, F17): bad input exits 2, missing data 3, I/O failures 4,
a bug 70, each with one line on standard error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.cli import EXIT_INTERNAL, EXIT_IO, EXIT_OK, EXIT_USAGE, main
from quote_builders import item, order

EXAMPLE = Path(__file__).parents[2] / "examples" / "fr-ioss-tshirts.json"


def _run(args: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None) -> tuple[int, str]:
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main(args)
    finally:
        sys.stdin = sys.__stdin__
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") <= 1
    return code, err


def _write(tmp_path: Path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_f4_deep_json_on_stdin_and_in_a_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    code, err = _run(["quote", "-"], capsys, stdin=deep)
    assert code == EXIT_USAGE and "nested too deeply" in err
    assert _run(["quote", _write(tmp_path, "deep.json", deep)], capsys)[0] == EXIT_USAGE


def test_f5_overflowing_override_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = order("FR", item(amount="999999999999999", quantity=1_000_000), currency="USD")
    doc["overrides"] = {"fx": {"EUR/USD": "999999999999999"}}
    code, err = _run(["quote", _write(tmp_path, "o.json", json.dumps(doc))], capsys)
    assert code == EXIT_USAGE
    assert "o.json: overrides.fx.EUR/USD:" in err  # the file first, then the field


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"hs,rate,description\n610910,12%," + b"x" * 200_000 + b"\n", id="field-over-128KB"),
        pytest.param(b"hs,rate\n610910,12%\n\xff\xfe\n", id="invalid-utf8"),
        pytest.param(b"hs,rate\n610910,12%\x00\n", id="nul-byte"),
    ],
)
def test_f11_bad_duty_csv_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    csv_file = _write(tmp_path, "t.csv", content)
    code, err = _run(["quote", str(EXAMPLE), "--duty-csv", f"EU={csv_file}"], capsys)
    assert code == EXIT_USAGE and "--duty-csv" in err


def test_f11_duty_csv_from_dev_zero_is_read_to_its_limit_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["quote", str(EXAMPLE), "--duty-csv", "EU=/dev/zero"], capsys)
    assert code == EXIT_USAGE and "larger than" in err


def test_f11_unreadable_inputs_are_io_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["quote", str(tmp_path / "missing.json")], capsys)[0] == EXIT_IO
    assert _run(["quote", str(tmp_path)], capsys)[0] == EXIT_IO  # a directory
    assert _run(["quote", str(EXAMPLE), "--duty-csv", f"EU={tmp_path / 'none.csv'}"], capsys)[0] == EXIT_IO


def test_f11_unwritable_output_exits_4() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "checkoutguard", "quote", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == EXIT_IO
    assert "Traceback" not in done.stderr


def test_f11_an_unexpected_exception_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import checkoutguard.cli.quote as command

    def broken(args: Any) -> int:
        raise RuntimeError("x" * 10_000)

    monkeypatch.setattr(command, "run", broken)
    monkeypatch.setattr(command, "register", _register_with(broken, command.register))
    code, err = _run(["quote", str(EXAMPLE)], capsys)
    assert code == EXIT_INTERNAL and "internal error RuntimeError" in err and len(err) < 300


def _register_with(handler: Any, register: Any) -> Any:
    def patched(subparsers: Any) -> None:
        register(subparsers)
        subparsers.choices["quote"].set_defaults(handler=handler)

    return patched


def test_f17_duplicate_keys_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("{", '{"incoterm": "DAP", ', 1)
    code, err = _run(["quote", _write(tmp_path, "dup.json", text)], capsys)
    assert code == EXIT_USAGE and "appears twice" in err


def test_f17_a_utf8_bom_is_accepted_as_audit_accepts_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "bom.json", b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert _run(["quote", path], capsys)[0] == EXIT_OK


def test_f17_today_outside_the_window_is_a_range_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("date", None)
    code, err = _run(["quote", _write(tmp_path, "nodate.json", json.dumps(doc)), "--today", "0001-01-01"], capsys)
    assert code == EXIT_USAGE and "2024-01-01" in err


def test_f13_a_4mb_field_gives_a_short_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["incoterm"] = "D" * 4_000_000
    code, err = _run(["quote", _write(tmp_path, "big.json", json.dumps(doc))], capsys)
    assert code == EXIT_USAGE and len(err) < 1200


@pytest.mark.parametrize("day", ["2026-W10-1", "20260302", "2026-3-2"])
def test_f17_today_takes_only_yyyy_mm_dd_as_methods_date_does(day: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["quote", str(EXAMPLE), "--today", day])
    assert exited.value.code == EXIT_USAGE
    assert "YYYY-MM-DD" in capsys.readouterr().err
