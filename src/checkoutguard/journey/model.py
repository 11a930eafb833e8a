"""What the guard remembers of one checkout page, and of a journey: amounts, labels and step names only.

A ``StepView`` is the part of a ``CheckoutDocument`` drip pricing needs: the step, the currency, the
total shown, and each amount with its role (a price, a discount, a mandatory charge the merchant adds,
or an extra the buyer chose) plus the kinds of cost the page says come later. No body, no personal data:
labels are cut to ``MAX_LABEL`` characters, a view to ``MAX_LINES`` lines. ``encode``/``decode`` give the
compact bytes both journey stores keep, so the memory and the Redis store judge exactly the same data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from checkoutguard.errors import InvalidInput
from checkoutguard.money import CONTEXT, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS

__all__ = ["MAX_LABEL", "MAX_LINES", "ROLES", "Journey", "SeenLine", "StepView", "decode", "encode", "journey_of"]

#: Longest label kept: enough to tell "Service fee" from "Booking fee", too short for a message to a buyer.
MAX_LABEL: Final = 80
#: Lines kept per view; a checkout summary has a handful, a page with more is cut (and says so).
MAX_LINES: Final = 64
#: price: goods or subtotal; discount; fee: a mandatory charge the merchant adds; choice: the buyer's extra.
ROLES: Final = ("price", "discount", "fee", "choice")
_CODES: Final = {"price": "p", "discount": "d", "fee": "f", "choice": "c"}
_ROLE_OF: Final = {code: role for role, code in _CODES.items()}
_VERSION: Final = 1
_AMOUNT: Final = re.compile(rf"-?[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?")


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


@dataclass(frozen=True, slots=True)
class SeenLine:
    """One amount as the buyer saw it: its kind (``fee``, ``shipping``, ``tax``...), label, amount, role."""

    kind: str
    label: str
    amount: Decimal
    role: str

    @property
    def key(self) -> tuple[str, str]:
        """Identity across pages: the same kind under the same label (case and spacing aside)."""
        return (self.kind, _key(self.label))


@dataclass(frozen=True, slots=True)
class StepView:
    """One guarded page of a journey. ``deferred`` lists the kinds of cost the page says come later
    ("shipping calculated at the next step"); ``cut`` says lines were dropped to stay within bounds."""

    step: str
    currency: str | None
    total: Decimal | None
    lines: tuple[SeenLine, ...] = ()
    deferred: frozenset[str] = frozenset()
    cut: bool = False

    @property
    def shows_price(self) -> bool:
        return self.total is not None or any(line.role == "price" for line in self.lines)

    def base(self) -> Decimal | None:
        """The goods price: the first subtotal, else the sum of goods lines (None if neither is shown)."""
        prices = [line for line in self.lines if line.role == "price"]
        subtotals = [line.amount for line in prices if line.kind == "subtotal"]
        if subtotals:
            return subtotals[0]
        goods = [line.amount for line in prices if line.kind == "goods"]
        return CONTEXT.create_decimal(sum(goods, Decimal(0))) if goods else None

    def has(self, key: tuple[str, str]) -> bool:
        return any(line.key == key for line in self.lines)


@dataclass(frozen=True, slots=True)
class Journey:
    """The views of one journey in the order they were seen (the last is the page being served).
    ``cut`` says the store dropped views to stay within its bound; ``unreadable`` counts stored views
    that could not be decoded (left out, never guessed)."""

    views: tuple[StepView, ...] = ()
    cut: bool = False
    unreadable: int = 0


def encode(view: StepView) -> bytes:
    """The compact JSON a store keeps for ``view`` (amounts as strings, roles as one letter)."""
    record: dict[str, Any] = {"v": _VERSION, "s": view.step, "c": view.currency}
    if view.total is not None:
        record["t"] = format(view.total, "f")
    record["l"] = [[line.kind, line.label, format(line.amount, "f"), _CODES[line.role]] for line in view.lines]
    if view.deferred:
        record["d"] = sorted(view.deferred)
    if view.cut:
        record["x"] = 1
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _amount(value: object, where: str) -> Decimal:
    if not isinstance(value, str) or _AMOUNT.fullmatch(value) is None:
        raise InvalidInput(f"{value!r} is not an amount", path=where, accepted="digits with an optional fraction")
    return Decimal(value)


def _text(value: object, where: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(f"not a string of at most {limit} characters", path=where)
    return value


def _line(item: object, index: int) -> SeenLine:
    if (
        isinstance(item, list)
        and len(item) == 4
        and isinstance(item[0], str)
        and len(item[0]) <= 16
        and isinstance(item[1], str)
        and len(item[1]) <= MAX_LABEL
        and isinstance(item[2], str)
        and _AMOUNT.fullmatch(item[2])
        and item[3] in _ROLE_OF
    ):
        return SeenLine(item[0], item[1], Decimal(item[2]), _ROLE_OF[item[3]])
    raise InvalidInput("not a [kind, label ≤ 80 chars, amount, role] line", path=f"l[{index}]")


def decode(blob: bytes) -> StepView:
    """A view from a store's bytes; ``InvalidInput`` (naming the field) for anything ``encode`` does not make."""
    try:
        record = json.loads(blob.decode("utf-8"))
    except ValueError:
        raise InvalidInput("a stored journey view is not JSON") from None
    if not isinstance(record, dict) or record.get("v") != _VERSION:
        raise InvalidInput("a stored journey view has an unknown version", path="v", accepted=str(_VERSION))
    raw_lines = record.get("l", [])
    if not isinstance(raw_lines, list) or len(raw_lines) > MAX_LINES:
        raise InvalidInput(f"not a list of at most {MAX_LINES} lines", path="l")
    currency = record.get("c")
    if currency is not None:
        currency = _text(currency, "c", 3)
    deferred = record.get("d", ())
    if not isinstance(deferred, list | tuple) or len(deferred) > 16:
        raise InvalidInput("not a list of cost kinds", path="d")
    total = record.get("t")
    return StepView(
        step=_text(record.get("s"), "s", 32),
        currency=currency,
        total=None if total is None else _amount(total, "t"),
        lines=tuple([_line(item, index) for index, item in enumerate(raw_lines)]),
        deferred=frozenset([_text(kind, "d", 16) for kind in deferred]),
        cut=bool(record.get("x")),
    )


def journey_of(blobs: Sequence[bytes], *, cut: bool = False, last: StepView | None = None) -> Journey:
    """A journey from a store's stored views, oldest first; a view that does not decode is left out and
    counted in ``unreadable`` (a store shared with another version, or damaged), never guessed at.
    ``last`` is the view the caller just stored as ``blobs[-1]``: it is used as it is, not decoded again."""
    views = []
    unreadable = 0
    for blob in blobs[:-1] if last is not None else blobs:
        try:
            views.append(decode(blob))
        except InvalidInput:
            unreadable += 1
    if last is not None:
        views.append(last)
    return Journey(tuple(views), cut, unreadable)
