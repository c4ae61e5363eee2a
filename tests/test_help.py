"""Help calls on a real SQLite file: the life cycle, invalid moves, 20 kiosks at once, a restart."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.auth import Role, add_user
from kiosk.help import (
    CallStatus,
    Channel,
    InquiryCategory,
    InvalidTransition,
    accept,
    active_call_for_visit,
    calls_ahead,
    cancel,
    escalate_due,
    expire_stale,
    finish,
    hand_over,
    history,
    log_walk_in,
    open_calls,
    request_help,
)
from kiosk.settings import Settings
from kiosk.store import make_engine, upgrade
from kiosk.store.kiosks import Kiosk, save_kiosk, seed_demo
from kiosk.store.schema import InquiryRow
from kiosk.store.visits import new_visit_id


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


@pytest.fixture
def kari(floor: Engine) -> int:
    return add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id


@pytest.fixture
def ola(floor: Engine) -> int:
    return add_user(floor, "ola", "Ola", Role.STAFF, "correct horse battery").id


def _call(engine: Engine, visit: str | None = None, guide: str | None = "library-wifi", step: str | None = "find-wifi"):  # type: ignore[no-untyped-def]
    return request_help(engine, visit_id=visit or new_visit_id(), kiosk_id="demo", language="ar", guide=guide, step=step)


def test_a_call_carries_where_and_what(floor: Engine) -> None:
    call = _call(floor)
    assert (call.status, call.kiosk_name, call.location) == (CallStatus.OPEN, "Demo kiosk", "Hovedbiblioteket, 1. etasje")
    assert (call.language, call.guide, call.step) == ("ar", "library-wifi", "find-wifi")


def test_pressing_again_makes_no_second_call(floor: Engine) -> None:
    visit = new_visit_id()
    first = _call(floor, visit)
    again = _call(floor, visit)
    assert again.id == first.id
    assert len(open_calls(floor)) == 1


def test_open_accept_done_with_history_and_inquiry(floor: Engine, kari: int) -> None:
    call = _call(floor)
    accepted = accept(floor, call.id, kari)
    assert (accepted.status, accepted.accepted_by_name) == (CallStatus.ACCEPTED, "Kari")
    assert accepted.accepted_at is not None
    done = finish(floor, call.id, kari, InquiryCategory.ID_LOGIN)
    assert (done.status, done.category) == (CallStatus.DONE, InquiryCategory.ID_LOGIN)
    assert [h[0] for h in history(floor, call.id)] == ["created", "accept", "done"]
    with Session(floor) as session:
        inquiry = session.scalars(select(InquiryRow)).one()
    assert (inquiry.category, inquiry.channel, inquiry.call_id) == ("id_login", "kiosk", call.id)
    assert open_calls(floor) == []


def test_a_visit_can_call_again_after_its_call_was_closed(floor: Engine, kari: int) -> None:
    visit = new_visit_id()
    first = _call(floor, visit)
    finish(floor, first.id, kari, InquiryCategory.OTHER)
    second = _call(floor, visit)
    assert second.id != first.id


def test_only_one_staff_member_can_accept(floor: Engine, kari: int, ola: int) -> None:
    call = _call(floor)
    accept(floor, call.id, kari)
    with pytest.raises(InvalidTransition, match="cannot accept a call that is accepted"):
        accept(floor, call.id, ola)


def test_hand_over_returns_the_call_to_the_queue(floor: Engine, kari: int, ola: int) -> None:
    call = _call(floor)
    accept(floor, call.id, kari)
    back = hand_over(floor, call.id, kari)
    assert (back.status, back.accepted_by) == (CallStatus.OPEN, None)
    assert accept(floor, call.id, ola).accepted_by_name == "Ola"


@pytest.mark.parametrize(
    ("setup", "move", "message"),
    [
        ("done", lambda e, c, u: accept(e, c, u), "cannot accept a call that is done"),
        ("done", lambda e, c, u: cancel(e, c), "cannot cancel a call that is done"),
        ("cancelled", lambda e, c, u: finish(e, c, u, InquiryCategory.TAX), "cannot done a call that is cancelled"),
        ("open", lambda e, c, u: hand_over(e, c, u), "cannot hand over a call that is open"),
        ("expired", lambda e, c, u: accept(e, c, u), "cannot accept a call that is expired"),
    ],
)
def test_invalid_transitions_are_refused(floor: Engine, kari: int, setup: str, move, message: str) -> None:  # type: ignore[no-untyped-def]
    call = _call(floor)
    if setup == "done":
        finish(floor, call.id, kari, InquiryCategory.OTHER)
    elif setup == "cancelled":
        cancel(floor, call.id)
    elif setup == "expired":
        assert expire_stale(floor, timedelta(seconds=-1)) == 1
    with pytest.raises(InvalidTransition, match=message):
        move(floor, call.id, kari)


def test_calls_ahead_counts_waiting_calls_before_mine(floor: Engine, kari: int) -> None:
    first, second, third = _call(floor), _call(floor), _call(floor)
    assert [calls_ahead(floor, c) for c in (first, second, third)] == [0, 1, 2]
    accept(floor, first.id, kari)
    assert calls_ahead(floor, third) == 1


def test_escalation_happens_once(floor: Engine) -> None:
    call = _call(floor)
    assert escalate_due(floor, timedelta(minutes=5)) == []
    [escalated] = escalate_due(floor, timedelta(seconds=-1))
    assert escalated.id == call.id and escalated.escalated_at is not None
    assert escalate_due(floor, timedelta(seconds=-1)) == []


def test_walk_in_is_logged(floor: Engine, kari: int) -> None:
    log_walk_in(floor, InquiryCategory.PRINT_SCAN, Channel.IN_PERSON, kari)
    log_walk_in(floor, InquiryCategory.NAV, Channel.PHONE, kari)
    with Session(floor) as session:
        rows = session.execute(select(InquiryRow.category, InquiryRow.channel).order_by(InquiryRow.id)).all()
    assert rows == [("print_scan", "in_person"), ("nav", "phone")]


def test_twenty_kiosks_pressing_at_the_same_instant(floor: Engine, settings: Settings) -> None:
    for number in range(20):
        save_kiosk(floor, Kiosk(id=f"k{number}", display_name=f"Kiosk {number}"))
    barrier = threading.Barrier(20)
    made: list[int] = []
    errors: list[BaseException] = []

    def press(number: int) -> None:
        # Each kiosk is its own browser session: its own engine, as a separate server worker would have.
        engine = make_engine(settings.effective_database_url)
        visit = new_visit_id()
        try:
            barrier.wait()
            call = request_help(engine, visit_id=visit, kiosk_id=f"k{number}", language="nb", guide=None, step=None)
            request_help(engine, visit_id=visit, kiosk_id=f"k{number}", language="nb", guide=None, step=None)  # twice
            made.append(call.id)
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=press, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(made)) == 20
    calls = open_calls(floor)
    assert len(calls) == 20
    assert sorted(c.kiosk_id for c in calls) == sorted(f"k{n}" for n in range(20))


def test_a_restart_between_call_and_acceptance_loses_nothing(settings: Settings) -> None:
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    seed_demo(engine)
    user = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    visit = new_visit_id()
    call = _call(engine, visit)
    engine.dispose()  # the server stops

    restarted = make_engine(settings.effective_database_url)
    upgrade(restarted)
    assert active_call_for_visit(restarted, visit) == call
    assert accept(restarted, call.id, user).status is CallStatus.ACCEPTED
    with Session(restarted) as session:
        assert session.scalar(select(func.count()).select_from(InquiryRow)) == 0


def test_escalation_notifies_again(floor: Engine) -> None:
    from kiosk.notify import Outbox, Target, TargetKind
    from kiosk.store.schema import OutboxRow

    outbox = Outbox(floor, [Target(TargetKind.NTFY, "http://127.0.0.1:9/x")])
    request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language="so", guide=None, step=None, outbox=outbox)
    escalate_due(floor, timedelta(seconds=-1), outbox)
    with Session(floor) as session:
        kinds = session.scalars(select(OutboxRow.kind).order_by(OutboxRow.id)).all()
    assert kinds == ["new", "escalated"]
