"""How US duty is charged on postal items since the de minimis suspension (EO 14324, 2025-08-29).

Carriers and qualified parties remitting duty on postal items could choose, for the first six months, between
an ad valorem duty at the origin's effective IEEPA rate (methodology 1) and a specific duty per postal item by
that rate's tier (methodology 2: USD 80 below 16 %, USD 160 from 16 % to 25 %, USD 200 above). The quote states
which one it uses; the merchant picks with ``overrides.us_postal_duty``. Pure: the engine gives the rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal

__all__ = ["POSTAL_METHODS", "PostalDuty", "decide", "specific_amount"]

PostalMethod = Literal["ad_valorem", "specific"]
POSTAL_METHODS: Final = ("ad_valorem", "specific")
SUSPENSION_START: Final = date(2025, 8, 29)
SPECIFIC_LAST_DAY: Final = date(2026, 2, 28)  # six months from 2025-08-29 (EO 14324 sec. 3)
IEEPA_LAST_DAY: Final = date(2026, 2, 23)
SECTION_122_LAST_DAY: Final = date(2026, 7, 23)
SOURCE: Final = "https://www.federalregister.gov/presidential-documents/executive-orders/donald-trump/2025"
CITATION: Final = "EO 14324 (2025-07-30), sec. 3; CBP CSMS #65934463"
POSTAL_RULE_SOURCE: Final = "https://traverseintel.com/policy-signals/cbp_fr%3A2026-12668"
#: (upper bound of the IEEPA rate, inclusive or not, USD per postal item)
_TIERS: Final = ((Decimal("0.16"), False, Decimal(80)), (Decimal("0.25"), True, Decimal(160)))
_TOP: Final = Decimal(200)


def specific_amount(ieepa_rate: Decimal) -> Decimal:
    """USD per postal item for an effective IEEPA rate: 80 below 16 %, 160 for 16-25 %, 200 above 25 %."""
    for bound, inclusive, amount in _TIERS:
        if ieepa_rate < bound or (inclusive and ieepa_rate == bound):
            return amount
    return _TOP


@dataclass(frozen=True, slots=True)
class PostalDuty:
    """The method a postal quote uses; ``amount`` (USD per postal item) only for the specific method."""

    method: PostalMethod
    amount: Decimal | None
    explanation: str
    source: str
    warning: str = ""  # non-empty: the method asked for is not available on the day


def decide(day: date, requested: PostalMethod | None, ieepa_rates: Sequence[Decimal]) -> PostalDuty | None:
    """The postal duty method for a consignment sent by post on ``day``; None before the suspension.

    ``ieepa_rates`` holds each item's effective IEEPA rate (the sum of its IEEPA duty rates); a postal item
    pays one specific amount, for the tier of its highest rate.
    """
    if day < SUSPENSION_START:
        return None
    if day > SECTION_122_LAST_DAY:
        why = (
            "Postal items are entered under CBP's postal rule (91 FR 37801, from 2026-07-24: informal postal entry "
            "with 10-digit HTSUS codes) and pay the ordinary duties on the lines above."
        )
        unavailable = "the specific per-item postal duty ended on 2026-02-28" if requested == "specific" else ""
        return PostalDuty("ad_valorem", None, why, POSTAL_RULE_SOURCE, unavailable)
    if day > IEEPA_LAST_DAY:
        why = (
            "Postal items pay an ad valorem duty equal to the Section 122 surcharge (on the lines above) until CBP's "
            "postal entry process; the IEEPA-based methods ended with the IEEPA duties (UNCONFIRMED: secondary "
            "sources)."
        )
        unavailable = (
            "the specific postal duty was tied to IEEPA rates, which ended on 2026-02-23"
            if requested == "specific"
            else ""
        )
        return PostalDuty("ad_valorem", None, why, POSTAL_RULE_SOURCE, unavailable)
    if requested == "specific" and day <= SPECIFIC_LAST_DAY and ieepa_rates:  # no IEEPA duty: nothing to replace
        top = max(ieepa_rates, default=Decimal(0))
        amount = specific_amount(top)
        why = (
            f"Postal duty by methodology 2 ({CITATION}): USD {amount} per postal item for an effective IEEPA rate of "
            f"{(top * 100).normalize():f} % (USD 80 below 16 %, 160 from 16 to 25 %, 200 above), in place of the "
            "ad valorem IEEPA duties; other duties are unchanged. Available until 2026-02-28."
        )
        return PostalDuty("specific", amount, why, SOURCE)
    why = (
        f"Postal duty by methodology 1 ({CITATION}): ad valorem at the origin's effective IEEPA rate, as on the lines "
        "above; the specific per-item option (USD 80/160/200) ran until 2026-02-28."
    )
    return PostalDuty("ad_valorem", None, why, SOURCE)
