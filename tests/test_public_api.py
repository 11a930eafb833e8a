"""The public namespace is exactly what __all__ says, sorted, and importable (httpx's habit)."""

from __future__ import annotations

import checkoutguard


def test_all_public_names_are_exported_and_sorted() -> None:
    public = [name for name in vars(checkoutguard) if not name.startswith("_") or name == "__version__"]
    modules = {"errors", "money", "data", "fx", "landed_cost", "payments", "countries", "audit", "cli", "annotations"}
    modules.add("batch")  # checkoutguard.batch: a subpackage (an attribute once tests/batch imported it)
    exported = sorted(name for name in public if name not in modules)
    assert sorted(checkoutguard.__all__) == checkoutguard.__all__
    assert sorted(exported) == sorted(checkoutguard.__all__)


def test_package_ships_type_information() -> None:
    from importlib.resources import files

    assert files("checkoutguard").joinpath("py.typed").is_file()
