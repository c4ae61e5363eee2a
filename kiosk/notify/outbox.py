"""Alerts to the floor staff's other channels (webhook, ntfy, Slack, Teams) through an outbox.

A notification is a database row written in the same transaction as the help call, so a
call is never lost to a target that is down: the dispatcher retries each row with backoff
until it is delivered or expires, recording every attempt. Sending happens in a
background thread, never in the kiosk's or the staff page's request.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import requests
from sqlalchemy import ColumnElement, Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from kiosk.errors import StoreUnavailable
from kiosk.patterns import NTFY_TOPIC_RE
from kiosk.store.schema import OutboxAttemptRow, OutboxRow
from kiosk.store.transient import unavailable_as_store_error

log = logging.getLogger(__name__)


class TargetKind(StrEnum):
    WEBHOOK = "webhook"  # generic JSON
    NTFY = "ntfy"
    SLACK = "slack"
    TEAMS = "teams"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    # Slack and Teams webhook addresses carry their secret in the path: kept out of repr (and so out of logs).
    url: str = field(repr=False)
    token: str | None = field(default=None, repr=False)
    branch: str | None = None  # None: told of every call; else only of calls at this branch

    @property
    def name(self) -> str:
        """What an outbox row names its target by: the kind, or kind@branch. Never the address."""
        return self.kind.value if self.branch is None else f"{self.kind.value}@{self.branch}"


# scheme://[user:password@]host[:port] followed by a path, query or fragment: the host stays, the rest goes.
_URL = re.compile(r"(?P<origin>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^\s/'\"@]*@)?(?P<host>[^\s/?#'\"]*)\S*")
# urllib3's "Max retries exceeded with url: /services/T000/B000/XXXX (Caused by ...)"
_URL_PATH = re.compile(r"(?P<lead>\burl: )/\S*")


def describe_failure(exc: BaseException, target: Target) -> str:
    """What went wrong, for the attempt row and the log, without the target's secret.

    requests and urllib3 put the request's URL into their messages, and a Slack or Teams
    webhook's path is its credential; so is a token. Only the exception type and the message
    with every URL path and query removed are kept.
    """
    message = str(exc)
    parts = urlsplit(target.url)
    path_and_query = f"{parts.path}?{parts.query}" if parts.query else parts.path
    secrets = [target.url, path_and_query, parts.path, parts.query, target.token or ""]
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) > 1:  # "/" alone is no secret, and replacing it would garble the message
            message = message.replace(secret, "…")
    message = _URL.sub(lambda m: f"{m['origin']}{m['host']}/…", message)
    message = _URL_PATH.sub(lambda m: f"{m['lead']}/…", message)
    return f"{type(exc).__name__}: {message}"[:300]


def message_text(event: str, payload: dict[str, Any]) -> str:
    """One line a person reads on a phone lock screen."""
    head = "Help call waiting – not yet answered" if event == "escalated" else "Help call"
    where = payload.get("kiosk_name") or payload.get("kiosk_id")
    place = " · ".join(str(payload[key]) for key in ("branch_name", "location") if payload.get(key))
    if place:
        where = f"{where} ({place})"
    parts = [f"{head}: {where}"]
    speakers = payload.get("speakers") or []
    if speakers and payload.get("language"):
        # Those who speak the visitor's language are named first: the one who should look up.
        parts.insert(0, f"{', '.join(map(str, speakers))} – speaks {payload['language']}")
    if payload.get("language"):
        parts.append(f"language {payload['language']}")
    if payload.get("guide"):
        step = f", step {payload['step']}" if payload.get("step") else ""
        parts.append(f"guide {payload['guide']}{step}")
    # The card's own words (kiosk/floor/cards.py): what went wrong, and at a secret step to look away.
    parts += [f"«{payload['problem_symptom']}»"] if payload.get("problem_symptom") else []
    parts += [str(payload["secret_advice"])] if payload.get("secret_advice") else []
    return " · ".join(parts)


def render_request(target: Target, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for requests.post for one target's format."""
    text = message_text(event, payload)
    headers: dict[str, str] = {}
    if target.token:
        headers["Authorization"] = f"Bearer {target.token}"
    if target.kind is TargetKind.NTFY:
        headers |= {
            "Title": "Library help kiosk",
            "Priority": "urgent" if event == "escalated" else "high",
            "Tags": "sos",
        }
        return {"data": text.encode("utf-8"), "headers": headers}
    if target.kind in (TargetKind.SLACK, TargetKind.TEAMS):
        return {"json": {"text": text}, "headers": headers}
    return {"json": {"event": event, "text": text, **payload}, "headers": headers}


def topic_url(target: Target, payload: dict[str, Any]) -> str:
    """Where a row goes: the target's address, or for a personal ntfy row that topic on the same server."""
    topic = payload.get("ntfy_topic")
    if target.kind is not TargetKind.NTFY or not isinstance(topic, str) or not NTFY_TOPIC_RE.fullmatch(topic):
        return target.url
    parts = urlsplit(target.url)
    return f"{parts.scheme}://{parts.netloc}/{topic}"


@dataclass(frozen=True)
class _Claimed:
    """An outbox row this dispatcher holds the lease on."""

    id: int
    target: str
    event: str
    payload: dict[str, Any]
    attempts: int
    expires_at: datetime


class Outbox:
    def __init__(
        self,
        engine: Engine,
        targets: list[Target],
        timeout_seconds: float = 5.0,
        expire_after: timedelta = timedelta(hours=12),
        max_backoff_seconds: float = 300.0,
        claim_seconds: float = 60.0,
        notes: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ) -> None:
        """`notes`: what else staff need to read of a call (the stuck step's symptom, the secret-step
        advice), from the call's summary; the runtime gives call_cards.notification_notes with its content."""
        if len({target.name for target in targets}) != len(targets):
            raise ValueError("one target per kind (per branch): rows name their target by kind and branch")
        self.engine = engine
        self.targets = targets
        self.timeout_seconds = timeout_seconds
        self.expire_after = expire_after
        self.max_backoff_seconds = max_backoff_seconds
        # The lease must outlast an attempt (connect and read timeouts each up to timeout_seconds),
        # or another dispatcher could claim a row that is still being sent.
        self.claim_seconds = max(claim_seconds, 2 * timeout_seconds + 5)
        self.notes = notes
        self._local = threading.local()

    def _http(self) -> requests.Session:
        """This thread's HTTP session: a requests.Session is not meant to be shared between threads."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def targets_for(self, branch_id: str | None) -> list[Target]:
        """Who hears of a call at this branch: every global target and the branch's own."""
        return [target for target in self.targets if target.branch is None or target.branch == branch_id]

    def enqueue_call(
        self,
        session: Session,
        event: str,
        call_id: int,
        payload: dict[str, Any],
        branch_id: str | None = None,
        personal_topics: Sequence[str] = (),
    ) -> None:
        """Add one row per target of the call's branch inside the caller's transaction, and one per personal
        ntfy topic, on the ntfy server of the branch (or the library's) when one is configured."""
        now = datetime.now(UTC)
        if self.notes is not None:
            payload = payload | self.notes(payload)
        targets = self.targets_for(branch_id)
        rows = [(target.name, payload) for target in targets]
        ntfy = sorted((t for t in targets if t.kind is TargetKind.NTFY), key=lambda t: t.branch is None)
        if ntfy:
            rows += [(ntfy[0].name, payload | {"ntfy_topic": topic}) for topic in dict.fromkeys(personal_topics)]
        for target_name, row_payload in rows:
            session.add(
                OutboxRow(
                    target=target_name,
                    kind=event,
                    call_id=call_id,
                    payload=row_payload,
                    status=OutboxStatus.PENDING,
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                    expires_at=now + self.expire_after,
                )
            )

    def backoff(self, attempts: int) -> float:
        return float(min(self.max_backoff_seconds, 2 ** max(0, attempts - 1)))

    def deliver_due(self, limit: int = 20, target: str | None = None) -> int:
        """Send what is due now, all targets' rows or only those of the target of this name. Returns how many rows were tried."""
        return self._deliver_where(limit, None if target is None else OutboxRow.target == target)

    def deliver_unconfigured(self, limit: int = 20) -> int:
        """Rows for a target no longer configured (settings changed): each fails without a request until it expires."""
        return self._deliver_where(limit, OutboxRow.target.not_in([target.name for target in self.targets]))

    def _deliver_where(self, limit: int, condition: ColumnElement[bool] | None) -> int:
        tried: list[int] = []
        # One row claimed right before it is sent: its lease starts with its own attempt, so a
        # slow earlier row cannot use up the lease and let another dispatcher send it again.
        while len(tried) < limit:
            # At most one attempt per row and pass, even when a short backoff is over before the pass is.
            not_tried = OutboxRow.id.not_in(tried)
            claimed = self._claim_one(not_tried if condition is None else and_(condition, not_tried))
            if claimed is None:
                break
            self._deliver(claimed)
            tried.append(claimed.id)
        return len(tried)

    def _claim_one(self, condition: ColumnElement[bool] | None) -> _Claimed | None:
        now = datetime.now(UTC)
        due = [
            OutboxRow.status == OutboxStatus.PENDING,
            OutboxRow.next_attempt_at <= now,
            or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
        ]
        if condition is not None:
            due.append(condition)
        # PostgreSQL skips rows another replica is claiming; the claim itself is one UPDATE whose
        # WHERE is checked again when the row is written (SQLite takes its write lock first), so
        # of two dispatchers racing for a row exactly one gets it back from RETURNING.
        oldest_due = (
            select(OutboxRow.id)
            .where(*due)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        claim = (
            update(OutboxRow)
            .where(OutboxRow.id == oldest_due, *due)
            .values(claimed_until=now + timedelta(seconds=self.claim_seconds))
            .returning(
                OutboxRow.id, OutboxRow.target, OutboxRow.kind, OutboxRow.payload, OutboxRow.attempts, OutboxRow.expires_at
            )
            .execution_options(synchronize_session=False)
        )
        with unavailable_as_store_error(), Session(self.engine) as session, session.begin():
            row = session.execute(claim).first()
        if row is None:
            return None
        return _Claimed(row.id, row.target, row.kind, dict(row.payload), row.attempts, row.expires_at)

    def _deliver(self, claimed: _Claimed) -> None:
        row_id, kind = claimed.id, claimed.target
        target = next((t for t in self.targets if t.name == kind), None)
        started = time.monotonic()
        ok, status_code, error = False, None, None
        if target is None:
            error = "target no longer configured"
        else:
            try:
                response = self._http().post(
                    topic_url(target, claimed.payload),
                    timeout=self.timeout_seconds,
                    **render_request(target, claimed.event, claimed.payload),
                )
                status_code = response.status_code
                ok = 200 <= response.status_code < 300
                if not ok:
                    error = f"HTTP {response.status_code}"
            except Exception as exc:  # noqa: BLE001 - whatever failed is one failed attempt; anything else would escape with the URL
                error = describe_failure(exc, target)
        duration_ms = int((time.monotonic() - started) * 1000)
        now = datetime.now(UTC)
        attempts = claimed.attempts + 1
        with unavailable_as_store_error(), Session(self.engine) as session, session.begin():
            session.add(
                OutboxAttemptRow(outbox_id=row_id, at=now, ok=ok, status_code=status_code, error=error, duration_ms=duration_ms)
            )
            values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "claimed_until": None}
            if ok:
                values |= {"status": OutboxStatus.DELIVERED, "delivered_at": now}
            elif now >= claimed.expires_at:
                values |= {"status": OutboxStatus.EXPIRED}
                log.error("notification %s to %s expired after %s attempts: %s", row_id, kind, attempts, error)
            else:
                values |= {"next_attempt_at": now + timedelta(seconds=self.backoff(attempts))}
                log.warning("notification %s to %s failed (attempt %s): %s", row_id, kind, attempts, error)
            # A row another dispatcher finished meanwhile (its lease ran out during our send) stays finished.
            session.execute(
                update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.status == OutboxStatus.PENDING).values(**values)
            )


class Dispatcher:
    """Background threads until stopped: one per target delivering its rows, one for periodic jobs (escalation).

    Each target (a branch's own ones too) has its own thread and claims only its own rows, so a target
    that hangs until its timeout delays nothing but itself: the other targets' and branches'
    notifications and the escalation job go on.
    """

    def __init__(self, outbox: Outbox, periodic: list[tuple[float, Any]] | None = None, interval: float = 0.5) -> None:
        self.outbox = outbox
        # Every job runs at start, then every `every` seconds (monotonic time starts at boot, not at 0 here).
        self.periodic = [(every, job, [float("-inf")]) for every, job in (periodic or [])]
        self.interval = interval
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name="kiosk-dispatcher", daemon=True)]
        self._threads += [
            threading.Thread(target=self._deliver_loop, args=(name,), name=f"kiosk-notify-{name}", daemon=True)
            for name in dict.fromkeys(target.name for target in outbox.targets)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        deadline = time.monotonic() + 10
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def _deliver_loop(self, kind: str) -> None:
        while not self._stop.is_set():
            tried = 0
            try:
                # One row per call: stop() waits for at most the attempt under way.
                tried = self.outbox.deliver_due(limit=1, target=kind)
            except StoreUnavailable as exc:
                log.warning("dispatcher (%s): database unavailable, trying again: %s", kind, exc)
            except Exception:
                log.exception("dispatcher (%s): unexpected error, going on", kind)
            if not tried:
                self._stop.wait(self.interval)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.outbox.deliver_unconfigured()
                now = time.monotonic()
                for every, job, last in self.periodic:
                    if now - last[0] >= every:
                        last[0] = now
                        job()
            except StoreUnavailable as exc:
                log.warning("dispatcher: database unavailable, trying again: %s", exc)
            except Exception:
                log.exception("dispatcher: unexpected error, going on")
            self._stop.wait(self.interval)
