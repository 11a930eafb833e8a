"""The public namespace is exactly what __all__ says, sorted, and importable (httpx's habit)."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

import checkoutguard


def test_all_public_names_are_exported_and_sorted() -> None:
    # Submodules appear in the namespace once anything imports them (the QA kit's plugin imports testing in every
    # run); they are not public names, nor are the lazy loader's own imports. isidentifier: pytest rewrites asserts
    # in a package that ships a pytest11 plugin and leaves names such as @py_builtins behind.
    public = {
        name
        for name in dir(checkoutguard)
        if name.isidentifier()
        and (not name.startswith("_") or name == "__version__")
        and name not in {"annotations", "importlib", "TYPE_CHECKING"}
        and not isinstance(getattr(checkoutguard, name), types.ModuleType)
    }
    assert sorted(checkoutguard.__all__) == checkoutguard.__all__
    assert sorted(public) == sorted(checkoutguard.__all__)


def test_every_public_name_resolves_to_its_home_module() -> None:
    import importlib

    for name in checkoutguard.__all__:
        value = getattr(checkoutguard, name)
        home = checkoutguard._LAZY.get(name)
        if home is not None:
            assert value is getattr(importlib.import_module(home), name)
    with pytest.raises(AttributeError, match="no_such_name"):
        checkoutguard.no_such_name  # noqa: B018 - the attribute access is the test


def test_a_quote_loads_neither_audit_nor_payments_nor_jsonschema() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "fr-ioss-tshirts.json"
    code = (
        "import json, sys, checkoutguard\n"
        f"checkoutguard.quote(json.loads(open({str(example)!r}).read())).to_dict()\n"
        "heavy = ('checkoutguard.audit', 'checkoutguard.payments')\n"
        "heavy += ('jsonschema', 'referencing')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"


def test_package_ships_type_information() -> None:
    from importlib.resources import files

    assert files("checkoutguard").joinpath("py.typed").is_file()


def test_the_middleware_is_not_imported_up_front() -> None:
    code = (
        "import sys, checkoutguard; assert 'checkoutguard.middleware' not in sys.modules; "
        "from checkoutguard import CheckoutGuardMiddleware; "
        "from checkoutguard.middleware import CheckoutGuardMiddleware as M; assert CheckoutGuardMiddleware is M"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
