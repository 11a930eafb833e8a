"""The parameters of HTTP list headers (``Accept``, ``Accept-Language``), read one way for the whole guard."""

from __future__ import annotations

__all__ = ["quality"]


def quality(params: str) -> float | None:  # float-ok: a q-value orders preferences, it is not money
    """The q-value in one list member's parameters: 1.0 when none is given, None when it is malformed (the
    member is then skipped, as a browser's own header never carries one)."""
    params = params.strip()
    if not params.startswith("q="):
        return 1.0
    try:
        return float(params[2:])  # float-ok: a q-value
    except ValueError:
        return None
