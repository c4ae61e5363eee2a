"""The shapes of codes that several layers check are written once, in kiosk.patterns."""

from __future__ import annotations

import ast

import pytest

from kiosk.patterns import LANGUAGE_CODE, LANGUAGE_CODE_RE, NTFY_TOPIC, NTFY_TOPIC_RE
from kiosk.settings import PROJECT_ROOT


@pytest.mark.parametrize("pattern", [LANGUAGE_CODE, NTFY_TOPIC])
def test_each_pattern_is_written_only_in_kiosk_patterns(pattern: str) -> None:
    """A second copy would drift (one place accepting a code another refuses): no other module writes it."""
    copies = []
    for path in sorted((PROJECT_ROOT / "kiosk").rglob("*.py")):
        if path.name == "patterns.py" and path.parent.name == "kiosk":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern in node.value:
                copies.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert copies == []


def test_what_the_patterns_accept() -> None:
    assert [bool(LANGUAGE_CODE_RE.fullmatch(code)) for code in ("nb", "sme", "NB", "n", "nb-NO", "")] == [
        True, True, False, False, False, False,
    ]  # fmt: skip
    assert NTFY_TOPIC_RE.fullmatch("amina-floor_2") and not NTFY_TOPIC_RE.fullmatch("../etc")
    assert not NTFY_TOPIC_RE.fullmatch("x" * 65)
