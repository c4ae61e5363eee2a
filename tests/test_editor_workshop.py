"""The editor's workshop keeps the editor's place: the guide picked is the guide open, a tab change keeps the
open guide and its unsaved text, and the history's undo can be published (AppTest, a real SQLite file)."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role
from tests.test_pages import demo, field, signed_in, texts  # noqa: F401  (demo is a fixture)


def _on_tab(at: AppTest, tab: str) -> AppTest:
    at.session_state["editor-tab"] = tab
    return at.run()


def _editor(engine: Engine, slug: str) -> AppTest:
    at = _on_tab(signed_in(engine, Role.EDITOR, "app_pages/editor.py"), "Rediger")
    at.selectbox(key="edit-guide").select(slug).run()
    return at


def test_after_publishing_a_new_guide_the_next_guide_picked_is_the_one_opened(demo: Engine) -> None:  # noqa: F811
    at = _on_tab(signed_in(demo, Role.EDITOR, "app_pages/editor.py"), "Rediger")
    at.selectbox(key="edit-guide").select("__new__").run()
    at.text_input[0].input("bestille-time-hos-tannlege")
    at.text_input[1].input("Bestille time hos tannlegen")
    at.button[[b.label for b in at.button].index("Lag guiden")].click().run()
    field(at, "text_area", "summary-nb").input("Slik bestiller du time hos tannlegen.").run()
    field(at, "text_area", "s0-text-nb").input("Åpne nettsiden til tannlegen.").run()
    at.button(key="save-publish").click().run()
    assert any("Publisert som versjon 1" in s.value for s in at.success), texts(at)
    at.selectbox(key="edit-guide").select("bankid-on-mobile").run()
    assert not at.exception
    assert at.selectbox(key="edit-guide").value == "bankid-on-mobile"
    assert field(at, "text_input", "title-nb").value == "Få BankID på mobilen"
    at.run()  # any later touch keeps it
    assert at.selectbox(key="edit-guide").value == "bankid-on-mobile"
    assert field(at, "text_input", "title-nb").value == "Få BankID på mobilen"


def _publish_title(at: AppTest, title: str) -> None:
    field(at, "text_input", "title-nb").input(title).run()
    at.button(key="save-publish").click().run()
    assert any("Publisert som versjon" in s.value for s in at.success), texts(at)


def _versions(at: AppTest) -> list[int]:
    return [int(n) for n in at.dataframe[0].value.iloc[:, 0]]


def _kiosk_title(slug: str) -> str:
    from kiosk.content import load_content
    from kiosk.settings import get_settings

    return load_content(get_settings().content_dir)[0].guides[slug].title["nb"]


def test_an_undo_shows_its_draft_at_once_and_its_publish_button_publishes_it(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "library-wifi")
    _publish_title(at, "Trådløst nett, første endring")
    _publish_title(at, "Trådløst nett, andre endring")
    at = _on_tab(at, "Historikk")
    before = _versions(at)
    newest = before[0]
    at.selectbox(key="diff-a").select(newest - 1).run()
    at.button(key="revert").click().run()
    assert not at.exception
    assert any(f"lagret på nytt som versjon {newest + 1}" in s.value for s in at.success), texts(at)
    assert _versions(at)[0] == newest + 1, "the new draft is listed at once"
    publish = at.button(key="publish-version")
    assert publish.label == f"🚀 Publiser versjon {newest + 1}"
    publish.click().run()
    assert any(f"Versjon {newest + 1} er publisert" in s.value for s in at.success), texts(at)
    assert _kiosk_title("library-wifi") == "Trådløst nett, første endring"
    at.run()  # the next touch keeps the guide
    assert "Velg en guide" not in texts(at)
    assert _versions(at)[0] == newest + 1


def test_changing_tab_and_coming_back_keeps_the_guide_and_its_unsaved_text(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "bankid-on-mobile")
    typed = "Åpne App Store eller Google Play og søk etter «BankID»."
    field(at, "text_area", "s0-text-nb").input(typed)  # typed, then straight to another tab: one run for both
    at = _on_tab(at, "Historikk")
    assert not at.exception
    assert "Få BankID på mobilen" in texts(at), "the history is the open guide's"
    at = _on_tab(at, "Rediger")
    assert at.selectbox(key="edit-guide").value == "bankid-on-mobile"
    assert field(at, "text_area", "s0-text-nb").value == typed
    assert "ikke er lagret" in texts(at)


def test_another_guide_picked_keeps_the_first_guides_unsaved_text(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "bankid-on-mobile")
    field(at, "text_input", "title-nb").input("BankID på telefonen").run()
    at.selectbox(key="edit-guide").select("library-wifi").run()
    assert field(at, "text_input", "title-nb").value == "Koble til bibliotekets trådløse nett"
    at.selectbox(key="edit-guide").select("bankid-on-mobile").run()
    assert field(at, "text_input", "title-nb").value == "BankID på telefonen"
    at.selectbox(key="edit-guide").select("library-wifi").run()
    assert "Ulagrede endringer venter også i: 📱 Få BankID på mobilen" in texts(at), "said where unsaved work waits"
    at.selectbox(key="edit-guide").select("bankid-on-mobile").run()
    at.button(key="discard").click().run()
    assert field(at, "text_input", "title-nb").value == "Få BankID på mobilen"
    assert "ikke er lagret" not in texts(at)


def test_an_undo_over_unsaved_text_asks_first(demo: Engine) -> None:  # noqa: F811
    at = _editor(demo, "library-wifi")
    _publish_title(at, "Trådløst nett, første endring")
    field(at, "text_input", "title-nb").input("Ulagret tittel").run()
    at = _on_tab(at, "Historikk")
    assert any("ulagrede endringer" in w.value for w in at.warning), texts(at)
    assert at.button(key="revert").disabled, "nothing is thrown away unasked"
    at.checkbox(key="revert-confirm").check().run()
    at.button(key="revert").click().run()
    assert any("lagret på nytt som versjon 2" in s.value for s in at.success), texts(at)
    at = _on_tab(at, "Rediger")
    assert field(at, "text_input", "title-nb").value == "Koble til bibliotekets trådløse nett", "the editor has the undo"
    assert "ikke er lagret" not in texts(at)
