"""The idle-reset script must survive Streamlit's HTML sanitiser, which drops scripts containing markup."""

from __future__ import annotations

import re

from kiosk.ui import idle


def test_idle_script_contains_no_markup() -> None:
    body = idle._SCRIPT.strip().removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"<[/\w!]", body)
