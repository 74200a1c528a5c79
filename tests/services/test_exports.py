"""Each capability subpackage names its public use cases in its __init__, without importing them up front."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

CAPABILITIES = ("records", "evidence", "coding", "browse", "linkage", "protection", "accounts")


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_every_public_name_of_a_capability_is_a_function_of_one_of_its_modules(capability: str) -> None:
    package = importlib.import_module(f"tawthiq.services.{capability}")
    assert package.__all__
    for name in package.__all__:
        found = getattr(package, name)
        assert callable(found) and found.__module__.startswith(f"tawthiq.services.{capability}."), name


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_importing_a_capability_loads_none_of_its_modules(capability: str) -> None:
    code = (f"import sys, tawthiq.services.{capability} as p; "
            f"print(sorted(m for m in sys.modules if m.startswith('tawthiq.services.{capability}.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
