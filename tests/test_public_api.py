"""The public namespace is exactly what __all__ says, sorted, and importable (httpx's habit)."""

from __future__ import annotations

import checkoutguard


def test_all_public_names_are_exported_and_sorted() -> None:
    # isidentifier: pytest rewrites asserts in a package that ships a pytest11 plugin (@py_builtins, @pytest_ar)
    public = [n for n in vars(checkoutguard) if n.isidentifier() and (not n.startswith("_") or n == "__version__")]
    modules = {"errors", "money", "data", "fx", "landed_cost", "payments", "countries", "audit", "cli", "annotations"}
    # subpackages, present once something imported them (the QA kit's plugin imports testing in every run)
    modules |= {"testing", "middleware"}
    exported = sorted(name for name in public if name not in modules) + list(checkoutguard._LAZY)
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
