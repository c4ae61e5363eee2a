"""Probes of a staff tablet whose account has just been disabled or given a new password: the buttons it was
last shown do nothing. A button's callback runs before the page's own re-check, so each one re-checks first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user, set_disabled, set_password
from kiosk.floor.calls import CallStatus, Channel, get_call, request_help
from kiosk.notices.board import NoticeDraft, current_notices, post_notice
from kiosk.settings import PROJECT_ROOT
from kiosk.store.kiosks import seed_demo
from kiosk.store.schema import InquiryRow
from kiosk.visit.journey import new_visit_id

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "correct horse battery"


def _signed_in(engine: Engine, username: str = "kari", role: Role = Role.STAFF) -> AppTest:
    add_user(engine, username, username.title(), role, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.button(key="sign-out")
    return at


SIGN_OUTS: dict[str, Callable[[Engine], None]] = {
    "disabled": lambda engine: set_disabled(engine, "kari"),
    "new password": lambda engine: set_password(engine, "kari", "another long password"),
}


@pytest.mark.both_databases
@pytest.mark.parametrize("how", list(SIGN_OUTS))
def test_a_signed_out_tablet_cannot_accept_the_call_it_was_shown(engine: Engine, how: str) -> None:
    seed_demo(engine)
    kari = _signed_in(engine)
    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None)
    kari.run()
    assert kari.button(key=f"accept-{call.id}")
    SIGN_OUTS[how](engine)
    kari.button(key=f"accept-{call.id}").click().run()
    refreshed = get_call(engine, call.id)
    assert refreshed is not None and refreshed.status is CallStatus.OPEN
    assert "sign-out" not in [b.key for b in kari.button] and [t.label for t in kari.text_input][:1] == ["Brukernavn"]
    assert not kari.exception


@pytest.mark.both_databases
def test_a_disabled_tablet_cannot_end_a_notice_or_log_a_walk_in(engine: Engine) -> None:
    seed_demo(engine)
    kari = _signed_in(engine)
    notice_id = post_notice(
        engine, NoticeDraft(text_nb="Skriveren er i 2. etasje", ends_at=datetime.now(UTC) + timedelta(hours=3)), None
    )
    kari.run()
    kari.button(key="walk-in-nav").click().run()  # a walk-in's category chosen while still signed in
    set_disabled(engine, "kari")
    kari.button(key=f"walk-in-channel-{Channel.IN_PERSON.value}").click().run()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(InquiryRow)) == 0
    kari = _signed_in(engine, "rita")  # another tablet, whose account is then given a new password
    kari.run()
    set_password(engine, "rita", "another long password")
    kari.button(key=f"notice-end-{notice_id}").click().run()
    assert [n.id for n in current_notices(engine)] == [notice_id]
    assert not kari.exception


@pytest.mark.both_databases
def test_one_account_cannot_fill_the_kiosks_with_notices(engine: Engine) -> None:
    """300 notices from one account all showed on the home screen."""
    from kiosk.notices.board import MAX_NOTICES_PER_ACCOUNT, MAX_SHOWN, NoticeRefused, for_screen

    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, PASSWORD).id
    ends = datetime.now(UTC) + timedelta(hours=3)
    posted, refused = 0, 0
    for number in range(300):
        try:
            post_notice(engine, NoticeDraft(text_nb=f"Beskjed nummer {number}", ends_at=ends), kari)
            posted += 1
        except NoticeRefused as refusal:
            assert refusal.reason == "too_many"
            refused += 1
    assert (posted, refused) == (MAX_NOTICES_PER_ACCOUNT, 300 - MAX_NOTICES_PER_ACCOUNT)
    shown = for_screen(current_notices(engine), "demo", "", None, datetime.now(UTC), home=True)
    assert len(shown) == MAX_SHOWN and shown[0].text_nb == f"Beskjed nummer {MAX_NOTICES_PER_ACCOUNT - 1}"
