"""Checkout journeys: what a buyer was shown step by step, and the drip-pricing judgement across steps.

A single page cannot show drip pricing; a journey can. ``observe(document, step)`` keeps the part of an
audited page that matters (amounts, labels, the step), a store keeps a journey's views, and
``judge(journey, country=...)`` reports mandatory charges that first appear at a later step than the
price and totals that grow without the buyer's choice, citing the law in force for the buyer that day.

The core here is pure (no I/O); ``checkoutguard.journey.stores`` holds the stores (in memory, Redis).

>>> from checkoutguard.audit import load_document
>>> cart = observe(load_document({"lines": [{"kind": "goods", "label": "Shirt", "amount": "40.00"}],
...                               "total": {"amount": "40.00"}}), "cart")
>>> review = observe(load_document({"lines": [{"kind": "goods", "label": "Shirt", "amount": "40.00"},
...                                           {"kind": "fee", "label": "Service fee", "amount": "2.50"}],
...                                 "total": {"amount": "42.50"}}), "review")
>>> report = judge(Journey((cart, review)), country="GB")
>>> [(f.id, f.nodes[0].data["steps"]) for f in report.violations]
[('journey-drip-pricing', ['cart', 'review']), ('journey-total-increased', ['cart', 'review'])]
"""

from __future__ import annotations

from checkoutguard.journey.judge import DRIP, RULE_IDS, TOTAL, JourneyReport, judge
from checkoutguard.journey.laws import DripLaw, drip_laws, laws_for
from checkoutguard.journey.model import Journey, SeenLine, StepView, decode, encode, journey_of
from checkoutguard.journey.observe import observe
from checkoutguard.journey.steps import recognise_step

__all__ = [
    "DRIP",
    "RULE_IDS",
    "TOTAL",
    "DripLaw",
    "Journey",
    "JourneyReport",
    "SeenLine",
    "StepView",
    "decode",
    "drip_laws",
    "encode",
    "journey_of",
    "judge",
    "laws_for",
    "observe",
    "recognise_step",
]
