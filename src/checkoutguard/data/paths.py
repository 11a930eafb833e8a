"""Where the embedded data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import functools
from pathlib import Path

from checkoutguard.errors import DataError

__all__ = ["data_root", "payment_methods_dir", "rates_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def data_root() -> Path:
    """The directory that holds ``rates/`` and ``payment_methods/``.

    A wheel carries them under ``checkoutguard/_data`` (hatch force-include); an editable install or a
    checkout reads them from the repository root, so a data change needs no rebuild.
    """
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent.parent):
        if (candidate / "rates").is_dir() and (candidate / "payment_methods").is_dir():
            return candidate
    raise DataError(f"embedded data not found next to {_PACKAGE}; reinstall checkoutguard")


def rates_dir() -> Path:
    return data_root() / "rates"


def payment_methods_dir() -> Path:
    return data_root() / "payment_methods"
