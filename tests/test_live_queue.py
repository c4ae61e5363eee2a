"""One read of the open calls serves every tablet and kiosk of a process; changes show at once or within the interval."""

from __future__ import annotations

from sqlalchemy import Engine, event

from kiosk.floor.calls import accept, request_help
from kiosk.floor.live_queue import LiveQueue
from kiosk.store.kiosks import seed_demo
from kiosk.visit.journey import new_visit_id


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _count_selects(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: seen.append(statement))
    return seen


def _call(engine: Engine) -> int:
    return request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None).id


def test_forty_tablets_share_one_read_per_interval(engine: Engine) -> None:
    seed_demo(engine)
    clock = Clock()
    queue = LiveQueue(engine, max_age=0.5, clock=clock)
    _call(engine)
    statements = _count_selects(engine)
    for _ in range(40):
        assert len(queue.calls()) == 1
    assert sum("FROM help_calls" in s for s in statements) == 1


def test_a_change_in_this_process_is_seen_at_once(engine: Engine) -> None:
    seed_demo(engine)
    queue = LiveQueue(engine, max_age=3600, clock=Clock())
    assert queue.calls() == []
    call_id = _call(engine)  # a kiosk's press in this process
    assert [c.id for c in queue.calls()] == [call_id]


def test_a_change_in_another_process_is_seen_within_the_interval(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_demo(engine)
    clock = Clock()
    queue = LiveQueue(engine, max_age=0.5, clock=clock)
    assert queue.calls() == []
    monkeypatch.setattr("kiosk.floor.calls._LISTENERS.changed", lambda _engine: None)  # another process tells nobody here
    call_id = _call(engine)
    assert queue.calls() == []  # not yet: the last read is fresh
    clock.now += 0.5
    [call] = queue.calls()
    assert call.id == call_id and queue.ahead_of(call) == 0 and queue.get(call_id) == call


def test_the_queue_position_and_a_closed_call(engine: Engine) -> None:
    from kiosk.accounts.auth import Role, add_user

    seed_demo(engine)
    queue = LiveQueue(engine, clock=Clock())
    first, second = _call(engine), _call(engine)
    third = queue.get(_call(engine))
    assert third is not None and queue.ahead_of(third) == 2
    accept(engine, first, add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id)
    assert queue.ahead_of(third) == 1  # an accepted call is no longer ahead
    assert queue.get(second) is not None
