"""What a running server holds once: settings, the migrated database, the live content, the outbox."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kiosk.accounts.auth import signing_key
from kiosk.audio.recordings import RecordingStore
from kiosk.audio.speech import CircuitBreaker, EspeakEngine, GttsEngine, Speaker
from kiosk.audio.speech import Engine as VoiceEngine
from kiosk.content.source import SAVED_COPY_FILE, ContentSource
from kiosk.floor.bookings import BookingRules, expire_no_shows
from kiosk.floor.calls import escalate_due, expire_stale
from kiosk.floor.cards import notification_notes
from kiosk.floor.live_queue import LiveQueue
from kiosk.floor.presence import Heartbeats
from kiosk.floor.routing import InterpreterService
from kiosk.live.watcher import LiveWatcher
from kiosk.notices.live import LiveNotices
from kiosk.notify.branch_targets import BranchTargetsProblem, read_branch_targets
from kiosk.notify.outbox import Dispatcher, Outbox, Target, TargetKind
from kiosk.settings import Settings
from kiosk.stats.rollup import purge_expired
from kiosk.store import make_engine, upgrade
from kiosk.store.branches import list_branches

STATS_PURGE_EVERY = 24 * 3600.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    content: ContentSource
    outbox: Outbox
    secret: bytes
    speaker: Speaker
    speech_jobs: ThreadPoolExecutor = field(compare=False)
    queue: LiveQueue = field(compare=False)
    notices: LiveNotices = field(compare=False)
    dispatcher: Dispatcher | None = field(default=None, compare=False)
    heartbeats: Heartbeats | None = field(default=None, compare=False)
    # The live digests of this process's screens (a server process only; None in commands and tests that
    # need no live screens).
    live: LiveWatcher | None = field(default=None, compare=False)

    def local_now(self) -> datetime:
        return datetime.now(ZoneInfo(self.settings.timezone))

    def close(self) -> None:
        """The server's shutdown: the dispatcher, the live watcher and the content watcher stop, their threads
        end, and the database's pooled connections are closed."""
        if self.dispatcher is not None:
            self.dispatcher.stop()
        if self.live is not None:
            self.live.stop()
        self.content.stop()
        self.speech_jobs.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()

    @property
    def booking_rules(self) -> BookingRules:
        return booking_rules(self.settings)

    @property
    def interpreter(self) -> InterpreterService:
        return InterpreterService(self.settings.interpreter_service_name, self.settings.interpreter_service_phone)


def booking_rules(settings: Settings) -> BookingRules:
    return BookingRules(
        slot_minutes=settings.booking_slot_minutes,
        capacity=settings.booking_capacity,
        days_ahead=settings.booking_days_ahead,
        lead_minutes=settings.booking_lead_minutes,
        no_show_after=timedelta(minutes=settings.booking_no_show_minutes),
        per_visit=settings.booking_visit_limit,
        per_kiosk_hour=settings.booking_kiosk_hourly_limit,
    )


def notification_targets(settings: Settings) -> list[Target]:
    """The global targets (told of every call) and each branch's own from the branch targets file.

    A broken branch targets file leaves the global targets working; `doctor` says what is wrong with it.
    """
    return global_targets(settings) + [target for targets in branch_targets(settings).values() for target in targets]


def branch_targets(settings: Settings) -> dict[str, list[Target]]:
    if settings.branch_targets_file is None:
        return {}
    try:
        return read_branch_targets(settings.branch_targets_file)
    except BranchTargetsProblem as exc:
        log.error("branch notification targets not used: %s", exc)
        return {}


def global_targets(settings: Settings) -> list[Target]:
    configured = [
        (TargetKind.WEBHOOK, settings.webhook_url, settings.webhook_token),
        (TargetKind.NTFY, settings.ntfy_url, settings.ntfy_token),
        (TargetKind.SLACK, settings.slack_webhook_url, None),
        (TargetKind.TEAMS, settings.teams_webhook_url, None),
    ]
    return [Target(kind, str(url), token) for kind, url, token in configured if url]


def build_speaker(settings: Settings) -> Speaker:
    engines: list[VoiceEngine] = [GttsEngine(settings.gtts_endpoint, settings.speech_timeout_seconds), EspeakEngine()]
    return Speaker(
        settings.data_dir / "audio",
        engines,
        CircuitBreaker(cool_down=settings.speech_breaker_seconds),
        RecordingStore(settings.data_dir / "recordings"),
    )


def build_runtime(settings: Settings, start_dispatcher: bool = False, watch_content: bool | None = None) -> Runtime:
    """`start_dispatcher`: deliver notifications and run the periodic jobs; `watch_content` (by default the
    same): reload the content when its files change, from a watcher thread. close() stops both."""
    engine = make_engine(settings.effective_database_url, settings.db_busy_timeout_ms)
    upgrade(engine)  # the schema is always at the newest migration before anything is served
    content = ContentSource(settings.content_dir, saved_copy=settings.data_dir / SAVED_COPY_FILE)
    outbox = Outbox(
        engine,
        notification_targets(settings),
        timeout_seconds=settings.notify_timeout_seconds,
        expire_after=timedelta(hours=settings.notify_expire_hours),
        notes=lambda payload: notification_notes(content.current().library, payload),
    )
    secret = signing_key(settings)
    dispatcher = None
    if start_dispatcher:
        dispatcher = Dispatcher(
            outbox,
            periodic=[
                (5.0, lambda: escalate_due(engine, timedelta(seconds=settings.escalate_after_seconds), outbox)),
                (300.0, lambda: expire_stale(engine, timedelta(hours=settings.call_expire_hours))),
                (60.0, lambda: expire_no_shows(engine, booking_rules(settings).no_show_after)),
                # At start and then daily: raw usage events past the retention become daily counts.
                (STATS_PURGE_EVERY, lambda: purge_expired(engine, settings.stats_keep_months, settings.timezone)),
            ],
        )
        dispatcher.start()
    if start_dispatcher if watch_content is None else watch_content:
        content.start_watching()
    queue = LiveQueue(
        engine,
        presence_stale=timedelta(seconds=settings.presence_stale_seconds),
        default_language=settings.default_language,
    )
    notices = LiveNotices(engine)
    live = None
    if start_dispatcher:
        # The server process's screens are told of changes (kiosk.live); one watcher reads for all of them.
        # On PostgreSQL other processes' changes come by NOTIFY: the periodic look is for the clock's changes only.
        every = 5.0 if engine.dialect.name == "postgresql" else 2.0
        live = LiveWatcher(engine, queue, notices, lambda: [branch.id for branch in list_branches(engine)], every=every)
        live.start()
    return Runtime(
        settings,
        engine,
        content,
        outbox,
        secret,
        build_speaker(settings),
        # Read-aloud clips are made off the script thread: the screen never waits for them.
        ThreadPoolExecutor(max_workers=2, thread_name_prefix="read-aloud"),
        queue,
        notices,
        dispatcher,
        Heartbeats(engine, timedelta(seconds=settings.heartbeat_seconds)),
        live,
    )


# One runtime per process and settings, outside Streamlit's caches: any browser session can send
# "clear cache", and a rebuilt runtime would start a second dispatcher and forget the last good content.
_RUNTIMES: dict[str, Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def runtime_for(settings: Settings) -> Runtime:
    """The process's runtime for these settings, built (and its dispatcher started) on first use only."""
    key = settings.model_dump_json()
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(key)
        if runtime is None:
            runtime = _RUNTIMES[key] = build_runtime(settings, start_dispatcher=True)
        return runtime


def close_runtimes() -> None:
    """Every runtime of the process closed and forgotten: the next page builds a fresh one.

    A process that serves one set of settings has one runtime; one that ran pages under many settings
    (AppTest, one data dir per test) would otherwise keep every one's threads polling its database."""
    with _RUNTIMES_LOCK:
        runtimes = list(_RUNTIMES.values())
        _RUNTIMES.clear()
    for runtime in runtimes:
        runtime.close()
