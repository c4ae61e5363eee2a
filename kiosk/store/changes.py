"""Listeners told after a change made in this process, by database: a shared live read (the queue, the
notices, the live watcher) reads again at once instead of at its next interval. Held weakly, so a dropped
reader is forgotten.

On PostgreSQL a change is also announced with NOTIFY on CHANNEL, so the watcher of every other server
process on the same database hears of it at once (kiosk.live.watcher listens).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

CHANNEL = "kiosk_live"
log = logging.getLogger(__name__)


class ChangeListeners:
    def __init__(self) -> None:
        self._by_database: dict[str, list[weakref.WeakMethod[Callable[[], None]]]] = {}

    def add(self, engine: Engine, listener: Callable[[], None]) -> None:
        """`listener` (a bound method) is called after each change on this database (any engine on it)."""
        self._by_database.setdefault(str(engine.url), []).append(weakref.WeakMethod(listener))

    def changed(self, engine: Engine) -> None:
        for reference in self._by_database.get(str(engine.url), []):
            listener = reference()
            if listener is not None:
                listener()
        announce(engine)


def announce(engine: Engine) -> None:
    """Tell the other server processes on this database that live data changed (PostgreSQL only; SQLite's
    other processes see it at their watcher's next look)."""
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})
    except SQLAlchemyError as exc:  # the change itself is saved; other processes see it at their next look
        log.warning("could not announce a change to other server processes: %s", exc)
