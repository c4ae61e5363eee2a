"""Notices end to end in AppTest: posted on the staff page (hostile text refused and kept), shown by the kiosks."""

from __future__ import annotations

from sqlalchemy import Engine

from kiosk.accounts.auth import Role
from kiosk.notices.board import current_notices
from tests.test_pages import demo, signed_in, texts  # noqa: F401  (demo is a fixture)


def _post(at, text_nb: str, text_en: str = "", tie: str = "") -> None:  # type: ignore[no-untyped-def]
    at.text_input(key="notice-text-nb").input(text_nb)
    at.text_input(key="notice-text-en").input(text_en)
    if tie:
        at.selectbox(key="notice-tie").select(tie)
    at.button(key="FormSubmitter:notice-form-Publiser beskjeden").click().run()


def test_staff_post_a_notice_and_end_it_early(demo: Engine) -> None:  # noqa: F811
    staff = signed_in(demo, Role.STAFF)
    assert not staff.exception
    _post(staff, "ID-porten er nede til kl. 14.00", "ID-porten is down until 14:00")
    assert not staff.exception
    [notice] = current_notices(demo)
    assert notice.text_nb == "ID-porten er nede til kl. 14.00" and notice.text_en == "ID-porten is down until 14:00"
    assert "ID-porten er nede til kl. 14.00" in texts(staff) and "alle kiosker" in texts(staff)
    staff.button(key=f"notice-end-{notice.id}").click().run()
    assert current_notices(demo) == []
    assert "Beskjeden er fjernet." in texts(staff)


def test_hostile_text_is_refused_and_what_was_typed_stays(demo: Engine) -> None:  # noqa: F811
    staff = signed_in(demo, Role.STAFF)
    hostile = "Ring 55 55 \u202e33 33"
    _post(staff, hostile)
    assert current_notices(demo) == []
    assert any("usynlig tegn" in e.value for e in staff.error)
    assert staff.text_input(key="notice-text-nb").value == hostile
    _post(staff, "<script>alert(1)</script>")
    assert current_notices(demo) == [] and any("uten HTML" in e.value for e in staff.error)


def test_every_end_time_offered_is_later_today_or_within_the_week() -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.notices.board import MAX_NOTICE_DURATION
    from kiosk.ui.staff.notices import end_choices

    for now in (
        datetime(2026, 12, 2, 9, 10, tzinfo=ZoneInfo("Europe/Oslo")),
        datetime(2026, 12, 2, 23, 45, tzinfo=ZoneInfo("Europe/Oslo")),
    ):
        choices = end_choices(now)
        times = list(choices.values())
        assert times == sorted(times) and all(now < at < now + MAX_NOTICE_DURATION for at in times)
    assert "i dag kl. 14.00" in end_choices(datetime(2026, 12, 2, 9, 10, tzinfo=ZoneInfo("Europe/Oslo")))
    assert timedelta(0) < times[0] - now  # late in the evening: tomorrow's times only


def test_the_form_offers_the_tablets_branch_first_and_its_notice_reaches_that_branch_only(demo: Engine) -> None:  # noqa: F811
    from kiosk.notices.board import NoticeScope
    from kiosk.notices.live import LiveNotices

    staff = signed_in(demo, Role.STAFF)
    staff.selectbox(key="staff-branch").select("filial-nord").run()
    assert staff.selectbox(key="notice-branch").options[0] == "Filial nord"  # this tablet's floor first
    assert "Én plassering" not in [str(option) for option in staff.radio(key="notice-scope").options]
    staff.radio(key="notice-scope").set_value(NoticeScope.BRANCH)
    _post(staff, "Heisen i filialen er ute av drift")
    assert not staff.exception and not staff.error
    [notice] = current_notices(demo)
    assert (notice.scope, notice.branch_id) == (NoticeScope.BRANCH, "filial-nord")
    assert "filial Filial nord" in texts(staff)
    live = LiveNotices(demo)
    assert [n.id for n in live.for_kiosk("demo-nord", home=True)] == [notice.id]
    assert live.for_kiosk("demo", home=True) == []


def test_every_control_on_the_staff_page_has_a_name_of_its_own(demo: Engine) -> None:  # noqa: F811
    """Two lists both called "Filial" (the tablet's branch and a notice's) are one name for two things to a
    screen reader, and the page's own tests could not tell them apart either."""
    staff = signed_in(demo, Role.STAFF)
    labels = [element.label for element in (*staff.selectbox, *staff.radio, *staff.text_input, *staff.toggle)]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)


def test_a_refusal_is_said_in_the_staff_members_own_language(demo: Engine) -> None:  # noqa: F811
    """The domain refuses with a message key; a Swedish staff member reads why in Swedish, not in bokmål."""
    from kiosk.accounts.auth import add_user, set_ui_language
    from kiosk.language.staff_texts import SHIPPED_DIR, StaffText, load_catalogs
    from tests.test_pages import PASSWORD

    sv = StaffText(load_catalogs(SHIPPED_DIR), "sv")
    sara = add_user(demo, "sara", "Sara", Role.STAFF, PASSWORD)
    set_ui_language(demo, sara.id, "sv")
    staff = signed_in_as(demo, "sara")
    staff.text_input(key="notice-text-nb").input("<b>Skrivaren</b> är trasig")
    staff.button(key=f"FormSubmitter:notice-form-{sv('notices.publish')}").click().run()
    assert not staff.exception and current_notices(demo) == []
    assert [e.value for e in staff.error] == [sv("notices.refused.markup")]
    assert sv("notices.refused.markup") == "Skriv vanlig text utan HTML, länkar eller formatering."


def signed_in_as(engine: Engine, username: str):  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    from tests.test_pages import APP, PASSWORD

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    return at
