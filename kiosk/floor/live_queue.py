"""The open help calls as every screen of one server process sees them, read once per interval.

Each staff tablet redraws its queue every second and each waiting kiosk polls its call every two:
forty tablets and a hundred kiosks asking the database separately would be 90 queries a second for
the same rows. Here they share one read at most every `max_age` seconds; a change made in this
process (a press, an accept) is seen at once, one made by another process within `max_age`.
Each tablet looks at one branch (or all): the one read is filtered in memory, never a query per tablet.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from kiosk.floor.calls import CallStatus, HelpCall, on_change, open_calls, recent_time_to_accept, waiting_ahead
from kiosk.floor.presence import OnShift, on_shift
from kiosk.store.kiosks import Kiosk, get_kiosk


class LiveQueue:
    def __init__(
        self,
        engine: Engine,
        max_age: float = 0.5,
        estimate_max_age: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        presence_stale: timedelta = timedelta(seconds=90),
        default_language: str = "nb",
        presence_max_age: float = 2.0,
    ) -> None:
        self.engine = engine
        self.presence_stale = presence_stale
        self.default_language = default_language
        self.presence_max_age = presence_max_age
        self._on_shift: list[OnShift] = []
        self._kiosks: dict[str, tuple[float, Kiosk | None]] = {}
        self._presence_read_at: float | None = None
        self.max_age = max_age
        self.estimate_max_age = estimate_max_age
        self._clock = clock
        self._lock = threading.Lock()
        self._calls: list[HelpCall] = []
        self._read_at: float | None = None
        self._estimates: dict[str, tuple[float, timedelta | None]] = {}
        on_change(engine, self.invalidate)

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = None
            self._estimates.clear()  # an accept here changes the time-to-accept too

    def presence_changed(self) -> None:
        """A staff member here went on the floor or away: read presence again at the next ask."""
        with self._lock:
            self._presence_read_at = None

    def on_shift(self) -> list[OnShift]:
        """Staff on the floor with a tablet heard from lately: one query per interval for every screen."""
        with self._lock:
            now = self._clock()
            if self._presence_read_at is None or now - self._presence_read_at >= self.presence_max_age:
                self._on_shift = on_shift(self.engine, self.presence_stale, self.default_language)
                self._presence_read_at = now
            return self._on_shift

    def kiosk(self, kiosk_id: str, max_age: float = 30.0) -> Kiosk | None:
        """A kiosk's settings (its staffed hours), read at most every `max_age` seconds: every kiosk run asks."""
        now = self._clock()
        with self._lock:
            cached = self._kiosks.get(kiosk_id)
            if cached is not None and now - cached[0] < max_age:
                return cached[1]
        kiosk = get_kiosk(self.engine, kiosk_id)
        with self._lock:
            self._kiosks[kiosk_id] = (now, kiosk)
        return kiosk

    def waiting(self, branch_id: str | None = None) -> int:
        """Calls nobody has said "I'm coming" to yet (at this branch; None: every branch)."""
        return sum(call.status is CallStatus.OPEN for call in self.calls(branch_id))

    def calls(self, branch_id: str | None = None) -> list[HelpCall]:
        """Calls waiting for or getting help at this branch (None: every branch), oldest first
        (StoreUnavailable when the database is busy)."""
        with self._lock:
            now = self._clock()
            if self._read_at is None or now - self._read_at >= self.max_age:
                self._calls = open_calls(self.engine)
                self._read_at = now
            calls = self._calls
        if branch_id is None:
            return calls
        return [call for call in calls if call.branch_id == branch_id]

    def get(self, call_id: int) -> HelpCall | None:
        """The call while it is open or accepted; None once it is closed."""
        return next((call for call in self.calls() if call.id == call_id), None)

    def ahead_of(self, call: HelpCall) -> int:
        """How many waiting calls at its branch came before this one (kiosk.floor.calls.waiting_ahead)."""
        return waiting_ahead(call, self.calls(call.branch_id))

    def typical_wait(self, branch_id: str) -> timedelta | None:
        """help.recent_time_to_accept for the branch, read at most once a minute (it moves slowly)
        or after a change in this process."""
        now = self._clock()
        with self._lock:
            cached = self._estimates.get(branch_id)
            if cached is not None and now - cached[0] < self.estimate_max_age:
                return cached[1]
        typical = recent_time_to_accept(self.engine, branch_id)
        with self._lock:
            self._estimates[branch_id] = (now, typical)
        return typical
