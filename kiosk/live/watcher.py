"""One thread per server process that keeps the live digests current for every screen of the process.

It looks again when something changed: at once after a change made in this process (a call, an accept,
a notice, a presence switch), at once after a NOTIFY from another process on PostgreSQL, and every
`every` seconds in any case, for what changes by the clock alone (a notice's end, a silent tablet going
stale) and for another process on SQLite. A look is one shared read of the calls, the staff on the floor
and the notices, whatever the number of screens: an idle floor costs a few small queries a second.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Engine

from kiosk.errors import StoreUnavailable
from kiosk.floor import calls, presence
from kiosk.floor.live_queue import LiveQueue
from kiosk.live.digests import NO_CALL, NOTICES, floor_digests, kiosk_digests, notices_digest
from kiosk.live.feed import LiveFeed
from kiosk.notices import board
from kiosk.notices.live import LiveNotices
from kiosk.store.changes import CHANNEL

log = logging.getLogger(__name__)


class LiveWatcher:
    def __init__(
        self,
        engine: Engine,
        queue: LiveQueue,
        notices: LiveNotices,
        branch_ids: Callable[[], Iterable[str]],
        feed: LiveFeed | None = None,
        every: float = 2.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        branches_every: float = 30.0,
    ) -> None:
        self.engine = engine
        self.queue = queue
        self.notices = notices
        self.branch_ids = branch_ids
        self.feed = feed or LiveFeed()
        self.every = every
        self._now = now
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.looks = 0  # how often the data was read (the tests and the benchmark count it)
        self._calling: set[str] = set()  # kiosk channels published with an active call
        # Branches come and go by the command line, rarely: read at most every `branches_every` seconds (a
        # new branch's tablets hear its floor from then; until then its channel has no digest and waits).
        self.branches_every = branches_every
        self._branches: list[str] = []
        self._branches_read_at: float | None = None
        for on_change in (calls.on_change, board.on_change, presence.on_change):
            on_change(engine, self.wake)

    def wake(self) -> None:
        """Something changed in this process: look again now."""
        self._wake.set()

    def look(self) -> set[str]:
        """Read once for every screen and publish; the channels whose digest changed."""
        self.queue.invalidate()
        self.queue.presence_changed()
        self.notices.invalidate()
        try:
            open_calls = self.queue.calls()
            on_shift = self.queue.on_shift()
            shown = self.notices.all_current()
            branches = self._branch_ids()
        except StoreUnavailable:
            log.warning("live look skipped: the database is busy")
            return set()
        self.looks += 1
        digests = floor_digests(open_calls, on_shift, branches)
        digests[NOTICES] = notices_digest(shown, self._now())
        calling = kiosk_digests(open_calls, on_shift)
        digests |= calling | dict.fromkeys(self._calling - calling.keys(), NO_CALL)  # a call that ended
        self._calling = set(calling)
        return self.feed.publish(digests)

    def _branch_ids(self) -> list[str]:
        at = time.monotonic()
        if self._branches_read_at is None or at - self._branches_read_at >= self.branches_every:
            self._branches = list(self.branch_ids())
            self._branches_read_at = at
        return self._branches

    def start(self) -> None:
        self.look()
        self._thread = threading.Thread(target=self._run, name="live-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        listening = self._listen_on_postgres() if self.engine.dialect.name == "postgresql" else None
        try:
            while not self._stop.is_set():
                if listening is not None:
                    listening = self._wait_for_notify(listening)
                else:
                    self._wake.wait(self.every)
                self._wake.clear()
                if self._stop.is_set():
                    break
                try:
                    self.look()
                except Exception:
                    log.exception("live look failed")
        finally:
            if listening is not None:
                listening.close()

    def _listen_on_postgres(self) -> psycopg.Connection[Any] | None:
        """A connection of its own that LISTENs (outside the pool: it waits, it never queries)."""
        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            connection = psycopg.connect(url, autocommit=True, connect_timeout=5)
            connection.execute(f"LISTEN {CHANNEL}")
            return connection
        except psycopg.Error as exc:  # without LISTEN the periodic look still serves
            log.warning("live updates from other processes only every %.0f s: %s", self.every, exc)
            return None

    def _wait_for_notify(self, connection: psycopg.Connection[Any]) -> psycopg.Connection[Any] | None:
        """Wait for a NOTIFY (another process or this one) or a local wake, at most `every` seconds."""
        waited = 0.0
        step = 0.25  # how often a local wake (or a stop) is noticed between NOTIFYs
        try:
            while waited < self.every and not self._wake.is_set():
                if any(True for _ in connection.notifies(timeout=step, stop_after=1)):
                    return connection
                waited += step
            return connection
        except psycopg.Error as exc:  # the server restarted or the line dropped: listen again on a new one
            log.warning("live LISTEN connection lost, listening again: %s", exc)
            connection.close()
            self._stop.wait(self.every)
            return self._listen_on_postgres()
