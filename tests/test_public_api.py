"""The public namespace is exactly what __all__ says, sorted, and importable (httpx's habit)."""

from __future__ import annotations

import types

import checkoutguard


def test_all_public_names_are_exported_and_sorted() -> None:
    # Submodules appear in the namespace once anything imports them; they are not public names.
    public = {
        name
        for name, value in vars(checkoutguard).items()
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"  # ``from __future__ import annotations`` is a _Feature, not an export
    }
    exported = public | set(checkoutguard._LAZY)
    assert sorted(checkoutguard.__all__) == checkoutguard.__all__
    assert sorted(exported) == sorted(checkoutguard.__all__)


def test_package_ships_type_information() -> None:
    from importlib.resources import files

    assert files("checkoutguard").joinpath("py.typed").is_file()


def test_lazy_names_resolve_without_being_imported_up_front() -> None:
    import subprocess
    import sys

    code = (
        "import sys, checkoutguard; assert 'checkoutguard.middleware' not in sys.modules; "
        "from checkoutguard import CheckoutGuardMiddleware; "
        "from checkoutguard.middleware import CheckoutGuardMiddleware as M; assert CheckoutGuardMiddleware is M"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
