"""Who is on the floor: staff set themselves "on the floor" or "away", and a silent tablet counts as away.

A staff tablet's live queue redraws every second; each redraw may call `Heartbeats.heard`, which writes
at most once per `every` seconds per account (remembered in the process, and guarded in the UPDATE, so
several server processes together still write about once per interval). "On shift" is: not disabled,
presence "on the floor", and heard from within `stale_after`. `on_shift` is one query for all accounts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.store.changes import ChangeListeners
from kiosk.store.schema import BranchRow, StaffPresenceRow, UserRow
from kiosk.store.transient import unavailable_as_store_error


class Presence(StrEnum):
    FLOOR = "floor"
    AWAY = "away"


class OnShift(BaseModel):
    """A staff member on the floor now: who, which languages (codes), where their own alerts go."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    name: str
    languages: tuple[str, ...]
    ntfy_topic: str | None = None
    # The branch their tablet last showed (a tablet on all branches keeps it); None: no tablet has said yet.
    branch_id: str | None = None
    several_branches: bool = False  # the library has more than one floor

    def covers(self, branch_id: str | None) -> bool:
        """On the floor for a kiosk in this branch. Not said where: on the one floor of a library with one
        branch; in a library with several, on none until their tablet says (not on every floor at once)."""
        if branch_id is None or self.branch_id == branch_id:
            return True
        return self.branch_id is None and not self.several_branches


def _now() -> datetime:
    return datetime.now(UTC)


_LISTENERS = ChangeListeners()


def on_change(engine: Engine, listener: Callable[[], None]) -> None:
    """`listener` (a bound method) is called after someone here sets themselves on the floor or away."""
    _LISTENERS.add(engine, listener)


def set_presence(engine: Engine, user_id: int, state: Presence, now: datetime | None = None) -> None:
    """The staff member's own choice; also counts as hearing from their tablet."""
    now = now or _now()
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        changed = session.execute(
            update(StaffPresenceRow).where(StaffPresenceRow.user_id == user_id).values(state=state, changed_at=now, heard_at=now)
        ).rowcount  # type: ignore[attr-defined]
        if not changed:
            session.add(StaffPresenceRow(user_id=user_id, state=state, changed_at=now, heard_at=now))
    _LISTENERS.changed(engine)


def mark_away(session: Session, user_id: int, now: datetime) -> None:
    """Inside the caller's transaction: the person left (signed out, account disabled, password changed),
    so no kiosk promises their help any more. No row: they were never on the floor, nothing to write."""
    session.execute(
        update(StaffPresenceRow)
        .where(StaffPresenceRow.user_id == user_id, StaffPresenceRow.state != Presence.AWAY)
        .values(state=Presence.AWAY, changed_at=now)
    )


def signed_out(engine: Engine, user_id: int, now: datetime | None = None) -> None:
    """Signing out is leaving the floor: the kiosks stop counting on this person at once, not only
    when their tablet has been silent for `stale_after`. Signing in again with the form is arriving
    (`signed_in`); another tablet still open keeps them away until they say they are on the floor."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        mark_away(session, user_id, now or _now())


class Account(Protocol):
    """An account that just signed in (kiosk.accounts.auth.User, whose role says whether it works on the floor)."""

    @property
    def id(self) -> int: ...
    @property
    def works_on_the_floor(self) -> bool: ...


def signed_in(engine: Engine, account: Account, now: datetime | None = None) -> None:
    """A floor staff member who signs in with the form comes to work: on the floor, also after signing out
    (which set them away). A tablet that reopens with its shift cookie is no new arrival and changes nothing."""
    if account.works_on_the_floor:
        set_presence(engine, account.id, Presence.FLOOR, now)


def presence_of(engine: Engine, user_id: int) -> Presence | None:
    with unavailable_as_store_error(), Session(engine) as session:
        state = session.scalar(select(StaffPresenceRow.state).where(StaffPresenceRow.user_id == user_id))
        return Presence(state) if state else None


def placed_at(engine: Engine, user_id: int) -> str | None:
    """The branch a staff member's tablet last said they are at; None: no tablet of theirs has said."""
    with unavailable_as_store_error(), Session(engine) as session:
        return session.scalar(select(StaffPresenceRow.branch_id).where(StaffPresenceRow.user_id == user_id))


def heard_from(engine: Engine, user_id: int, every: timedelta, now: datetime | None = None, branch_id: str | None = None) -> bool:
    """A tablet of this account is alive, showing `branch_id` (None: all branches). Writes only when the last
    heartbeat is older than `every` or the tablet moved to another branch; a first heartbeat puts the account
    on the floor (signing in is coming to work). A tablet looking at all branches keeps the person at the
    branch they last showed: looking at every queue is not standing on every floor. True if written."""
    now = now or _now()
    row = StaffPresenceRow
    placed = False  # the person now counts on another floor: the screens there are told (live updates)
    try:
        with unavailable_as_store_error(), Session(engine) as session, session.begin():
            if branch_id is None:
                stale = row.heard_at <= now - every
                written = session.execute(update(row).where(row.user_id == user_id, stale).values(heard_at=now)).rowcount  # type: ignore[attr-defined]
            else:
                moved = or_(row.branch_id.is_(None), row.branch_id != branch_id)
                move = update(row).where(row.user_id == user_id, moved).values(heard_at=now, branch_id=branch_id)
                placed = bool(session.execute(move).rowcount)  # type: ignore[attr-defined]
                refresh = update(row).where(row.user_id == user_id, row.heard_at <= now - every).values(heard_at=now)
                written = placed or session.execute(refresh).rowcount  # type: ignore[attr-defined]
            if not written:
                if session.get(row, user_id) is not None:
                    return False
                session.add(row(user_id=user_id, state=Presence.FLOOR, changed_at=now, heard_at=now, branch_id=branch_id))
                placed = True
    except IntegrityError:
        return False  # another tablet of the same account wrote the first row at the same instant
    if placed:
        _LISTENERS.changed(engine)
    return True


def on_shift(engine: Engine, stale_after: timedelta, default_language: str, now: datetime | None = None) -> list[OnShift]:
    """Everyone on the floor with a tablet heard from lately, by name. An account that lists no
    languages is taken to speak the library's default language."""
    now = now or _now()
    with unavailable_as_store_error(), Session(engine) as session:
        several = (session.scalar(select(func.count()).select_from(BranchRow)) or 0) > 1
        rows = session.execute(
            select(UserRow.id, UserRow.display_name, UserRow.spoken_languages, UserRow.ntfy_topic, StaffPresenceRow.branch_id)
            .join(StaffPresenceRow, StaffPresenceRow.user_id == UserRow.id)
            .where(
                StaffPresenceRow.state == Presence.FLOOR,
                StaffPresenceRow.heard_at > now - stale_after,
                UserRow.disabled.is_(False),
            )
            .order_by(UserRow.display_name, UserRow.id)
        ).all()
    return [
        OnShift(
            user_id=uid,
            name=name,
            languages=tuple(languages or [default_language]),
            ntfy_topic=topic,
            branch_id=branch,
            several_branches=several,
        )
        for uid, name, languages, topic, branch in rows
    ]


class Heartbeats:
    """Per process: skips the database entirely when this account was written less than `every` ago."""

    def __init__(self, engine: Engine, every: timedelta, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.every = every
        self._clock = clock
        self._last: dict[int, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def heard(self, user_id: int, branch_id: str | None = None) -> None:
        now = self._clock()
        with self._lock:
            last = self._last.get(user_id)
            if last is not None and last[1] == branch_id and now - last[0] < self.every.total_seconds():
                return
            self._last[user_id] = (now, branch_id)
        heard_from(self.engine, user_id, self.every, branch_id=branch_id)

    def forget(self, user_id: int) -> None:
        """After "away" or sign-out: the next heartbeat is not skipped."""
        with self._lock:
            self._last.pop(user_id, None)
