"""Help calls: a visitor who is stuck gets a person.

Life cycle:  open --accept--> accepted --done--> done
               |  <--hand_over--   |
               +--cancel / expire--+--> cancelled / expired
Every change is one guarded UPDATE (`... WHERE status IN (allowed)`), so two staff members
pressing "I'm coming" at once cannot both win, and each change is written to the history.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, CursorResult, Engine, Select, Update, case, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from kiosk.errors import Refused
from kiosk.floor.inquiries import Outcome
from kiosk.floor.routing import speakers_of
from kiosk.notify.outbox import Outbox
from kiosk.store.changes import ChangeListeners
from kiosk.store.kiosk_lock import hold_kiosk_lock
from kiosk.store.kiosks import get_kiosk
from kiosk.store.schema import BookingRow, BranchRow, HelpCallHistoryRow, HelpCallRow, InquiryRow, KioskRow, UserRow
from kiosk.store.transient import unavailable_as_store_error


class Alertee(Protocol):
    """Someone on shift, as the notification needs them (kiosk.floor.presence.OnShift)."""

    @property
    def name(self) -> str: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    @property
    def ntfy_topic(self) -> str | None: ...


class CallStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ACTIVE = (CallStatus.OPEN, CallStatus.ACCEPTED)
VISITOR_REF_BYTES = 16  # 128 random bits: the printable page's reference
_VISITOR_REF = re.compile(r"^[A-Za-z0-9_-]{16,32}$")  # what token_urlsafe makes (22 characters), with room


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    KIOSK = "kiosk"


@dataclass(frozen=True)
class CallLimit:
    """At most `calls` new calls from one kiosk within `per`: a stranger's script cannot flood the floor."""

    calls: int
    per: timedelta


class TooManyCalls(Refused, RuntimeError):
    """The kiosk has called more often than its limit allows; the visitor is sent to the counter instead."""


class NoStaffNow(Refused):
    """Outside the kiosk's staffed hours: no call is made, the kiosk says when staff are next on the floor."""


class InvalidTransition(Refused, ValueError):
    """The call is not in a state that allows this (already accepted by someone else, closed …)."""


class HelpCall(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    visit_id: str
    kiosk_id: str
    kiosk_name: str
    location: str  # where in the branch the kiosk stands
    branch_id: str
    branch_name: str
    language: str | None
    guide: str | None
    step: str | None
    status: CallStatus
    created_at: datetime
    problem: str | None = None  # the id of the step's problem the visitor was stuck on
    accepted_at: datetime | None = None
    accepted_by: int | None = None
    accepted_by_name: str | None = None
    closed_at: datetime | None = None
    category: str | None = None  # an id from content/inquiries.yaml
    escalated_at: datetime | None = None
    visitor_ref: str | None = None  # random; the kiosk's QR carries it, never the call id
    stuck_steps: tuple[str, ...] = ()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def waiting_seconds(self, now: datetime | None = None) -> int:
        return int(((now or datetime.now(UTC)) - self.created_at).total_seconds())


def _now() -> datetime:
    return datetime.now(UTC)


def _select_calls() -> Select[HelpCallRow, str, str, str, str, str | None]:
    accepter = aliased(UserRow)
    return (
        select(HelpCallRow, KioskRow.display_name, KioskRow.location, KioskRow.branch_id, BranchRow.name, accepter.display_name)
        .join(KioskRow, KioskRow.id == HelpCallRow.kiosk_id)
        .join(BranchRow, BranchRow.id == KioskRow.branch_id)
        .outerjoin(accepter, accepter.id == HelpCallRow.accepted_by)
    )


def _to_model(
    row: HelpCallRow, kiosk_name: str, location: str, branch_id: str, branch_name: str, accepted_by_name: str | None
) -> HelpCall:
    return HelpCall(
        id=row.id,
        visit_id=row.visit_id,
        kiosk_id=row.kiosk_id,
        kiosk_name=kiosk_name,
        location=location,
        branch_id=branch_id,
        branch_name=branch_name,
        language=row.language,
        guide=row.guide,
        step=row.step,
        problem=row.problem,
        status=CallStatus(row.status),
        created_at=row.created_at,
        accepted_at=row.accepted_at,
        accepted_by=row.accepted_by,
        accepted_by_name=accepted_by_name,
        closed_at=row.closed_at,
        category=row.category,
        escalated_at=row.escalated_at,
        visitor_ref=row.visitor_ref,
        stuck_steps=tuple(row.stuck_steps or ()),
    )


# Listeners told after every change to a call made in this process, by database (any engine on it):
# the shared live queue re-reads at once instead of at its next interval.
_LISTENERS = ChangeListeners()


def on_change(engine: Engine, listener: Callable[[], None]) -> None:
    """`listener` (a bound method, held weakly) is called after each change to a call on this database."""
    _LISTENERS.add(engine, listener)


def _updated(session: Session, statement: Update) -> CursorResult[Any]:
    # An UPDATE's result is a cursor result (it has rowcount); Session.execute is typed for any statement.
    return cast(CursorResult[Any], session.execute(statement))


def _history(session: Session, call_id: int, action: str, user_id: int | None = None, detail: str | None = None) -> None:
    session.add(HelpCallHistoryRow(call_id=call_id, at=_now(), action=action, user_id=user_id, detail=detail))


def get_call(engine: Engine, call_id: int) -> HelpCall | None:
    with unavailable_as_store_error(), Session(engine) as session:
        found = session.execute(_select_calls().where(HelpCallRow.id == call_id)).first()
        return _to_model(*found) if found else None


def active_call_for_visit(engine: Engine, visit_id: str) -> HelpCall | None:
    with unavailable_as_store_error(), Session(engine) as session:
        found = session.execute(_select_calls().where(HelpCallRow.visit_id == visit_id, HelpCallRow.status.in_(ACTIVE))).first()
        return _to_model(*found) if found else None


def resumable_call(engine: Engine, visit_id: str, kiosk_id: str) -> HelpCall | None:
    """The open call a kiosk's browser may take up again after a restart: that visit's, made at that kiosk."""
    call = active_call_for_visit(engine, visit_id)
    return call if call is not None and call.kiosk_id == kiosk_id else None


def waiting_ahead(call: HelpCall, calls: Iterable[HelpCall]) -> int:
    """How many waiting calls at its branch came before this one (what the kiosk shows as 'ahead of you'):
    another branch's floor has its own staff."""
    return sum(other.status is CallStatus.OPEN and other.id < call.id and other.branch_id == call.branch_id for other in calls)


def open_calls(engine: Engine) -> list[HelpCall]:
    """Calls waiting for or getting help, oldest first."""
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.execute(
            _select_calls().where(HelpCallRow.status.in_(ACTIVE)).order_by(HelpCallRow.created_at, HelpCallRow.id)
        ).all()
        return [_to_model(*row) for row in rows]


def follow_visitor(engine: Engine, call_id: int, guide: str | None, step: str | None) -> bool:
    """The visitor read on while waiting: the call shows the step they have reached. False once closed.

    The problem they were stuck on belongs to its step: it stays while they stay, and goes when they move on."""
    same_step = (HelpCallRow.guide == guide) & (HelpCallRow.step == step)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        result = _updated(
            session,
            update(HelpCallRow)
            .where(HelpCallRow.id == call_id, HelpCallRow.status.in_([s.value for s in ACTIVE]))
            .values(guide=guide, step=step, problem=case((same_step, HelpCallRow.problem), else_=None)),
        )
    _LISTENERS.changed(engine)
    return bool(result.rowcount)


# An estimate needs a few recent calls to mean anything, and old ones say little about today's floor.
ESTIMATE_MIN_CALLS = 3
ESTIMATE_WINDOW = timedelta(hours=3)


def recent_time_to_accept(engine: Engine, branch_id: str, now: datetime | None = None) -> timedelta | None:
    """Median time from press to "I'm coming" at this branch's kiosks lately; None without enough data.

    Per branch: each branch has its own floor and staff, so another branch's pace says nothing here.
    Not the calls a booked visitor's check-in made: accepted at once (the helper is already there), they
    would make the estimate promise far less than a walk-up call waits.
    """
    now = now or _now()
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.execute(
            select(HelpCallRow.created_at, HelpCallRow.accepted_at)
            .join(KioskRow, KioskRow.id == HelpCallRow.kiosk_id)
            .where(
                KioskRow.branch_id == branch_id,
                HelpCallRow.accepted_at.is_not(None),
                HelpCallRow.accepted_at >= now - ESTIMATE_WINDOW,
                ~exists().where(BookingRow.call_id == HelpCallRow.id),
            )
        ).all()
    waits = sorted((accepted - created).total_seconds() for created, accepted in rows if accepted is not None)
    if len(waits) < ESTIMATE_MIN_CALLS:
        return None
    middle = len(waits) // 2
    median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return timedelta(seconds=max(0.0, median))


def estimated_wait_minutes(typical: timedelta | None, waited: timedelta) -> int | None:
    """Whole minutes still to wait, rounded up; None when there is no estimate or the call is past it.

    The kiosk shows this as "about N minutes", never as a promise, and shows nothing rather than
    a number the floor has already broken.
    """
    if typical is None:
        return None
    left = (typical - waited).total_seconds()
    if left <= 0:
        return None
    return max(1, -(-int(left) // 60))


def estimate_changes_in(typical: timedelta | None, waited: timedelta) -> float | None:
    """Seconds until estimated_wait_minutes shows another number (None: it never will by the clock alone)."""
    if typical is None:
        return None
    left = (typical - waited).total_seconds()
    if left <= 0:
        return None
    return (left % 60) or 60.0


def request_help(
    engine: Engine,
    *,
    visit_id: str,
    kiosk_id: str,
    language: str | None,
    guide: str | None,
    step: str | None,
    outbox: Outbox | None = None,
    limit: CallLimit | None = None,
    alert: Sequence[Alertee] = (),
    problem: str | None = None,
) -> HelpCall:
    """Create the visit's help call, or return the one it already has (pressing twice makes one call).

    `alert`: staff on shift, those who speak the visitor's language first; the notification names the
    speakers and goes to their own ntfy topics too.
    """
    existing = active_call_for_visit(engine, visit_id)
    if existing is not None:
        return existing
    try:
        with unavailable_as_store_error(), Session(engine) as session, session.begin():
            if limit is not None:
                hold_kiosk_lock(session, kiosk_id)  # or twenty presses at once all count the same calls
                recent = session.scalar(
                    select(func.count())
                    .select_from(HelpCallRow)
                    .where(HelpCallRow.kiosk_id == kiosk_id, HelpCallRow.created_at >= _now() - limit.per)
                )
                if (recent or 0) >= limit.calls:
                    raise TooManyCalls(f"kiosk {kiosk_id} made {recent} calls in {limit.per}")
            row = HelpCallRow(
                visit_id=visit_id,
                kiosk_id=kiosk_id,
                language=language,
                guide=guide,
                step=step,
                problem=problem,
                status=CallStatus.OPEN,
                created_at=_now(),
                visitor_ref=secrets.token_urlsafe(VISITOR_REF_BYTES),
            )
            session.add(row)
            session.flush()
            _history(session, row.id, "created")
            call_id = row.id
            if outbox is not None:
                kiosk = session.get(KioskRow, kiosk_id)
                speakers = speakers_of(language, alert)
                payload = _summary(session, row, kiosk) | {"speakers": [person.name for person in speakers]}
                topics = [person.ntfy_topic for person in speakers if person.ntfy_topic]
                outbox.enqueue_call(session, "new", call_id, payload, branch_id=_branch_of(kiosk), personal_topics=topics)
    except IntegrityError:
        # The same visit pressed at the same instant in another request: that call wins.
        existing = active_call_for_visit(engine, visit_id)
        if existing is None:
            raise
        return existing
    _LISTENERS.changed(engine)
    call = get_call(engine, call_id)
    assert call is not None
    return call


def call_from_kiosk(
    engine: Engine,
    *,
    visit_id: str,
    kiosk_id: str,
    local_now: datetime,
    language: str | None,
    guide: str | None,
    step: str | None,
    outbox: Outbox | None = None,
    limit: CallLimit | None = None,
    alert: Sequence[Alertee] = (),
    problem: str | None = None,
) -> HelpCall:
    """The kiosk's Call for help: a call within its branch's staffed hours (its own hours if it keeps them,
    by local time), else NoStaffNow.

    Within the hours the call is made even when nobody is on the floor: it waits for the first one back.
    """
    kiosk = get_kiosk(engine, kiosk_id)
    if kiosk is not None and not kiosk.hours.is_staffed(local_now):
        raise NoStaffNow(f"kiosk {kiosk_id} is not staffed at {local_now:%a %H:%M}")
    return request_help(
        engine,
        visit_id=visit_id,
        kiosk_id=kiosk_id,
        language=language,
        guide=guide,
        step=step,
        outbox=outbox,
        limit=limit,
        alert=alert,
        problem=problem,
    )


def _branch_of(kiosk: KioskRow | None) -> str | None:
    return kiosk.branch_id if kiosk else None


def _summary(session: Session, row: HelpCallRow, kiosk: KioskRow | None) -> dict[str, object]:
    branch = session.get(BranchRow, kiosk.branch_id) if kiosk else None
    return {
        "call_id": row.id,
        "kiosk_id": row.kiosk_id,
        "kiosk_name": kiosk.display_name if kiosk else row.kiosk_id,
        "location": kiosk.location if kiosk else "",
        "branch_id": kiosk.branch_id if kiosk else None,
        "branch_name": branch.name if branch else "",
        "language": row.language,
        "guide": row.guide,
        "step": row.step,
        "problem": row.problem,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


# History actions that are not verbs, as a refusal says them.
_VERBS = {"done": "finish"}


def _transition(
    engine: Engine,
    call_id: int,
    action: str,
    allowed: Sequence[CallStatus],
    values: dict[str, object],
    user_id: int | None = None,
    detail: str | None = None,
    extra: Callable[[Session], None] | None = None,
    guard: Sequence[ColumnElement[bool]] = (),
) -> HelpCall:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        result = _updated(
            session,
            update(HelpCallRow)
            .where(HelpCallRow.id == call_id, HelpCallRow.status.in_([s.value for s in allowed]), *guard)
            .values(**values),
        )
        if result.rowcount != 1:
            current = session.scalar(select(HelpCallRow.status).where(HelpCallRow.id == call_id))
            if current is None:
                raise InvalidTransition(f"there is no help call {call_id}")
            raise InvalidTransition(f"cannot {_VERBS.get(action, action.replace('_', ' '))} a call that is {current}")
        _history(session, call_id, action, user_id, detail)
        if extra is not None:
            extra(session)
    _LISTENERS.changed(engine)
    call = get_call(engine, call_id)
    assert call is not None
    return call


def accept(engine: Engine, call_id: int, user_id: int) -> HelpCall:
    """'I'm coming': records who and when. Only one staff member can accept a call."""
    return _transition(
        engine,
        call_id,
        "accept",
        [CallStatus.OPEN],
        {"status": CallStatus.ACCEPTED, "accepted_at": _now(), "accepted_by": user_id},
        user_id,
    )


def hand_over(engine: Engine, call_id: int, user_id: int) -> HelpCall:
    """Give the call back to the queue so a colleague can take it."""
    return _transition(
        engine,
        call_id,
        "hand_over",
        [CallStatus.ACCEPTED],
        {"status": CallStatus.OPEN, "accepted_at": None, "accepted_by": None},
        user_id,
    )


def finish(
    engine: Engine,
    call_id: int,
    user_id: int,
    category: str,
    outcome: Outcome | None = None,
    referral: str | None = None,
    stuck_steps: Sequence[str] = (),
) -> HelpCall:
    """'Done': closes the call and logs the inquiry under its category, with what came of it.

    A referral (an agency id from content/inquiries.yaml) is kept only with the outcome "referred".
    `stuck_steps`: step ids of the call's guide where the visitor got stuck; their printable page marks them.
    """
    stuck = list(dict.fromkeys(str(step)[:80] for step in stuck_steps))[:MAX_STUCK_STEPS]
    call = get_call(engine, call_id)
    referral = referral if outcome is Outcome.REFERRED else None

    def log_inquiry(session: Session) -> None:
        session.add(
            InquiryRow(
                at=_now(),
                kiosk_id=call.kiosk_id if call else None,
                branch_id=call.branch_id if call else None,
                category=category,
                channel=Channel.KIOSK,
                call_id=call_id,
                user_id=user_id,
                outcome=outcome,
                referral=referral,
            )
        )

    return _transition(
        engine,
        call_id,
        "done",
        ACTIVE,
        {
            "status": CallStatus.DONE,
            "closed_at": _now(),
            "closed_by": user_id,
            "category": category,
            "stuck_steps": stuck or None,
        },
        user_id,
        detail=category,
        extra=log_inquiry,
    )


MAX_STUCK_STEPS = 50


@dataclass(frozen=True)
class StuckSteps:
    guide: str
    steps: frozenset[str]


def stuck_steps_for(engine: Engine, visitor_ref: str) -> StuckSteps | None:
    """The steps marked on a closed call, by the random reference the visitor's QR carries; nothing else."""
    if not _VISITOR_REF.match(visitor_ref):  # not one we made: not looked up (PostgreSQL refuses a NUL)
        return None
    with unavailable_as_store_error(), Session(engine) as session:
        found = session.execute(
            select(HelpCallRow.guide, HelpCallRow.stuck_steps).where(
                HelpCallRow.visitor_ref == visitor_ref, HelpCallRow.status == CallStatus.DONE
            )
        ).first()
    if found is None or not found.guide or not found.stuck_steps:
        return None
    return StuckSteps(found.guide, frozenset(found.stuck_steps))


def cancel(engine: Engine, call_id: int, reason: str = "visitor") -> HelpCall:
    """The visitor no longer needs help (Cancel, Start over, or the visit timed out)."""
    return _transition(engine, call_id, "cancel", ACTIVE, {"status": CallStatus.CANCELLED, "closed_at": _now()}, detail=reason)


def expire_stale(engine: Engine, older_than: timedelta) -> int:
    """Close calls nobody closed (e.g. left open at closing time). Returns how many."""
    cutoff = _now() - older_than
    with unavailable_as_store_error(), Session(engine) as session:
        ids = session.scalars(select(HelpCallRow.id).where(HelpCallRow.status.in_(ACTIVE), HelpCallRow.created_at < cutoff)).all()
    expired = 0
    for call_id in ids:
        try:
            _transition(engine, call_id, "expire", ACTIVE, {"status": CallStatus.EXPIRED, "closed_at": _now()})
            expired += 1
        except InvalidTransition:
            continue  # closed meanwhile
    return expired


def escalate_due(engine: Engine, after: timedelta, outbox: Outbox | None = None) -> list[HelpCall]:
    """Mark calls not accepted within `after` as escalated (once) and notify again."""
    cutoff = _now() - after
    with unavailable_as_store_error(), Session(engine) as session:
        ids = session.scalars(
            select(HelpCallRow.id).where(
                HelpCallRow.status == CallStatus.OPEN,
                HelpCallRow.escalated_at.is_(None),
                HelpCallRow.created_at < cutoff,
            )
        ).all()
    escalated = []
    for call_id in ids:

        def notify_again(session: Session, call_id: int = call_id) -> None:
            if outbox is not None:
                row = session.get(HelpCallRow, call_id)
                assert row is not None
                kiosk = session.get(KioskRow, row.kiosk_id)
                outbox.enqueue_call(session, "escalated", call_id, _summary(session, row, kiosk), branch_id=_branch_of(kiosk))

        try:
            # Guarded on escalated_at too: two server processes that both saw the call due escalate it once.
            escalated.append(
                _transition(
                    engine,
                    call_id,
                    "escalate",
                    [CallStatus.OPEN],
                    {"escalated_at": _now()},
                    extra=notify_again,
                    guard=[HelpCallRow.escalated_at.is_(None)],
                )
            )
        except InvalidTransition:
            continue
    return escalated


def log_walk_in(
    engine: Engine,
    category: str,
    channel: Channel,
    user_id: int | None,
    kiosk_id: str | None = None,
    branch_id: str | None = None,
) -> None:
    """A question that did not come through the kiosk's button: two taps for the inquiry log, at the
    branch whose desk answered it (the kiosk's branch when a kiosk is named)."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        if kiosk_id is not None and branch_id is None:
            branch_id = session.scalar(select(KioskRow.branch_id).where(KioskRow.id == kiosk_id))
        session.add(
            InquiryRow(at=_now(), kiosk_id=kiosk_id, branch_id=branch_id, category=category, channel=channel, user_id=user_id)
        )


def history(engine: Engine, call_id: int) -> list[tuple[str, datetime, int | None, str | None]]:
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.scalars(
            select(HelpCallHistoryRow).where(HelpCallHistoryRow.call_id == call_id).order_by(HelpCallHistoryRow.id)
        )
        return [(r.action, r.at, r.user_id, r.detail) for r in rows]
