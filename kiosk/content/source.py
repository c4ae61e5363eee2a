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

import watchfiles

from kiosk.content.loader import KEPT_MESSAGE, load_content
from kiosk.content.models import ContentLibrary
from kiosk.content.problems import Problem, Severity
from kiosk.content.search import SearchIndex
from kiosk.files import write_atomically

log = logging.getLogger(__name__)

SAVED_COPY_FILE = "content-last-good.json"  # in the data dir, beside the database
SAVED_COPY_LABEL = "(saved copy of the last good content)"
# Changes are gathered until none came for WATCH_STEP_MS (at most WATCH_DEBOUNCE_MS): a pack import or
# a `git pull` of many files is one reload.
WATCH_STEP_MS = 300
WATCH_DEBOUNCE_MS = 2000
MIN_POLL_SECONDS = 2.0  # the fallback's interval, whatever check_interval a test gives


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


class _ContentFilter(watchfiles.DefaultFilter):
    """Changes worth a reload: not the temporary files write_atomically renames into place."""

    ignore_entity_patterns = (*watchfiles.DefaultFilter.ignore_entity_patterns, r"^\..*\.tmp$")


class ContentSource:
    """Thread-safe holder of the current content of one folder.

    `current()` is cheap. With `start_watching()` (the server) a background thread learns of file
    changes from the operating system (watchfiles: inotify, FSEvents …) and reloads once per batch
    of changes; a request never touches the disk. Without a watcher (tests, the CLI), or when the
    operating system refuses one (inotify limits), file times are compared at most every
    `check_interval` seconds, in the watcher's thread when there is one, else on `current()`.
    Loading happens outside the lock that `current()` takes, so a reload never holds a request up.
    """

    def __init__(self, content_dir: Path, check_interval: float = 2.0, saved_copy: Path | None = None) -> None:
        """`saved_copy`: a file (in the data dir) keeping the last good library across restarts; without it,
        content that broke while the server was down serves nothing of what is broken."""
        self.content_dir = content_dir
        self.check_interval = check_interval
        self.saved_copy = saved_copy
        self._lock = threading.Lock()  # guards the snapshot and the check time: held only to read or swap
        self._load_lock = threading.Lock()  # one load at a time, so each starts from the newest library
        self._snapshot: ContentSnapshot | None = None
        self._fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self._checked_at = 0.0
        self._saved_json: str | None = None
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.watching = "off"  # "off" | "starting" | "native" (the OS tells) | "polling" (file times, in the thread)

    def current(self) -> ContentSnapshot:
        with self._lock:
            snapshot = self._snapshot
            if snapshot is not None and (self._watcher is not None or time.monotonic() - self._checked_at < self.check_interval):
                return snapshot
            self._checked_at = time.monotonic()
        if snapshot is None:
            return self._load()
        return self._load_if_changed()

    def reload(self) -> ContentSnapshot:
        """Read the folder now (after a publish): the kiosk shows the change at once."""
        return self._load()

    def _load_if_changed(self) -> ContentSnapshot:
        fingerprint = self._fingerprint_now()  # the walk holds no lock: requests go on meanwhile
        with self._lock:
            unchanged = self._snapshot is not None and fingerprint == self._fingerprint
            if unchanged:
                assert self._snapshot is not None
                return self._snapshot
        return self._load(fingerprint)

    def _load(self, fingerprint: tuple[tuple[str, int, int], ...] | None = None) -> ContentSnapshot:
        with self._load_lock:
            if fingerprint is None:
                fingerprint = self._fingerprint_now()
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
            snapshot = ContentSnapshot(library=library, problems=problems)
            with self._lock:
                self._snapshot = snapshot
                self._fingerprint = fingerprint
                self._checked_at = time.monotonic()
            self._write_saved_copy(library)
            return snapshot

    # -- watching ---------------------------------------------------------------------------------

    def start_watching(self) -> None:
        """Reload in a background thread whenever files change; stop() ends it. Loads the content first."""
        if self._watcher is not None:
            return
        self.current()
        self._stop.clear()
        self.watching = "starting"
        self._watcher = threading.Thread(target=self._watch, name="content-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        """End the watcher thread (the server's shutdown); current() compares file times again."""
        self._stop.set()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.join(timeout=10)
        self.watching = "off"

    def _watch(self) -> None:
        try:
            changes = watchfiles.watch(
                self.content_dir,
                watch_filter=_ContentFilter(),
                debounce=WATCH_DEBOUNCE_MS,
                step=WATCH_STEP_MS,
                stop_event=self._stop,
                rust_timeout=1000,
                yield_on_timeout=True,  # a first (possibly empty) batch says the watcher has started
                raise_interrupt=False,
            )
            first = True
            for batch in changes:
                if first:
                    first = False
                    self.watching = "native"
                    log.info("content watching: %s, by the operating system's notifications", self.content_dir)
                    self._load_if_changed()  # what changed between the first load and the watcher starting
                if batch:
                    self._reload_logged()
        except (OSError, RuntimeError) as exc:  # inotify limits, a folder gone, the watcher's own error
            if self._stop.is_set():
                return
            log.warning(
                "content watching is not available (%s: %s): checking file times every %g s instead",
                type(exc).__name__,
                exc,
                max(self.check_interval, MIN_POLL_SECONDS),
            )
            self.watching = "polling"  # after the log line: whoever sees "polling" can read why
            self._poll()

    def _poll(self) -> None:
        while not self._stop.wait(max(self.check_interval, MIN_POLL_SECONDS)):
            try:
                self._load_if_changed()
            except OSError as exc:  # the folder unreadable for a moment: keep serving what we have
                log.warning("content check failed: %s", exc)

    def _reload_logged(self) -> None:
        try:
            snapshot = self._load()
        except OSError as exc:
            log.warning("content reload failed: %s", exc)
            return
        log.info("content reloaded: %d guides, %d errors", len(snapshot.library.guides), len(snapshot.errors))

    # -- the saved copy ---------------------------------------------------------------------------

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
