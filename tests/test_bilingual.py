""" "Show in Norwegian too": the visit remembers it until it is wiped, and the printable page offers the same."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.content.loader import load_content
from kiosk.visit.guide_view import norwegian_alongside, view_guide
from kiosk.visit.journey import Screen, Visit, start_over
from kiosk.visit.qr import printable_guide_url
from tests.test_pages import APP, demo  # noqa: F401  (demo is a fixture)

BANKID = "log-in-with-bankid"


def test_off_by_default_remembered_through_the_visit_and_gone_with_it() -> None:
    visit = Visit()
    assert visit.bilingual is False
    visit.choose_language("ar")
    visit.toggle_bilingual()
    visit.open_guide(BANKID)
    visit.begin_steps()
    visit.next_step(5)
    visit.go_home()
    assert visit.bilingual is True  # moving about keeps it
    assert start_over().bilingual is False
    assert Visit(screen=Screen.HOME, language="ar", bilingual=True).is_pristine is False


def test_the_norwegian_text_is_offered_beside_another_language_only(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    guide = library.guides[BANKID]
    arabic = view_guide(guide, "ar", "nb")
    norwegian = norwegian_alongside(guide, arabic, "nb")
    assert norwegian is not None and norwegian.language == "nb"
    assert [s.number for s in norwegian.steps] == [s.number for s in arabic.steps]
    assert "«Logg inn»" in norwegian.steps[0].text and norwegian.steps[0].text != arabic.steps[0].text
    assert norwegian_alongside(guide, view_guide(guide, "nb", "nb"), "nb") is None


def test_the_printable_address_carries_the_choice() -> None:
    assert printable_guide_url("http://k:8501/x", BANKID, "ar", bilingual=True).endswith(
        "/?print=log-in-with-bankid&lang=ar&bilingual=1"
    )
    assert "bilingual" not in printable_guide_url("http://k:8501/", BANKID, "ar")


def _print_page(bilingual: bool) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["print"] = BANKID
    at.query_params["lang"] = "ar"
    if bilingual:
        at.query_params["bilingual"] = "1"
    return at.run()


def _semantics(at: AppTest) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def test_the_printable_page_shows_each_step_in_norwegian_too_when_asked(demo: Engine) -> None:  # noqa: F811
    plain = _print_page(bilingual=False)
    assert not plain.exception
    assert not any("«Logg inn»." in m.value for m in plain.markdown)
    toggle = plain.button(key="bilingual")
    assert toggle.label == "اعرض بالنرويجية أيضًا"
    toggle.click().run()
    assert plain.query_params["bilingual"] == "1"  # the address keeps the choice (printing, a reload)
    assert any("Trykk på den." in m.value for m in plain.markdown)
    both = _print_page(bilingual=True)
    assert any("Trykk på den." in m.value for m in both.markdown)  # the Norwegian words of step 1
    assert any("اضغط عليه" in m.value for m in both.markdown)  # beside the Arabic
    # Each Norwegian block is marked lang="nb" dir="ltr" inside the Arabic page.
    assert '"print-nb-1": ["nb", "ltr"]' in _semantics(both)
    assert '"bilingual": true' in _semantics(both)
