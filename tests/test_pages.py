"""Each page, run by Streamlit's AppTest against a real SQLite file and a copy of the content."""

from __future__ import annotations

import base64
import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user, list_users
from kiosk.floor.calls import open_calls
from kiosk.floor.presence import Presence, heard_from, set_presence
from kiosk.settings import PROJECT_ROOT
from kiosk.store.kiosks import DEMO_KIOSK, StaffedHours, save_kiosk, seed_demo
from kiosk.visit.qr import qr_svg

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def kiosk_app(kiosk_id: str = "demo") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["kiosk"] = kiosk_id
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.title, *at.header, *at.subheader, *at.caption)]
    parts += [e.value for e in (*at.error, *at.info, *at.warning, *at.success, *at.text)]
    parts += html_text(at)
    return "\n".join(str(p) for p in parts)


def html_text(at: AppTest) -> list[str]:
    """What st.html shows (call cards, QR captions, notices), without its scripts and styles."""
    shown = []
    for element in at.get("html"):
        body = re.sub(r"<(script|style)\b.*?</\1>", "", element.proto.body, flags=re.DOTALL)
        shown.append(html.unescape(re.sub(r"<[^>]+>", "", body.replace("<br>", "\n"))))
    return shown


def _html(at: AppTest) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def test_kiosk_start_screen_offers_languages_in_their_own_names(demo: Engine) -> None:
    at = kiosk_app()
    assert not at.exception
    labels = {b.label for b in at.button if b.key and b.key.startswith("tile-lang-")}
    assert {"Norsk bokmål", "English", "العربية", "Українська", "ትግርኛ"} <= labels
    assert any("Choose your language" in h.value for h in at.title)


def test_kiosk_walks_through_a_guide_in_norwegian(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-nb").click().run()
    assert at.title[0].value == "Hva trenger du hjelp med?"
    at.button(key="tile-cat-library").click().run()
    at.button(key="tile-guide-library-wifi").click().run()
    assert "Før du begynner" in texts(at)
    at.button(key="begin").click().run()
    assert 'role="progressbar"' in _html(at) and 'aria-valuetext="Steg 1 av 5"' in _html(at)
    for _ in range(5):
        at.button(key="step-next").click().run()
    assert "Du er ferdig" in at.title[0].value
    at.button(key="feedback-yes").click().run()
    assert "Takk for svaret" in texts(at)
    with demo.connect() as conn:
        assert conn.execute(text("SELECT language FROM visits")).scalars().all() == ["nb"]


def test_start_over_wipes_the_visit(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-ar").click().run()
    at.button(key="size-largest").click().run()
    first_visit = at.session_state["visit"].id
    at.button(key="nav-start-over").click().run()
    visit = at.session_state["visit"]
    assert visit.id != first_visit
    assert visit.language is None and visit.text_size == 0
    assert any(b.key == "tile-lang-nb" for b in at.button)


def test_arabic_guide_is_marked_unreviewed(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-ar").click().run()
    # The right-to-left theme goes into the page's head once, in the run that chose Arabic (chrome.PageHead).
    assert "direction: rtl" in "".join(str(e.proto) for e in at.get("html"))
    at.button(key="tile-cat-id-and-login").click().run()
    at.button(key="tile-guide-log-in-with-bankid").click().run()
    assert at.title[0].value.endswith("تسجيل الدخول باستخدام BankID")
    html = "".join(str(e.proto) for e in at.get("html"))
    assert '\\"lang\\": \\"ar\\", \\"dir\\": \\"rtl\\"' in html, "every run marks the page Arabic, right to left"
    at.button(key="begin").click().run()
    notes = "".join(str(e.proto) for e in at.get("html"))
    assert "لم يراجع أي شخص هذه الترجمة بعد." in notes  # "not checked by a person yet", on the step itself


def test_a_press_on_next_sends_no_styles_and_one_script_for_the_head(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-nb").click().run()
    at.button(key="tile-cat-library").click().run()
    at.button(key="tile-guide-library-wifi").click().run()
    at.button(key="begin").click().run()
    at.button(key="step-next").click().run()
    at.button(key="step-next").click().run()  # step 3: its read-aloud button's key is new, its look is not
    scripts = [e.proto.body for e in at.get("html") if e.proto.body.startswith("<script>")]
    assert len(scripts) == 2, "the head at the run's start and the screen's semantics at its end, nothing else"
    assert not any('createElement("style")' in script for script in scripts), "the styles went once, before"
    assert any('__kioskRun["keyboards"]' in script for script in scripts), "earlier visits' typing is still dropped"


def test_a_guide_not_in_the_visitors_language_says_which_one_it_is_shown_in(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-se").click().run()
    at.button(key="tile-cat-id-and-login").click().run()
    at.button(key="tile-guide-log-in-with-bankid").click().run()
    at.button(key="begin").click().run()
    notes = "".join(str(e.proto) for e in at.get("html"))
    # "Not translated yet. It is shown in Norwegian bokmål." (Sami readers read Norwegian before English)
    assert "Dát teaksta ii leat vel jorgaluvvon. Dat čájehuvvo dán gillii: Norsk bokmål." in notes


def test_unknown_kiosk_gets_a_kind_message(demo: Engine) -> None:
    at = kiosk_app("nowhere")
    assert not at.exception
    assert "not set up yet" in at.error[0].value or "ikke satt opp" in at.error[0].value


def test_broken_content_keeps_the_kiosk_serving(demo: Engine, content_dir: Path) -> None:
    (content_dir / "guides" / "library-wifi.yaml").write_text("title: [broken", encoding="utf-8")
    at = kiosk_app()
    assert not at.exception
    at.button(key="tile-lang-en").click().run()
    at.button(key="tile-cat-id-and-login").click().run()
    assert any(b.key == "tile-guide-log-in-with-bankid" for b in at.button)


def test_kiosk_has_no_way_to_staff_pages(demo: Engine) -> None:
    at = kiosk_app()
    assert len(at.sidebar) == 0
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered for a kiosk
        at.switch_page("app_pages/staff.py").run()


PASSWORD = "correct horse battery"


def signed_in(engine: Engine, role: Role, page: str | None = None) -> AppTest:
    username = f"user-{role.value}"
    if username not in {u.username for u in list_users(engine)}:
        add_user(engine, username, f"Test {role.value}", role, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    return at


@pytest.mark.parametrize("page", [None, "app_pages/editor.py"])
def test_pages_other_than_the_kiosk_ask_for_sign_in(demo: Engine, page: str | None) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Logg inn"]
    body = texts(at)
    assert "Demo kiosk" not in body and "Guider og oversettelser" not in body


def test_wrong_password_is_refused(demo: Engine) -> None:
    add_user(demo, "kari", "Kari", Role.STAFF, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input("kari")
    at.text_input[1].input("not the password")
    at.button[0].click().run()
    assert "Feil brukernavn eller passord." in texts(at)
    assert [t.value for t in at.title] == ["Logg inn"]


@pytest.mark.parametrize(
    ("role", "page", "allowed"),
    [
        (Role.STAFF, None, True),
        (Role.EDITOR, None, False),
        (Role.ADMIN, None, True),
        (Role.STAFF, "app_pages/editor.py", False),
        (Role.EDITOR, "app_pages/editor.py", True),
        (Role.ADMIN, "app_pages/editor.py", True),
    ],
)
def test_each_page_needs_the_right_role(demo: Engine, role: Role, page: str | None, allowed: bool) -> None:
    at = signed_in(demo, role, page)
    assert not at.exception
    refused = "Du har ikke tilgang til denne siden" in texts(at)
    assert refused is not allowed


def test_staff_page_lists_kiosks_and_content_health(demo: Engine) -> None:
    at = signed_in(demo, Role.STAFF)
    assert not at.exception
    assert at.title[0].value == "Hjelp på gulvet"
    body = texts(at)
    assert "Demo kiosk" in body and "Hovedbiblioteket" in body
    assert "Innholdet er i orden" in body


def test_staff_page_shows_content_errors(demo: Engine, content_dir: Path) -> None:
    (content_dir / "guides" / "library-wifi.yaml").write_text("title: [broken", encoding="utf-8")
    at = signed_in(demo, Role.STAFF)
    body = texts(at)
    assert "1 feil i innholdet" in body
    assert "guides/library-wifi.yaml" in body


def test_editor_page_shows_translation_matrix(demo: Engine) -> None:
    at = signed_in(demo, Role.EDITOR, "app_pages/editor.py")
    assert not at.exception
    assert at.title[0].value == "Guider og oversettelser"
    table, paths, audio = at.dataframe  # guides, then life-event paths, then what can be heard
    rows = {row["Guide"]: row for row in table.value.to_dict("records")}
    assert "Livshendelse" in paths.value.columns and len(paths.value) >= 1
    voices = {row["Språk"]: row for row in audio.value.to_dict("records")}
    # 106: the MinID guide's app step is one more text to hear.
    assert (voices["Somali"]["Stemme"], voices["Somali"]["Kan høres"]) == ("bare innlest", "0 av 106")
    assert voices["Norsk bokmål"]["Stemme"] == "talesyntese"
    wifi = rows["Koble til bibliotekets trådløse nett"]
    # Arabic: machine-made, its meaning checked by a back-translation (not reviewed by a person); no Somali.
    assert (wifi["nb"], wifi["en"], wifi["ar"], wifi["so"]) == ("✅", "✅", "🔎", "—")
    assert all(row["nb"] == "✅" for row in rows.values())
    # The most-used guides come first, starred; its corrected source makes the translations outdated.
    first = table.value.to_dict("records")[0]
    assert first["Guide"] == "★ Logge inn med BankID"
    assert (first["nb"], first["uk"], first["ti"]) == ("✅", "⚠️", "⚠️")
    second = table.value.to_dict("records")[1]
    assert second["Guide"] == "★ Få BankID på mobilen" and (second["uk"], second["ti"]) == ("🔎", "🔎")


def test_search_finds_a_guide_and_says_kindly_when_nothing_matches(demo: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_ONSCREEN_KEYBOARD", "false")  # the plain field, of a kiosk with a keyboard
    get_settings.cache_clear()
    at = kiosk_app()
    at.button(key="tile-lang-nb").click().run()
    at.text_input[0].input("trådløst passord")
    at.button(key="search-button").click().run()
    assert any(b.key == "tile-guide-library-wifi" for b in at.button)
    at.text_input[0].input("qqqzzz")
    at.button(key="search-button").click().run()
    assert "Vi fant ingenting for «qqqzzz»" in texts(at)
    with demo.connect() as conn:
        values = conn.execute(text("SELECT value FROM events WHERE kind = 'searched' ORDER BY id")).scalars().all()
    assert values == ["hits", "no_hits"]


def test_end_screen_offers_feedback_and_take_away(demo: Engine) -> None:
    _always_staffed(demo)
    at = kiosk_app()
    at.button(key="tile-lang-en").click().run()
    at.button(key="tile-cat-id-and-login").click().run()
    at.button(key="tile-guide-log-in-with-bankid").click().run()
    at.button(key="begin").click().run()
    for _ in range(6):
        at.button(key="step-next").click().run()
    assert "finished" in at.title[0].value
    assert {"feedback-yes", "feedback-no", "feedback-talk", "print"} <= {b.key for b in at.button}
    assert 'class="kiosk-qr"' in _html(at)  # QR code of the official page
    at.button(key="feedback-talk").click().run()
    assert "Thank you" in texts(at)
    # "I want to talk to a person" is a help call staff see, from this guide.
    assert [(c.kiosk_id, c.guide) for c in open_calls(demo)] == [("demo", "log-in-with-bankid")]
    at.button(key="print").click().run()
    assert "Step 6 of 6" in texts(at)  # the printable view shows every step


def _finish_wifi_guide(at: AppTest) -> None:
    at.button(key="tile-lang-en").click().run()
    at.button(key="tile-cat-library").click().run()
    at.button(key="tile-guide-library-wifi").click().run()
    at.button(key="begin").click().run()
    for _ in range(5):
        at.button(key="step-next").click().run()


def test_library_guides_point_to_the_librarys_own_page(demo: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings

    at = kiosk_app()
    _finish_wifi_guide(at)
    assert "Scan with your phone to open the official page." not in _html(at)  # no address known

    monkeypatch.setenv("KIOSK_LIBRARY_URL", "https://bibliotek.example.no/")
    get_settings.cache_clear()
    at = kiosk_app()
    _finish_wifi_guide(at)
    assert "Scan with your phone to open the official page.</figcaption>" in _html(at)  # the QR's caption
    qr = "data:image/svg+xml;base64," + base64.b64encode(qr_svg("https://bibliotek.example.no/").encode()).decode()
    assert qr in _html(at)


def test_printable_page_of_a_guide(demo: Engine) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["print"] = "library-wifi"
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception
    assert at.title[0].value.endswith("الاتصال بشبكة الواي فاي في المكتبة")
    assert sum("5" in s.value for s in at.header) >= 1


def test_a_busy_database_does_not_stop_the_visitor(demo: Engine, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_DB_BUSY_TIMEOUT_MS", "100")
    get_settings.cache_clear()
    at = kiosk_app()
    blocker = sqlite3.connect(str(settings.data_dir / "kiosk.db"))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        at.button(key="tile-lang-en").click().run()
        assert not at.exception
        assert at.title[0].value == "What do you need help with?"
        assert any("went wrong on our side" in t.value for t in at.toast)
    finally:
        blocker.rollback()
        blocker.close()


def _always_staffed(engine: Engine) -> None:
    """Staffed hours all day, and a staff member on the floor (without one the kiosk says nobody is here)."""
    every_day = {day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    save_kiosk(engine, DEMO_KIOSK.model_copy(update={"staffed_hours": StaffedHours(weekly=every_day)}))
    staff = add_user(engine, "user-staff", "Test staff", Role.STAFF, PASSWORD)
    set_presence(engine, staff.id, Presence.FLOOR)
    heard_from(engine, staff.id, timedelta(seconds=20), branch_id=DEMO_KIOSK.branch_id)  # the demo has two branches


def test_call_for_help_from_kiosk_to_staff_and_back(demo: Engine) -> None:
    _always_staffed(demo)
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="tile-cat-library").click().run()
    kiosk.button(key="tile-guide-library-wifi").click().run()
    kiosk.button(key="begin").click().run()
    kiosk.button(key="step-next").click().run()
    kiosk.button(key="help-call").click().run()
    assert kiosk.button(key="help-call").disabled, "one press is enough"
    assert "Help is on the way" in texts(kiosk)
    [call] = open_calls(demo)
    assert (call.language, call.guide, call.step) == ("en", "library-wifi", "find-wifi")

    staff = signed_in(demo, Role.STAFF)
    body = texts(staff)
    assert "Demo kiosk · Hovedbiblioteket, 1. etasje" in body
    assert "English (engelsk)" in body and "Koble til bibliotekets trådløse nett, steg 2 av 5" in body
    staff.button(key=f"accept-{call.id}").click().run()
    kiosk.run()
    assert any("Test staff" in s.value for s in kiosk.success)
    staff.button(key=f"done-{call.id}").click().run()
    kiosk.run()
    assert not any("Test staff" in s.value for s in kiosk.success)
    assert open_calls(demo) == []


def test_cancel_and_start_over_close_the_call(demo: Engine) -> None:
    _always_staffed(demo)
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="help-call").click().run()
    kiosk.button(key="help-cancel").click().run()
    assert open_calls(demo) == []
    kiosk.button(key="help-call").click().run()
    assert len(open_calls(demo)) == 1
    kiosk.button(key="nav-start-over").click().run()
    assert len(open_calls(demo)) == 1, "Start over asks first while a call is open"
    kiosk.button(key="start-over-yes").click().run()
    assert open_calls(demo) == []


def test_outside_staffed_hours_the_kiosk_says_so(demo: Engine) -> None:
    save_kiosk(demo, DEMO_KIOSK.model_copy(update={"staffed_hours": StaffedHours(weekly={})}))
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="help-call").click().run()
    assert "There are no staff on the floor right now." in texts(kiosk)
    assert open_calls(demo) == []
    with demo.connect() as conn:
        assert conn.execute(text("SELECT kind FROM events")).scalars().all() == ["help_outside_hours"]


def test_walk_in_is_logged_in_two_taps(demo: Engine) -> None:
    staff = signed_in(demo, Role.STAFF)
    staff.button(key="walk-in-print_scan").click().run()
    staff.button(key="walk-in-channel-phone").click().run()
    assert "Registrert: Utskrift / skanning (telefon)" in texts(staff)
    with demo.connect() as conn:
        assert conn.execute(text("SELECT category, channel FROM inquiries")).all() == [("print_scan", "phone")]


def _wait_for_audio(at: AppTest, rounds: int = 40):  # type: ignore[no-untyped-def]
    import time

    for _ in range(rounds):
        if at.get("audio") or "not available right now" in texts(at):
            return at
        time.sleep(0.1)
        at.run()
    raise AssertionError("no clip and no message")


def test_read_aloud_a_step_with_gtts_then_slower(demo: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings
    from tests.gtts_server import fake_gtts

    with fake_gtts() as server:
        monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", server.url)
        get_settings.cache_clear()
        at = kiosk_app()
        at.button(key="tile-lang-en").click().run()
        at.button(key="tile-cat-library").click().run()
        at.button(key="tile-guide-library-wifi").click().run()
        at.button(key="begin").click().run()
        at.button(key="speak-step-library-wifi-1").click().run()
        _wait_for_audio(at)
        assert server.requests[-1] == (
            "Open «Innstillinger» (Settings) on your phone. It often looks like a grey gear wheel.",
            "en",
            False,
        )
        at.button(key="speak-slower").click().run()
        at.button(key="speak-step-library-wifi-1").click().run()
        _wait_for_audio(at)
        assert server.requests[-1][2] is True


def test_no_read_aloud_button_where_no_engine_speaks(demo: Engine) -> None:
    at = kiosk_app()
    assert any(b.key == "speak-welcome-nb" for b in at.button)
    assert not any(b.key == "speak-welcome-se" for b in at.button)  # Northern Sami: no engine yet
    at.button(key="tile-lang-so").click().run()
    at.button(key="tile-cat-library").click().run()
    at.button(key="tile-guide-library-wifi").click().run()
    # The guide is shown in English (no Somali text yet), so it can be read aloud in English.
    assert any(b.key == "speak-title-library-wifi" for b in at.button)


def test_read_aloud_says_so_when_no_engine_works(demo: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import get_settings

    monkeypatch.setenv("KIOSK_GTTS_ENDPOINT", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("PATH", "/nonexistent")  # and no espeak-ng
    get_settings.cache_clear()
    at = kiosk_app()
    at.button(key="speak-welcome-en").click().run()
    _wait_for_audio(at)
    assert "Read aloud is not available right now." in texts(at)


def field(at: AppTest, kind: str, name: str):  # type: ignore[no-untyped-def]
    """An editor field by its name; the editor's keys carry a generation (edit<N>-<name>)."""
    return next(w for w in getattr(at, kind) if w.key and re.match(rf"^edit\d+-{re.escape(name)}$", w.key))


def _editor(engine: Engine) -> AppTest:
    at = signed_in(engine, Role.EDITOR, "app_pages/editor.py")
    at.session_state["editor-tab"] = "Rediger"
    at.run()
    at.selectbox(key="edit-guide").select("library-wifi").run()
    return at


def test_editor_edits_arabic_step_publishes_and_kiosk_shows_it(demo: Engine) -> None:
    at = _editor(demo)
    at.selectbox(key="edit-lang").select("ar").run()
    field(at, "text_area", "s0-text-ar").input("افتح «Innstillinger» في هاتفك. ابحث عن العجلة الرمادية.").run()
    at.button(key="save-publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 1" in s.value for s in at.success), texts(at)
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-ar").click().run()
    kiosk.button(key="tile-cat-library").click().run()
    kiosk.button(key="tile-guide-library-wifi").click().run()
    kiosk.button(key="begin").click().run()
    assert any("ابحث عن العجلة الرمادية" in s.value for s in kiosk.header)


def test_an_invalid_save_keeps_the_editors_text(demo: Engine) -> None:
    at = _editor(demo)
    field(at, "text_input", "title-nb").input("Koble til nettet på biblioteket").run()
    field(at, "text_area", "s1-text-nb").input("").run()
    at.button(key="save-draft").click().run()
    body = texts(at)
    assert "Ikke lagret" in body and "text.nb" in body and "must not be empty" in body
    assert field(at, "text_input", "title-nb").value == "Koble til nettet på biblioteket"
    field(at, "text_area", "s1-text-nb").input("Trykk på «Wi-Fi».").run()
    at.button(key="save-draft").click().run()
    assert any("Lagret som utkast, versjon 1" in s.value for s in at.success)


def test_two_editors_on_the_same_guide(demo: Engine) -> None:
    first, second = _editor(demo), _editor(demo)
    for at in (first, second):
        at.selectbox(key="edit-lang").select("en").run()
    field(first, "text_input", "title-en").input("Get online at the library").run()
    field(second, "text_input", "title-en").input("Use the library's wireless network").run()
    first.button(key="save-draft").click().run()
    second.button(key="save-draft").click().run()
    assert "someone else saved" in texts(second)
    assert field(second, "text_input", "title-en").value == "Use the library's wireless network"


def test_editor_preview_in_rtl(demo: Engine) -> None:
    at = _editor(demo)
    at.selectbox(key="preview-lang").select("ar").run()
    html = "".join(str(e.proto) for e in at.get("html"))
    assert "kiosk-preview-rtl" in html
    assert 'aria-valuetext="الخطوة 1 من 5"' in _html(at)


def test_editor_changes_details_and_a_bad_address_is_refused(demo: Engine) -> None:
    at = _editor(demo)
    field(at, "text_input", "service-url").input("not an address").run()
    at.button(key="save-draft").click().run()
    assert "service_url" in texts(at) and "not a web address" in texts(at)
    field(at, "text_input", "service-url").input("https://www.example.org/wifi").run()
    field(at, "selectbox", "category").select("online-safety").run()
    field(at, "text_area", "tags-nb").input("wifi\ntrådløst\nnett").run()
    at.button(key="save-publish").click().run()
    assert any("Publisert" in s.value for s in at.success), texts(at)
    from kiosk.content import load_content
    from kiosk.settings import get_settings

    guide = load_content(get_settings().content_dir)[0].guides["library-wifi"]
    assert (str(guide.service_url), guide.category, guide.tags["nb"]) == (
        "https://www.example.org/wifi",
        "online-safety",
        ["wifi", "trådløst", "nett"],
    )


def test_editor_adds_moves_and_removes_steps(demo: Engine) -> None:
    at = _editor(demo)
    at.button(key="add-step").click().run()
    field(at, "text_area", "s5-text-nb").input("Lukk innstillingene.").run()
    at.button(key="up-5").click().run()
    at.button(key="save-draft").click().run()
    from kiosk.authoring.guides import working_copy
    from kiosk.settings import get_settings

    data, base = working_copy(demo, get_settings().content_dir, "library-wifi")
    assert base == 1
    assert [s["text"]["nb"] for s in data["steps"]][4] == "Lukk innstillingene."
    assert len(data["steps"]) == 6
    at.button(key="remove-4").click().run()
    at.button(key="save-draft").click().run()
    data, base = working_copy(demo, get_settings().content_dir, "library-wifi")
    assert base == 2 and len(data["steps"]) == 5
    assert "Lukk innstillingene." not in [s["text"]["nb"] for s in data["steps"]]


def test_switching_guides_shows_the_other_guides_text(demo: Engine) -> None:
    at = _editor(demo)
    assert field(at, "text_input", "title-nb").value == "Koble til bibliotekets trådløse nett"
    at.selectbox(key="edit-guide").select("log-in-with-bankid").run()
    assert field(at, "text_input", "title-nb").value == "Logge inn med BankID"
    assert field(at, "text_input", "service-url").value == "https://www.bankid.no/privat/"
    at.button(key="save-draft").click().run()
    from kiosk.authoring.guides import working_copy
    from kiosk.settings import get_settings

    data, _ = working_copy(demo, get_settings().content_dir, "log-in-with-bankid")
    assert data["title"]["nb"] == "Logge inn med BankID"
    assert data["steps"][0]["id"] == "press-log-in"


@pytest.mark.parametrize("page", [None, "app_pages/editor.py"])
def test_sign_in_pages_refuse_to_serve_with_a_weak_signing_key(demo: Engine, settings, page: str | None) -> None:  # type: ignore[no-untyped-def]
    (settings.data_dir / "secret.key").write_bytes(b"")
    at = AppTest.from_file(APP, default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert "Serveren er ikke satt opp riktig" in texts(at)
    assert not at.text_input  # no sign-in form, nothing signed with the empty key


def test_a_password_change_signs_out_an_open_tablet(demo: Engine) -> None:
    from kiosk.accounts.auth import set_password

    at = signed_in(demo, Role.STAFF)
    assert at.title[0].value == "Hjelp på gulvet"
    set_password(demo, "user-staff", "a brand new password")
    at.run()  # the next script run, as any click or refresh makes
    assert [t.value for t in at.title] == ["Logg inn"]


def test_sign_out_revokes_the_shift_token(demo: Engine, settings) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import load_or_create_secret, user_from_token

    at = signed_in(demo, Role.STAFF)
    token = at.session_state["shift-token"]
    secret = load_or_create_secret(settings.data_dir)
    assert user_from_token(demo, token, secret) is not None
    at.button(key="sign-out").click().run()
    assert [t.value for t in at.title] == ["Logg inn"]
    assert user_from_token(demo, token, secret) is None, "a copied cookie opens nothing after sign-out"


def _fragment_like_page() -> None:
    # Signs in once, then only asks still_signed_in(), as the staff page's live fragment does.
    import streamlit as st

    from kiosk.accounts.auth import Role
    from kiosk.ui.shared.runtime import get_runtime
    from kiosk.ui.shared.signin import require_role, still_signed_in

    runtime = get_runtime()
    if "me" not in st.session_state:
        st.session_state["me"] = require_role(runtime, Role.STAFF)
    st.markdown(f"still signed in: {still_signed_in(runtime, st.session_state['me'])}")


def test_still_signed_in_for_fragments_sees_a_password_change(demo: Engine) -> None:
    from kiosk.accounts.auth import set_password

    add_user(demo, "kari", "Kari", Role.STAFF, PASSWORD)
    at = AppTest.from_function(_fragment_like_page, default_timeout=30).run()
    at.text_input[0].input("kari")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert "still signed in: True" in texts(at)
    set_password(demo, "kari", "a brand new password")
    at.run()
    assert "still signed in: False" in texts(at)


def test_a_staff_tablet_chooses_its_branch_and_sees_that_queue(demo: Engine) -> None:
    from kiosk.floor.calls import request_help
    from kiosk.visit.journey import new_visit_id

    def press(kiosk_id: str) -> int:
        return request_help(demo, visit_id=new_visit_id(), kiosk_id=kiosk_id, language="nb", guide=None, step=None).id

    at_main, at_north = press("demo"), press("demo-nord")
    staff = signed_in(demo, Role.STAFF)
    assert staff.selectbox(key="staff-branch").value == "_all"  # two branches, none chosen on this tablet yet
    assert {f"accept-{at_main}", f"accept-{at_north}"} <= {b.key for b in staff.button}
    assert "Filial nord · Demokiosk nord" in texts(staff)  # looking at all: each card says which branch
    staff.selectbox(key="staff-branch").select("filial-nord").run()
    keys = {b.key for b in staff.button}
    assert f"accept-{at_north}" in keys and f"accept-{at_main}" not in keys
    assert "staff_branch=filial-nord" in _html(staff)  # remembered on this tablet
    assert "Ventende henvendelser (1)" in texts(staff)
    staff.button(key="walk-in-nav").click().run()
    staff.button(key="walk-in-channel-in_person").click().run()
    with demo.connect() as conn:
        assert conn.execute(text("SELECT branch_id FROM inquiries")).scalars().all() == ["filial-nord"]
    staff.selectbox(key="staff-branch").select("_all").run()
    assert {f"accept-{at_main}", f"accept-{at_north}"} <= {b.key for b in staff.button}


def test_outside_hours_the_kiosk_gives_its_branchs_phone(demo: Engine) -> None:
    from kiosk.store.branches import Branch, save_branch

    save_branch(demo, Branch(id="hovedbiblioteket", name="Hovedbiblioteket", help_phone="+47 23 43 29 00"))
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="help-call").click().run()
    assert "There are no staff on the floor right now." in texts(kiosk)
    assert "+47 23 43 29 00" in texts(kiosk)


def test_an_uploaded_picture_is_previewed_from_the_draft_and_reaches_the_kiosk_only_on_publish(demo: Engine, settings) -> None:  # type: ignore[no-untyped-def]
    import base64
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 90, 200)).save(picture, format="PNG")
    at = _editor(demo)
    upload = next(w for w in at.get("file_uploader") if w.key and re.match(r"^edit\d+-upload-0$", w.key))
    upload.set_value(("../../../../etc/evil.png", picture.getvalue(), "image/png")).run()  # its own name is never used
    assert not at.exception
    staged = list((settings.data_dir / "staged-images" / "library-wifi").iterdir())
    assert len(staged) == 1 and staged[0].name.startswith("library-wifi-")
    assert not (settings.content_dir / "images" / staged[0].name).exists(), "not live before publish"
    at.selectbox(key="edit-lang").select("en").run()
    field(at, "text_input", "s0-alt-en").input("The settings screen").run()
    at.selectbox(key="edit-lang").select("nb").run()
    field(at, "text_input", "s0-alt-nb").input("Innstillinger-skjermen").run()
    assert base64.b64encode(staged[0].read_bytes()).decode() in _html(at), "the preview shows the staged picture"
    at.button(key="save-draft").click().run()
    assert any("Lagret som utkast" in s.value for s in at.success), texts(at)
    assert not (settings.content_dir / "images" / staged[0].name).exists()
    at.button(key="save-publish").click().run()
    assert any("Publisert" in s.value for s in at.success), texts(at)
    assert (settings.content_dir / "images" / staged[0].name).is_file()
    assert not (settings.data_dir / "staged-images" / "library-wifi" / staged[0].name).exists()
