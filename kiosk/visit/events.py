"""Which anonymous events a move through the kiosk's screens produces.

Computed from the visit before and after a move, so a rerun of the same screen (a text
size change, say) never counts a step twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.store.events import Event, EventKind
from kiosk.visit.journey import Screen, Visit


@dataclass(frozen=True)
class Position:
    screen: Screen
    guide: str | None
    step: int

    @classmethod
    def of(cls, visit: Visit) -> Position:
        return cls(visit.screen, visit.guide, visit.step)


def events_for_move(kiosk_id: str, before: Position, visit: Visit, step_ids: list[str]) -> list[Event]:
    after = Position.of(visit)
    if after == before or after.guide is None:
        return []

    def event(kind: EventKind, step: str | None = None) -> Event:
        return Event(kind=kind, kiosk_id=kiosk_id, visit_id=visit.id, language=visit.language, guide=after.guide, step=step)

    events = []
    if after.screen is Screen.INTRO and before.guide != after.guide:
        events.append(event(EventKind.GUIDE_OPENED))
    if after.screen is Screen.STEP and 0 <= after.step < len(step_ids):
        events.append(event(EventKind.STEP_VIEWED, step_ids[after.step]))
    if after.screen is Screen.END and before.screen is Screen.STEP:
        events.append(event(EventKind.GUIDE_FINISHED))
    return events
