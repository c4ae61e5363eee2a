"""Which browser sessions may upload files, and how much each may hold on the server.

Streamlit keeps every uploaded file in the server's memory until the browser deletes it or its session
ends, and its upload route accepts a file for any live session under any id. So an upload is admitted
only for a session that a signed-in editor's page has shown an upload widget in (its permit), and only
within that session's budget of files and bytes held (and the process's total). A file's bytes count
from the moment it is admitted until the browser deletes it or the session ends, which bounds the
memory uploads can take to the budgets, whoever sends them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from kiosk.settings import Settings

MB = 1024 * 1024


class UploadRefusal(Enum):
    NOT_PERMITTED = "not_permitted"  # no signed-in editor's upload widget in this session
    TOO_MANY_FILES = "too_many_files"
    TOO_MANY_BYTES = "too_many_bytes"
    SERVER_FULL = "server_full"  # every session's uploads together are at the process's budget


@dataclass(frozen=True)
class UploadBudget:
    session_bytes: int
    session_files: int
    total_bytes: int


@dataclass
class _Session:
    expires: float
    held: dict[str, int] = field(default_factory=dict)  # file id -> bytes admitted (the request's length)


class UploadPermits:
    """Thread-safe: the pages grant and revoke from script threads, the server admits on its event loop."""

    def __init__(self, budget: UploadBudget, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self._clock = clock
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def permit(self, session_id: str, ttl_seconds: float) -> None:
        """The session shows a signed-in editor an upload widget: it may upload for ttl_seconds more."""
        with self._lock:
            session = self._sessions.setdefault(session_id, _Session(expires=0))
            session.expires = self._clock() + ttl_seconds

    def revoke(self, session_id: str) -> None:
        """Signed out: no more uploads (the files already held go with the session)."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                session.expires = 0

    def admit(self, session_id: str, file_id: str, size: int) -> UploadRefusal | None:
        """Reserve `size` bytes for one file, or say why not. A refused upload reserves nothing."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None or session.expires <= self._clock():
                return UploadRefusal.NOT_PERMITTED
            held = {fid: n for fid, n in session.held.items() if fid != file_id}  # the same id again replaces
            if len(held) + 1 > self.budget.session_files:
                return UploadRefusal.TOO_MANY_FILES
            if sum(held.values()) + size > self.budget.session_bytes:
                return UploadRefusal.TOO_MANY_BYTES
            if self._total_held() - session.held.get(file_id, 0) + size > self.budget.total_bytes:
                return UploadRefusal.SERVER_FULL
            session.held[file_id] = size
            return None

    def release(self, session_id: str, file_id: str) -> None:
        """The file is gone (deleted by the browser, or its upload failed)."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                session.held.pop(file_id, None)

    def forget_ended(self, is_active: Callable[[str], bool]) -> None:
        """Sessions that ended took their files with them: their bytes no longer count."""
        with self._lock:
            for session_id in [sid for sid in self._sessions if not is_active(sid)]:
                del self._sessions[session_id]

    def held_bytes(self, session_id: str | None = None) -> int:
        with self._lock:
            if session_id is None:
                return self._total_held()
            session = self._sessions.get(session_id)
            return sum(session.held.values()) if session else 0

    def _total_held(self) -> int:
        return sum(sum(s.held.values()) for s in self._sessions.values())


def budget_of(settings: Settings) -> UploadBudget:
    return UploadBudget(
        session_bytes=settings.upload_session_mb * MB,
        session_files=settings.upload_session_files,
        total_bytes=settings.upload_total_mb * MB,
    )


_PERMITS: UploadPermits | None = None
_PERMITS_LOCK = threading.Lock()


def upload_permits(settings: Settings) -> UploadPermits:
    """The process's one registry (the pages and the server's guard share it), with the settings' budget."""
    global _PERMITS
    with _PERMITS_LOCK:
        if _PERMITS is None:
            _PERMITS = UploadPermits(budget_of(settings))
        return _PERMITS
