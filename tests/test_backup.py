"""`python -m kiosk backup` and `restore`: what a library keeps survives a round trip into a new data dir."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from kiosk.accounts.auth import Role, add_user, authenticate
from kiosk.authoring.guides import save_draft, working_copy
from kiosk.cli import main
from kiosk.content.loader import load_content
from kiosk.floor.calls import Channel, accept, finish, log_walk_in, open_calls, request_help
from kiosk.settings import Settings, get_settings
from kiosk.store import make_engine
from kiosk.store.kiosks import Kiosk, get_kiosk, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id
from tests.postgres_cluster import PostgresCluster

pytestmark = pytest.mark.both_databases

KEPT_TABLES = ("kiosks", "users", "help_calls", "help_call_history", "inquiries", "guide_revisions", "outbox")


def _a_day_on_the_floor(engine: Engine, content_dir: Path) -> None:
    seed_demo(engine)
    save_kiosk(engine, Kiosk(id="entrance", display_name="By the entrance", location="Main library"))
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    done = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step="find-wifi")
    accept(engine, done.id, kari)
    finish(engine, done.id, kari, "id_login")
    request_help(engine, visit_id=new_visit_id(), kiosk_id="entrance", language="uk", guide=None, step=None)
    log_walk_in(engine, "print_scan", Channel.IN_PERSON, kari)
    data, base = working_copy(engine, content_dir, "library-wifi")
    data["title"]["nb"] = "Trådløst nett på biblioteket"
    save_draft(engine, data, base, kari, load_content(content_dir)[0], content_dir)


def _rows(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))] for table in KEPT_TABLES}


def _move_to_a_new_data_dir(
    tmp_path: Path, db_backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "new-var"))
    if db_backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        monkeypatch.setenv("KIOSK_DATABASE_URL", cluster.url(cluster.create_database()))  # an empty database
    get_settings.cache_clear()
    return get_settings().effective_database_url


def test_calls_inquiries_accounts_and_revisions_survive_a_round_trip(
    engine: Engine, settings: Settings, content_dir: Path, tmp_path: Path, db_backend: str,
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    _a_day_on_the_floor(engine, content_dir)
    before = _rows(engine)
    backup_file = tmp_path / "backups" / "kiosk.backup"

    assert main(["backup", str(backup_file)]) == 0
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600  # it holds password hashes
    assert not list(backup_file.parent.glob(".*.part"))

    new_url = _move_to_a_new_data_dir(tmp_path, db_backend, request, monkeypatch)
    assert main(["restore", str(backup_file)]) == 0
    assert "restored" in capsys.readouterr().out

    restored = make_engine(new_url)
    try:
        assert _rows(restored) == before
        assert authenticate(restored, "kari", "correct horse battery").display_name == "Kari"
        assert [call.kiosk_id for call in open_calls(restored)] == ["entrance"]
        assert get_kiosk(restored, "entrance") is not None
        # The restored database takes new rows after the old ones (PostgreSQL's sequences came along).
        new_call = request_help(restored, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None)
        assert new_call.id > max(row[0] for row in before["help_calls"])
    finally:
        restored.dispose()


def test_restore_refuses_to_overwrite_a_database_in_use(
    engine: Engine, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery")
    assert main(["backup", str(tmp_path / "kiosk.backup")]) == 0
    add_user(engine, "ola", "Ola", Role.STAFF, "correct horse battery")

    assert main(["restore", str(tmp_path / "kiosk.backup")]) == 2
    assert "refuses to overwrite" in capsys.readouterr().err
    assert main(["restore", "--overwrite", str(tmp_path / "kiosk.backup")]) == 0
    with engine.connect() as conn:
        assert [row[0] for row in conn.execute(text("SELECT username FROM users"))] == ["kari"]


@pytest.mark.single_database
def test_a_file_that_is_no_backup_gets_a_plain_refusal(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("shopping list")
    assert main(["restore", str(tmp_path / "notes.txt")]) == 2
    assert "is not a backup made by `python -m kiosk backup`" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.backup")]) == 2
    assert "no backup at" in capsys.readouterr().err
