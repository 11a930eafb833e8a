"""``checkoutguard methods`` through the real command-line entry point."""

from __future__ import annotations

import json

import pytest

from checkoutguard.cli import EXIT_OK, EXIT_USAGE, main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["methods", *argv])
    except SystemExit as exit_:  # argparse refuses bad choices itself
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--country", "NL", "--currency", "EUR", "--amount", "50.00", "--date", "2026-11-23")
    assert code == EXIT_OK
    document = json.loads(out)
    assert document["methods"][0]["id"] == "ideal"
    assert document["amount"] == "50.00"


def test_all_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "--country", "de", "--currency", "eur", "--amount", "30", "--buyer", "business", "--channel", "ios",
        "--recurring", "--date", "2026-11-23", "--allow", "card, sepa_debit,apple_pay,klarna", "--prefer", "sepa_debit",
        "--provider", "Stripe",
    )  # fmt: skip
    assert code == EXIT_OK
    document = json.loads(out)
    assert [m["id"] for m in document["methods"]] == ["sepa_debit", "apple_pay", "card"]
    assert {e["id"]: e["code"] for e in document["excluded"]}["klarna"] == "buyer_type"


def test_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "--country", "NL", "--currency", "GBP", "--amount", "5", "--date", "2026-11-23", "--format", "table"
    )
    assert code == EXIT_OK
    assert out.startswith("NL GBP 5.00, consumer, web, 2026-11-23\n")
    assert " 1. Credit or debit card [card, card]" in out
    assert "  - ideal [currency]: iDEAL | Wero takes EUR, not GBP" in out
    assert "data version: pm-" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--country", "UK", "--currency", "GBP", "--amount", "5"], "use GB"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5,00"], "plain decimal number"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5", "--date", "23.11.2026"], "YYYY-MM-DD"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5", "--allow", " , "], "lists no method ids"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5", "--prefer", "idael"], "did you mean 'ideal'"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5", "--allow", "x" * 4001], "characters long"),
        (["--country", "NL", "--currency", "EUR", "--amount", "5", "--provider", "acme"], "not a PSP"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == EXIT_USAGE
    assert out == ""
    assert message in err and err.startswith("checkoutguard methods: ")


def test_argparse_choices_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--country", "NL", "--currency", "EUR", "--amount", "5", "--channel", "tv")
    assert code == EXIT_USAGE
    assert "invalid choice: 'tv'" in err
