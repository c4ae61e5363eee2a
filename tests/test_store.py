"""Storage on a real SQLite file and on PostgreSQL: migrations, WAL, the demo kiosk, anonymous visits, a busy database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, inspect, text

from kiosk.errors import StoreUnavailable
from kiosk.settings import Settings
from kiosk.store import make_engine, upgrade
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import DEMO_KIOSK, Kiosk, StaffedHours, get_kiosk, list_kiosks, save_kiosk, seed_demo
from kiosk.store.migrate import current_revision, downgrade, head_revision
from kiosk.store.visits import record_visit_end, record_visit_start
from kiosk.visit.journey import new_visit_id
from tests.postgres_cluster import PostgresCluster

pytestmark = pytest.mark.both_databases  # every test here runs on SQLite and on PostgreSQL


def test_migrations_create_the_schema_at_head(engine: Engine, settings: Settings, db_backend: str) -> None:
    assert (settings.data_dir / "kiosk.db").is_file() == (db_backend == "sqlite")
    assert current_revision(engine) == head_revision()
    assert {"kiosks", "visits", "alembic_version"} <= set(inspect(engine).get_table_names())


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()


@pytest.mark.single_database
def test_sqlite_runs_in_wal_mode_with_busy_timeout(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_demo_has_two_branches_with_a_kiosk_each_seeded_once(engine: Engine) -> None:
    assert seed_demo(engine) is True
    assert seed_demo(engine) is False
    demo = get_kiosk(engine, "demo")
    assert demo is not None and demo.model_copy(update={"branch": None}) == DEMO_KIOSK
    assert demo.branch is not None and demo.branch.name == "Hovedbiblioteket"
    assert demo.hours == demo.branch.staffed_hours and demo.hours.weekly["sat"] == [("11:00", "14:00")]  # the branch's
    assert {(k.id, k.branch_id) for k in list_kiosks(engine)} == {("demo", "hovedbiblioteket"), ("demo-nord", "filial-nord")}
    assert [b.id for b in list_branches(engine)] == ["filial-nord", "hovedbiblioteket"]  # by name


def test_kiosk_update_keeps_one_row(engine: Engine) -> None:
    save_kiosk(engine, Kiosk(id="entrance", display_name="Entrance", location="Main library"))
    save_kiosk(engine, Kiosk(id="entrance", display_name="By the door", location="Main library, ground floor"))
    [kiosk] = list_kiosks(engine)
    assert (kiosk.display_name, kiosk.location) == ("By the door", "Main library, ground floor")


def test_staffed_hours() -> None:
    hours = StaffedHours(weekly={"mon": [("10:00", "15:00")]})
    assert hours.is_staffed(datetime(2026, 11, 23, 10, 0))  # a Monday
    assert not hours.is_staffed(datetime(2026, 11, 23, 15, 0))
    assert not hours.is_staffed(datetime(2026, 11, 24, 12, 0))  # Tuesday
    with pytest.raises(ValueError, match="ends before it starts"):
        StaffedHours(weekly={"mon": [("15:00", "10:00")]})
    with pytest.raises(ValueError, match="not a weekday"):
        StaffedHours(weekly={"monday": [("10:00", "15:00")]})


def test_visit_ids_are_random_and_anonymous(engine: Engine) -> None:
    ids = {new_visit_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 32 for i in ids)
    seed_demo(engine)
    visit = new_visit_id()
    record_visit_start(engine, visit, "demo", "ar")
    record_visit_start(engine, visit, "demo", "nb")  # changed language: still one visit
    record_visit_end(engine, visit, "start_over")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT kiosk_id, language, end_reason FROM visits")).all()
    assert rows == [("demo", "nb", "start_over")]


@pytest.mark.single_database
def test_a_locked_database_raises_store_unavailable(settings: Settings) -> None:
    engine = make_engine(settings.effective_database_url, busy_timeout_ms=100)
    upgrade(engine)
    blocker = sqlite3.connect(str(settings.data_dir / "kiosk.db"))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable):
            save_kiosk(engine, Kiosk(id="x", display_name="X"))
    finally:
        blocker.rollback()
        blocker.close()
    save_kiosk(engine, Kiosk(id="x", display_name="X"))  # works again once the lock is gone
    assert get_kiosk(engine, "x") is not None


def test_exceptions_override_the_week_and_next_staffed_time() -> None:
    from datetime import date
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo("Europe/Oslo")
    hours = StaffedHours(
        weekly={day: [("10:00", "15:00")] for day in ("mon", "tue", "wed", "thu", "fri")},
        exceptions={date(2026, 12, 24): [], date(2026, 12, 23): [("10:00", "13:00")]},
    )
    assert not hours.is_staffed(datetime(2026, 12, 24, 11, 0, tzinfo=oslo))  # Christmas Eve, a Thursday: closed
    assert not hours.is_staffed(datetime(2026, 12, 23, 14, 0, tzinfo=oslo))  # short day
    assert hours.is_staffed(datetime(2026, 12, 23, 12, 0, tzinfo=oslo))
    # Thursday 24th closed, Friday 25th is a weekday here: next is Friday 10:00.
    assert hours.next_staffed(datetime(2026, 12, 23, 14, 0, tzinfo=oslo)) == datetime(2026, 12, 25, 10, 0, tzinfo=oslo)
    assert hours.next_staffed(datetime(2026, 11, 23, 9, 0, tzinfo=oslo)) == datetime(2026, 11, 23, 10, 0, tzinfo=oslo)
    assert StaffedHours().next_staffed(datetime(2026, 11, 23, 9, 0, tzinfo=oslo)) is None


def test_models_and_migrations_agree(engine: Engine) -> None:
    """What `alembic check` does: autogenerate against the migrated database proposes nothing.

    A difference would be a migration the next autogenerate writes by itself, such as dropping
    the unique index behind "one active help call per visit".
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from kiosk.store.schema import Base

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.single_database
def test_a_schema_error_is_not_mistaken_for_a_busy_database(settings: Settings) -> None:
    from sqlalchemy.exc import OperationalError

    from kiosk.floor.calls import open_calls

    engine = make_engine(settings.effective_database_url)  # never migrated: no tables
    with pytest.raises(OperationalError, match="no such table"):
        open_calls(engine)


@pytest.mark.single_database
def test_database_files_are_private(settings: Settings) -> None:
    import os
    import stat

    old = os.umask(0o022)  # the usual default: files would be world-readable
    try:
        engine = make_engine(settings.effective_database_url)
        upgrade(engine)
        save_kiosk(engine, Kiosk(id="x", display_name="X"))
        with engine.connect() as conn:  # keeps -wal and -shm in place while we look
            conn.execute(text("SELECT 1")).scalar()
            db = settings.data_dir / "kiosk.db"
            assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
            for path in (db, db.with_name("kiosk.db-wal"), db.with_name("kiosk.db-shm")):
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        engine.dispose()
    finally:
        os.umask(old)


@pytest.mark.single_database
def test_an_old_world_readable_database_is_tightened(settings: Settings) -> None:
    import stat

    db = settings.data_dir / "kiosk.db"
    db.parent.mkdir(parents=True)
    sqlite3.connect(db).close()
    db.chmod(0o644)
    make_engine(settings.effective_database_url).dispose()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@pytest.mark.single_database
def test_migrations_go_down_to_nothing_and_up_again_on_sqlite(settings: Settings) -> None:
    _down_and_up(make_engine(settings.effective_database_url))


@pytest.mark.single_database
def test_migrations_go_down_to_nothing_and_up_again_on_postgresql(postgres_cluster: PostgresCluster) -> None:
    _down_and_up(make_engine(postgres_cluster.url(postgres_cluster.create_database())))


def _down_and_up(engine: Engine) -> None:
    """Every migration's downgrade runs on a schema its upgrade made, and leaves only Alembic's own table."""
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    save_kiosk(engine, Kiosk(id="x", display_name="X"))
    engine.dispose()


@pytest.mark.single_database
def test_postgresql_schema_errors_and_an_unreachable_server(postgres_cluster: PostgresCluster) -> None:
    from sqlalchemy.exc import ProgrammingError

    from kiosk.floor.calls import open_calls

    blank = make_engine(postgres_cluster.url(postgres_cluster.create_database()))  # never migrated: no tables
    with pytest.raises(ProgrammingError, match="does not exist"):
        open_calls(blank)
    blank.dispose()
    gone = make_engine(postgres_cluster.url("kiosk_test_1").replace(f":{postgres_cluster.port}/", f":{_closed_port()}/"))
    with pytest.raises(StoreUnavailable):
        open_calls(gone)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_timestamps_come_back_in_utc_from_sqlite(engine: Engine) -> None:
    """SQLite keeps no zone: every read timestamp is aware, so comparing it with now() never raises."""
    from sqlalchemy.orm import Session

    from kiosk.store.schema import KioskRow

    seed_demo(engine)
    with Session(engine) as session:
        row = session.get(KioskRow, "demo")
        assert row is not None
        assert row.created_at.utcoffset() is not None
        assert row.created_at <= datetime.now(UTC)


def test_the_booking_branch_rename_keeps_every_booking_and_its_seat_rule(engine: Engine) -> None:
    """Migration 0015 renames bookings.location (which held the branch id) to branch_id: the rows stay, and one
    seat per slot and branch still holds; going down gives the old column back with the same rows."""
    from sqlalchemy.exc import IntegrityError

    seed_demo(engine)
    downgrade(engine, "0014_floor_gaps")
    booking = (
        "INSERT INTO bookings (code, kiosk_id, {column}, slot_start, seat, status, created_at)"
        " VALUES (:code, 'demo', 'hovedbiblioteket', :at, 0, 'booked', :at)"
    )
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(text(booking.format(column="location")), {"code": "ABC234", "at": at})
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code, branch_id, seat FROM bookings")).all() == [("ABC234", "hovedbiblioteket", 0)]
    with pytest.raises(IntegrityError), engine.begin() as conn:  # the same seat in the same slot at the branch
        conn.execute(text(booking.format(column="branch_id")), {"code": "XYZ789", "at": at})
    downgrade(engine, "0014_floor_gaps")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code, location FROM bookings")).all() == [("ABC234", "hovedbiblioteket")]
    upgrade(engine)
