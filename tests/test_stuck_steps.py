"""Steps where visitors get stuck: problem presses and help calls clustering on one step flag it for the editors
until one marks it looked at; on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role, add_user
from kiosk.authoring.stuck_steps import StuckRule, mark_looked_at, stuck_steps
from kiosk.content import load_content
from kiosk.store.kiosks import seed_demo
from kiosk.store.schema import EventRow, HelpCallRow

pytestmark = pytest.mark.both_databases
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
GUIDE = "log-in-with-bankid"


def _press(session: Session, n: int, step: str, at: datetime, guide: str = GUIDE) -> None:
    session.add(
        EventRow(
            at=at, kiosk_id="demo", visit_id=f"{n:032x}", kind="problem_pressed", language="nb", guide=guide, step=step, value="x"
        )
    )


def _call(session: Session, n: int, step: str, at: datetime) -> None:
    session.add(
        HelpCallRow(visit_id=f"{n:032x}", kiosk_id="demo", language="ar", guide=GUIDE, step=step, status="done", created_at=at)
    )


def seed_stuck_at_confirm(engine: Engine) -> None:
    """4 presses and 2 calls at 'confirm' in the last days, 1 press at 'open-app'; old presses don't count."""
    seed_demo(engine)
    with Session(engine) as s, s.begin():
        for n in range(4):
            _press(s, n, "confirm", NOW - timedelta(days=n + 1))
        _call(s, 10, "confirm", NOW - timedelta(days=2))
        _call(s, 11, "confirm", NOW - timedelta(days=3))
        _press(s, 20, "open-app", NOW - timedelta(days=1))
        for n in range(30, 40):  # a month ago: outside the window
            _press(s, n, "type-number", NOW - timedelta(days=30))


def test_presses_and_calls_clustering_on_one_step_flag_it(engine: Engine, content_dir: Path) -> None:
    seed_stuck_at_confirm(engine)
    library, _ = load_content(content_dir)
    [stuck] = stuck_steps(engine, library, NOW, StuckRule(min_presses=5, days=14, ratio=3.0))
    assert (stuck.guide, stuck.step, stuck.number) == (GUIDE, "confirm", 5)
    assert (stuck.presses, stuck.calls) == (4, 2)
    assert stuck.others == pytest.approx(1 / 5), "one press at the other five steps"
    assert stuck_steps(engine, library, NOW, StuckRule(min_presses=7, days=14, ratio=3.0)) == [], "the threshold is a setting"
    old = stuck_steps(engine, library, NOW, StuckRule(min_presses=5, days=60, ratio=3.0))
    # A longer window sees the old presses: type-number is flagged, and confirm's 6 is no longer 3x its guide's rest.
    assert [(s.step, s.total) for s in old] == [("type-number", 10)]


def test_a_step_as_bad_as_the_rest_of_its_guide_is_not_flagged(engine: Engine, content_dir: Path) -> None:
    seed_stuck_at_confirm(engine)
    with Session(engine) as s, s.begin():
        for n, step in enumerate(["press-log-in", "choose-bankid", "type-number", "logged-in", "open-app", "open-app"] * 2):
            _press(s, 50 + n, step, NOW - timedelta(days=1))  # others: 13 in 5 steps, 2.6 each; 6 < 3x
    library, _ = load_content(content_dir)
    assert stuck_steps(engine, library, NOW, StuckRule(min_presses=5, days=14, ratio=3.0)) == []


def test_looked_at_clears_the_flag_until_visitors_get_stuck_there_again(engine: Engine, content_dir: Path) -> None:
    seed_stuck_at_confirm(engine)
    editor = add_user(engine, "rita", "Rita Redaktør", Role.EDITOR, "correct horse battery")
    library, _ = load_content(content_dir)
    rule = StuckRule(min_presses=5, days=14, ratio=3.0)
    mark_looked_at(engine, GUIDE, "confirm", editor.id, NOW)
    assert stuck_steps(engine, library, NOW + timedelta(minutes=1), rule) == []
    mark_looked_at(engine, GUIDE, "confirm", editor.id, NOW)  # twice is no error
    with Session(engine) as s, s.begin():
        for n in range(60, 65):
            _press(s, n, "confirm", NOW + timedelta(hours=n - 59))
    [again] = stuck_steps(engine, library, NOW + timedelta(days=1), rule)
    assert (again.step, again.presses, again.calls, again.since) == ("confirm", 5, 0, NOW)


def test_content_check_reports_the_stuck_step_from_the_configured_database(
    engine: Engine, content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    seed_demo(engine)
    now = datetime.now(UTC)
    with Session(engine) as s, s.begin():
        for n in range(5):
            _press(s, n, "confirm", now - timedelta(days=n))
        _call(s, 10, "confirm", now - timedelta(days=1))
    main(["content", "check"])
    out = capsys.readouterr().out
    assert "stuck         log-in-with-bankid step 5 (confirm): visitors get stuck here, 5 problem presses and 1 help calls" in out
