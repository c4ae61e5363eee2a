"""Notices from the staff to the kiosks: "ID-porten is down until 14:00", shown until their end time.

Staff write a notice in Norwegian (and, if they like, in English) on the staff page, for every kiosk,
the kiosks at one location or one kiosk, optionally tied to a guide or a category. The text is hostile
input like any other: one line of plain text, at most MAX_NOTICE_LENGTH characters, no markup, and no
character that hides or reorders text. A notice vanishes by itself at its end time; staff may end it early.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from kiosk.content.models import hidden_character
from kiosk.errors import Refused
from kiosk.language.texts import READS_NORWEGIAN
from kiosk.store.changes import ChangeListeners
from kiosk.store.schema import NoticeRow
from kiosk.store.transient import unavailable_as_store_error

MAX_NOTICE_LENGTH = 200  # a line on the home screen, not a letter
MAX_NOTICE_DURATION = timedelta(days=7)  # a notice is about today's trouble; a forgotten one must not stay for months
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|&#?\w+;|\]\(|\*\*|__|`")


class NoticeScope(StrEnum):
    ALL = "all"  # every kiosk
    BRANCH = "branch"  # the kiosks of one branch
    KIOSK = "kiosk"  # one kiosk
    # The kiosks at one free-text location: only notices from before branches that migration 0014 could
    # not turn into a branch's keep it, so they reach the same kiosks as before. Not posted any more.
    LOCATION = "location"


POSTED_SCOPES = (NoticeScope.ALL, NoticeScope.BRANCH, NoticeScope.KIOSK)  # what staff choose from


# Why a notice is refused, with what the message needs; the staff catalogs (content/staff_ui) have
# "notices.refused.<reason>" in each staff language, and the page says it in the reader's.
REFUSAL_PARAMS: dict[str, dict[str, int]] = {
    "empty": {},
    "too_long": {"most": MAX_NOTICE_LENGTH},
    "markup": {},
    "hidden": {},
    "control": {},
    "ends_in_past": {},
    "too_long_lasting": {"days": MAX_NOTICE_DURATION.days},
    "no_branch": {},
    "no_kiosk": {},
    "guide_and_category": {},
}


class NoticeRefused(Refused, ValueError):
    """A notice the kiosks will not show: `key` (and `params`) name the message in the staff catalogs,
    `reason` is the key's last part, `field` the field at fault."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(f"notice refused: {reason} ({field})")  # for the log; people read the catalog's text
        self.reason = reason
        self.field = field
        self.key = f"notices.refused.{reason}"
        self.params = REFUSAL_PARAMS[reason]


def clean_notice_text(value: str | None, field: str, required: bool) -> str | None:
    """The text as the kiosks will show it, or NoticeRefused. Spaces at the ends go, nothing else changes."""
    text = (value or "").strip()
    if not text:
        if required:
            raise NoticeRefused("empty", field)
        return None
    if len(text) > MAX_NOTICE_LENGTH:
        raise NoticeRefused("too_long", field)
    if hidden_character(text):
        raise NoticeRefused("hidden", field)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise NoticeRefused("control", field)
    if _MARKUP.search(text):
        raise NoticeRefused("markup", field)
    return text


@dataclass(frozen=True)
class NoticeDraft:
    """What a staff member posts. `check` gives the notice as it will be stored, or refuses it."""

    text_nb: str
    ends_at: datetime
    text_en: str | None = None
    starts_at: datetime | None = None  # None: now
    scope: NoticeScope = NoticeScope.ALL
    branch_id: str | None = None
    kiosk_id: str | None = None
    guide: str | None = None
    category: str | None = None

    def check(self, now: datetime) -> NoticeDraft:
        text_nb = clean_notice_text(self.text_nb, "text_nb", required=True)
        text_en = clean_notice_text(self.text_en, "text_en", required=False)
        starts = max(self.starts_at or now, now)
        if self.ends_at.tzinfo is None or self.ends_at <= starts:
            raise NoticeRefused("ends_in_past", "ends_at")
        if self.ends_at - starts > MAX_NOTICE_DURATION:
            raise NoticeRefused("too_long_lasting", "ends_at")
        branch_id = (self.branch_id or "").strip() or None
        kiosk_id = (self.kiosk_id or "").strip() or None
        if self.scope not in POSTED_SCOPES or (self.scope is NoticeScope.BRANCH and branch_id is None):
            raise NoticeRefused("no_branch", "branch_id")
        if self.scope is NoticeScope.KIOSK and kiosk_id is None:
            raise NoticeRefused("no_kiosk", "kiosk_id")
        if self.guide and self.category:
            raise NoticeRefused("guide_and_category", "guide")
        return NoticeDraft(
            text_nb=text_nb or "",
            text_en=text_en,
            ends_at=self.ends_at.astimezone(UTC),
            starts_at=starts.astimezone(UTC),
            scope=self.scope,
            branch_id=branch_id if self.scope is NoticeScope.BRANCH else None,
            kiosk_id=kiosk_id if self.scope is NoticeScope.KIOSK else None,
            guide=self.guide or None,
            category=self.category or None,
        )


@dataclass(frozen=True)
class Notice:
    id: int
    text_nb: str
    text_en: str | None
    starts_at: datetime
    ends_at: datetime
    location: str | None  # only on a notice from before branches (NoticeScope.LOCATION)
    kiosk_id: str | None
    guide: str | None
    category: str | None
    branch_id: str | None = None

    @property
    def scope(self) -> NoticeScope:
        if self.kiosk_id:
            return NoticeScope.KIOSK
        if self.branch_id:
            return NoticeScope.BRANCH
        return NoticeScope.LOCATION if self.location else NoticeScope.ALL

    def is_shown_at(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def reaches(self, kiosk_id: str, location: str, branch_id: str | None) -> bool:
        """Whether the kiosk (at `location`, in `branch_id`) is one this notice is for."""
        if self.kiosk_id:
            return self.kiosk_id == kiosk_id
        if self.branch_id:
            return self.branch_id == branch_id
        if self.location:
            return self.location.casefold() == location.strip().casefold()
        return True

    def concerns(self, guide_slug: str | None, category: str | None) -> bool:
        """On a guide's first screen: notices tied to that guide or to its category."""
        return (self.guide is not None and self.guide == guide_slug) or (self.category is not None and self.category == category)


@dataclass(frozen=True)
class NoticeText:
    """One text of a notice as a kiosk shows it, with the language it is written in."""

    text: str
    language: str  # "nb" or "en"


def texts_for(notice: Notice, visitor_language: str) -> list[NoticeText]:
    """Norwegian for every visitor (the words staff wrote), English beside it for those who read neither; an
    English reader gets the English text alone when there is one."""
    if visitor_language == "en" and notice.text_en:
        return [NoticeText(notice.text_en, "en")]
    texts = [NoticeText(notice.text_nb, "nb")]
    if notice.text_en and visitor_language not in READS_NORWEGIAN:
        texts.append(NoticeText(notice.text_en, "en"))
    return texts


def for_screen(
    notices: list[Notice],
    kiosk_id: str,
    location: str,
    branch_id: str | None,
    now: datetime,
    guide_slug: str | None = None,
    category: str | None = None,
    home: bool = False,
) -> list[Notice]:
    """The notices one kiosk shows on one screen: on the home screen all that reach it, on a guide's first screen
    those tied to the guide or its category. Newest first."""
    shown = [
        notice
        for notice in notices
        if notice.is_shown_at(now)
        and notice.reaches(kiosk_id, location, branch_id)
        and (home or notice.concerns(guide_slug, category))
    ]
    return sorted(shown, key=lambda notice: (notice.starts_at, notice.id), reverse=True)


# -- the store ---------------------------------------------------------------------------------

_LISTENERS = ChangeListeners()


def on_change(engine: Engine, listener: Callable[[], None]) -> None:
    """`listener` (a bound method, held weakly) is called after each change to a notice on this database."""
    _LISTENERS.add(engine, listener)


def _to_notice(row: NoticeRow) -> Notice:
    return Notice(
        id=row.id,
        text_nb=row.text_nb,
        text_en=row.text_en,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        location=row.location,
        kiosk_id=row.kiosk_id,
        guide=row.guide,
        category=row.category,
        branch_id=row.branch_id,
    )


def post_notice(engine: Engine, draft: NoticeDraft, by_user: int | None, now: datetime | None = None) -> int:
    """Store a notice (NoticeRefused when it breaks a rule); every kiosk it reaches shows it within seconds."""
    now = now or datetime.now(UTC)
    checked = draft.check(now)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = NoticeRow(
            text_nb=checked.text_nb,
            text_en=checked.text_en,
            starts_at=checked.starts_at or now,
            ends_at=checked.ends_at,
            branch_id=checked.branch_id,
            kiosk_id=checked.kiosk_id,
            guide=checked.guide,
            category=checked.category,
            created_at=now,
            created_by=by_user,
        )
        session.add(row)
        session.flush()
        notice_id = row.id
    _LISTENERS.changed(engine)
    return notice_id


def end_notice(engine: Engine, notice_id: int, by_user: int | None, now: datetime | None = None) -> bool:
    """End a notice now. False when it had already ended (two tablets pressing at once end it once)."""
    now = now or datetime.now(UTC)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        result = session.execute(
            update(NoticeRow)
            .where(NoticeRow.id == notice_id, NoticeRow.ends_at > now)
            .values(ends_at=now, ended_by=by_user)
            .execution_options(synchronize_session=False)
        )
        ended = bool(getattr(result, "rowcount", 0))
    if ended:
        _LISTENERS.changed(engine)
    return ended


def current_notices(engine: Engine, now: datetime | None = None) -> list[Notice]:
    """Notices shown now or later (not yet ended), soonest first."""
    now = now or datetime.now(UTC)
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.scalars(select(NoticeRow).where(NoticeRow.ends_at > now).order_by(NoticeRow.starts_at, NoticeRow.id))
        return [_to_notice(row) for row in rows]
