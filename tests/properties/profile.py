"""The property suite's Hypothesis settings: the QA kit's profiles, chosen by ``HYPOTHESIS_PROFILE``.

``checkoutguard-ci`` (fast, derandomized: the same examples every run) unless the environment names one
of the kit's profiles, e.g. ``HYPOTHESIS_PROFILE=checkoutguard-deep pytest tests/properties`` before a
release. The suite-wide ``ci``/``dev`` profiles of tests/conftest.py do not apply here, so the CI time of
this suite stays bounded whatever they say.
"""

from __future__ import annotations

import os

from hypothesis import settings

_NAME = os.environ.get("HYPOTHESIS_PROFILE", "")
#: The kit's profile this run uses (registered by checkoutguard.testing.plugin when pytest starts).
QA = settings.get_profile(_NAME if _NAME.startswith("checkoutguard-") else "checkoutguard-ci")


def budget(divisor: int = 1) -> settings:
    """The profile with 1/``divisor`` of its examples, for properties whose examples cost more."""
    return settings(QA, max_examples=max(5, QA.max_examples // divisor))
