"""The live content: reloaded when files change, always serving the last good library."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.loader import load_content
from kiosk.content.models import ContentLibrary
from kiosk.content.problems import Problem, Severity

if TYPE_CHECKING:
    from kiosk.search import SearchIndex


@dataclass(frozen=True)
class ContentSnapshot:
    library: ContentLibrary
    problems: list[Problem]
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @cached_property
    def search(self) -> SearchIndex:
        """Built once per loaded library, on first use."""
        from kiosk.search import SearchIndex  # kiosk.search imports the content models: import late

        return SearchIndex(self.library)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


class ContentSource:
    """Thread-safe holder of the current content of one folder.

    `current()` is cheap: it looks at file times at most every `check_interval` seconds
    and reloads only when something changed.
    """

    def __init__(self, content_dir: Path, check_interval: float = 2.0) -> None:
        self.content_dir = content_dir
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._snapshot: ContentSnapshot | None = None
        self._fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self._checked_at = 0.0

    def current(self) -> ContentSnapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is not None and now - self._checked_at < self.check_interval:
                return self._snapshot
            self._checked_at = now
            fingerprint = self._fingerprint_now()
            if self._snapshot is None or fingerprint != self._fingerprint:
                previous = self._snapshot.library if self._snapshot else None
                library, problems = load_content(self.content_dir, previous)
                self._snapshot = ContentSnapshot(library=library, problems=problems)
                self._fingerprint = fingerprint
            return self._snapshot

    def reload(self) -> ContentSnapshot:
        with self._lock:
            self._checked_at = 0.0
            self._fingerprint = None
        return self.current()

    def _fingerprint_now(self) -> tuple[tuple[str, int, int], ...]:
        entries = []
        for root, _dirs, files in os.walk(self.content_dir):
            for name in files:
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append((path, st.st_mtime_ns, st.st_size))
        return tuple(sorted(entries))
