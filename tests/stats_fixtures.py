"""A small usage history with answers known by hand (Europe/Oslo, January: UTC+1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user
from kiosk.stats.searches import record_search
from kiosk.store.kiosks import Kiosk, save_kiosk, seed_demo
from kiosk.store.schema import EventRow, HelpCallRow, InquiryRow, SearchMissRow, VisitRow

GUIDE = "register-as-job-seeker"  # a NAV guide (service_url on nav.no); steps open-page, press-register, log-in, …
STEPS = ["open-page", "press-register", "log-in", "last-job", "education", "health", "finish", "check-done"]


def utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in January 2026 given in local (Oslo) time."""
    return datetime(2026, 1, day, hour, minute, second, tzinfo=UTC) - timedelta(hours=1)


def visit_id(n: int) -> str:
    return f"{n:032x}"


def seed_history(engine: Engine) -> None:
    seed_demo(engine)
    save_kiosk(engine, Kiosk(id="north", display_name="Filial nord", location="Inngangen", branch_id="filial-nord"))
    staff = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    with Session(engine) as s, s.begin():

        def visit(n: int, kiosk: str, language: str, at: datetime) -> None:
            s.add(VisitRow(id=visit_id(n), kiosk_id=kiosk, language=language, started_at=at))

        def event(
            n: int, kiosk: str, language: str, at: datetime, kind: str, step: str | None = None, value: str | None = None
        ) -> None:
            guide = GUIDE if kind != "searched" else None
            s.add(
                EventRow(
                    at=at, kiosk_id=kiosk, visit_id=visit_id(n), kind=kind, language=language, guide=guide, step=step, value=value
                )
            )

        # 1: Monday 12th 10:30, reads the whole guide, finishes, answers "no".
        visit(1, "demo", "nb", utc(12, 10, 30))
        event(1, "demo", "nb", utc(12, 10, 30, 5), "guide_opened")
        for i, step in enumerate(STEPS):
            event(1, "demo", "nb", utc(12, 10, 31 + i), "step_viewed", step)
        event(1, "demo", "nb", utc(12, 10, 45), "guide_finished")
        event(1, "demo", "nb", utc(12, 10, 46), "feedback", value="no")
        # 2: Monday 11:00 in English, stuck at press-register: a call, done, referred to NAV.
        visit(2, "demo", "en", utc(12, 11, 0))
        event(2, "demo", "en", utc(12, 11, 0, 5), "guide_opened")
        event(2, "demo", "en", utc(12, 11, 1), "step_viewed", "open-page")
        event(2, "demo", "en", utc(12, 11, 3), "step_viewed", "press-register")
        call = HelpCallRow(
            visit_id=visit_id(2),
            kiosk_id="demo",
            language="en",
            guide=GUIDE,
            step="press-register",
            status="done",
            created_at=utc(12, 11, 5),
            accepted_at=utc(12, 11, 6),
            accepted_by=staff,
            closed_at=utc(12, 11, 11),
            closed_by=staff,
            category="nav",
        )
        s.add(call)
        s.flush()
        s.add(
            InquiryRow(
                at=utc(12, 11, 11),
                kiosk_id="demo",
                branch_id="hovedbiblioteket",
                category="nav",
                channel="kiosk",
                call_id=call.id,
                user_id=staff,
                outcome="referred",
                referral="nav",
            )
        )
        # 3: Monday 12:00 at the north branch in Arabic: leaves at the first step, its call cancelled.
        visit(3, "north", "ar", utc(12, 12, 0))
        event(3, "north", "ar", utc(12, 12, 0, 5), "guide_opened")
        event(3, "north", "ar", utc(12, 12, 1), "step_viewed", "open-page")
        s.add(
            HelpCallRow(
                visit_id=visit_id(3),
                kiosk_id="north",
                language="ar",
                guide=GUIDE,
                step="open-page",
                status="cancelled",
                created_at=utc(12, 12, 2),
                closed_at=utc(12, 12, 3),
            )
        )
        # 4: Saturday 17th 20:00: Call for help with nobody on the floor.
        visit(4, "demo", "nb", utc(17, 20, 0))
        event(4, "demo", "nb", utc(17, 20, 1), "help_outside_hours", "open-page")
        # A walk-in by phone at the north branch's desk, Tuesday 13th 14:05.
        s.add(
            InquiryRow(at=utc(13, 14, 5), kiosk_id=None, branch_id="filial-nord", category="nav", channel="phone", user_id=staff)
        )
        for n in (5, 6, 7, 8):
            visit(n, "demo", "nb", utc(13, 13, n))
    # Three visits search "pass" (with a number) and find nothing; one searches a rare word.
    for n in (5, 6, 7):
        record_search(engine, "demo", visit_id(n), "nb", "pass 12345678", found=False)
    record_search(engine, "demo", visit_id(5), "nb", "kari@example.no", found=False)
    record_search(engine, "demo", visit_id(8), "nb", "rare word", found=False)
    # record_search stamps "now"; the history is in January.
    with Session(engine) as s, s.begin():
        for row in s.query(SearchMissRow):
            row.at = utc(13, 13, 30)
        for row in s.query(EventRow).filter(EventRow.kind == "searched"):
            row.at = utc(13, 13, 30)


def choose_period(at: AppTest, start: date, end: date) -> AppTest:
    """The statistics period as a lead picks it: each end's month, then its day."""
    for key, day in (("stats-from", start), ("stats-to", end)):
        at.selectbox(key=f"{key}-month").set_value(day.replace(day=1)).run()  # the month's days are offered now
        at.selectbox(key=f"{key}-day").set_value(day).run()
    return at
