"""Who may see the statistics, outcomes recorded on "Done", and the purge run by the dispatcher and the CLI."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role
from kiosk.cli import main
from kiosk.floor.calls import accept, finish, request_help
from kiosk.floor.inquiries import Outcome
from kiosk.runtime import build_runtime
from kiosk.store.schema import EventDayRow, EventRow, InquiryRow
from kiosk.visit.journey import new_visit_id
from tests.stats_fixtures import choose_period, seed_history
from tests.test_pages import signed_in, texts


@pytest.mark.parametrize(("role", "allowed"), [(Role.LEAD, True), (Role.ADMIN, True), (Role.STAFF, False), (Role.EDITOR, False)])
def test_only_leads_and_admins_open_the_statistics(engine: Engine, role: Role, allowed: bool) -> None:
    seed_history(engine)
    at = signed_in(engine, role, "app_pages/stats.py")
    assert not at.exception
    body = texts(at)
    assert ("Du har ikke tilgang til denne siden" in body) is not allowed
    assert ("Henvendelser etter tema og kanal" in body) is allowed


def test_a_lead_picks_a_period_and_sees_its_figures(engine: Engine) -> None:
    seed_history(engine)
    at = signed_in(engine, Role.LEAD, "app_pages/stats.py")
    choose_period(at, date(2026, 1, 1), date(2026, 1, 31))
    assert not at.exception
    shown = [table.value for table in at.table]
    weekly = next(frame for frame in shown if "Uke som starter" in frame.columns)
    assert weekly.values.tolist() == [["2026-01-12", "<5"]]
    assert any(link.label == "Statistikk" for link in at.sidebar.get("page_link"))


def test_done_records_outcome_and_the_agency_only_when_referred(engine: Engine) -> None:
    seed_history(engine)
    with Session(engine) as s:
        kari = s.scalar(select(func.min(InquiryRow.user_id)))
    first = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None)
    accept(engine, first.id, kari)
    finish(engine, first.id, kari, "tax", Outcome.REFERRED, "skatteetaten")
    second = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None)
    finish(engine, second.id, kari, "other", Outcome.SOLVED, "nav")
    with Session(engine) as s:
        rows = {r.call_id: (r.category, r.outcome, r.referral) for r in s.scalars(select(InquiryRow))}
    assert rows[first.id] == ("tax", "referred", "skatteetaten")
    assert rows[second.id] == ("other", "solved", None)


def test_staff_choose_outcome_and_agency_on_the_card(engine: Engine) -> None:
    seed_history(engine)
    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide="tax-return", step=None)
    staff = signed_in(engine, Role.STAFF)
    staff.button(key=f"accept-{call.id}").click().run()
    assert staff.selectbox(key=f"category-{call.id}").value == "tax"  # suggested from the guide's category
    staff.selectbox(key=f"outcome-{call.id}").set_value(Outcome.REFERRED).run()
    staff.selectbox(key=f"referral-{call.id}").set_value("skatteetaten").run()
    staff.button(key=f"done-{call.id}").click().run()
    assert not staff.exception
    with Session(engine) as s:
        inquiry = s.scalars(select(InquiryRow).where(InquiryRow.call_id == call.id)).one()
    assert (inquiry.category, inquiry.outcome, inquiry.referral) == ("tax", "referred", "skatteetaten")


def _old_event(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        s.add(
            EventRow(
                at=datetime.now(UTC) - timedelta(days=800),
                kiosk_id="demo",
                visit_id="a" * 32,
                kind="guide_opened",
                language="nb",
                guide="tax-return",
            )
        )


def test_the_dispatcher_rolls_up_old_events(engine: Engine, settings) -> None:  # type: ignore[no-untyped-def]
    _old_event(engine)
    runtime = build_runtime(settings, start_dispatcher=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with Session(engine) as s:
                if s.scalar(select(func.count()).select_from(EventRow)) == 0:
                    break
            time.sleep(0.1)
        with Session(engine) as s:
            assert s.scalar(select(func.count()).select_from(EventRow)) == 0
            assert s.scalar(select(func.sum(EventDayRow.events)).where(EventDayRow.kind == "guide_opened")) == 1
    finally:
        runtime.close()


def test_stats_purge_command(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    _old_event(engine)
    assert main(["stats", "purge"]) == 0
    assert "1 events and 0 visits rolled up" in capsys.readouterr().out
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(EventRow)) == 0


def _place_of(block, key: str) -> list[int] | None:  # type: ignore[no-untyped-def]
    """The path of the widget with this key in the page's element tree (what the browser matches elements by)."""
    for index, child in getattr(block, "children", {}).items():
        if getattr(child, "key", None) == key:
            return [index]
        inner = _place_of(child, key)
        if inner is not None:
            return [index, *inner]
    return None


def test_the_filters_keep_their_place_after_the_run_that_writes_the_sign_in_cookie(engine: Engine) -> None:
    """The run after signing in writes the cookie; the page below it must not move up a place on the next run, or
    the browser shows the filters twice (the old ones faded) until the next run ends: a slow one on a busy server."""
    seed_history(engine)
    at = signed_in(engine, Role.LEAD, "app_pages/stats.py")
    first = _place_of(at.main, "stats-branch")
    at.selectbox(key="stats-branch").select_index(1).run()
    assert not at.exception
    assert first is not None and _place_of(at.main, "stats-branch") == first
