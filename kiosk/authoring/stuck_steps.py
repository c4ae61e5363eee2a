"""Steps where visitors get stuck, for the editors: when "if it goes wrong" presses and help calls cluster on one
step of a guide (at least `min_presses` in the last `days`, and at least `ratio` times the average of the guide's
other steps), the step is flagged "visitors get stuck here" until an editor marks it looked at. After that only
presses and calls since then count, so a step that still trips people up comes back.

The friction report turned back to the people who can fix the guide."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.content.models import ContentLibrary
from kiosk.store.events import EventKind
from kiosk.store.schema import EventRow, HelpCallRow, StuckStepReviewRow
from kiosk.store.transient import unavailable_as_store_error


@dataclass(frozen=True)
class StuckRule:
    min_presses: int = 5
    days: int = 14
    ratio: float = 3.0


@dataclass(frozen=True)
class StuckStep:
    guide: str
    step: str
    number: int  # the step's number as the visitor sees it (1-based)
    presses: int  # "if it goes wrong" presses at this step
    calls: int  # help calls made from this step
    others: float  # presses and calls per other step of the guide, on average
    since: datetime  # counted from here: the window's start, or when an editor last looked at the step

    @property
    def total(self) -> int:
        return self.presses + self.calls


def _counts(session: Session, cutoff: datetime) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    presses = session.execute(
        select(EventRow.guide, EventRow.step, func.count())
        .where(EventRow.kind == EventKind.PROBLEM_PRESSED.value, EventRow.at >= cutoff)
        .where(EventRow.guide.is_not(None), EventRow.step.is_not(None))
        .group_by(EventRow.guide, EventRow.step)
    ).all()
    calls = session.execute(
        select(HelpCallRow.guide, HelpCallRow.step, func.count())
        .where(HelpCallRow.created_at >= cutoff)
        .where(HelpCallRow.guide.is_not(None), HelpCallRow.step.is_not(None))
        .group_by(HelpCallRow.guide, HelpCallRow.step)
    ).all()
    # Both queries leave out rows without a guide or step; str() tells the type checker so.
    return (
        Counter({(str(g), str(s)): n for g, s, n in presses}),
        Counter({(str(g), str(s)): n for g, s, n in calls}),
    )


def _since_looked(session: Session, guide: str, step: str, after: datetime) -> tuple[int, int]:
    presses = session.scalar(
        select(func.count())
        .select_from(EventRow)
        .where(EventRow.kind == EventKind.PROBLEM_PRESSED.value, EventRow.guide == guide, EventRow.step == step)
        .where(EventRow.at >= after)
    )
    calls = session.scalar(
        select(func.count())
        .select_from(HelpCallRow)
        .where(HelpCallRow.guide == guide, HelpCallRow.step == step, HelpCallRow.created_at >= after)
    )
    return int(presses or 0), int(calls or 0)


def stuck_steps(engine: Engine, library: ContentLibrary, now: datetime, rule: StuckRule) -> list[StuckStep]:
    """The flagged steps of the published guides, most presses and calls first."""
    cutoff = now - timedelta(days=rule.days)
    flagged: list[StuckStep] = []
    with unavailable_as_store_error(), Session(engine) as session:
        presses, calls = _counts(session, cutoff)
        looked = {(r.guide, r.step): r.looked_at for r in session.scalars(select(StuckStepReviewRow))}
        for slug, guide in library.guides.items():
            totals = {step.id: presses[slug, step.id] + calls[slug, step.id] for step in guide.steps}
            for number, step in enumerate(guide.steps, start=1):
                others = [total for ident, total in totals.items() if ident != step.id]
                average = sum(others) / len(others) if others else 0.0
                step_presses, step_calls = presses[slug, step.id], calls[slug, step.id]
                since = cutoff
                seen = looked.get((slug, step.id))
                if seen is not None and seen > cutoff:
                    since = seen
                    step_presses, step_calls = _since_looked(session, slug, step.id, seen)
                total = step_presses + step_calls
                if total >= rule.min_presses and total >= rule.ratio * average:
                    flagged.append(StuckStep(slug, step.id, number, step_presses, step_calls, average, since))
    return sorted(flagged, key=lambda s: (-s.total, s.guide, s.number))


def mark_looked_at(engine: Engine, guide: str, step: str, user_id: int | None, now: datetime) -> None:
    """An editor looked at the step: what visitors did before now no longer flags it."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(StuckStepReviewRow, (guide, step))
        if row is None:
            session.add(StuckStepReviewRow(guide=guide, step=step, looked_at=now, looked_by=user_id))
        else:
            row.looked_at, row.looked_by = now, user_id
