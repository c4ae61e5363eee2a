"""A busy floor in Streamlit's AppTest: several kiosks call at once, staff tablets refresh and compete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import accept, escalate_due, open_calls, request_help
from kiosk.floor.presence import Presence, heard_from, set_presence
from kiosk.store.kiosks import Kiosk, StaffedHours, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id
from tests.test_pages import PASSWORD, kiosk_app, signed_in, texts

ALWAYS = StaffedHours(weekly={day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    for number in range(1, 6):
        kiosk = Kiosk(id=f"k{number}", display_name=f"Kiosk {number}", location="Hovedbiblioteket", staffed_hours=ALWAYS)
        save_kiosk(engine, kiosk)
    # Someone on the floor: with nobody there the kiosk says so instead of "Help is on the way".
    lead = add_user(engine, "floor-lead", "Floor lead", Role.STAFF, PASSWORD).id
    set_presence(engine, lead, Presence.FLOOR)
    heard_from(engine, lead, timedelta(seconds=20), branch_id="hovedbiblioteket")  # the demo has two: says which
    return engine


def container_keys(at: AppTest) -> list[str]:
    """The user keys of the page's keyed containers (Streamlit puts them at the end of the block id)."""
    keys: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        proto = getattr(node, "proto", None)
        block_id = getattr(proto, "id", "") if proto is not None and hasattr(proto, "flex_container") else ""
        if block_id.startswith("$$ID-"):
            keys.append(block_id.split("-", 2)[2])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return keys


def _calls(engine: Engine, count: int) -> list[int]:
    return [
        request_help(engine, visit_id=new_visit_id(), kiosk_id=f"k{n}", language="ar", guide=None, step=None).id
        for n in range(1, count + 1)
    ]


def test_staff_page_holds_several_new_and_several_escalated_calls(floor: Engine) -> None:
    ids = _calls(floor, 3)
    escalate_due(floor, timedelta(seconds=-1))  # these three wait too long
    for number in (4, 5):
        ids.append(request_help(floor, visit_id=new_visit_id(), kiosk_id=f"k{number}", language="so", guide=None, step=None).id)
    staff = signed_in(floor, Role.STAFF)
    assert not staff.exception
    keys = container_keys(staff)
    assert [k for k in keys if k.startswith("call-")] == [
        *(f"call-{i}-is-escalated" for i in ids[:3]),
        *(f"call-{i}-is-new" for i in ids[3:]),
    ]
    assert {f"accept-{i}" for i in ids} <= {b.key for b in staff.button}
    assert "Ventende henvendelser (5)" in texts(staff)


def test_a_new_call_stays_marked_until_someone_accepts_it(floor: Engine) -> None:
    staff = signed_in(floor, Role.STAFF)
    [call_id] = _calls(floor, 1)
    for _ in range(3):  # refreshes: a staff member who looks up later still sees it as new
        staff.run()
        assert f"call-{call_id}-is-new" in container_keys(staff)
    staff.button(key=f"accept-{call_id}").click().run()
    assert f"call-{call_id}-is-accepted" in container_keys(staff)
    assert f"call-{call_id}-is-new" not in container_keys(staff)


def _chimes(at: AppTest) -> int:
    return sum("createOscillator" in str(element.proto) for element in at.get("html"))


def test_the_chime_plays_once_per_new_call_and_can_be_muted(floor: Engine) -> None:
    staff = signed_in(floor, Role.STAFF)
    assert _chimes(staff) == 0  # calls already there at sign-in are not news
    _calls(floor, 1)
    staff.run()
    assert _chimes(staff) == 1
    staff.run()
    assert _chimes(staff) == 0  # the same call does not chime again
    staff.toggle(key="sound-on").set_value(False).run()
    request_help(floor, visit_id=new_visit_id(), kiosk_id="k2", language="nb", guide=None, step=None)
    staff.run()
    assert _chimes(staff) == 0


def test_the_tab_title_counts_the_waiting_calls(floor: Engine) -> None:
    _calls(floor, 4)
    staff = signed_in(floor, Role.STAFF)
    [title_script] = [str(e.proto) for e in staff.get("html") if "__staffTitle" in str(e.proto)]
    assert "[1, 2, 3, 4]" in title_script


def test_two_staff_press_im_coming_on_the_same_call(floor: Engine) -> None:
    [call_id] = _calls(floor, 1)
    add_user(floor, "ola", "Ola", Role.STAFF, PASSWORD)
    kari = signed_in(floor, Role.STAFF)  # "Test staff"
    ola = AppTest.from_file(kari._script_path, default_timeout=30).run()
    ola.text_input[0].input("ola")
    ola.text_input[1].input(PASSWORD)
    ola.button[0].click().run()
    kari.button(key=f"accept-{call_id}")  # both tablets show the button ...
    ola_button = ola.button(key=f"accept-{call_id}")
    kari.button(key=f"accept-{call_id}").click().run()  # ... Kari is first
    ola_button.click().run()
    assert not ola.exception
    assert "Test staff tar allerede denne henvendelsen." in texts(ola)
    [call] = open_calls(floor)
    assert call.accepted_by_name == "Test staff"


def test_twenty_open_calls_stay_readable_waiting_oldest_first(floor: Engine) -> None:
    ids = []
    for number in range(20):
        ids.append(
            request_help(
                floor,
                visit_id=new_visit_id(),
                kiosk_id=f"k{number % 5 + 1}",
                language="uk",
                guide="library-wifi",
                step="find-wifi",
            ).id
        )
    staff_id = add_user(floor, "ola", "Ola", Role.STAFF, PASSWORD).id
    accept(floor, ids[3], staff_id)
    staff = signed_in(floor, Role.STAFF)
    assert not staff.exception
    cards = [k for k in container_keys(staff) if k.startswith("call-")]
    # The waiting calls oldest first, the one a colleague took after them (it needs nobody now).
    assert [int(k.split("-")[1]) for k in cards] == [*ids[:3], *ids[4:], ids[3]]
    assert cards[-1] == f"call-{ids[3]}-is-accepted"
    body = texts(staff)
    # Twenty cards, and the bar above them naming the newest waiting one.
    assert body.count("Українська (ukrainsk) · Koble til bibliotekets trådløse nett, steg 2 av 5") == 21
    assert "Ventende henvendelser (20)" in body


def _kiosk_waiting_on_step_two(engine: Engine):  # type: ignore[no-untyped-def]
    kiosk = kiosk_app("k1")
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="tile-cat-library").click().run()
    kiosk.button(key="tile-guide-library-wifi").click().run()
    kiosk.button(key="begin").click().run()
    kiosk.button(key="step-next").click().run()
    kiosk.button(key="help-call").click().run()
    return kiosk


def test_the_idle_reset_never_wipes_a_visitor_waiting_for_help(floor: Engine) -> None:
    kiosk = _kiosk_waiting_on_step_two(floor)
    visit = kiosk.session_state["visit"].id
    kiosk.button(key="idle-reset").click().run()  # what the browser presses when its countdown ends
    assert kiosk.session_state["visit"].id == visit
    assert len(open_calls(floor)) == 1
    assert "Help is on the way" in texts(kiosk)


def test_no_longer_waiting_ends_the_visit_and_the_call(floor: Engine) -> None:
    kiosk = _kiosk_waiting_on_step_two(floor)
    visit = kiosk.session_state["visit"].id
    kiosk.button(key="idle-end-wait").click().run()  # "No, end my visit" on the "still waiting?" question
    assert kiosk.session_state["visit"].id != visit
    assert open_calls(floor) == []
    assert any(b.key == "tile-lang-nb" for b in kiosk.button)


def test_an_idle_visit_without_a_call_is_still_wiped(floor: Engine) -> None:
    kiosk = kiosk_app("k1")
    kiosk.button(key="tile-lang-en").click().run()
    visit = kiosk.session_state["visit"].id
    kiosk.button(key="idle-reset").click().run()
    assert kiosk.session_state["visit"].id != visit


def test_start_over_asks_first_during_a_guide_and_no_keeps_everything(floor: Engine) -> None:
    kiosk = _kiosk_waiting_on_step_two(floor)
    visit = kiosk.session_state["visit"].id
    kiosk.button(key="nav-start-over").click().run()
    assert "Your call for help will be cancelled" in texts(kiosk)
    kiosk.button(key="start-over-no").click().run()
    assert kiosk.session_state["visit"].id == visit and len(open_calls(floor)) == 1
    assert "Your call for help will be cancelled" not in texts(kiosk)
    kiosk.button(key="nav-start-over").click().run()
    kiosk.button(key="start-over-yes").click().run()
    assert kiosk.session_state["visit"].id != visit and open_calls(floor) == []


def test_start_over_and_all_tasks_are_not_side_by_side(floor: Engine) -> None:
    kiosk = kiosk_app("k1")
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="tile-cat-library").click().run()
    keys = [b.key for b in kiosk.button]
    assert keys.index("nav-start-over") > keys.index("nav-home") + 1
    assert keys.index("nav-start-over") > max(i for i, k in enumerate(keys) if k and k.startswith("tile-guide-"))


def test_the_call_follows_the_visitor_reading_on(floor: Engine) -> None:
    kiosk = _kiosk_waiting_on_step_two(floor)
    assert "You can keep following the guide while you wait." in texts(kiosk)
    kiosk.button(key="step-next").click().run()
    [call] = open_calls(floor)
    assert (call.guide, call.step) == ("library-wifi", "choose-network")


def test_the_wait_estimate_appears_only_with_recent_data(floor: Engine) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from kiosk.store.schema import HelpCallRow

    kiosk = _kiosk_waiting_on_step_two(floor)
    assert "Expected wait" not in texts(kiosk)
    helper = add_user(floor, "ola", "Ola", Role.STAFF, PASSWORD).id
    now = datetime.now(UTC)
    for number in (2, 3, 4):  # three calls at other kiosks of the same library were accepted after 5 minutes
        call_id = request_help(floor, visit_id=new_visit_id(), kiosk_id=f"k{number}", language="nb", guide=None, step=None).id
        accept(floor, call_id, helper)
        with Session(floor) as session, session.begin():
            five_minutes_ago = now - timedelta(minutes=5)
            session.execute(
                update(HelpCallRow).where(HelpCallRow.id == call_id).values(created_at=five_minutes_ago, accepted_at=now)
            )
    kiosk.run()
    assert "Expected wait: about 5 min. This is only an estimate." in texts(kiosk)
