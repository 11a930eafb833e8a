"""Money amounts and percentages as shop pages write them: ``€1.234,56``, ``12,99 €``, ``CHF 12.–``, ``+2 %``.

Pages mix conventions, so the decimal separator is decided per number: with both ``.`` and ``,`` the last
one is decimal; with one kind only, it is decimal when the digits after it fit the currency's minor unit
(``1.234`` is 1234 in EUR but 1.234 in KWD). Amounts come back as ``Decimal`` under ``money.CONTEXT``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from checkoutguard.audit.bounded import bounded
from checkoutguard.errors import InvalidInput
from checkoutguard.money import CONTEXT, currency, parse_amount

__all__ = [
    "Money",
    "annotated_amount",
    "find_amounts",
    "find_percent",
    "is_currency_word",
    "minor_units",
    "prevailing_currency",
]

#: Symbols and local abbreviations; ``None`` means "this symbol is shared, use the page's currency".
_SYMBOLS: Final[dict[str, str | None]] = {
    "€": "EUR",
    "£": "GBP",
    "$": None,
    "us$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "r$": "BRL",
    "₹": "INR",
    "¥": None,
    "zł": "PLN",
    "zl": "PLN",
    "kr": None,
    "kr.": None,
    "fr.": "CHF",
    "kč": "CZK",
    "ft": "HUF",
    "lei": "RON",
}
_CODES: Final = frozenset(
    (
        "eur",
        "usd",
        "gbp",
        "chf",
        "pln",
        "sek",
        "nok",
        "dkk",
        "czk",
        "huf",
        "ron",
        "bgn",
        "isk",
        "cad",
        "aud",
        "nzd",
        "jpy",
        "cny",
        "inr",
        "brl",
        "mxn",
        "try",
        "zar",
        "sgd",
        "hkd",
        "aed",
        "kwd",
        "bhd",
        "omr",
        "jod",
        "tnd",
    )
)
_SHARED: Final = {
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "¥": ("JPY", "CNY"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
}
_TOKENS: Final = _CODES | frozenset(_SYMBOLS)
_SIGNS: Final = "-−–"
_EDGE: Final = "()[]{},;:*"
# Numbers first (the engine skips to the next digit quickly), then one look at the word just before and
# just after each: a set lookup, not a regular expression tried at every position.
_NUMBER = re.compile(
    r"[0-9]{1,3}(?:[.,'\u00a0\u202f\u2009 ][0-9]{3})+(?:[.,][0-9]{1,3}|[.,][-–])?"
    r"|[0-9]+(?:[.,][0-9]{1,3}|[.,][-–])?"
)
#: White space a page writes between digit groups ("1 234,56 €", "1\u202f234,56 €") or around a sign.
_SPACES: Final = " \u00a0\u202f\u2009"
#: A quantity sign: "× 2", "x 2", "* 2"; the number after it counts items, not money.
_TIMES: Final = "×x*"
# A unit price: an amount per unit of measure ("18,90 € / kg", "€2.50/100 g", "3,99 € pro Liter"), or per
# period ("9,99 € / Monat"); neither is a line of the order.
_PER_UNIT = re.compile(
    r"[ \u00a0\u202f\u2009]*(?:/[ \u00a0\u202f\u2009]*[0-9]*[ \u00a0]*[^\W\d_]"
    r"|(?:per|pro|je)[ \u00a0]+[0-9]*[ \u00a0]*(?:kg|g|mg|l|ml|cl|m|m2|m²|cm|liter|litre|kilo|meter|metre|100)\b)"
)
_PERCENT = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s?%")
_GROUPING = re.compile(r"['\u00a0\u202f\u2009 ]")
_MEMO_CHARS: Final = 400
_QUANTA: Final = tuple(Decimal(1).scaleb(-units) for units in range(5))


@dataclass(frozen=True, slots=True)
class Money:
    """An amount found in text, its currency (``None`` when the symbol is shared and no hint was given),
    whether it was written with a minus sign, and where in the text it was."""

    amount: Decimal
    currency: str | None
    negative: bool
    span: tuple[int, int]
    explicit: bool = True  # False when a shared symbol ($, kr, ¥) was read through the hint


def prevailing_currency(found: Iterable[Money], hint: str | None) -> str | None:
    """The currency most of ``found`` is written in, those with their own symbol or code first; a shared
    symbol (``kr``, ``$``) counts only through ``hint``; None when nothing was found."""
    found = list(found)
    for explicit in (True, False):
        votes = Counter(m.currency for m in found if m.currency and m.explicit == explicit)
        if votes:
            return votes.most_common(1)[0][0]
    return hint if found else None


def is_currency_word(word: str) -> bool:
    """Whether ``word`` is a currency symbol or code ("USD", "zł", "€"): left over in a label when an amount is
    written twice ("$42.00 USD")."""
    return word.lower() in _TOKENS


def annotated_amount(text: str | None) -> Decimal | None:
    """A plain amount a merchant wrote in a ``data-checkoutguard-*`` attribute ("2.50", "0.015"), or None.

    Read with ``parse_amount``, so a page cannot hand the rules a sign, an exponent or a thousand digits.
    """
    if not text:
        return None
    try:
        return parse_amount(text, path="data-checkoutguard")
    except InvalidInput:
        return None


@functools.lru_cache(maxsize=256)
def minor_units(code: str | None) -> int:
    """Digits after the decimal mark for ``code`` (2 when unknown): decides ``1.234`` versus ``1,234``."""
    if code is None:
        return 2
    try:
        units = currency(code).minor_units
    except InvalidInput:
        return 2
    return 2 if units is None else units


def _number(text: str, code: str | None) -> Decimal | None:
    text = _GROUPING.sub("", text)
    if text[-1:] in "-–":  # "12,–" and "12.-": whole units
        text = text[:-2]
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal_mark = "." if dot > comma else ","
    elif dot >= 0 or comma >= 0:
        mark = "." if dot >= 0 else ","
        tail = len(text) - max(dot, comma) - 1
        units = minor_units(code)
        single = text.count(mark) == 1
        decimal_mark = mark if single and units > 0 and (tail == units or (tail != 3 and tail <= units)) else ""
    else:
        decimal_mark = ""
    if decimal_mark:
        whole, _, fraction = text.rpartition(decimal_mark)
        whole = whole.replace(".", "").replace(",", "")
        text = f"{whole}.{fraction}"
    else:
        text = text.replace(".", "").replace(",", "")
    if not text or len(text) > 24:
        return None
    try:
        return Decimal(text).quantize(_QUANTA[min(minor_units(code), 4)], context=CONTEXT)
    except InvalidOperation:
        return None


def _code(token: str, hint: str | None) -> str | None:
    upper = token.upper()
    if len(upper) == 3 and upper.isascii() and upper.isalpha():
        return upper
    lowered = token.lower()
    mapped = _SYMBOLS.get(lowered)
    if mapped is not None:
        return mapped
    # A shared symbol: the hint decides only if it is one of the currencies that write it that way.
    return hint if hint in _SHARED.get(lowered.rstrip("."), ()) else None


def _before(text: str, start: int) -> tuple[str, int, bool] | None:
    """The currency written just before position ``start``: (token, where it starts, minus sign seen)."""
    i = start
    negative = False
    while i > 0 and text[i - 1] in _SPACES:
        i -= 1
    if i > 0 and text[i - 1] in _SIGNS:
        negative = True
        i -= 1
        while i > 0 and text[i - 1] in _SPACES:
            i -= 1
    j = i
    while j > 0 and i - j < 4 and not text[j - 1].isspace() and text[j - 1] not in _EDGE and not text[j - 1].isdigit():
        j -= 1
        if text[j:i] in _TOKENS and (j == 0 or not text[j - 1].isalpha()):
            k = j
            while k > 0 and text[k - 1] in _SPACES:
                k -= 1
            return text[j:i], j, negative or (k > 0 and text[k - 1] in _SIGNS)
    return None


def _after(text: str, end: int) -> tuple[str, int] | None:
    i = end
    if i < len(text) and text[i] in _SPACES:
        i += 1
    for size in (4, 3, 2, 1):
        token = text[i : i + size]
        if token in _TOKENS and (i + size >= len(text) or not text[i + size].isalnum()):
            return token, i + size
    return None


def find_amounts(text: str, hint: str | None = None, *, limit: int = 16) -> list[Money]:
    """Every money amount in ``text``; ``hint`` decides ``$``, ``¥`` and ``kr`` when it is one of theirs.

    A number counts as money only next to a currency symbol or code (``12,99 €``, ``EUR 3.99``).
    """
    if len(text) > _MEMO_CHARS:
        return list(_scan(text, hint, limit))
    return list(_amounts(text, hint, limit))


def _quantity(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a quantity sign ("× 2", "x 2"), a sign that is not a letter
    of a word ("Box 2" is not a quantity)."""
    i = start
    while i > 0 and text[i - 1] in _SPACES:
        i -= 1
    return i > 0 and text[i - 1] in _TIMES and (i == 1 or not text[i - 2].isalpha())


def _scan(text: str, hint: str | None, limit: int) -> tuple[Money, ...]:
    found: list[Money] = []
    lowered = text.lower()
    search = _NUMBER.search
    match = search(lowered)
    while match is not None and len(found) < limit:
        start, end = match.span()
        number = match.group()
        if start and (lowered[start - 1].isdigit() or lowered[start - 1].isalpha()):
            match = search(lowered, end)
            continue
        if _quantity(lowered, start):
            # "× 1 189,00 zł" is one item at 189,00 zł: the count ends at the first space, the price follows.
            space = next((k for k, ch in enumerate(number) if ch in _SPACES), -1)
            if space > 0:
                match = search(lowered, start + space)
                continue
            if number.isdigit():  # "× 2": a count ("x 9,95 €" is a unit price times, read as money)
                match = search(lowered, end)
                continue
        money = _money_at(lowered, number, start, end, hint)
        if money is not None and not (found and money.span[0] < found[-1].span[1]):
            # "59,80 € 2 Artikel": the € belongs to the amount before, so 2 is not money.
            found.append(money)
        match = search(lowered, end)
    return tuple(found)


def _money_at(lowered: str, number: str, start: int, end: int, hint: str | None) -> Money | None:
    """The number ``lowered[start:end]`` as money when a currency is written next to it and it is not a
    price per unit of measure."""
    before = _before(lowered, start)
    if before is not None:
        token, span_start, negative = before
        span = (span_start, end)
    else:
        after = _after(lowered, end)
        if after is None:
            return None
        token, span_end = after
        k = start
        while k > 0 and lowered[k - 1] in _SPACES:
            k -= 1
        negative = k > 0 and lowered[k - 1] in _SIGNS
        span = (start, span_end)
    if _PER_UNIT.match(lowered, span[1]):
        return None
    code = _code(token, hint)
    amount = _number(number, code)
    if amount is None:
        return None
    explicit = token.rstrip(".") not in _SHARED
    return Money(amount, code if explicit or code == hint else None, negative, span, explicit)


# Summary rows repeat from one request to the next ("Shipping €4.90"): short texts are memoized, bounded.
_amounts = bounded(1 << 20)(_scan)


def find_percent(text: str) -> Decimal | None:
    """The first percentage in ``text`` as a fraction (``"2,5 %"`` gives ``Decimal("0.025")``)."""
    match = _PERCENT.search(text)
    if match is None:
        return None
    try:
        value = Decimal(match.group("num").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return None
    return (value / 100).normalize(CONTEXT) if value <= 100 else None
