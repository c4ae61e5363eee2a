"""Anonymous usage events for the service lead's statistics.

Every field comes from a fixed vocabulary (event kinds, language codes, guide slugs, step
ids, feedback answers), checked here, so nothing a citizen typed can ever be stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.patterns import LANGUAGE_CODE_RE
from kiosk.store.schema import EventRow
from kiosk.store.transient import unavailable_as_store_error

_CODE = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class EventKind(StrEnum):
    # A visit's start (with its language) and end are rows of the visits table.
    SEARCHED = "searched"  # value: "hits" or "no_hits"; a cleaned no-result term goes to search_misses
    GUIDE_OPENED = "guide_opened"
    STEP_VIEWED = "step_viewed"
    GUIDE_FINISHED = "guide_finished"
    FEEDBACK = "feedback"
    HELP_OUTSIDE_HOURS = "help_outside_hours"  # pressed Call for help when no staff were on the floor
    PROBLEM_PRESSED = "problem_pressed"  # "if it goes wrong" at a step: value is the problem's id from the guide


# event_days' kind for the rolled-up visits (rows of the visits table, counted by language); never an event's kind.
VISITS_KIND = "visit"


class Feedback(StrEnum):
    YES = "yes"
    NO = "no"
    TALK = "talk"  # wants to talk to a person


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: EventKind
    kiosk_id: str = Field(pattern=_CODE, max_length=64)
    visit_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    language: str | None = Field(default=None, pattern=LANGUAGE_CODE_RE.pattern)
    guide: str | None = Field(default=None, pattern=_CODE, max_length=80)
    step: str | None = Field(default=None, pattern=_CODE, max_length=80)
    # A fixed word (feedback answer, "hits") or a problem id from the guide: lowercase, digits, - and _.
    value: str | None = Field(default=None, pattern=r"^[a-z0-9]+([_-][a-z0-9]+)*$", max_length=32)


def record_event(engine: Engine, event: Event) -> None:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.add(EventRow(at=datetime.now(UTC), **event.model_dump(mode="json")))


def events_of_visit(engine: Engine, visit_id: str) -> list[Event]:
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.scalars(select(EventRow).where(EventRow.visit_id == visit_id).order_by(EventRow.id))
        return [
            Event(
                kind=EventKind(r.kind),
                kiosk_id=r.kiosk_id,
                visit_id=r.visit_id,
                language=r.language,
                guide=r.guide,
                step=r.step,
                value=r.value,
            )
            for r in rows
        ]
