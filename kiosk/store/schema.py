"""Tables. Changes to them go through a new Alembic migration in migrations/versions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back aware: SQLite returns naive ones, and everything is written in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


# Indexes are declared here as well as in the migrations, so that autogenerate (and the test that
# compares both) sees no difference and never proposes dropping one.
ACTIVE_CALL = "status IN ('open', 'accepted')"


class BranchRow(Base):
    """A library location with its own floor (migration 0008): staffed hours, help phone, its own queue.

    Its notification targets are not here: webhook addresses are secrets, kept in the branch targets
    file (KIOSK_BRANCH_TARGETS_FILE), never in the database or its backups.
    """

    __tablename__ = "branches"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # {"weekly": {"mon": [["10:00", "15:00"]]}, "exceptions": {...}}: see kiosk.store.kiosks.StaffedHours
    staffed_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    help_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class KioskRow(Base):
    __tablename__ = "kiosks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")  # where in the branch, e.g. "1. etasje"
    # The kiosk's own hours, overriding its branch's; None: the branch's hours (see kiosk.store.kiosks.StaffedHours).
    staffed_hours: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # SHA-256 of the kiosk's key (kept in the kiosk browser); None: an open kiosk (the demo).
    key_hash: Mapped[str | None] = mapped_column(String(64))
    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"), index=True)


class VisitRow(Base):
    """An anonymous visit: a random id, where and when, the language chosen. Nothing personal."""

    __tablename__ = "visits"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(Text)


class EventRow(Base):
    """One anonymous thing that happened at a kiosk. Only fixed vocabularies, never free text."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_kind_guide", "kind", "guide"),
        # Statistics (migration 0007): both cover every column the statistics read. A long range reads the
        # first in the order it groups by (no sort of a year's rows); a short one seeks its days in the second.
        Index("ix_events_stats", "kind", "guide", "step", "value", "at", "visit_id", "kiosk_id", "language"),
        Index("ix_events_kind_at", "kind", "at", "guide", "step", "value", "visit_id", "kiosk_id", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    visit_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    guide: Mapped[str | None] = mapped_column(String(80))
    step: Mapped[str | None] = mapped_column(String(80))
    value: Mapped[str | None] = mapped_column(String(32))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The sign-in throttle before sign_in_throttle (migration 0005); nothing reads or writes them now.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped on password change or disable: every token signed before stops working.
    token_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Migration 0011: language codes the holder speaks (routing of calls), the staff pages' language
    # (None: the library's default) and a personal ntfy topic on the library's ntfy server.
    spoken_languages: Mapped[list | None] = mapped_column(JSON)
    ui_language: Mapped[str | None] = mapped_column(String(8))
    ntfy_topic: Mapped[str | None] = mapped_column(String(64))
    # Language codes in which this person may mark translations reviewed (a fluent reader).
    review_languages: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class HelpCallRow(Base):
    __tablename__ = "help_calls"
    __table_args__ = (
        Index("ix_help_calls_status_created", "status", "created_at"),
        # One active call per visit: pressing again cannot make a second one, even at the same instant.
        Index(
            "ux_help_calls_active_visit",
            "visit_id",
            unique=True,
            sqlite_where=text(ACTIVE_CALL),
            postgresql_where=text(ACTIVE_CALL),
        ),
        Index("ux_help_calls_visitor_ref", "visitor_ref", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(String(32))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    language: Mapped[str | None] = mapped_column(String(8))
    guide: Mapped[str | None] = mapped_column(String(80))
    step: Mapped[str | None] = mapped_column(String(80))
    # The step's problem ("The code did not arrive") the visitor pressed "Still stuck" on (migration 0012).
    problem: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    category: Mapped[str | None] = mapped_column(String(32))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Migration 0011: a random reference the kiosk's QR carries (never the call id), and the steps staff
    # ticked as where the visitor got stuck, which that printable page marks.
    visitor_ref: Mapped[str | None] = mapped_column(String(32))
    stuck_steps: Mapped[list | None] = mapped_column(JSON)


class HelpCallHistoryRow(Base):
    __tablename__ = "help_call_history"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("help_calls.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str | None] = mapped_column(String(64))


class InquiryRow(Base):
    """One question the service desk answered: from a help call or logged as a walk-in."""

    __tablename__ = "inquiries"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("help_calls.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What came of it (kiosk.floor.calls.Outcome) and, when referred, to which agency (content/inquiries.yaml).
    outcome: Mapped[str | None] = mapped_column(String(32))
    referral: Mapped[str | None] = mapped_column(String(32))
    # The branch whose desk answered it (a walk-in has no kiosk); None only for walk-ins logged before 0008
    # in an installation with several locations.
    branch_id: Mapped[str | None] = mapped_column(String(64), index=True)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    # The target's name: its kind ("slack"), or kind@branch ("slack@toyen") for a branch's own; never its address.
    target: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("help_calls.id"))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxAttemptRow(Base):
    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    ok: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(300))
    duration_ms: Mapped[int] = mapped_column(Integer)


class GuideRevisionRow(Base):
    """One saved version of a guide. (slug, number) is unique: two saves on the same base cannot both land."""

    __tablename__ = "guide_revisions"
    __table_args__ = (UniqueConstraint("slug", "number", name="uq_guide_revisions_slug_number"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(String(300), default="")


# -- sign-in security (migration 0005) ---------------------------------------------------------
# Times here are epoch seconds (floats): "locked_until <= :now" and "now + wait" are plain
# arithmetic in SQL on every backend, so a throttle step is one guarded UPDATE.


class SignInThrottleRow(Base):
    """Failed sign-ins in a row for a typed user name: one row per client address, one for all ('*').

    Keyed by the name as typed, whether or not such an account exists: unknown names throttle alike.
    """

    __tablename__ = "sign_in_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[float] = mapped_column(Float, default=0)
    last_at: Mapped[float] = mapped_column(Float, index=True)


class RevokedTokenRow(Base):
    """A shift token signed out before it expired. Kept only until its expiry, so the table stays small."""

    __tablename__ = "revoked_tokens"

    token_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


# -- statistics (migration 0007) ---------------------------------------------------------------


class EventDayRow(Base):
    """Raw events and visits older than the retention, rolled up: counts per local day and hour, nothing per visit.

    `visits` is the number of different visits in the group that day and hour, so sums match what the
    raw rows gave. kind "visit" (kiosk.store.events.VISITS_KIND) counts visits (by language).
    """

    __tablename__ = "event_days"
    __table_args__ = (Index("ix_event_days_kind_day", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date)
    hour: Mapped[int] = mapped_column(Integer)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    guide: Mapped[str | None] = mapped_column(String(80))
    step: Mapped[str | None] = mapped_column(String(80))
    value: Mapped[str | None] = mapped_column(String(32))
    events: Mapped[int] = mapped_column(Integer)
    visits: Mapped[int] = mapped_column(Integer)


class SearchMissRow(Base):
    """A search that found nothing, as cleaned by kiosk.stats.privacy.clean_search_term (no digits, no
    e-mail addresses, at most 40 characters). Shown only once three different visits used the term."""

    __tablename__ = "search_misses"
    __table_args__ = (Index("ix_search_misses_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    visit_id: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    term: Mapped[str] = mapped_column(String(40))


# -- floor staff (migration 0011) --------------------------------------------------------------


class StaffPresenceRow(Base):
    """Whether a staff member is on the floor or away, and when one of their tablets was last heard from."""

    __tablename__ = "staff_presence"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    heard_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The branch the tablet last looked at (None: all branches): whose kiosks this person answers.
    branch_id: Mapped[str | None] = mapped_column(String(64))


class BookingRow(Base):
    """A visitor's booked time with a helper: anonymous (a short code, never a name or number).

    (branch_id, slot_start, seat) is unique and seats run from 0 to the slot's capacity - 1, so two kiosks
    booking the last place at once cannot both get it. `branch_id`: the branch whose helpers the visitor
    comes back to (migration 0015 renamed it from `location`, which held the same branch id).
    """

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("branch_id", "slot_start", "seat", name="uq_bookings_seat"),
        Index("ix_bookings_slot_start", "slot_start"),
        Index("ix_bookings_kiosk_created", "kiosk_id", "created_at"),
        Index("ix_bookings_visit", "visit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    branch_id: Mapped[str] = mapped_column(String(200))
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime())
    seat: Mapped[int] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8))
    guide: Mapped[str | None] = mapped_column(String(80))
    step: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("help_calls.id"))
    # The visit that booked (migration 0015): a visit books once; None for bookings made before.
    visit_id: Mapped[str | None] = mapped_column(String(32))


# -- notices from the staff (migration 0010) ---------------------------------------------------


class NoticeRow(Base):
    """A short notice staff post for the kiosks ("ID-porten is down until 14:00"), shown until `ends_at`.

    Scope: every kiosk (`branch_id`, `kiosk_id` and `location` empty), the kiosks of one branch, or one kiosk.
    Tied to a guide or a category it is shown on that guide's (that category's guides') first screen too.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_ends_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    text_nb: Mapped[str] = mapped_column(String(200))
    text_en: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str | None] = mapped_column(String(200))  # only notices from before branches (0014)
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    # No foreign key: a notice for a branch that is gone reaches no kiosk, it never becomes "all kiosks".
    branch_id: Mapped[str | None] = mapped_column(String(64))
    guide: Mapped[str | None] = mapped_column(String(80))
    category: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class StuckStepReviewRow(Base):
    """An editor looked at a step where visitors get stuck: presses and calls before then no longer flag it."""

    __tablename__ = "stuck_step_reviews"

    guide: Mapped[str] = mapped_column(String(80), primary_key=True)
    step: Mapped[str] = mapped_column(String(80), primary_key=True)
    looked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    looked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
