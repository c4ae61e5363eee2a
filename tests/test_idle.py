"""The idle-reset script must survive Streamlit's HTML sanitiser, which drops scripts containing markup."""

from __future__ import annotations

import re

from kiosk.ui.visitor import idle


def test_idle_script_contains_no_markup() -> None:
    body = idle._SCRIPT.strip().removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"<[/\w!]", body)


def test_semantics_script_contains_no_markup() -> None:
    from kiosk.ui.shared import chrome

    body = chrome._SCRIPT.strip().removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"<[/\w!]", body)


def test_idle_countdown_is_not_a_live_region() -> None:
    # A live region rewritten four times a second kept a screen reader talking without end.
    assert "aria-live" not in idle._SCRIPT
