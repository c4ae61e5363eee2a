"""A visitor's typed text is shown as typed: Markdown cannot turn it into a link, an image or markup."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from kiosk.store.kiosks import seed_demo
from kiosk.ui.shared.plain import escape_markdown, unlinked
from tests.test_pages import kiosk_app


def test_links_images_and_markup_are_escaped() -> None:
    hostile = "[Free help](https://evil.example/x) ![x](https://evil.example/t.png) <b>hi</b> www.evil.example **bold**"
    escaped = escape_markdown(hostile)
    # No unescaped character that could open a link, an image, emphasis or HTML is left (a bare address is
    # still autolinked after its escapes: unlinked() is for that).
    assert not re.search(r"(?<!\\)[\[\]()!<>*:.]", escaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile  # and it still reads as what was typed


def test_the_search_echo_is_plain_text(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_ONSCREEN_KEYBOARD", "false")  # the plain field, which AppTest can type into
    get_settings.cache_clear()
    seed_demo(engine)
    at = kiosk_app()
    at.button(key="tile-lang-en").click().run()
    at.text_input[0].input("[Free help](https://evil.example/x)")
    at.button[[b.label for b in at.button].index("Search")].click().run()
    [message] = [e.value for e in (*at.info, *at.title) if "Free help" in e.value]
    assert "\\[Free help\\]\\(https\\:\\/\\/evil\\.example\\/x\\)" in message.replace("\u2060", "")
    assert "https\u2060" in message  # escapes alone do not stop Markdown turning a bare address into a link


def test_a_kiosk_shows_every_kind_of_link_as_text_that_no_markdown_links_again() -> None:
    shown = unlinked(
        'See [the page](https://www.skatteetaten.no "Skatt"), <https://nav.no>, https://politiet.no/pass,'
        " www.norge.no, post@nav.no and [ref][1].\n\n[1]: https://evil.example"
    )
    visible = shown.replace("\u2060", "")
    assert visible == (
        "See the page (https://www.skatteetaten.no), https://nav.no, https://politiet.no/pass,"
        " www.norge.no, post@nav.no and ref.\n\n"
    )
    for autolinked in ("https://", "http://", "www.", "@n", "](", "<http", "evil"):
        assert autolinked not in shown
    assert unlinked("**Bold** and a list:\n- one") == "**Bold** and a list:\n- one"
