"""A guide's sources (the official pages it follows) in the guide editor: add, edit and remove one, saved and
published like every other field; an address that is not http(s) is refused in the editor's language."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role
from kiosk.authoring.guides import source_problem
from kiosk.content.yaml_io import load_yaml
from kiosk.settings import get_settings
from tests.test_editor_pages_in_swedish import CATALOGS, _as, _tab
from tests.test_pages import demo, field  # noqa: F401  (demo is a fixture)


def _editor(engine: Engine, language: str, slug: str) -> AppTest:
    at = _tab(_as(engine, Role.EDITOR, language, "app_pages/editor.py"), language, "edit")
    at.selectbox(key="edit-guide").select(slug).run()
    return at


def _published(slug: str) -> dict:  # type: ignore[type-arg]
    return load_yaml((get_settings().content_dir / "guides" / f"{slug}.yaml").read_bytes())


def _click(at: AppTest, name: str) -> AppTest:
    return next(b for b in at.button if b.key and b.key.endswith(f"-{name}")).click().run()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.nav.no/arbeid", None),
        ("http://example.org", None),
        ("javascript:alert(1)", "scheme"),
        ("JavaScript:alert(1)", "scheme"),
        ("data:text/html,<script>alert(1)</script>", "scheme"),
        ("  ", "empty"),
        ("www.nav.no", "scheme"),
        ("ftp://example.org/file", "scheme"),
        ("https://", "invalid"),
    ],
)
def test_only_http_and_https_addresses_are_sources(url: str, reason: str | None) -> None:
    assert source_problem(url) == reason


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_an_editor_adds_a_source_and_publishing_writes_it(demo: Engine, language: str) -> None:  # noqa: F811
    at = _editor(demo, language, "library-wifi")
    assert CATALOGS[language]["edit.sources_none"] in [c.value for c in at.caption]
    _click(at, "source-add")
    field(at, "text_input", "source0-url").input("https://www.example.org/wifi").run()
    field(at, "text_input", "source0-title").input("Bibliotekets nettside").run()
    at.button(key="save-publish").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _published("library-wifi")["sources"] == [{"url": "https://www.example.org/wifi", "title": "Bibliotekets nettside"}]


def test_a_hostile_address_is_refused_in_swedish_and_nothing_is_lost(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "sv", "library-wifi")
    _click(at, "source-add")
    field(at, "text_input", "source0-url").input("javascript:alert(document.cookie)").run()
    refusal = "Källa 1: bara adresser som börjar med https:// eller http:// kan användas."
    assert refusal in [e.value for e in at.error]
    at.button(key="save-publish").click().run()
    assert "Inte sparat. Din text finns kvar här. Rätta källorna och spara igen." in [e.value for e in at.error]
    assert "sources" not in _published("library-wifi")
    assert field(at, "text_input", "source0-url").value == "javascript:alert(document.cookie)"  # kept for correcting
    field(at, "text_input", "source0-url").input("data:text/html;base64,PHNjcmlwdD4=").run()
    assert refusal in [e.value for e in at.error]
    field(at, "text_input", "source0-url").input("https://www.example.org/").run()
    at.button(key="save-publish").click().run()
    assert not at.error
    assert _published("library-wifi")["sources"] == [{"url": "https://www.example.org/"}]


def test_a_bokmal_editor_is_refused_in_bokmal(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "nb", "library-wifi")
    _click(at, "source-add")
    field(at, "text_input", "source0-url").input("data:text/html,<b>x</b>").run()
    assert "Kilde 1: bare adresser som begynner med https:// eller http:// kan brukes." in [e.value for e in at.error]


def test_an_editor_edits_and_removes_sources_of_a_guide_that_has_them(demo: Engine) -> None:  # noqa: F811
    before = _published("bankid-on-mobile")["sources"]
    assert len(before) >= 1
    at = _editor(demo, "sv", "bankid-on-mobile")
    assert field(at, "text_input", "source0-url").value == before[0]["url"]
    _click(at, "source-add")
    last = len(before)
    field(at, "text_input", f"source{last}-url").input("https://www.bankid.no/privat/").run()
    field(at, "text_input", "source0-title").input("Ny titel").run()
    at.button(key="save-publish").click().run()
    after = _published("bankid-on-mobile")["sources"]
    assert after[0]["title"] == "Ny titel" and after[-1] == {"url": "https://www.bankid.no/privat/"}
    _click(at, "source0-remove")
    at.button(key="save-publish").click().run()
    assert not at.error, [e.value for e in at.error]
    assert _published("bankid-on-mobile")["sources"] == after[1:]
