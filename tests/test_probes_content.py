"""Probes of guide text a hostile pack or editor could send: link definitions hidden behind line ends that
Markdown knows but a line-by-line check might not."""

from __future__ import annotations

import pytest

from kiosk.content.models import plain_text


@pytest.mark.parametrize(
    "text",
    [
        "Se her\r[x]: file:///etc/passwd\r\r[Klikk][x]",  # a bare carriage return ends a line in Markdown
        "Se her\r\n[x]: file:///etc/passwd\r\n\r\n[Klikk][x]",
        "Se her\r- [x]: javascript:alert(1)\r\r[Klikk][x]",
        "Se her\r> [x]: data:text/html,hei\r\r[Klikk][x]",
    ],
)
def test_a_link_definition_after_any_line_end_is_checked(text: str) -> None:
    with pytest.raises(ValueError, match="links must start with https://"):
        plain_text(text)


def test_line_ends_are_stored_as_newlines_and_good_links_pass() -> None:
    assert plain_text("Første linje\rAndre\r\n[NAV][n]\r\r[n]: https://www.nav.no") == (
        "Første linje\nAndre\n[NAV][n]\n\n[n]: https://www.nav.no"
    )
