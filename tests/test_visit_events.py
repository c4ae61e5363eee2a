"""Moves through the kiosk produce exactly the anonymous events the statistics need, once each."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from kiosk.store.events import Event, EventKind, events_of_visit, record_event
from kiosk.visit.events import Position, events_for_move
from kiosk.visit.journey import Visit

STEPS = ["a", "b", "c"]


def _move(visit: Visit, change, *args):  # type: ignore[no-untyped-def]
    before = Position.of(visit)
    change(*args)
    return [(e.kind, e.step) for e in events_for_move("demo", before, visit, STEPS)]


def test_a_whole_guide() -> None:
    visit = Visit()
    visit.choose_language("so")
    assert _move(visit, visit.open_guide, "wifi") == [(EventKind.GUIDE_OPENED, None)]
    assert _move(visit, visit.begin_steps) == [(EventKind.STEP_VIEWED, "a")]
    assert _move(visit, visit.next_step, 3) == [(EventKind.STEP_VIEWED, "b")]
    assert _move(visit, visit.next_step, 3) == [(EventKind.STEP_VIEWED, "c")]
    assert _move(visit, visit.next_step, 3) == [(EventKind.GUIDE_FINISHED, None)]
    assert _move(visit, visit.back) == [(EventKind.STEP_VIEWED, "c")]


def test_staying_put_records_nothing() -> None:
    visit = Visit()
    visit.open_guide("wifi")
    visit.begin_steps()
    assert _move(visit, lambda: None) == []


def test_back_to_intro_is_not_a_new_opening() -> None:
    visit = Visit()
    visit.open_guide("wifi")
    visit.begin_steps()
    assert _move(visit, visit.back) == []


def test_events_are_stored_and_carry_no_free_text(engine: Engine) -> None:
    visit = Visit()
    event = Event(kind=EventKind.SEARCHED, kiosk_id="demo", visit_id=visit.id, language="nb", value="no_hits")
    record_event(engine, event)
    assert events_of_visit(engine, visit.id) == [event]
    with pytest.raises(ValidationError):
        Event(kind=EventKind.SEARCHED, kiosk_id="demo", visit_id=visit.id, value="my name is Kari Nordmann")
    with pytest.raises(ValidationError):
        Event(kind=EventKind.GUIDE_OPENED, kiosk_id="demo", visit_id="not-a-visit-id")
