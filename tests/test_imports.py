"""Every module imports on its own, in a fresh interpreter (a circular import once broke `make bench`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.settings import PROJECT_ROOT

# kiosk/ui is imported by every page test anyway; the rest can be imported first by a command or benchmark.
_SKIP = {"migrations", "ui"}
MODULES = [
    *sorted(
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        for path in (PROJECT_ROOT / "kiosk").rglob("*.py")
        if not _SKIP & set(path.parts) and path.name != "__main__.py"
    ),
    "benchmarks.search",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_alone(module: str) -> None:
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
