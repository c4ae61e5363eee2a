"""Content watching: the operating system says a file changed, one reload follows, off the request path."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kiosk.content.source
from kiosk.content import ContentSource
from kiosk.content.problems import Severity
from kiosk.settings import Settings

GUIDE = "library-wifi"


def _guide(content_dir: Path, slug: str = GUIDE) -> Path:
    return content_dir / "guides" / f"{slug}.yaml"


def _retitle(content_dir: Path, slug: str, title: str) -> None:
    path = _guide(content_dir, slug)
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("  nb: "))
    path.write_text(text.replace(old, f"  nb: {title}", 1), encoding="utf-8")


def _within(seconds: float, condition: Callable[[], bool]) -> float:
    """How long until `condition` held; fails after `seconds`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def watched(content_dir: Path) -> Iterator[ContentSource]:
    # An hour between file-time checks: only the watcher can bring a change in time.
    source = ContentSource(content_dir, check_interval=3600)
    source.start_watching()
    _within(10, lambda: source.watching == "native")
    yield source
    source.stop()


def test_an_edited_guide_is_served_within_a_few_seconds(watched: ContentSource, content_dir: Path) -> None:
    assert watched.current().library.guides[GUIDE].title["nb"] != "Trådløst nett på biblioteket"
    _retitle(content_dir, GUIDE, "Trådløst nett på biblioteket")
    took = _within(5, lambda: watched.current().library.guides[GUIDE].title["nb"] == "Trådløst nett på biblioteket")
    assert took < 5


def test_a_broken_edit_keeps_the_last_good_version(watched: ContentSource, content_dir: Path) -> None:
    good = watched.current().library.guides[GUIDE].title["nb"]
    _guide(content_dir).write_text("title: [broken", encoding="utf-8")
    _within(5, lambda: any(p.guide == GUIDE and p.severity is Severity.ERROR for p in watched.current().problems))
    assert watched.current().library.guides[GUIDE].title["nb"] == good
    _retitle(content_dir, "log-in-with-bankid", "Logg inn med BankID")  # another change: still the last good one
    _within(5, lambda: watched.current().library.guides["log-in-with-bankid"].title["nb"] == "Logg inn med BankID")
    assert watched.current().library.guides[GUIDE].title["nb"] == good


def test_many_files_changed_at_once_give_one_reload(watched: ContentSource, content_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    loads: list[float] = []
    real_load = kiosk.content.source.load_content

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(time.monotonic())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(kiosk.content.source, "load_content", counting)
    slugs = sorted(path.stem for path in (content_dir / "guides").glob("*.yaml"))
    assert len(slugs) >= 20
    for slug in slugs:  # as a pack import or a `git pull` writes them
        _retitle(content_dir, slug, f"Ny tittel {slug}")
    _within(10, lambda: all(g.title["nb"] == f"Ny tittel {s}" for s, g in watched.current().library.guides.items()))
    time.sleep(1.5)  # any late second reload would have happened by now
    assert len(loads) == 1


def test_a_request_never_walks_the_folder_while_watching(watched: ContentSource, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    walks: list[int] = []
    monkeypatch.setattr(watched, "_fingerprint_now", lambda: walks.append(1) or ())
    for _ in range(200):
        watched.current()
    assert walks == []


def test_without_a_watcher_file_times_are_checked_in_the_background_and_the_log_says_so(
    content_dir: Path, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    def refused(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(kiosk.content.source.watchfiles, "watch", refused)
    monkeypatch.setattr(kiosk.content.source, "MIN_POLL_SECONDS", 0.2)
    source = ContentSource(content_dir, check_interval=0.2)

    class SlowHandler(logging.Handler):  # a busy machine: the log line takes a while to be written
        def emit(self, record: logging.LogRecord) -> None:
            time.sleep(0.5)

    slow = SlowHandler()
    logging.getLogger("kiosk.content.source").addHandler(slow)
    with caplog.at_level(logging.WARNING, logger="kiosk.content.source"):
        source.start_watching()
        try:
            _within(5, lambda: source.watching == "polling")
            said = [r.getMessage() for r in caplog.records]
            assert any("content watching is not available" in line and "watch limit" in line for line in said)
            _retitle(content_dir, GUIDE, "Nettet")
            _within(5, lambda: source.current().library.guides[GUIDE].title["nb"] == "Nettet")
        finally:
            source.stop()
            logging.getLogger("kiosk.content.source").removeHandler(slow)
    assert source.watching == "off"


def test_the_watcher_thread_stops_with_the_runtime(settings: Settings) -> None:
    from kiosk.runtime import build_runtime

    def watchers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "content-watch" and t.is_alive()]

    before = len(watchers())
    runtime = build_runtime(settings, start_dispatcher=True)
    try:
        assert len(watchers()) == before + 1
        _within(10, lambda: runtime.content.watching == "native")
    finally:
        runtime.close()
    assert len(watchers()) == before
    assert runtime.content.watching == "off"
    assert build_runtime(settings).content.watching == "off", "the CLI and tests watch nothing unless asked"
