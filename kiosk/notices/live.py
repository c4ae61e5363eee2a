"""The staff's notices as every kiosk of one server process sees them, read once per interval.

A hundred kiosks each asking the database every few seconds for the same few rows would be dozens of
queries a second; here they share one read of the notices not yet ended, and one of each kiosk's branch and
location, at most every `max_age` seconds. A notice posted or ended in this process is seen at once, one from another process
within `max_age`. Whether a notice is shown is decided by the time at each look, so an expired notice
vanishes on its minute even between reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from kiosk.errors import StoreUnavailable
from kiosk.notices.board import Notice, current_notices, for_screen, on_change
from kiosk.store.kiosks import list_kiosks


class LiveNotices:
    def __init__(
        self,
        engine: Engine,
        max_age: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.engine = engine
        self.max_age = max_age
        self._clock = clock
        self._now = now
        self._lock = threading.Lock()
        self._notices: list[Notice] = []
        self._places: dict[str, tuple[str, str | None]] = {}  # kiosk id -> (location, branch id)
        self._read_at: float | None = None
        self._places_read_at: float | None = None
        self.reads = 0  # how often the database was asked (the tests count it)
        on_change(engine, self.invalidate)

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = None

    def _current(self) -> list[Notice]:
        with self._lock:
            at = self._clock()
            if self._read_at is None or at - self._read_at >= self.max_age:
                try:
                    self._notices = current_notices(self.engine, self._now())
                except StoreUnavailable:
                    if not self.reads:
                        raise
                    # A busy database: the last read stands (its notices still expire on time).
                self._read_at = at
                self.reads += 1
            return self._notices

    def _kiosk_places(self) -> dict[str, tuple[str, str | None]]:
        """Each kiosk's location and branch, read apart from the notices: the live watcher, which looks at the
        notices after every call and accept, never needs them, and a hundred kiosks' rows are the dear part."""
        with self._lock:
            at = self._clock()
            if self._places_read_at is None or at - self._places_read_at >= self.max_age:
                try:
                    self._places = {kiosk.id: (kiosk.location, kiosk.branch_id) for kiosk in list_kiosks(self.engine)}
                except StoreUnavailable:
                    if self._places_read_at is None:
                        raise
                self._places_read_at = at
            return self._places

    def for_kiosk(
        self, kiosk_id: str, guide_slug: str | None = None, category: str | None = None, home: bool = False
    ) -> list[Notice]:
        """What this kiosk shows on the home screen (`home`) or on a guide's first screen (StoreUnavailable when
        the database is busy and nothing was read yet)."""
        notices = self._current()
        location, branch_id = self._kiosk_places().get(kiosk_id, ("", None))
        return for_screen(notices, kiosk_id, location, branch_id, self._now(), guide_slug, category, home)

    def all_current(self) -> list[Notice]:
        """Every notice not yet ended, showing or about to (the staff page's list)."""
        notices = self._current()
        now = self._now()
        return [notice for notice in notices if notice.ends_at > now]
