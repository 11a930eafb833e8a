"""The reliability review's audit findings, each reproduced as it was reported (issue #9).

F2: a limit that stops reading is never a silent pass. F3: a page is read in the encoding a browser uses,
never in one it would not. F4: deep JSON is refused, not raised. F12: a ``str`` page with lone
surrogates, and arguments of the wrong type. F13: messages stay short. F17: a BOM, a JSON array, unclosed
templates. (F1, the quadratic reads, is ``test_growth.py``.)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from checkoutguard.audit import Mode, audit
from checkoutguard.audit.html.encoding import detect, prescan
from checkoutguard.audit.limits import MAX_CONTROLS, MAX_EVENTS, MAX_SUMMARY_ROWS
from checkoutguard.cli import main
from checkoutguard.errors import InvalidInput

ON = date(2026, 11, 23)
EXAMPLE = (Path(__file__).parents[2] / "examples" / "checkout-de.html").read_bytes()
TICKED = b'<label><input type="checkbox" name="newsletter" checked> Ja, Newsletter mit Angeboten</label>'
BOX = b'<label><input type="checkbox" name="newsletter" checked> Send me offers</label>'


def _ids(report: Any) -> list[str]:
    return [f.id for f in report.violations]


def _limits(report: Any) -> list[str]:
    return [n.data["limit"] for f in report.incomplete if f.id == "checkout-document" for n in f.nodes if n.data]


# ------------------------------------------------------------------------------------------- F2: caps
def test_a_thousand_unticked_boxes_no_longer_hide_a_ticked_one() -> None:
    boxes = b"".join(b'<label><input type="checkbox" name="c%d"> Option %d</label>' % (i, i) for i in range(1000))
    report = audit(b"<form>" + boxes + TICKED, country="DE", on=ON)
    assert _ids(report) == ["consent-preticked"]
    assert report.complete


def test_past_the_control_limit_the_report_is_incomplete_not_a_pass() -> None:
    boxes = b'<input type="checkbox" name="c">' * MAX_CONTROLS
    report = audit(b"<form>" + boxes + TICKED, country="DE", on=ON)
    assert not report.complete
    assert _limits(report) == ["controls"]
    node = report.incomplete[0].nodes[0]
    assert f"controls = {MAX_CONTROLS}" in node.message
    assert report.to_dict()["complete"] is False


def test_ordinary_words_do_not_fill_the_event_limit() -> None:
    report = audit(b"consumer rights apply. Summer sale! " * 5_001 + EXAMPLE, country="DE", on=ON)
    assert _ids(report) == ["consent-preticked", "addon-preselected"]
    assert report.complete


def test_past_the_event_limit_the_report_is_incomplete_and_the_cli_exits_5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = b"<form>" + b"<label></label>" * (MAX_EVENTS + 1) + EXAMPLE
    report = audit(page, country="DE", on=ON)
    assert not report.complete and _limits(report) == ["events"]
    assert _ids(report) == []  # what was read holds nothing; that is not a pass
    path = tmp_path / "p.html"
    path.write_bytes(page)
    assert main(["audit", str(path), "--country", "DE", "--format", "summary"]) == 5
    captured = capsys.readouterr()
    assert "NOT COMPLETE" in captured.out and f"events = {MAX_EVENTS}" in captured.out
    assert "not read in full" in captured.err


def test_violations_still_exit_1_when_the_report_is_incomplete(tmp_path: Path) -> None:
    page = TICKED + b"<p>x</p>" + b"<label></label>" * (MAX_EVENTS + 1)
    path = tmp_path / "p.html"
    path.write_bytes(page)
    assert main(["audit", str(path), "--country", "DE", "--no-document"]) == 1


def _summary(padding: int) -> bytes:
    rows = "".join(f"<tr><td>Gutschein {i}</td><td>0,00 €</td></tr>" for i in range(padding))
    return (
        '<table class="summary"><tr><td>Zwischensumme</td><td>10,00 €</td></tr>'
        f"{rows}<tr><td>Servicegebühr</td><td>2,00 €</td></tr>"
        '<tr class="total"><td>Gesamtsumme</td><td>10,00 €</td></tr></table>'
    ).encode()


@pytest.mark.parametrize("padding", [0, 10, 50, 60, MAX_SUMMARY_ROWS - 5])
def test_zero_rows_before_a_fee_do_not_turn_the_missing_fee_into_a_pass(padding: int) -> None:
    report = audit(_summary(padding), country="DE", on=ON)
    assert "total-incomplete" in _ids(report)
    assert report.complete


def test_a_summary_longer_than_the_row_limit_is_incomplete() -> None:
    report = audit(_summary(MAX_SUMMARY_ROWS + 10), country="DE", on=ON)
    assert not report.complete
    assert "summary_rows" in _limits(report)


def test_an_oversized_page_is_incomplete() -> None:
    report = audit(b" " * (8 * 1024 * 1024 + 1), country="DE", on=ON)
    assert not report.complete and report.errors and report.to_dict()["complete"] is False


# ----------------------------------------------------------------------------------------- F3: encodings
@pytest.mark.parametrize("label", ["cp037", "cp500", "cp1026", "cp273", "cp875", "punycode", "utf-7", "utf-32"])
def test_labels_a_browser_ignores_are_ignored(label: str) -> None:
    page = f'<meta charset="{label}"><form>'.encode() + BOX + b"</form>"
    report = audit(page, country="DE", on=ON)
    assert _ids(report) == ["consent-preticked"]
    assert report.source["encoding"] == "utf-8" and report.source["encoding_from"] == "default"
    served = audit(BOX, country="DE", content_type=f"text/html; charset={label}", on=ON)
    assert _ids(served) == ["consent-preticked"]


@pytest.mark.parametrize("label", ["zlib", "base64", "hex", "rot13", "uu", "bz2", "quopri", "idna", "undefined"])
def test_non_text_codec_names_are_ignored_too(label: str) -> None:
    report = audit(f"<meta charset={label}>".encode() + BOX, country="DE", on=ON)
    assert report.errors == () and _ids(report) == ["consent-preticked"]


def test_encoding_standard_labels_and_their_rules() -> None:
    assert detect(b'<meta charset="latin1">').name == "windows-1252"
    assert detect(b"<meta charset=' Shift_JIS '>").codec == "cp932"
    assert detect(b'<meta charset="gb2312">').codec == "gb18030"  # gbk decodes as gb18030
    assert detect(b'<meta charset="utf-16le">').name == "utf-8"  # a <meta> cannot switch to UTF-16
    assert detect(b'<meta charset="x-user-defined">').name == "windows-1252"
    assert detect(b"\xff\xfe\x00\x00<p>").name == "utf-16le"  # no UTF-32 on the web: its BOM reads as UTF-16
    assert detect(b"<p>", "text/html; charset=ISO-8859-2").name == "iso-8859-2"
    assert detect(b"\xef\xbb\xbf<meta charset=latin1>", "text/html; charset=koi8-r").source == "bom"


def test_the_prescan_reads_metas_as_a_browser_does() -> None:
    assert prescan(b'<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-5">').name == "iso-8859-5"
    assert prescan(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">').name == (
        "windows-1251"
    )
    assert prescan(b'<meta content="text/html; charset=windows-1251">') is None  # no pragma
    assert prescan(b'<meta name="description" content="charset=koi8-r">') is None
    assert prescan(b'<div title="<meta charset=koi8-r>"><meta charset=euc-jp>').name == "euc-jp"
    assert prescan(b'<meta charset="cp037"><meta charset="koi8-u">').name == "koi8-u"
    assert prescan(b"<meta charset=") is None


def test_a_page_past_the_prescan_window_is_not_relabelled() -> None:
    page = b"<p>" + b"x" * 1_100 + b'<meta charset="koi8-r">' + BOX
    assert audit(page, country="DE", on=ON).source["encoding"] == "utf-8"


def test_the_replacement_encoding_is_incomplete_not_a_pass() -> None:
    report = audit(b'<meta charset="iso-2022-kr">' + BOX, country="DE", on=ON)
    assert not report.complete and _limits(report) == ["encoding"]
    assert _ids(report) == []


def test_iso_2022_jp_is_decoded_before_it_is_scanned() -> None:
    label = "ニュースレターを受け取る".encode("iso2022_jp")
    page = b'<meta charset="iso-2022-jp"><label><input type="checkbox" name="newsletter" checked>' + label + b"</label>"
    report = audit(page, country="DE", mode=Mode.FIX, on=ON)
    assert report.source["reencoded_from"] == "iso-2022-jp"
    assert report.document.consents[0].label == "ニュースレターを受け取る"
    assert report.fixed_body is None  # not patched: the bytes were re-encoded


# ----------------------------------------------------------------------------------------- F4: deep JSON
@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_deep_json_is_refused_not_raised(depth: int) -> None:
    nested = b'{"consents": ' + b"[" * depth + b"]" * depth + b"}"
    report = audit(nested, country="DE", on=ON)
    assert not report.complete
    assert "nested more than 64 levels deep" in report.errors[0]
    assert len(report.errors[0]) < 300
    assert not audit(b"[" * depth, country="DE", on=ON).complete


def test_deep_json_on_the_cli_exits_2_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 1_000 + b"]" * 1_000)
    assert main(["audit", str(path), "--country", "DE"]) == 2
    assert "nested more than" in capsys.readouterr().err


def test_deep_mappings_raise_invalid_input_with_a_path() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidInput) as error:
        audit({"consents": deep}, country="DE", on=ON)
    assert error.value.path.startswith("$.consents")


@pytest.mark.parametrize(
    "document",
    [
        {1: 2},
        {"currency": datetime(2026, 1, 1)},
        {"total": {"amount": 10**5000}},
        {"lines": [{"kind": "fee", "amount": object()}]},
    ],
)
def test_python_only_values_raise_invalid_input(document: dict[Any, Any]) -> None:
    with pytest.raises(InvalidInput):
        audit(document, country="DE", on=ON)


# --------------------------------------------------------------------------------- F12: str and arguments
def test_lone_surrogates_in_a_str_page_read_as_replacement_characters() -> None:
    report = audit("\ud800<p>", country="DE", on=ON)
    assert report.errors == () and report.complete
    fixed = audit("\udfff" + BOX.decode(), country="DE", mode=Mode.FIX, on=ON)
    assert fixed.fixed_body is not None and fixed.fixed_body.startswith("\ufffd".encode())


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("on", "2026-01-01"),
        ("on", 20260101),
        ("content_type", 5),
        ("content_type", b"text/html"),
        ("subdivision", 5),
        ("buyer_type", None),
        ("mode", 5),
        ("mode", ["fix"]),
        ("fail_on", None),
        ("path", b"fast"),
    ],
)
def test_arguments_of_the_wrong_type_raise_invalid_input_naming_them(argument: str, value: object) -> None:
    with pytest.raises(InvalidInput) as error:
        audit("<p>", country="DE", **{argument: value})  # type: ignore[arg-type]
    assert error.value.path == argument


def test_a_datetime_is_read_as_its_day() -> None:
    assert audit("<p>", country="DE", on=datetime(2026, 11, 23, 12)).buyer["date"] == "2026-11-23"


# ------------------------------------------------------------------------------------- F13: short messages
def test_messages_do_not_repeat_huge_inputs() -> None:
    with pytest.raises(InvalidInput) as error:
        audit("<p>", country="DE", buyer_type="x" * 1_000_000)
    assert len(str(error.value)) < 300
    lines = [{"type": "duty", "amount": "1.00", "payable": "delivery"}] * 600
    with pytest.raises(InvalidInput) as too_long:
        audit("<p>", country="DE", landed_cost={"currency": "EUR", "lines": lines})
    assert len(str(too_long.value)) < 400


def test_a_huge_nested_landed_cost_is_refused_fast() -> None:
    lines = [{"type": "duty", "amount": "1.00", "payable": "delivery"}] * 100_000
    with pytest.raises(InvalidInput) as error:
        audit("<p>", country="DE", landed_cost={"currency": "EUR", "lines": lines})
    assert "values" in str(error.value)


# ------------------------------------------------------------------------------------------------ F17
def test_a_utf8_bom_is_read_in_html_and_json() -> None:
    assert _ids(audit(b"\xef\xbb\xbf" + BOX, country="DE", on=ON)) == ["consent-preticked"]
    document = {"consents": [{"purpose": "marketing", "checked": True}]}
    report = audit(b"\xef\xbb\xbf" + json.dumps(document).encode(), country="DE", on=ON)
    assert _ids(report) == ["consent-preticked"]


def test_a_json_array_says_why_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text("[1, 2]")
    assert main(["audit", str(path), "--country", "DE"]) == 2
    assert "a checkout document is a JSON object" in capsys.readouterr().err


@pytest.mark.parametrize("depth", [1, 10, 11, 100, 1_000])
def test_template_content_is_inert_at_any_depth(depth: int) -> None:
    unclosed = b"<template>" * depth + BOX
    assert _ids(audit(unclosed, country="DE", on=ON)) == []
    assert _ids(audit(unclosed, country="DE", path="full", on=ON)) == []
    closed = b"<template>" * depth + b"</template>" * depth + BOX
    assert _ids(audit(closed, country="DE", on=ON)) == ["consent-preticked"]
    one_open = b"<template>" * depth + b"</template>" * (depth - 1) + BOX
    assert _ids(audit(one_open, country="DE", on=ON)) == []


def test_cli_cannot_write_the_fixed_page_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(BOX)
    code = main(["audit", str(page), "--country", "DE", "--mode", "fix", "--output", str(tmp_path / "no" / "x.html")])
    assert code == 4
    assert "cannot write" in capsys.readouterr().err
