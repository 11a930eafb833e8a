"""Suite-wide Hypothesis profiles: no per-example deadline (the CI machine is small and shared);
CI runs derandomized so a landing never depends on the luck of the draw, while local runs keep exploring."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
# `make fuzz`: the fuzz targets under tests/fuzz at length (FUZZ_EXAMPLES per target, new inputs every run).
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
pytest_plugins = ("pytester",)  # tests/testing runs pytest sessions of its own (the QA kit plugin)
# Quotes in tests use the embedded FX snapshot, never a merchant copy left by `rates update-fx` on this machine.
os.environ["CHECKOUTGUARD_FX_DIR"] = ""
