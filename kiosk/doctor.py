"""`python -m kiosk doctor`: is this installation fit to serve? One line per check, for a cron job or a health check.

An error means visitors or staff would notice (no database, broken content, no signing key); a warning
is worth a look (no offline voice, no notification target, demo accounts left in place).
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from kiosk.accounts.auth import list_users
from kiosk.accounts.demo import DEMO_USERNAMES
from kiosk.audio.read_aloud import all_readings
from kiosk.content.loader import load_content
from kiosk.content.models import ContentLibrary
from kiosk.content.problems import Severity
from kiosk.notify.branch_targets import BranchTargetsProblem, read_branch_targets
from kiosk.settings import MIN_SECRET_BYTES, Settings
from kiosk.store import make_engine
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import list_kiosks
from kiosk.store.migrate import current_revision, head_revision

GTTS_TIMEOUT_SECONDS = 3.0
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    check: str
    level: Level
    message: str

    def line(self) -> str:
        return f"{self.level.value.upper():<5} {self.check}: {self.message}"


def check_database(engine: Engine) -> Finding:
    try:
        current = current_revision(engine)
    except (SQLAlchemyError, OSError) as exc:  # any failure to connect is the finding itself
        return Finding("database", Level.ERROR, f"not reachable: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    head = head_revision()
    if current != head:
        needs = f"at migration {current or 'none'}, this version needs {head}: run python -m kiosk setup"
        return Finding("database", Level.ERROR, needs)
    return Finding("database", Level.OK, f"{engine.url.get_backend_name()} reachable, at migration {head}")


def check_content(settings: Settings) -> tuple[Finding, ContentLibrary]:
    library, problems = load_content(settings.content_dir)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    summary = f"{len(library.guides)} guides in {settings.content_dir}, {errors} errors, {warnings} warnings"
    if not library.guides or errors:
        return Finding("content", Level.ERROR, summary + " (python -m kiosk content check lists them)"), library
    return Finding("content", Level.WARN if warnings else Level.OK, summary), library


def check_espeak(which: Callable[[str], str | None] = shutil.which) -> Finding:
    if which("espeak-ng"):
        return Finding("espeak-ng", Level.OK, "installed: read aloud works without the network")
    missing = "not installed: without the network nothing is read aloud (apt-get install espeak-ng)"
    return Finding("espeak-ng", Level.WARN, missing)


def check_audio_cache(settings: Settings, library: ContentLibrary) -> Iterator[Finding]:
    """Per spoken language: how many of its clips are cached already (`audio build` makes the rest)."""
    from kiosk.runtime import build_speaker

    speaker = build_speaker(settings)
    totals: dict[str, list[int]] = {}
    for reading in all_readings(library, settings.default_language, speaker.can_speak):
        counts = totals.setdefault(reading.language.code, [0, 0])
        counts[1] += 1
        if speaker.cached(reading.text, reading.language, reading.speed) is not None:
            counts[0] += 1
    for code, (cached, total) in sorted(totals.items()):
        level = Level.OK if cached == total else Level.WARN
        hint = "" if cached == total else " (python -m kiosk audio build)"
        yield Finding(f"audio cache {code}", level, f"{cached} of {total} clips cached{hint}")


def check_gtts(settings: Settings, timeout: float = GTTS_TIMEOUT_SECONDS) -> Finding:
    """Only whether the endpoint answers at all: a failure is a warning, espeak-ng and the cache still speak."""
    host = urlsplit(settings.gtts_endpoint).netloc
    try:
        requests.head(settings.gtts_endpoint, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        return Finding("gTTS", Level.WARN, f"{host} not reachable ({type(exc).__name__}): online voices fall back to espeak-ng")
    return Finding("gTTS", Level.OK, f"{host} reachable")


def check_secret_key(settings: Settings) -> Finding:
    if settings.secret_key:
        return Finding("secret key", Level.OK, "from KIOSK_SECRET_KEY")
    path = settings.data_dir / "secret.key"
    if not path.is_file():
        return Finding("secret key", Level.ERROR, f"no {path}: run python -m kiosk setup")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Finding("secret key", Level.ERROR, f"{path} can be read by others (mode {mode:o}): chmod 600 it")
    if path.stat().st_size < MIN_SECRET_BYTES:
        return Finding("secret key", Level.ERROR, f"{path} is too short: delete it and run python -m kiosk setup")
    return Finding("secret key", Level.OK, f"{path}, mode 600")


def check_notifications(settings: Settings) -> Finding:
    from kiosk.runtime import notification_targets

    targets = [target.name for target in notification_targets(settings)]
    if not targets:
        return Finding("notifications", Level.WARN, "no webhook, ntfy, Slack or Teams target: calls reach the staff page only")
    return Finding("notifications", Level.OK, ", ".join(targets))


def check_branch_targets_file(settings: Settings) -> Finding | None:
    """The branch targets file holds webhook secrets: it must be readable and valid, and private like secret.key."""
    path = settings.branch_targets_file
    if path is None:
        return None
    try:
        targets = read_branch_targets(path)
    except BranchTargetsProblem as exc:
        return Finding("branch targets", Level.ERROR, f"{exc}: those branches get the global targets only")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Finding("branch targets", Level.ERROR, f"{path} can be read by others (mode {mode:o}): chmod 600 it")
    return Finding("branch targets", Level.OK, f"{sum(map(len, targets.values()))} targets for {len(targets)} branches")


def check_branches(engine: Engine, settings: Settings) -> Iterator[Finding]:
    from kiosk.runtime import branch_targets

    branches = list_branches(engine)
    kiosks = list_kiosks(engine)
    known = {branch.id for branch in branches}
    for branch in branches:
        count = sum(kiosk.branch_id == branch.id for kiosk in kiosks)
        if not any(branch.staffed_hours.weekly.values()):
            unstaffed = "no staffed hours: Call for help sends visitors to the counter (python -m kiosk branches add … --hours)"
            yield Finding(f"branch {branch.id}", Level.WARN, f"{count} kiosks, {unstaffed}")
        else:
            phone = branch.help_phone or settings.help_phone or "no help phone"
            yield Finding(f"branch {branch.id}", Level.OK, f"{branch.name}: {count} kiosks, phone {phone}")
    unknown = sorted(set(branch_targets(settings)) - known)
    if unknown:
        yield Finding("branch targets", Level.WARN, f"targets for branches that do not exist: {', '.join(unknown)}")


def check_time_zone(settings: Settings) -> Finding:
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return Finding("time zone", Level.ERROR, f"KIOSK_TIMEZONE={settings.timezone!r} is not a time zone (e.g. Europe/Oslo)")
    return Finding("time zone", Level.OK, settings.timezone)


def check_public_url(settings: Settings) -> Finding:
    if settings.public_url is None:
        return Finding("public URL", Level.OK, "not set: QR codes use the address each kiosk uses")
    host = settings.public_url.host or ""
    if host in LOCAL_HOSTS:
        return Finding("public URL", Level.WARN, f"{settings.public_url} points at this machine: visitors' phones cannot open it")
    if settings.public_url.scheme != "https":
        return Finding("public URL", Level.WARN, f"{settings.public_url} is not https")
    return Finding("public URL", Level.OK, str(settings.public_url))


def check_accounts_and_kiosks(engine: Engine) -> Iterator[Finding]:
    demo = sorted(user.username for user in list_users(engine) if user.username in DEMO_USERNAMES and not user.disabled)
    if demo:
        yield Finding("demo accounts", Level.WARN, f"still enabled: {', '.join(demo)} (python -m kiosk users disable NAME)")
    else:
        yield Finding("demo accounts", Level.OK, "none enabled")
    open_kiosks = sorted(kiosk.id for kiosk in list_kiosks(engine) if not kiosk.has_key)
    if open_kiosks:
        yield Finding(
            "kiosk keys",
            Level.WARN,
            f"open kiosks, any browser can be them: {', '.join(open_kiosks)} (python -m kiosk kiosks add ID --name … --new-key)",
        )
    else:
        yield Finding("kiosk keys", Level.OK, "every kiosk has a key")


def examine(settings: Settings, gtts_timeout: float = GTTS_TIMEOUT_SECONDS) -> list[Finding]:
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        # Opening it would create an empty database: say what is missing instead.
        missing = Finding("database", Level.ERROR, f"no database at {url.database}: run python -m kiosk setup")
        return [missing, *_without_database(settings, gtts_timeout)]
    engine = make_engine(settings.effective_database_url, settings.db_busy_timeout_ms)
    try:
        database = check_database(engine)
        findings = [database, *_without_database(settings, gtts_timeout)]
        if database.level is not Level.ERROR:
            findings += check_accounts_and_kiosks(engine)
            findings += check_branches(engine, settings)
        return findings
    finally:
        engine.dispose()


def _without_database(settings: Settings, gtts_timeout: float) -> list[Finding]:
    content, library = check_content(settings)
    return [
        content,
        check_espeak(),
        *check_audio_cache(settings, library),
        check_gtts(settings, gtts_timeout),
        check_secret_key(settings),
        check_notifications(settings),
        *filter(None, [check_branch_targets_file(settings)]),
        check_time_zone(settings),
        check_public_url(settings),
    ]
