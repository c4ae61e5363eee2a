"""Help calls on a real SQLite file: the life cycle, invalid moves, 20 kiosks at once, a restart."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import (
    CallStatus,
    Channel,
    InvalidTransition,
    NoStaffNow,
    accept,
    active_call_for_visit,
    call_from_kiosk,
    cancel,
    escalate_due,
    expire_stale,
    finish,
    hand_over,
    history,
    log_walk_in,
    open_calls,
    request_help,
    resumable_call,
)
from kiosk.settings import Settings
from kiosk.store import make_engine, upgrade
from kiosk.store.kiosks import DEMO_KIOSK, Kiosk, StaffedHours, save_kiosk, seed_demo
from kiosk.store.schema import InquiryRow
from kiosk.visit.journey import new_visit_id

# Every test here runs on SQLite and on PostgreSQL; accounts are only the floor's staff, not what is tested.
pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("cheap_passwords")]


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
    done = finish(floor, call.id, kari, "id_login")
    assert (done.status, done.category) == (CallStatus.DONE, "id_login")
    assert [h[0] for h in history(floor, call.id)] == ["created", "accept", "done"]
    with Session(floor) as session:
        inquiry = session.scalars(select(InquiryRow)).one()
    assert (inquiry.category, inquiry.channel, inquiry.call_id) == ("id_login", "kiosk", call.id)
    assert open_calls(floor) == []


def test_a_visit_can_call_again_after_its_call_was_closed(floor: Engine, kari: int) -> None:
    visit = new_visit_id()
    first = _call(floor, visit)
    finish(floor, first.id, kari, "other")
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
        ("cancelled", lambda e, c, u: finish(e, c, u, "tax"), "cannot finish a call that is cancelled"),
        ("open", lambda e, c, u: hand_over(e, c, u), "cannot hand over a call that is open"),
        ("expired", lambda e, c, u: accept(e, c, u), "cannot accept a call that is expired"),
    ],
)
def test_invalid_transitions_are_refused(floor: Engine, kari: int, setup: str, move, message: str) -> None:  # type: ignore[no-untyped-def]
    call = _call(floor)
    if setup == "done":
        finish(floor, call.id, kari, "other")
    elif setup == "cancelled":
        cancel(floor, call.id)
    elif setup == "expired":
        assert expire_stale(floor, timedelta(seconds=-1)) == 1
    with pytest.raises(InvalidTransition, match=message):
        move(floor, call.id, kari)


def test_calls_ahead_counts_waiting_calls_before_mine(floor: Engine, kari: int) -> None:
    from kiosk.floor.live_queue import LiveQueue

    queue = LiveQueue(floor)  # what the kiosk shows as "ahead of you"
    first, second, third = _call(floor), _call(floor), _call(floor)
    assert [queue.ahead_of(c) for c in (first, second, third)] == [0, 1, 2]
    accept(floor, first.id, kari)
    assert queue.ahead_of(third) == 1


def test_escalation_happens_once(floor: Engine) -> None:
    call = _call(floor)
    assert escalate_due(floor, timedelta(minutes=5)) == []
    [escalated] = escalate_due(floor, timedelta(seconds=-1))
    assert escalated.id == call.id and escalated.escalated_at is not None
    assert escalate_due(floor, timedelta(seconds=-1)) == []


def test_walk_in_is_logged(floor: Engine, kari: int) -> None:
    log_walk_in(floor, "print_scan", Channel.IN_PERSON, kari)
    log_walk_in(floor, "nav", Channel.PHONE, kari)
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
        except BaseException as exc:  # noqa: BLE001 - the thread hands every failure to the assertion below
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
    from kiosk.notify.outbox import Outbox, Target, TargetKind
    from kiosk.store.schema import OutboxRow

    outbox = Outbox(floor, [Target(TargetKind.NTFY, "http://127.0.0.1:9/x")])
    request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language="so", guide=None, step=None, outbox=outbox)
    escalate_due(floor, timedelta(seconds=-1), outbox)
    with Session(floor) as session:
        kinds = session.scalars(select(OutboxRow.kind).order_by(OutboxRow.id)).all()
    assert kinds == ["new", "escalated"]


def test_two_dispatchers_escalate_a_call_once(floor: Engine, settings: Settings) -> None:
    """Two server processes share the database: the second sees the call due after the first escalated it."""
    from sqlalchemy import event

    from kiosk.notify.outbox import Outbox, Target, TargetKind
    from kiosk.store.schema import HelpCallHistoryRow, OutboxRow

    targets = [Target(TargetKind.NTFY, "http://127.0.0.1:9/x")]
    first = make_engine(settings.effective_database_url)
    second = make_engine(settings.effective_database_url)
    call = request_help(first, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None)
    results: list[list] = []

    def other_process_escalates(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        # Right after the first process has read which calls are due, the other one escalates them.
        if statement.lstrip().startswith("SELECT help_calls.id") and not results:
            results.append(escalate_due(second, timedelta(seconds=-1), Outbox(second, targets)))

    event.listen(first, "after_cursor_execute", other_process_escalates)
    results.append(escalate_due(first, timedelta(seconds=-1), Outbox(first, targets)))
    assert [len(r) for r in results] == [1, 0]
    with Session(floor) as session:
        escalations = session.scalars(
            select(HelpCallHistoryRow.action).where(
                HelpCallHistoryRow.call_id == call.id, HelpCallHistoryRow.action == "escalate"
            )
        ).all()
        notices = session.scalars(select(OutboxRow.kind).where(OutboxRow.kind == "escalated")).all()
    assert (len(escalations), len(notices)) == (1, 1)


def test_the_call_follows_the_step_the_visitor_reaches(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import follow_visitor

    call = _call(floor, step="find-wifi")
    assert follow_visitor(floor, call.id, "library-wifi", "choose-network")
    assert open_calls(floor)[0].step == "choose-network"
    finish(floor, call.id, kari, "other")
    assert not follow_visitor(floor, call.id, "library-wifi", "done")


def test_estimated_wait_needs_recent_calls_at_the_same_branch(floor: Engine, kari: int) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from kiosk.floor.calls import estimated_wait_minutes, recent_time_to_accept
    from kiosk.store.schema import HelpCallRow

    now = datetime.now(UTC)
    assert recent_time_to_accept(floor, "hovedbiblioteket", now) is None  # no data: no estimate
    for seconds in (60, 180, 240):
        call = _call(floor)
        accept(floor, call.id, kari)
        with Session(floor) as session, session.begin():
            session.execute(
                update(HelpCallRow)
                .where(HelpCallRow.id == call.id)
                .values(created_at=now - timedelta(seconds=seconds), accepted_at=now)
            )
    typical = recent_time_to_accept(floor, "hovedbiblioteket", now)
    assert typical == timedelta(seconds=180)
    assert recent_time_to_accept(floor, "filial-nord", now) is None  # another branch's floor says nothing here
    assert recent_time_to_accept(floor, "hovedbiblioteket", now + timedelta(hours=4)) is None  # too old
    assert estimated_wait_minutes(typical, timedelta(seconds=30)) == 3
    assert estimated_wait_minutes(typical, timedelta(seconds=179)) == 1
    assert estimated_wait_minutes(typical, timedelta(seconds=200)) is None  # past the estimate: no number
    assert estimated_wait_minutes(None, timedelta(0)) is None


def test_the_same_visit_pressing_in_two_requests_at_once_gets_one_call(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other request's call is committed between this one's check and its insert: the unique index refuses
    the second row, and this request answers with the call that won."""
    import kiosk.floor.calls

    visit = new_visit_id()
    winner = _call(floor, visit)
    real_lookup = kiosk.floor.calls.active_call_for_visit
    lookups = []

    def not_yet_committed(engine: Engine, visit_id: str):  # type: ignore[no-untyped-def]
        lookups.append(visit_id)
        return None if len(lookups) == 1 else real_lookup(engine, visit_id)

    monkeypatch.setattr(kiosk.floor.calls, "active_call_for_visit", not_yet_committed)
    again = _call(floor, visit)
    assert again.id == winner.id
    assert len(lookups) == 2  # the check before the insert, and the answer after the refusal
    assert len(open_calls(floor)) == 1


def _staffed(engine: Engine, hours: dict[str, list[tuple[str, str]]]) -> None:
    save_kiosk(engine, DEMO_KIOSK.model_copy(update={"staffed_hours": StaffedHours(weekly=hours)}))


def test_the_kiosk_calls_only_while_staff_are_on_the_floor(floor: Engine) -> None:
    _staffed(floor, {"mon": [("10:00", "15:00")]})
    monday_noon = datetime(2026, 3, 2, 12, 0)
    monday_evening = datetime(2026, 3, 2, 15, 0)  # the end of a span is already closed
    press = {"kiosk_id": "demo", "language": "nb", "guide": None, "step": None}
    with pytest.raises(NoStaffNow):
        call_from_kiosk(floor, visit_id=new_visit_id(), local_now=monday_evening, **press)
    assert open_calls(floor) == []
    call = call_from_kiosk(floor, visit_id=new_visit_id(), local_now=monday_noon, **press)
    assert [c.id for c in open_calls(floor)] == [call.id]


def test_after_a_restart_only_that_kiosk_takes_up_an_open_call(floor: Engine, kari: int) -> None:
    save_kiosk(floor, Kiosk(id="entrance", display_name="By the entrance", location="Hovedbiblioteket"))
    visit = new_visit_id()
    call = _call(floor, visit)
    assert resumable_call(floor, visit, "demo") == call
    assert resumable_call(floor, visit, "entrance") is None  # a cookie carried to another kiosk's screen
    assert resumable_call(floor, new_visit_id(), "demo") is None
    accept(floor, call.id, kari)
    assert resumable_call(floor, visit, "demo") is not None  # accepted: still open, the visitor still waits
    cancel(floor, call.id)
    assert resumable_call(floor, visit, "demo") is None


# -- the wait estimate and the per-kiosk limit, at their edges ---------------------------------------

HOME = "hovedbiblioteket"  # the demo kiosk's branch
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _answered(engine: Engine, user_id: int, waited_seconds: float, accepted_ago: timedelta = timedelta(0)) -> None:
    """A call at the demo kiosk accepted `accepted_ago` before NOW after waiting `waited_seconds`."""
    from sqlalchemy import update

    from kiosk.store.schema import HelpCallRow

    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None)
    accept(engine, call.id, user_id)
    accepted_at = NOW - accepted_ago
    with Session(engine) as session, session.begin():
        session.execute(
            update(HelpCallRow)
            .where(HelpCallRow.id == call.id)
            .values(created_at=accepted_at - timedelta(seconds=waited_seconds), accepted_at=accepted_at)
        )


def test_three_answered_calls_give_an_estimate_and_two_do_not(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import ESTIMATE_MIN_CALLS, recent_time_to_accept

    assert ESTIMATE_MIN_CALLS == 3
    _answered(floor, kari, 100)
    _answered(floor, kari, 300)
    assert recent_time_to_accept(floor, HOME, NOW) is None, "two calls are too few to say anything"
    _answered(floor, kari, 200)
    assert recent_time_to_accept(floor, HOME, NOW) == timedelta(seconds=200), "the middle one of three, not the last added"


def test_calls_nobody_answered_do_not_count_towards_the_estimate(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import recent_time_to_accept

    _answered(floor, kari, 100)
    _answered(floor, kari, 300)
    for _ in range(3):
        _call(floor)  # still open: no time to accept yet
    assert recent_time_to_accept(floor, HOME, NOW) is None


def test_the_estimate_of_an_even_number_is_the_mean_of_the_middle_two(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import recent_time_to_accept

    for seconds in (600, 60, 300, 120):  # out of order: sorted before the middle is taken
        _answered(floor, kari, seconds)
    assert recent_time_to_accept(floor, HOME, NOW) == timedelta(seconds=210)
    _answered(floor, kari, 30)
    assert recent_time_to_accept(floor, HOME, NOW) == timedelta(seconds=120)


def test_the_three_hour_window_includes_its_edge_and_nothing_older(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import ESTIMATE_WINDOW, recent_time_to_accept

    assert timedelta(hours=3) == ESTIMATE_WINDOW
    _answered(floor, kari, 60, accepted_ago=timedelta(minutes=5))
    _answered(floor, kari, 90, accepted_ago=timedelta(minutes=30))
    _answered(floor, kari, 900, accepted_ago=timedelta(hours=3, seconds=1))  # just too old
    assert recent_time_to_accept(floor, HOME, NOW) is None, "only two are within three hours"
    _answered(floor, kari, 120, accepted_ago=timedelta(hours=3))  # exactly on the edge: counts
    assert recent_time_to_accept(floor, HOME, NOW) == timedelta(seconds=90)
    assert recent_time_to_accept(floor, HOME, NOW + timedelta(seconds=1)) is None, "a second later the edge one is out"


def test_a_clock_that_went_backwards_gives_no_negative_estimate(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import estimated_wait_minutes, recent_time_to_accept

    for seconds in (-30, -20, -10):  # accepted "before" the press: a server clock was set back
        _answered(floor, kari, seconds)
    assert recent_time_to_accept(floor, HOME, NOW) == timedelta(0)
    assert estimated_wait_minutes(timedelta(0), timedelta(0)) is None


@pytest.mark.parametrize(
    ("typical_seconds", "waited_seconds", "minutes"),
    [
        (180, 0, 3),
        (180, 60, 2),  # exactly two minutes left
        (180, 59, 3),  # two minutes and one second left: rounded up
        (180, 121, 1),  # 59 s left
        (180, 179.5, 1),  # half a second left: still "about 1 minute", never 0
        (180, 180, None),  # the estimate is reached: no number the floor has already broken
        (180, 181, None),
        (61, 0, 2),
        (60, 0, 1),
        (3600, 0, 60),
    ],
)
def test_the_minutes_left_are_rounded_up(typical_seconds: float, waited_seconds: float, minutes: int | None) -> None:
    from kiosk.floor.calls import estimated_wait_minutes

    assert estimated_wait_minutes(timedelta(seconds=typical_seconds), timedelta(seconds=waited_seconds)) == minutes


def _press(engine: Engine, limit: object, kiosk_id: str = "demo"):  # type: ignore[no-untyped-def]
    return request_help(engine, visit_id=new_visit_id(), kiosk_id=kiosk_id, language="nb", guide=None, step=None, limit=limit)  # type: ignore[arg-type]


def _made_ago(engine: Engine, call_id: int, ago: timedelta) -> None:
    from sqlalchemy import update

    from kiosk.store.schema import HelpCallRow

    with Session(engine) as session, session.begin():
        session.execute(update(HelpCallRow).where(HelpCallRow.id == call_id).values(created_at=NOW - ago))


def test_a_kiosk_may_make_exactly_its_limit_of_calls(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.calls
    from kiosk.floor.calls import CallLimit, TooManyCalls

    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW)
    limit = CallLimit(3, timedelta(minutes=10))
    for _ in range(2):
        cancel(floor, _press(floor, limit).id)
    third = _press(floor, limit)  # two made: the third is still allowed
    assert third.status is CallStatus.OPEN
    cancel(floor, third.id)
    with pytest.raises(TooManyCalls):
        _press(floor, limit)
    save_kiosk(floor, Kiosk(id="branch", display_name="Branch", location="Filial"))
    assert _press(floor, limit, "branch").status is CallStatus.OPEN, "another kiosk has its own count"
    cancel(floor, _press(floor, None).id)  # without a limit nothing is counted


def test_a_lowered_call_limit_counts_the_calls_already_made(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.calls
    from kiosk.floor.calls import CallLimit, TooManyCalls

    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW)
    for _ in range(3):
        cancel(floor, _press(floor, CallLimit(5, timedelta(minutes=10))).id)
    with pytest.raises(TooManyCalls):  # the library lowers the limit to two: three made are past it, not "not two"
        _press(floor, CallLimit(2, timedelta(minutes=10)))


def test_the_call_limit_window_includes_its_edge(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.calls
    from kiosk.floor.calls import CallLimit, TooManyCalls

    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW)
    limit = CallLimit(2, timedelta(minutes=10))
    old = _press(floor, limit)
    cancel(floor, old.id)
    _made_ago(floor, old.id, timedelta(minutes=10, seconds=1))  # just outside the window: forgotten
    edge = _press(floor, limit)
    cancel(floor, edge.id)
    _made_ago(floor, edge.id, timedelta(minutes=10))  # exactly on the edge: still counts
    cancel(floor, _press(floor, limit).id)
    with pytest.raises(TooManyCalls):
        _press(floor, limit)
    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW + timedelta(seconds=1))  # the edge call leaves the window
    assert _press(floor, limit).status is CallStatus.OPEN


# -- a busy floor: several branches, kiosks, staff and calls, so no two ids coincide -------------------


@pytest.fixture
def busy(floor: Engine) -> dict[str, int]:
    """Two branches with two kiosks each, two staff and three other calls first (so a call's id is no staff id):
    a query that forgets a condition or reads the wrong id column gives a different answer here."""
    save_kiosk(floor, Kiosk(id="entrance", display_name="By the entrance", location="Hovedbiblioteket"))
    save_kiosk(floor, Kiosk(id="filial-1", display_name="Filial one", location="Filial"))
    save_kiosk(floor, Kiosk(id="filial-2", display_name="Filial two", location="Filial"))
    staff = {name: add_user(floor, name, name.title(), Role.STAFF, "correct horse battery").id for name in ("siri", "tor")}
    for kiosk_id in ("entrance", "filial-1", "demo"):
        request_help(floor, visit_id=new_visit_id(), kiosk_id=kiosk_id, language="nb", guide=None, step=None)
    return staff


def _row(engine: Engine, call_id: int):  # type: ignore[no-untyped-def]
    from kiosk.store.schema import HelpCallRow

    with Session(engine) as session:
        row = session.get(HelpCallRow, call_id)
        assert row is not None
        session.expunge(row)
        return row


def _others(engine: Engine, call_id: int) -> list[tuple[int, CallStatus, int | None]]:
    return [(c.id, c.status, c.accepted_by) for c in open_calls(engine) if c.id != call_id]


def test_each_move_sets_and_clears_every_field_on_a_busy_floor(floor: Engine, busy: dict[str, int]) -> None:
    others = _others(floor, -1)
    assert [status for _, status, _ in others] == [CallStatus.OPEN] * 3
    call = request_help(
        floor, visit_id=new_visit_id(), kiosk_id="filial-2", language="so", guide="library-wifi", step="find-wifi"
    )
    assert (call.kiosk_id, call.kiosk_name, call.location, call.branch_id, call.branch_name) == (
        "filial-2",
        "Filial two",
        "Filial",
        "filial",
        "Filial",
    )
    assert (call.accepted_at, call.accepted_by, call.accepted_by_name, call.closed_at, call.category) == (None,) * 5
    assert call.id not in busy.values() and call.visitor_ref
    assert call.is_active and call.waiting_seconds(call.created_at + timedelta(seconds=90.7)) == 90
    assert 0 <= call.waiting_seconds() < 3600  # without a time: now

    before = datetime.now(UTC)
    accepted = accept(floor, call.id, busy["siri"])
    assert (accepted.status, accepted.accepted_by, accepted.accepted_by_name) == (CallStatus.ACCEPTED, busy["siri"], "Siri")
    assert accepted.accepted_at is not None and before <= accepted.accepted_at <= datetime.now(UTC)
    assert (accepted.closed_at, accepted.category) == (None, None)
    assert _others(floor, call.id) == others, "accepting one call touches no other"

    back = hand_over(floor, call.id, busy["siri"])
    assert (back.status, back.accepted_at, back.accepted_by, back.accepted_by_name) == (CallStatus.OPEN, None, None, None)
    assert (back.closed_at, back.category) == (None, None)
    row = _row(floor, call.id)
    assert (row.accepted_at, row.accepted_by, row.closed_at, row.closed_by) == (None, None, None, None)

    taken = accept(floor, call.id, busy["tor"])
    assert (taken.accepted_by, taken.accepted_by_name) == (busy["tor"], "Tor")
    assert taken.accepted_at is not None and taken.accepted_at >= accepted.accepted_at

    done = finish(floor, call.id, busy["tor"], "nav", stuck_steps=["find-wifi"])
    assert (done.status, done.category, done.stuck_steps) == (CallStatus.DONE, "nav", ("find-wifi",))
    assert done.closed_at is not None and done.closed_at >= taken.accepted_at
    assert (done.accepted_by, done.accepted_by_name) == (busy["tor"], "Tor"), "who answered it is kept"
    assert (accepted.is_active, back.is_active, done.is_active) == (True, True, False)
    assert _row(floor, call.id).closed_by == busy["tor"]
    with Session(floor) as session:
        inquiries = session.execute(
            select(InquiryRow.call_id, InquiryRow.kiosk_id, InquiryRow.branch_id, InquiryRow.user_id)
        ).all()
    assert inquiries == [(call.id, "filial-2", "filial", busy["tor"])]
    actions = [(action, user) for action, _, user, _ in history(floor, call.id)]
    assert actions == [
        ("created", None),
        ("accept", busy["siri"]),
        ("hand_over", busy["siri"]),
        ("accept", busy["tor"]),
        ("done", busy["tor"]),
    ]
    assert _others(floor, call.id) == others, "closing one call touches no other"


def test_cancel_and_expiry_close_only_their_call(floor: Engine, busy: dict[str, int]) -> None:
    first, second, third = open_calls(floor)
    accept(floor, second.id, busy["siri"])
    cancelled = cancel(floor, second.id)
    assert (cancelled.status, cancelled.category) == (CallStatus.CANCELLED, None)
    assert cancelled.closed_at is not None and not cancelled.is_active
    assert _row(floor, second.id).closed_by is None, "nobody on the staff closed it"
    assert [(c.id, c.status) for c in open_calls(floor)] == [(first.id, CallStatus.OPEN), (third.id, CallStatus.OPEN)]
    assert [h[0] for h in history(floor, second.id)] == ["created", "accept", "cancel"]
    assert history(floor, first.id)[-1][0] == "created"
    assert expire_stale(floor, timedelta(minutes=5)) == 0
    assert expire_stale(floor, timedelta(seconds=-1)) == 2
    assert {c.status for c in (_call_by_id(floor, first.id), _call_by_id(floor, third.id))} == {CallStatus.EXPIRED}
    assert _call_by_id(floor, second.id).status is CallStatus.CANCELLED, "a closed call is not expired again"


def _call_by_id(engine: Engine, call_id: int):  # type: ignore[no-untyped-def]
    from kiosk.floor.calls import get_call

    call = get_call(engine, call_id)
    assert call is not None
    return call


def test_each_visit_finds_its_own_call_among_many(floor: Engine, busy: dict[str, int]) -> None:
    visits = [new_visit_id() for _ in range(3)]
    calls = [
        request_help(floor, visit_id=v, kiosk_id=k, language=None, guide=None, step=None)
        for v, k in zip(visits, ("demo", "entrance", "filial-1"), strict=True)
    ]
    for visit, call in zip(visits, calls, strict=True):
        found = active_call_for_visit(floor, visit)
        assert found is not None and found.id == call.id
    assert resumable_call(floor, visits[1], "entrance") == calls[1]
    assert resumable_call(floor, visits[1], "demo") is None
    finish(floor, calls[1].id, busy["siri"], "other")
    assert active_call_for_visit(floor, visits[1]) is None
    assert active_call_for_visit(floor, visits[0]) == calls[0]


def test_escalation_and_expiry_wait_until_just_past_their_time(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.calls

    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW)
    call = _call(floor)
    after = timedelta(minutes=5)
    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW + after)  # exactly its time: not yet
    assert escalate_due(floor, after) == []
    assert expire_stale(floor, after) == 0
    monkeypatch.setattr(kiosk.floor.calls, "_now", lambda: NOW + after + timedelta(microseconds=1))
    [escalated] = escalate_due(floor, after)
    assert (escalated.id, escalated.status, escalated.escalated_at) == (
        call.id,
        CallStatus.OPEN,
        NOW + after + timedelta(microseconds=1),
    )
    assert expire_stale(floor, after) == 1
    assert _call_by_id(floor, call.id).status is CallStatus.EXPIRED


def test_a_walk_in_counts_at_the_branch_whose_desk_answered_it(floor: Engine, busy: dict[str, int]) -> None:
    log_walk_in(floor, "nav", Channel.IN_PERSON, busy["siri"], kiosk_id="filial-1")  # by a kiosk: its branch
    log_walk_in(floor, "tax", Channel.PHONE, busy["tor"], kiosk_id="filial-1", branch_id="hovedbiblioteket")  # said: kept
    log_walk_in(floor, "id_login", Channel.PHONE, None)
    with Session(floor) as session:
        rows = session.execute(
            select(
                InquiryRow.category, InquiryRow.kiosk_id, InquiryRow.branch_id, InquiryRow.user_id, InquiryRow.call_id
            ).order_by(InquiryRow.id)
        ).all()
    assert rows == [
        ("nav", "filial-1", "filial", busy["siri"], None),
        ("tax", "filial-1", "hovedbiblioteket", busy["tor"], None),
        ("id_login", None, None, None, None),
    ]


def test_following_the_visitor_moves_only_their_call_and_keeps_the_problem_on_its_step(
    floor: Engine, busy: dict[str, int]
) -> None:
    from kiosk.floor.calls import follow_visitor

    before = [(c.id, c.guide, c.step, c.problem) for c in open_calls(floor)]
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="demo",
        language="ar",
        guide="library-wifi",
        step="find-wifi",
        problem="no-network",
    )
    assert follow_visitor(floor, call.id, "library-wifi", "find-wifi")  # the same step again: the problem stays
    assert _call_by_id(floor, call.id).problem == "no-network"
    assert follow_visitor(floor, call.id, "library-wifi", "choose-network")
    moved = _call_by_id(floor, call.id)
    assert (moved.guide, moved.step, moved.problem) == ("library-wifi", "choose-network", None)
    assert [(c.id, c.guide, c.step, c.problem) for c in open_calls(floor) if c.id != call.id] == before


def test_a_limit_of_one_call_lets_the_first_press_through(floor: Engine) -> None:
    from kiosk.floor.calls import CallLimit, TooManyCalls

    limit = CallLimit(1, timedelta(minutes=10))
    first = _press(floor, limit)  # nothing made yet: the kiosk may call
    assert first.status is CallStatus.OPEN
    cancel(floor, first.id)
    with pytest.raises(TooManyCalls):
        _press(floor, limit)


def test_booked_visitors_checked_in_do_not_shorten_the_wait_estimate(floor: Engine, kari: int) -> None:
    """A check-in makes a call and accepts it at once (the helper is already there): counted, three booked
    visitors would make a floor where walk-up calls wait ten minutes promise "about 5 minutes"."""
    from zoneinfo import ZoneInfo

    from kiosk.floor.bookings import BookingRules, book, check_in
    from kiosk.floor.calls import recent_time_to_accept
    from kiosk.store.kiosks import DEMO_BRANCHES

    for _ in range(3):  # answered a moment ago, after ten minutes each
        _answered(floor, kari, 600, accepted_ago=NOW - datetime.now(UTC))
    oslo = ZoneInfo("Europe/Oslo")
    kiosk = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})
    rules = BookingRules(30, 5, 1, 15, timedelta(minutes=15), 1000, 1000)
    monday_9 = datetime(2026, 12, 7, 9, 0, tzinfo=oslo)
    for _ in range(3):
        booking = book(floor, kiosk, monday_9.replace(hour=10), rules, monday_9, language="nb", guide=None, step=None)
        check_in(floor, booking.id, kari)
    assert recent_time_to_accept(floor, HOME) == timedelta(seconds=600)


def test_the_notifications_say_which_call_where_on_a_busy_floor(floor: Engine, busy: dict[str, int]) -> None:
    from kiosk.notify.outbox import Outbox, Target, TargetKind
    from kiosk.store.schema import OutboxRow

    branch_targets = [Target(TargetKind.NTFY, "http://127.0.0.1:9/x", branch=b) for b in ("filial", "hovedbiblioteket")]
    outbox = Outbox(floor, [Target(TargetKind.NTFY, "http://127.0.0.1:9/x"), *branch_targets])
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="filial-2",
        language="so",
        guide="library-wifi",
        step="find-wifi",
        outbox=outbox,
        problem="no-network",
    )
    escalate_due(floor, timedelta(seconds=-1), outbox)  # the three older calls are escalated too, each with its own
    with Session(floor) as session:
        rows = session.execute(select(OutboxRow.kind, OutboxRow.call_id, OutboxRow.payload).order_by(OutboxRow.id)).all()
    with Session(floor) as session:
        targets = session.execute(select(OutboxRow.kind, OutboxRow.call_id, OutboxRow.target)).all()
    assert sorted((kind, target) for kind, call_id, target in targets if call_id == call.id) == [
        ("escalated", "ntfy"),
        ("escalated", "ntfy@filial"),
        ("new", "ntfy"),
        ("new", "ntfy@filial"),
    ], "the call's own branch is told, and not the other"
    home = {c.id for c in open_calls(floor) if c.branch_id == "hovedbiblioteket"}
    assert {call_id for kind, call_id, target in targets if target == "ntfy@hovedbiblioteket"} == home
    new = [payload for kind, call_id, payload in rows if kind == "new"]
    assert len(new) == 2 and new[0] == new[1]  # the library's target and the branch's, told the same
    expected = {
        "call_id": call.id,
        "kiosk_id": "filial-2",
        "kiosk_name": "Filial two",
        "location": "Filial",
        "branch_id": "filial",
        "branch_name": "Filial",
        "language": "so",
        "guide": "library-wifi",
        "step": "find-wifi",
        "problem": "no-network",
        "created_at": call.created_at.isoformat(),
    }
    assert {key: new[0][key] for key in expected} == expected and new[0]["speakers"] == []
    escalated = {call_id: payload for kind, call_id, payload in rows if kind == "escalated"}
    assert set(escalated) == {c.id for c in open_calls(floor)}
    assert {key: escalated[call.id][key] for key in expected} == expected
    assert {payload["kiosk_id"] for payload in escalated.values()} == {"entrance", "filial-1", "demo", "filial-2"}


def test_the_kiosk_redraws_the_estimate_when_its_number_changes_and_not_after_it_is_past() -> None:
    from kiosk.floor.calls import estimate_changes_in, estimated_wait_minutes

    ten = timedelta(minutes=10)
    assert estimated_wait_minutes(ten, timedelta(minutes=8, seconds=30)) == 2
    assert estimate_changes_in(ten, timedelta(minutes=8, seconds=30)) == 30.0  # then it says 1 minute
    assert estimate_changes_in(ten, timedelta(minutes=8)) == 60.0  # on a whole minute: a minute from now
    assert estimate_changes_in(ten, timedelta(minutes=9, seconds=59)) == 1.0
    assert estimate_changes_in(ten, ten) is None  # past the estimate: nothing left to count down
    assert estimate_changes_in(ten, ten + timedelta(seconds=1)) is None
    assert estimate_changes_in(None, timedelta(0)) is None


def test_a_call_another_server_closed_meanwhile_does_not_stop_the_others(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between reading which calls are due and closing each, another server process closed the first one."""
    import kiosk.floor.calls

    first, second = _call(floor), _call(floor)
    real = kiosk.floor.calls._transition
    done: set[tuple[int, str]] = set()

    def other_server_first(engine: Engine, call_id: int, action: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if call_id == first.id and (call_id, action) not in done:
            done.add((call_id, action))
            real(engine, call_id, action, *args, **kwargs)  # the other process, a moment earlier
        return real(engine, call_id, action, *args, **kwargs)

    monkeypatch.setattr(kiosk.floor.calls, "_transition", other_server_first)
    assert [c.id for c in escalate_due(floor, timedelta(seconds=-1))] == [second.id]
    assert expire_stale(floor, timedelta(seconds=-1)) == 1
    assert {_call_by_id(floor, c.id).status for c in (first, second)} == {CallStatus.EXPIRED}


def test_a_done_call_without_stuck_steps_has_nothing_to_print(floor: Engine, kari: int) -> None:
    from kiosk.floor.calls import stuck_steps_for

    call = _call(floor)
    finish(floor, call.id, kari, "other")  # no steps marked
    assert call.visitor_ref and stuck_steps_for(floor, call.visitor_ref) is None


def test_a_referral_is_kept_only_with_the_outcome_referred(floor: Engine, kari: int) -> None:
    from kiosk.floor.inquiries import Outcome

    referred, solved = _call(floor), _call(floor)
    finish(floor, referred.id, kari, "nav", Outcome.REFERRED, referral="nav")
    finish(floor, solved.id, kari, "nav", Outcome.SOLVED, referral="nav")  # a leftover choice on the form
    with Session(floor) as session:
        rows = session.execute(select(InquiryRow.call_id, InquiryRow.outcome, InquiryRow.referral).order_by(InquiryRow.id)).all()
    assert rows == [(referred.id, Outcome.REFERRED, "nav"), (solved.id, Outcome.SOLVED, None)]
