"""Forty libraries on one server: each branch its own queue, hours, help phone and notification targets."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import (
    CallStatus,
    Channel,
    NoStaffNow,
    accept,
    call_from_kiosk,
    escalate_due,
    log_walk_in,
    open_calls,
    request_help,
)
from kiosk.floor.live_queue import LiveQueue
from kiosk.notify.branch_targets import BranchTargetsProblem, read_branch_targets
from kiosk.notify.outbox import Dispatcher, Outbox, Target, TargetKind
from kiosk.settings import Settings
from kiosk.store import make_engine, upgrade
from kiosk.store.branches import Branch, branch_id_for, get_branch, list_branches, save_branch
from kiosk.store.kiosks import Kiosk, StaffedHours, get_kiosk, list_kiosks, save_kiosk, seed_demo
from kiosk.store.migrate import downgrade
from kiosk.store.schema import InquiryRow, OutboxRow
from kiosk.visit.journey import new_visit_id
from tests.http_receiver import http_receiver

pytestmark = pytest.mark.both_databases  # every test here runs on SQLite and on PostgreSQL

MAIN, NORTH = "hovedbiblioteket", "filial-nord"  # the demo's two branches; kiosks "demo" and "demo-nord"


@pytest.fixture
def floors(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def _press(engine: Engine, kiosk: str, outbox: Outbox | None = None) -> int:
    return request_help(
        engine, visit_id=new_visit_id(), kiosk_id=kiosk, language="ar", guide="library-wifi", step="find-wifi", outbox=outbox
    ).id


def test_a_call_at_one_branch_never_appears_on_another_branchs_queue(floors: Engine) -> None:
    at_main = [_press(floors, "demo") for _ in range(2)]
    at_north = _press(floors, "demo-nord")
    queue = LiveQueue(floors)
    assert [c.id for c in queue.calls(MAIN)] == at_main
    assert [c.id for c in queue.calls(NORTH)] == [at_north]
    assert {c.branch_name for c in queue.calls(NORTH)} == {"Filial nord"}
    assert [c.id for c in queue.calls()] == [*at_main, at_north]  # "all branches" sees every call
    # The visitor at the north branch is next there: the main library's two calls are not ahead of them.
    north_call = queue.get(at_north)
    assert north_call is not None and queue.ahead_of(north_call) == 0
    main_second = queue.get(at_main[1])
    assert main_second is not None and queue.ahead_of(main_second) == 1


def test_many_tablets_on_many_branches_share_one_read(floors: Engine) -> None:
    from sqlalchemy import event

    for _ in range(3):
        _press(floors, "demo")
    _press(floors, "demo-nord")
    queue = LiveQueue(floors, max_age=60)
    selects: list[str] = []
    event.listen(floors, "after_cursor_execute", lambda *args: selects.append(args[2]))
    seen = [len(queue.calls(branch)) for branch in [MAIN, NORTH, None] * 40]  # 120 tablets redrawing
    assert seen == [3, 1, 4] * 40
    assert len([s for s in selects if "help_calls" in s]) == 1


def test_a_kiosk_follows_its_branchs_hours_unless_it_keeps_its_own(floors: Engine) -> None:
    monday_noon = datetime(2026, 11, 23, 12, 0)
    saturday_noon = datetime(2026, 11, 28, 12, 0)
    demo = get_kiosk(floors, "demo")
    north = get_kiosk(floors, "demo-nord")
    assert demo is not None and north is not None
    assert demo.hours.is_staffed(saturday_noon) and not north.hours.is_staffed(saturday_noon)  # the north branch: weekdays
    with pytest.raises(NoStaffNow):
        call_from_kiosk(
            floors, visit_id=new_visit_id(), kiosk_id="demo-nord", local_now=saturday_noon, language="nb", guide=None, step=None
        )
    # The branch's hours change: its kiosk follows at once.
    save_branch(floors, Branch(id=NORTH, name="Filial nord", staffed_hours=StaffedHours(weekly={"sat": [("10:00", "16:00")]})))
    call = call_from_kiosk(
        floors, visit_id=new_visit_id(), kiosk_id="demo-nord", local_now=saturday_noon, language="nb", guide=None, step=None
    )
    assert call.branch_id == NORTH
    # A kiosk with its own hours keeps them, whatever its branch's.
    save_kiosk(floors, north.model_copy(update={"staffed_hours": StaffedHours(weekly={"mon": [("11:00", "13:00")]})}))
    kept = get_kiosk(floors, "demo-nord")
    assert kept is not None and kept.hours.is_staffed(monday_noon) and not kept.hours.is_staffed(saturday_noon)


def test_a_kiosk_without_a_branch_goes_to_the_one_its_location_names(floors: Engine) -> None:
    assert branch_id_for("Tøyen filial, 2. etasje") == "toyen-filial-2-etasje" and branch_id_for("  ") == "main"
    save_kiosk(floors, Kiosk(id="t1", display_name="Tøyen 1", location="Tøyen filial"))
    save_kiosk(floors, Kiosk(id="t2", display_name="Tøyen 2", location="Tøyen filial"))
    branch = get_branch(floors, "toyen-filial")
    assert branch is not None and branch.name == "Tøyen filial"
    assert [k.id for k in list_kiosks(floors, "toyen-filial")] == ["t1", "t2"]
    with pytest.raises(LookupError, match="no branch 'nowhere'"):
        save_kiosk(floors, Kiosk(id="t3", display_name="T3", branch_id="nowhere"))


def test_walk_ins_are_logged_at_the_branch_whose_desk_answered(floors: Engine) -> None:
    kari = add_user(floors, "kari", "Kari", Role.STAFF, "correct horse battery").id
    log_walk_in(floors, "nav", Channel.PHONE, kari, branch_id=NORTH)
    log_walk_in(floors, "tax", Channel.IN_PERSON, kari, kiosk_id="demo")  # by a kiosk: that kiosk's branch
    with Session(floors) as session:
        rows = session.execute(select(InquiryRow.category, InquiryRow.branch_id).order_by(InquiryRow.id)).all()
    assert [tuple(r) for r in rows] == [("nav", NORTH), ("tax", MAIN)]


def test_a_calls_notifications_go_to_its_branchs_targets_and_the_global_ones(floors: Engine) -> None:
    with http_receiver() as everyone, http_receiver() as main_floor, http_receiver() as north_floor:
        secret = "/services/T000/B000/XXXXsecretXXXX"
        outbox = Outbox(
            floors,
            [
                Target(TargetKind.WEBHOOK, everyone.url),
                Target(TargetKind.SLACK, main_floor.url + secret, branch=MAIN),
                Target(TargetKind.SLACK, north_floor.url + secret, branch=NORTH),
            ],
        )
        at_main = _press(floors, "demo", outbox)
        outbox.deliver_due()
        assert "Hovedbiblioteket" in main_floor.wait_for(1)[0].json()["text"]
        assert everyone.wait_for(1)[0].json()["branch_id"] == MAIN
        assert north_floor.received == []
        at_north = _press(floors, "demo-nord", outbox)
        outbox.deliver_due()
        assert "Filial nord" in north_floor.wait_for(1)[0].json()["text"]
        assert [r.json()["call_id"] for r in everyone.wait_for(2)] == [at_main, at_north]
        assert len(main_floor.received) == 1
    with Session(floors) as session:
        rows = session.execute(select(OutboxRow.call_id, OutboxRow.target, OutboxRow.payload).order_by(OutboxRow.id)).all()
    assert [(r.call_id, r.target) for r in rows] == [
        (at_main, "webhook"),
        (at_main, "slack@hovedbiblioteket"),
        (at_north, "webhook"),
        (at_north, "slack@filial-nord"),
    ]
    assert not any("secret" in repr(r) or "127.0.0.1" in repr(r) for r in rows), "the outbox keeps no address"


def test_escalation_goes_to_the_branchs_targets_once_with_two_dispatchers(floors: Engine, settings: Settings) -> None:
    """Two server processes, each with a dispatcher escalating every 50 ms: the north branch hears once."""
    other = make_engine(settings.effective_database_url)
    try:
        with http_receiver() as main_floor, http_receiver() as north_floor:
            outboxes = [
                Outbox(e, [Target(TargetKind.WEBHOOK, r.url, branch=b) for r, b in ((main_floor, MAIN), (north_floor, NORTH))])
                for e in (floors, other)
            ]
            call_id = _press(floors, "demo-nord", outboxes[0])
            dispatchers = [
                Dispatcher(
                    outbox,
                    periodic=[(0.05, lambda outbox=outbox: escalate_due(outbox.engine, timedelta(seconds=-1), outbox))],
                    interval=0.02,
                )
                for outbox in outboxes
            ]
            for dispatcher in dispatchers:
                dispatcher.start()
            try:
                received = north_floor.wait_for(2)
                time.sleep(0.6)  # time for a second escalation to arrive, if there were one
            finally:
                for dispatcher in dispatchers:
                    dispatcher.stop()
            events = sorted(r.json()["event"] for r in north_floor.received)
            assert events == ["escalated", "new"] and {r.json()["call_id"] for r in received} == {call_id}
            assert main_floor.received == []
    finally:
        other.dispose()


def test_the_branch_targets_file_never_repeats_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "branch-targets.toml"
    path.write_text(
        '[toyen]\nntfy_url = "https://ntfy.sh/toyen-floor"\nntfy_token = "tk_XXXXsecretXXXX"\n'
        '[hovedbiblioteket]\nslack_webhook_url = "https://hooks.slack.com/services/T0/B0/XXXXsecretXXXX"\n',
        encoding="utf-8",
    )
    targets = read_branch_targets(path)
    assert [t.name for t in targets["toyen"]] == ["ntfy@toyen"] and [t.name for t in targets["hovedbiblioteket"]] == [
        "slack@hovedbiblioteket"
    ]
    assert "XXXXsecretXXXX" not in repr(targets)
    for broken in (
        '[toyen]\nslack_webhook_url = "not a url /services/XXXXsecretXXXX"\n',
        '[toyen]\nslack_url = "https://hooks.slack.com/services/XXXXsecretXXXX"\n',
        '[toyen]\nslack_webhook_url = "https://hooks.slack.com/services/XXXXsecretXXXX\n',
        '["Bad Id"]\nntfy_url = "https://ntfy.sh/XXXXsecretXXXX"\n',
    ):
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(BranchTargetsProblem) as problem:
            read_branch_targets(path)
        assert "XXXXsecretXXXX" not in str(problem.value)


def test_runtime_targets_are_the_global_ones_plus_each_branchs(settings: Settings, tmp_path: Path) -> None:
    from kiosk.runtime import notification_targets

    path = tmp_path / "branch-targets.toml"
    path.write_text('[toyen]\nwebhook_url = "https://example.org/toyen"\n', encoding="utf-8")
    configured = settings.model_copy(update={"ntfy_url": "https://ntfy.sh/all", "branch_targets_file": path})
    assert [t.name for t in notification_targets(configured)] == ["ntfy", "webhook@toyen"]
    path.write_text("[toyen\n", encoding="utf-8")  # broken: the global target still works
    assert [t.name for t in notification_targets(configured)] == ["ntfy"]


def test_upgrade_from_before_branches_keeps_every_kiosk_and_call(engine: Engine) -> None:
    """A database with data at migration 0007 (kiosks with free-text locations and their own hours, calls,
    inquiries, a notification) upgraded: each location becomes a branch and nothing is lost."""
    downgrade(engine, "0007_stats")
    weekdays = {"weekly": {"mon": [["10:00", "15:00"]], "tue": [["10:00", "15:00"]]}, "exceptions": {}}
    late = {"weekly": {"mon": [["12:00", "20:00"]]}, "exceptions": {}}
    kiosks = sa.table(
        "kiosks",
        sa.column("id", sa.String),
        sa.column("display_name", sa.String),
        sa.column("location", sa.String),
        sa.column("staffed_hours", sa.JSON),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    calls = sa.table(
        "help_calls",
        sa.column("id", sa.Integer),
        sa.column("visit_id", sa.String),
        sa.column("kiosk_id", sa.String),
        sa.column("status", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    inquiries = sa.table(
        "inquiries",
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("kiosk_id", sa.String),
        sa.column("category", sa.String),
        sa.column("channel", sa.String),
        sa.column("call_id", sa.Integer),
    )
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            kiosks.insert(),
            [
                {"id": "a1", "display_name": "A1", "location": "Hovedbiblioteket", "staffed_hours": weekdays, "created_at": now},
                {"id": "a2", "display_name": "A2", "location": "Hovedbiblioteket", "staffed_hours": weekdays, "created_at": now},
                {"id": "a3", "display_name": "A3", "location": "Hovedbiblioteket", "staffed_hours": late, "created_at": now},
                {"id": "t1", "display_name": "T1", "location": "Tøyen filial", "staffed_hours": late, "created_at": now},
                {"id": "x1", "display_name": "X1", "location": "", "staffed_hours": {}, "created_at": now},
            ],
        )
        conn.execute(
            calls.insert(),
            [
                {"id": 1, "visit_id": "v1", "kiosk_id": "a3", "status": "open", "created_at": now},
                {"id": 2, "visit_id": "v2", "kiosk_id": "t1", "status": "open", "created_at": now},
                {"id": 3, "visit_id": "v3", "kiosk_id": "a1", "status": "done", "created_at": now},
            ],
        )
        conn.execute(
            inquiries.insert(),
            [
                {"at": now, "kiosk_id": "a1", "category": "nav", "channel": "kiosk", "call_id": 3},
                {"at": now, "kiosk_id": None, "category": "tax", "channel": "phone", "call_id": None},
            ],
        )
    upgrade(engine)
    assert {(b.id, b.name) for b in list_branches(engine)} == {
        ("hovedbiblioteket", "Hovedbiblioteket"),
        ("toyen-filial", "Tøyen filial"),
        ("main", "Biblioteket"),
    }
    by_id = {k.id: k for k in list_kiosks(engine)}
    assert set(by_id) == {"a1", "a2", "a3", "t1", "x1"}
    monday_noon = datetime(2026, 11, 23, 12, 0)
    # The branch took the hours most of its kiosks had; the one that differed keeps its own.
    assert by_id["a1"].staffed_hours is None and by_id["a1"].hours.weekly["tue"] == [("10:00", "15:00")]
    assert by_id["a3"].staffed_hours is not None and by_id["a3"].hours.weekly == {"mon": [("12:00", "20:00")]}
    for kiosk_id, kiosk in by_id.items():  # every kiosk is staffed exactly when it was before
        before = {"a1": weekdays, "a2": weekdays, "a3": late, "t1": late, "x1": {}}[kiosk_id]
        assert kiosk.hours == StaffedHours.model_validate(before)
    assert by_id["a3"].hours.is_staffed(monday_noon)
    assert [(c.id, c.branch_id, c.status) for c in open_calls(engine)] == [
        (1, "hovedbiblioteket", CallStatus.OPEN),
        (2, "toyen-filial", CallStatus.OPEN),
    ]
    assert [c.id for c in LiveQueue(engine).calls("toyen-filial")] == [2]
    with Session(engine) as session:
        rows = session.execute(select(InquiryRow.call_id, InquiryRow.branch_id).order_by(InquiryRow.id)).all()
    assert [tuple(r) for r in rows] == [(3, "hovedbiblioteket"), (None, None)]  # several branches: the walk-in's is unknown
    # And the floor goes on: a call at the upgraded kiosk, accepted.
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    assert accept(engine, 2, kari).status is CallStatus.ACCEPTED
