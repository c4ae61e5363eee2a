"""The live content: reloaded when files change, always serving the last good library."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from kiosk.content.loader import KEPT_MESSAGE, load_content
from kiosk.content.models import ContentLibrary
from kiosk.content.problems import Problem, Severity
from kiosk.content.search import SearchIndex
from kiosk.files import write_atomically

log = logging.getLogger(__name__)

SAVED_COPY_FILE = "content-last-good.json"  # in the data dir, beside the database
SAVED_COPY_LABEL = "(saved copy of the last good content)"


@dataclass(frozen=True)
class ContentSnapshot:
    library: ContentLibrary
    problems: list[Problem]
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @cached_property
    def search(self) -> SearchIndex:
        """Built once per loaded library, on first use."""

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

    def __init__(self, content_dir: Path, check_interval: float = 2.0, saved_copy: Path | None = None) -> None:
        """`saved_copy`: a file (in the data dir) keeping the last good library across restarts; without it,
        content that broke while the server was down serves nothing of what is broken."""
        self.content_dir = content_dir
        self.check_interval = check_interval
        self.saved_copy = saved_copy
        self._lock = threading.Lock()
        self._snapshot: ContentSnapshot | None = None
        self._fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self._checked_at = 0.0
        self._saved_json: str | None = None

    def current(self) -> ContentSnapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is not None and now - self._checked_at < self.check_interval:
                return self._snapshot
            self._checked_at = now
            fingerprint = self._fingerprint_now()
            if self._snapshot is None or fingerprint != self._fingerprint:
                from_disk = self._snapshot is None
                previous = self._snapshot.library if self._snapshot else self._read_saved_copy()
                library, problems = load_content(self.content_dir, previous)
                if from_disk and any(p.message == KEPT_MESSAGE for p in problems):
                    problems.append(
                        Problem.warning(
                            SAVED_COPY_LABEL,
                            "the server started with broken content: the broken items are served from the copy saved before",
                        )
                    )
                self._snapshot = ContentSnapshot(library=library, problems=problems)
                self._fingerprint = fingerprint
                self._write_saved_copy(library)
            return self._snapshot

    def _read_saved_copy(self) -> ContentLibrary | None:
        if self.saved_copy is None:
            return None
        try:
            text = self.saved_copy.read_text(encoding="utf-8")
            library = ContentLibrary.model_validate_json(text)
        except (OSError, ValueError) as exc:  # none yet, or damaged: start without, as before
            if not isinstance(exc, FileNotFoundError):
                log.warning("the saved copy of the content %s cannot be used: %s", self.saved_copy, exc)
            return None
        self._saved_json = text
        return library

    def _write_saved_copy(self, library: ContentLibrary) -> None:
        """A loaded library holds only good items (a broken one is left out or its last good version kept): saved as is."""
        if self.saved_copy is None:
            return
        text = library.model_dump_json()
        if text == self._saved_json:
            return
        try:
            write_atomically(self.saved_copy, text)  # a crash mid-write leaves the old copy, never half a new one
        except OSError as exc:  # a full or read-only disk must not stop the kiosk serving
            log.warning("cannot save the last good content to %s: %s", self.saved_copy, exc)
            return
        self._saved_json = text

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
