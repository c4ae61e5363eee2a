"""A copy of the shipped content with only the guides and paths a test file uses.

Saving, publishing and loading check against the whole library: a copy of all of it for each test made the
editing and loader tests (and their mutation runs, which run them once per mutant) about three times slower.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path

import yaml

from tests.conftest import SHIPPED_CONTENT


def copy_with_only(target: Path, guides: Collection[str], paths: Collection[str] = ()) -> Path:
    """The shipped content in `target` with these guides and paths; the most-used list keeps the guides there are."""

    def left_out(folder: str, names: list[str]) -> list[str]:
        kept = {SHIPPED_CONTENT / "guides": guides, SHIPPED_CONTENT / "paths": paths}.get(Path(folder))
        return [] if kept is None else [name for name in names if Path(name).stem not in kept]

    shutil.copytree(SHIPPED_CONTENT, target, ignore=left_out)
    coverage = target / "coverage.yaml"
    promise = yaml.safe_load(coverage.read_text(encoding="utf-8"))
    promise["most_used"]["guides"] = [slug for slug in promise["most_used"]["guides"] if slug in guides]
    coverage.write_text(yaml.safe_dump(promise, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
