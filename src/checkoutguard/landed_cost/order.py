"""The v1 order document: what a landed-cost quote takes, parsed into frozen values.

Parsing is strict and bounded: unknown fields, floats, negative prices, bad codes and oversized
documents are refused with an ``InvalidInput`` whose ``path`` points at the offending field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal

import moneyed

from checkoutguard.countries import country_code, subdivision_code
from checkoutguard.errors import InvalidInput, LimitExceeded, echo
from checkoutguard.memo import Memo, remember
from checkoutguard.money import currency, from_money, parse_amount

__all__ = [
    "MAX_ITEMS",
    "Fee",
    "Item",
    "Order",
    "parse_order",
]

MAX_ITEMS: Final = 1000
MAX_QUANTITY: Final = 1_000_000
MAX_TEXT: Final = 500
MAX_FEES: Final = 20
EARLIEST_DATE: Final = date(2024, 1, 1)
LATEST_DATE: Final = date(2030, 12, 31)

BuyerType = Literal["consumer", "business"]
Incoterm = Literal["DDP", "DAP"]
Transport = Literal["courier", "post"]
UnknownHSPolicy = Literal["estimate", "error", "exclude"]

_HS = re.compile(r"[0-9]{6}(?:[0-9]{2}){0,2}")
_ID = re.compile(r"[A-Za-z0-9._:/#@+-]{1,100}")
_REGISTRATION = re.compile(r"[A-Z]{2}-[A-Z0-9]{2,10}")
_FX_PAIR = re.compile(r"([A-Z]{3})/([A-Z]{3})")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CATEGORY = re.compile(r"[a-z][a-z0-9_]{1,40}")
#: Bounds of a pinned exchange rate: no two currencies in use are further apart than this.
MIN_FX_RATE: Final = Decimal("0.00000001")
MAX_FX_RATE: Final = Decimal(100_000_000)

# Allowed keys per object, built once (a set literal in a call is rebuilt on every call).
_ITEM_KEYS = frozenset(
    {"id", "description", "price", "quantity", "hs_code", "origin", "category", "weight_kg", "sku", "url"}
)
_MONEY_KEYS = frozenset({"amount", "currency"})
_FEE_KEYS = frozenset({"label", "amount", "payable"})
_OVERRIDE_KEYS = frozenset({"fx", "duty_rates", "us_postal_duty"})
_ADDRESS_KEYS = frozenset({"country", "subdivision", "postal_code"})
_BUYER_KEYS = frozenset({"type", "tax_id"})
_MERCHANT_KEYS = frozenset({"registrations"})
_TOP_LEVEL = frozenset(
    {
        "date",
        "currency",
        "ship_from",
        "ship_to",
        "buyer",
        "incoterm",
        "merchant",
        "items",
        "shipping",
        "insurance",
        "fees",
        "overrides",
        "transport",
        "unknown_hs",
        "claim_preferences",
    }
)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    price: Decimal  # per unit, in price_currency
    price_currency: str
    quantity: int
    hs_code: str | None
    origin: str | None
    category: str
    weight_kg: Decimal | None  # per unit, gross
    description: str = ""


@dataclass(frozen=True, slots=True)
class Fee:
    """A charge the merchant adds (handling, DDP service fee), shown as its own line."""

    label: str
    amount: Decimal
    currency: str
    payable: Literal["checkout", "delivery"]


@dataclass(frozen=True, slots=True)
class Order:
    date: date
    currency: str | None  # None: the destination's currency
    ship_from: str
    ship_to: str
    subdivision: str | None
    postal_code: str | None
    buyer_type: BuyerType
    buyer_tax_id: str | None
    incoterm: Incoterm
    registrations: frozenset[str]
    items: tuple[Item, ...]
    shipping: Decimal
    shipping_currency: str | None
    insurance: Decimal
    insurance_currency: str | None
    fees: tuple[Fee, ...] = ()
    fx_overrides: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)
    duty_overrides: Mapping[str, Decimal] = field(default_factory=dict)
    transport: Transport = "courier"
    unknown_hs: UnknownHSPolicy = "estimate"
    claim_preferences: bool = True
    us_postal_duty: Literal["ad_valorem", "specific"] | None = None  # the carrier's US postal duty method


# Answers already checked, by their exact text: a checkout sends the same items and prices again and again, and
# each check below (regular expressions, code tables, Decimal parsing) is pure. Only texts that passed are kept,
# so a hit skips checks that cannot fail and any error is still the first the full checks would raise.
_CHECKED_ITEMS: Memo[tuple[str, str, str | None, str | None, str], tuple[str, str | None, str | None, str, str]] = (
    Memo()
)
_CHECKED_MONEY: Memo[tuple[str, str, date], tuple[Decimal, str]] = Memo()


def _require_mapping(value: object, path: str) -> Mapping[str, Any]:
    if type(value) is dict:  # the common case; the ABC check below is slow
        return value
    if not isinstance(value, Mapping):
        raise InvalidInput(f"expected an object, got {type(value).__name__}", path=path)
    return value


def _key_path(path: str, key: object) -> str:
    """``path.key`` for a plain key; ``path[<repr>]`` for an empty, odd or non-string one."""
    if isinstance(key, str) and 0 < len(key) <= 40 and key.isprintable():
        return f"{path}.{key}" if path else key
    return f"{path}[{echo(key)}]"


def _check_keys(value: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    if allowed.issuperset(value):
        return
    extra = sorted((key for key in value if key not in allowed), key=lambda key: (type(key) is not str, echo(key)))
    if extra:
        raise InvalidInput(
            f"unknown field {echo(extra[0])}", path=_key_path(path, extra[0]), accepted=", ".join(sorted(allowed))
        )


def _text(value: object, path: str, *, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"expected a string, got {type(value).__name__}", path=path)
    if len(value) > limit:
        raise LimitExceeded(f"text is {len(value)} characters long", path=path, accepted=f"at most {limit}")
    return value


def _choice(value: object, path: str, options: tuple[str, ...]) -> str:
    if type(value) is not str or value not in options:  # a type check first: no foreign __eq__ runs
        raise InvalidInput(f"{echo(value)} is not allowed", path=path, accepted=" | ".join(options))
    return value


def _money(value: object, path: str, on: date) -> tuple[Decimal, str | None]:
    """``{"amount": "12.50", "currency": "EUR"}``, a py-moneyed ``Money``, or a bare amount string."""
    if isinstance(value, moneyed.Money):
        amount, code = from_money(value, path=path)
        currency(code, on, path=f"{path}.currency")
        return amount, code
    if type(value) is dict:
        amount_text, code_text = value.get("amount"), value.get("currency")
        if type(amount_text) is str and type(code_text) is str and _MONEY_KEYS.issuperset(value):
            found = _CHECKED_MONEY.get((amount_text, code_text, on))
            if found is None:
                found = (
                    parse_amount(amount_text, path=f"{path}.amount"),
                    currency(code_text, on, path=f"{path}.currency").code,
                )
                remember(_CHECKED_MONEY, (amount_text, code_text, on), found)
            return found
    if type(value) is dict or isinstance(value, Mapping):
        _check_keys(value, _MONEY_KEYS, path)
        if "amount" not in value:
            raise InvalidInput("missing amount", path=f"{path}.amount")
        amount = parse_amount(value["amount"], path=f"{path}.amount")
        raw_code = value.get("currency")
        if raw_code is None:
            return amount, None
        return amount, currency(raw_code, on, path=f"{path}.currency").code
    return parse_amount(value, path=path), None


def _date(value: object, path: str, today: date | None) -> date:
    """The order's day: ``YYYY-MM-DD`` (only that form, as ``methods --date``), a ``date`` (a ``datetime``
    counts as its date), or ``None`` for ``today``; always inside the window the data holds rules for."""
    if value is None:
        day = today or date.today()
    elif isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            if not _DAY.fullmatch(value):
                raise ValueError(value)
            day = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{echo(value)} is not a date", path=path, accepted="YYYY-MM-DD") from None
    else:
        raise InvalidInput("expected a date string", path=path, accepted="YYYY-MM-DD")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidInput(
            f"{day} is outside the dates we hold rules for", path=path, accepted=f"{EARLIEST_DATE} to {LATEST_DATE}"
        )
    return day


def _postal_code(value: object, path: str) -> str | None:
    """A postal code as text (``0`` or ``false`` is a mistake, not "no postal code"); blank means none."""
    text = _text(value, path, limit=20).strip().upper()
    return text or None


def _tax_id(value: object) -> str | None:
    text = _text(value, "buyer.tax_id", limit=40)
    return text if text.strip() else None


def _hs(value: object, path: str) -> str | None:
    if value is None:
        return None
    text = _text(value, path, limit=20).replace(".", "").replace(" ", "")
    if not _HS.fullmatch(text):
        raise InvalidInput(f"{echo(value)} is not an HS code", path=path, accepted="6, 8 or 10 digits, dots allowed")
    return text


def _item(raw: object, path: str, on: date) -> Item:
    data = _require_mapping(raw, path)
    _check_keys(data, _ITEM_KEYS, path)
    item_id, description = data.get("id"), data.get("description", "")
    hs, origin, category = data.get("hs_code"), data.get("origin"), data.get("category", "general")
    if (
        type(item_id) is str
        and type(description) is str
        and type(category) is str
        and (hs is None or type(hs) is str)
        and (origin is None or type(origin) is str)
    ):
        key = (item_id, description, hs, origin, category)
        known = _CHECKED_ITEMS.get(key)
        if known is None:
            item = _check_item(data, path, on)
            remember(_CHECKED_ITEMS, key, (item.id, item.hs_code, item.origin, item.category, item.description))
            return item
        if "price" not in data:
            raise InvalidInput("missing price", path=f"{path}.price")
        price, price_currency = _money(data["price"], f"{path}.price", on)
        quantity = _quantity(data.get("quantity", 1), path)
        weight = data.get("weight_kg")
        return Item(  # positional: the field order of Item
            known[0],
            price,
            price_currency or "",
            quantity,
            known[1],
            known[2],
            known[3],
            parse_amount(weight, path=f"{path}.weight_kg") if weight is not None else None,
            known[4],
        )
    return _check_item(data, path, on)


def _quantity(quantity: object, path: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput("quantity must be a whole number", path=f"{path}.quantity", accepted="1 to 1000000")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(
            f"quantity {echo(quantity)} is out of range", path=f"{path}.quantity", accepted="1 to 1000000"
        )
    return quantity


def _check_item(data: Mapping[str, Any], path: str, on: date) -> Item:
    """Every check of an item, in order (the first that fails is the error)."""
    if "id" not in data:
        raise InvalidInput("every item needs an id", path=f"{path}.id")
    item_id = _text(data["id"], f"{path}.id", limit=100)
    if not _ID.fullmatch(item_id):
        raise InvalidInput(
            f"{echo(item_id)} is not a usable id", path=f"{path}.id", accepted="letters, digits, ._:/#@+-"
        )
    if "price" not in data:
        raise InvalidInput("missing price", path=f"{path}.price")
    price, price_currency = _money(data["price"], f"{path}.price", on)
    quantity = _quantity(data.get("quantity", 1), path)
    origin = data.get("origin")
    weight = data.get("weight_kg")
    category = data.get("category", "general")
    if not isinstance(category, str) or not _CATEGORY.fullmatch(category):
        raise InvalidInput(f"{echo(category)} is not a category id", path=f"{path}.category", accepted="e.g. general")
    return Item(
        id=item_id,
        price=price,
        price_currency=price_currency or "",
        quantity=quantity,
        hs_code=_hs(data.get("hs_code"), f"{path}.hs_code"),
        origin=country_code(origin, path=f"{path}.origin") if origin is not None else None,
        category=category,
        weight_kg=parse_amount(weight, path=f"{path}.weight_kg") if weight is not None else None,
        description=_text(data.get("description", ""), f"{path}.description"),
    )


def _fee(raw: object, path: str, on: date) -> Fee:
    data = _require_mapping(raw, path)
    _check_keys(data, _FEE_KEYS, path)
    label = _text(data.get("label", ""), f"{path}.label", limit=100)
    if not label:
        raise InvalidInput("a fee needs a label the buyer will see", path=f"{path}.label")
    amount, code = _money(data.get("amount"), f"{path}.amount", on)
    payable = _choice(data.get("payable", "checkout"), f"{path}.payable", ("checkout", "delivery"))
    return Fee(label, amount, code or "", payable)  # type: ignore[arg-type]


def _overrides(raw: object, on: date) -> tuple[dict[tuple[str, str], Decimal], dict[str, Decimal]]:
    data = _require_mapping(raw, "overrides")
    _check_keys(data, _OVERRIDE_KEYS, "overrides")
    fx: dict[tuple[str, str], Decimal] = {}
    for pair, value in _require_mapping(data.get("fx", {}), "overrides.fx").items():
        match = _FX_PAIR.fullmatch(pair) if isinstance(pair, str) else None
        if not match:
            raise InvalidInput(
                f"{echo(pair)} is not a currency pair",
                path=_key_path("overrides.fx", pair),
                accepted='"USD/CAD": CAD per USD',
            )
        path = f"overrides.fx.{pair}"
        base, quote = match.groups()
        currency(base, on, path=path)
        currency(quote, on, path=path)
        rate = parse_amount(value, path=path)
        if rate == 0:
            raise InvalidInput("an exchange rate cannot be zero", path=path)
        if not MIN_FX_RATE <= rate <= MAX_FX_RATE:
            raise LimitExceeded(
                f"exchange rate {rate} is outside the bounds of any two currencies in use",
                path=path,
                accepted=f"{MIN_FX_RATE} to {MAX_FX_RATE}",
            )
        fx[(base, quote)] = rate
    duty: dict[str, Decimal] = {}
    for item_id, value in _require_mapping(data.get("duty_rates", {}), "overrides.duty_rates").items():
        if not isinstance(item_id, str):
            raise InvalidInput(
                f"{echo(item_id)} is not an item id",
                path=_key_path("overrides.duty_rates", item_id),
                accepted="an item's id",
            )
        rate = parse_amount(value, path=f"overrides.duty_rates.{item_id}")
        if rate > 10:
            raise InvalidInput(
                f"duty rate {rate} is a fraction above 1000 %",
                path=f"overrides.duty_rates.{item_id}",
                accepted="0.04 = 4 %",
            )
        duty[item_id] = rate
    return fx, duty


def parse_order(document: Mapping[str, Any] | Order, *, today: date | None = None) -> Order:
    """Parse and check an order document (the v1 JSON shape in DESIGN.md); ``Order`` passes through.

    Only ``InvalidInput`` (and its subclasses) leaves: a Python-only value the checks above do not name
    (a mapping whose methods raise, a structure too deep to walk) is refused as the whole document.
    """
    if isinstance(document, Order):
        return document
    try:
        return _parse_order(document, today)
    except InvalidInput:
        raise
    except (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, RecursionError) as exc:
        raise InvalidInput(
            f"the order could not be read ({type(exc).__name__})", path="$", accepted="the v1 order document"
        ) from None


def _parse_order(document: Mapping[str, Any], today: date | None) -> Order:
    data = _require_mapping(document, "")
    _check_keys(data, _TOP_LEVEL, "")
    on = _date(data.get("date"), "date", today)  # the clock is read only for an order with no date

    ship_to = _require_mapping(data.get("ship_to"), "ship_to")
    _check_keys(ship_to, _ADDRESS_KEYS, "ship_to")
    destination = country_code(ship_to.get("country"), path="ship_to.country")
    subdivision = ship_to.get("subdivision")
    postal = ship_to.get("postal_code")
    ship_from = _require_mapping(data.get("ship_from"), "ship_from")
    _check_keys(ship_from, _ADDRESS_KEYS, "ship_from")
    origin_country = country_code(ship_from.get("country"), path="ship_from.country")
    # Not used by any rule yet, but checked like the destination's: nothing is accepted unread.
    if ship_from.get("subdivision") is not None:
        subdivision_code(origin_country, ship_from["subdivision"], path="ship_from.subdivision")
    if ship_from.get("postal_code") is not None:
        _postal_code(ship_from["postal_code"], "ship_from.postal_code")

    buyer = _require_mapping(data.get("buyer", {}), "buyer")
    _check_keys(buyer, _BUYER_KEYS, "buyer")
    merchant = _require_mapping(data.get("merchant", {}), "merchant")
    _check_keys(merchant, _MERCHANT_KEYS, "merchant")
    registrations = merchant.get("registrations", [])
    if not isinstance(registrations, list) or len(registrations) > 50:
        raise InvalidInput("expected a list of registrations", path="merchant.registrations", accepted='["EU-IOSS"]')
    for index, registration in enumerate(registrations):
        if not isinstance(registration, str) or not _REGISTRATION.fullmatch(registration):
            raise InvalidInput(
                f"{echo(registration)} is not a registration id",
                path=f"merchant.registrations[{index}]",
                accepted="EU-IOSS, GB-VAT, AU-GST, NO-VOEC, CH-VAT, NZ-GST, SG-OVR, CA-GST",
            )

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise InvalidInput("an order needs at least one item", path="items", accepted="a non-empty list")
    if len(raw_items) > MAX_ITEMS:
        raise LimitExceeded(f"{len(raw_items)} items", path="items", accepted=f"at most {MAX_ITEMS}")
    items = tuple(_item(raw, f"items[{i}]", on) for i, raw in enumerate(raw_items))
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise InvalidInput(f"item id {echo(item.id)} is used twice", path=f"items[{index}].id")
        seen.add(item.id)

    shipping, shipping_currency = _money(data.get("shipping", "0"), "shipping", on)
    insurance, insurance_currency = _money(data.get("insurance", "0"), "insurance", on)
    raw_fees = data.get("fees", [])
    if not isinstance(raw_fees, list) or len(raw_fees) > MAX_FEES:
        raise InvalidInput("expected a list of at most 20 fees", path="fees")
    fees = tuple(_fee(raw, f"fees[{i}]", on) for i, raw in enumerate(raw_fees))
    fx, duty = _overrides(data.get("overrides", {}), on)
    unknown = set(duty) - seen
    if unknown:
        raise InvalidInput(f"no item has id {echo(sorted(unknown)[0])}", path="overrides.duty_rates")

    quote_currency = data.get("currency")
    if quote_currency is not None:
        currency(quote_currency, on, path="currency")

    def priced_in(code: str | None, amount: Decimal, path: str) -> str | None:
        if code:
            return code
        if quote_currency is not None or amount == 0:
            return quote_currency
        raise InvalidInput(
            "the amount names no currency", path=f"{path}.currency", accepted='{"amount": "12.50", "currency": "EUR"}'
        )

    items = tuple(
        item
        if item.price_currency
        else replace(item, price_currency=priced_in(item.price_currency, item.price, f"items[{i}].price") or "")
        for i, item in enumerate(items)
    )
    shipping_currency = priced_in(shipping_currency, shipping, "shipping")
    insurance_currency = priced_in(insurance_currency, insurance, "insurance")
    fees = tuple(
        fee if fee.currency else replace(fee, currency=priced_in(fee.currency, fee.amount, f"fees[{i}].amount") or "")
        for i, fee in enumerate(fees)
    )
    postal_duty = _require_mapping(data.get("overrides", {}), "overrides").get("us_postal_duty")
    claim = data.get("claim_preferences", True)
    if not isinstance(claim, bool):
        raise InvalidInput("expected true or false", path="claim_preferences")
    tax_id = buyer.get("tax_id")
    return Order(
        date=on,
        currency=quote_currency,
        ship_from=origin_country,
        ship_to=destination,
        subdivision=subdivision_code(destination, subdivision, path="ship_to.subdivision")
        if subdivision is not None
        else None,
        postal_code=_postal_code(postal, "ship_to.postal_code") if postal is not None else None,
        buyer_type=_choice(buyer.get("type", "consumer"), "buyer.type", ("consumer", "business")),  # type: ignore[arg-type]
        buyer_tax_id=_tax_id(tax_id) if tax_id is not None else None,
        incoterm=_choice(data.get("incoterm", "DDP"), "incoterm", ("DDP", "DAP")),  # type: ignore[arg-type]
        registrations=frozenset(registrations),
        items=items,
        shipping=shipping,
        shipping_currency=shipping_currency,
        insurance=insurance,
        insurance_currency=insurance_currency,
        fees=fees,
        fx_overrides=fx,
        duty_overrides=duty,
        transport=_choice(data.get("transport", "courier"), "transport", ("courier", "post")),  # type: ignore[arg-type]
        unknown_hs=_choice(data.get("unknown_hs", "estimate"), "unknown_hs", ("estimate", "error", "exclude")),  # type: ignore[arg-type]
        claim_preferences=claim,
        us_postal_duty=_choice(  # type: ignore[arg-type]
            postal_duty, "overrides.us_postal_duty", ("ad_valorem", "specific")
        )
        if postal_duty is not None
        else None,
    )
