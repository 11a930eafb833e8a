"""Language first: what reading a page in its own language costs, as ratios to floors from the same run.

Run: .venv/bin/python benchmarks/bench_language.py [--rounds N]

Cases, each beside a floor that does no reading at all:
- detect: the stop-word scorer over a page's first 4,000 characters, beside ``str.lower`` + ``str.split``
  of the same text (the scorer cannot be cheaper than splitting the words);
- classify cold: one consent label classified with every memo cleared, in its page's language and in every
  language, beside ``str.lower`` of the label (cold = the first request of a template);
- order button: ``read_order_button`` on a ~100 KB storefront page, beside one ``bytes.find`` of a word that is
  not on the page (one pass over the bytes: the reader makes two);
- audit warm: ``audit()`` on the same page with warm memos, beside the Lexbor parse of the same bytes.

Interleaved rounds timed by this thread's CPU time; each line gives the fastest round (µs per call) and the
ratio of fastest to fastest.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from selectolax.lexbor import LexborHTMLParser

from bench_audit import _fixture_pages
from checkoutguard.audit import audit, memo
from checkoutguard.audit.classify import classify_control
from checkoutguard.audit.html.order_button import read_order_button
from checkoutguard.audit.language import MAX_DETECT_CHARS, detect

LABEL = (
    "If you click continue below we will be happy to tell you about discounts, money off and new products "
    "from Very by e-mail and text, unless you tell us you DO NOT want to hear about them, by ticking here."
)


def _text(raw: bytes) -> str:
    """The page's visible text, as Lexbor gives it (what a caller would pass to ``detect``)."""
    tree = LexborHTMLParser(raw.decode("utf-8", "replace"))
    body = tree.body
    return body.text(separator=" ") if body is not None else ""


def _cold_classify(language: str | None) -> Callable[[], Any]:
    def run() -> Any:
        memo.clear()
        return classify_control(LABEL, language=language)

    return run


def _cases() -> list[tuple[str, Callable[[], Any], Callable[[], Any], int]]:
    pages = _fixture_pages()
    raw, country = pages["woocommerce_de"]
    lo = raw.lower()
    text = _text(raw)[:MAX_DETECT_CHARS]
    audit(raw, country=country, content_type="text/html")
    return [
        ("detect (page text, 4k chars)", lambda: detect(text), lambda: text.lower().split(), 20),
        ("classify cold, page language (en)", _cold_classify("en"), lambda: memo.clear() or LABEL.lower(), 20),
        ("classify cold, every language", _cold_classify(None), lambda: memo.clear() or LABEL.lower(), 20),
        (
            "order button (WooCommerce DE page)",
            lambda: read_order_button(raw, lo, language="de"),
            lambda: lo.find(b"submitx"),
            20,
        ),
        (
            "audit() warm (WooCommerce DE page)",
            lambda: audit(raw, country=country, content_type="text/html"),
            lambda: LexborHTMLParser(raw.decode("utf-8")),
            5,
        ),
    ]


def _batch(function: Callable[[], Any], calls: int) -> float:
    start = time.thread_time()
    for _ in range(calls):
        function()
    return (time.thread_time() - start) / calls * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (fastest is reported)")
    args = parser.parse_args(argv)
    cases = _cases()
    best: dict[str, tuple[float, float]] = {name: (float("inf"), float("inf")) for name, *_ in cases}
    # The warm audit first, in rounds of its own: the cold cases clear the memos it relies on.
    for group in ([c for c in cases if "warm" in c[0]], [c for c in cases if "warm" not in c[0]]):
        for _ in range(args.rounds):
            for name, subject, floor, calls in group:
                ours, base = _batch(subject, calls), _batch(floor, calls)
                best[name] = (min(best[name][0], ours), min(best[name][1], base))
    print(f"{'case':<40} {'ours µs':>9} {'floor µs':>9} {'ratio':>6}")
    for name, (ours, base) in best.items():
        print(f"{name:<40} {ours:>9.1f} {base:>9.1f} {ours / base:>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
