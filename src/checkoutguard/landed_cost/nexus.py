"""Economic-nexus thresholds of US states (``rates/nexus/US.json``), for the merchant's information.

Never applied to an order: whether a merchant must collect depends on its sales history, which a quote
does not see. The quote collects where the merchant lists a registration; this view says where it may
need one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from checkoutguard.data.schemas import loads_json
from checkoutguard.landed_cost.book import RatesBook

__all__ = ["nexus_thresholds"]


def nexus_thresholds(book: RatesBook, day: date, country: str = "US") -> dict[str, Any]:
    """The threshold each state applies on ``day``, with its period, source and whether it is confirmed."""
    name = f"nexus/{country}.json"
    document = loads_json(book.file_bytes(name), file=name)
    rows = []
    for code, state in sorted(document["states"].items()):
        live = [
            t
            for t in state["thresholds"]
            if t["effective_from"] <= day.isoformat()
            and ("effective_to" not in t or day.isoformat() <= t["effective_to"])
        ]
        if not live:
            continue
        threshold = live[0]
        rows.append(
            {
                "state": code,
                "name": state["name"],
                "sales": threshold["sales"],
                "transactions": threshold.get("transactions"),
                "test": threshold.get("test"),
                "measured": threshold["measured"],
                "effective_from": threshold["effective_from"],
                "source": threshold["source"],
                "confirmed": state["confirmed"],
                "note": threshold.get("note", ""),
            }
        )
    return {
        "country": document["country"],
        "currency": document["currency"],
        "on": day.isoformat(),
        "purpose": document["purpose"],
        "states": rows,
        "local_only": document.get("local_only", []),
        "corroborated_by": document["corroborated_by"],
    }
