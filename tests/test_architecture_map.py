"""docs/architecture.md is a map that cannot drift: every module under kiosk/ is named in it once, in its folder's line."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from kiosk.settings import PROJECT_ROOT

MAP = PROJECT_ROOT / "docs" / "architecture.md"
KIOSK = PROJECT_ROOT / "kiosk"
FOLDER = re.compile(r"^(\S+/)(?:\s|$)")  # a line of the map that starts at the margin with a folder names it
MODULE = re.compile(r"(?<![\w/.])([A-Za-z_][A-Za-z0-9_]*)\.py\b")


def modules_named(text: str) -> Counter[str]:
    """Each `name.py` in the map's first code block, as a path under its folder's line (kiosk/floor/ + calls.py)."""
    block = text.split("```", 2)[1]
    named: Counter[str] = Counter()
    folder = ""
    for line in block.splitlines():
        start = FOLDER.match(line)
        if start:
            folder = start.group(1)
            line = line[start.end() :]
        named.update(folder + name + ".py" for name in MODULE.findall(line))
    return named


def modules_in(root: Path) -> set[str]:
    """Every module of the package, but package markers and the Alembic migrations (a folder in the map)."""
    return {
        path.relative_to(root.parent).as_posix()
        for path in root.rglob("*.py")
        if path.name != "__init__.py" and "migrations" not in path.relative_to(root).parts
    }


def test_every_module_is_named_in_the_map_once() -> None:
    named = modules_named(MAP.read_text(encoding="utf-8"))
    in_kiosk = Counter({path: count for path, count in named.items() if path.startswith("kiosk/")})
    assert sorted(modules_in(KIOSK) - set(in_kiosk)) == [], "missing from docs/architecture.md"
    assert sorted(set(in_kiosk) - modules_in(KIOSK)) == [], "named in docs/architecture.md but not there"
    assert sorted(path for path, count in in_kiosk.items() if count > 1) == [], "named twice"


def test_the_map_fits_on_one_screen() -> None:
    assert len(MAP.read_text(encoding="utf-8").splitlines()) <= 75  # a portrait screen at a readable size


def test_the_check_sees_a_missing_a_doubled_and_a_misplaced_module() -> None:
    text = "# Map\n\n```\nkiosk/floor/  calls.py · cards.py\n              calls.py again\nkiosk/  routing.py\n```\n"
    assert modules_named(text) == Counter({"kiosk/floor/calls.py": 2, "kiosk/floor/cards.py": 1, "kiosk/routing.py": 1})
