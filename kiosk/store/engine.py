"""Create the database engine with the settings each backend needs."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# The database holds password hashes and help-call history: only the server's user may read it.
DIR_MODE = 0o700
FILE_MODE = 0o600


def _private_sqlite_file(database: Path) -> None:
    """Create the data dir 0700 and the database file 0600 before SQLite opens it.

    SQLite gives its -wal and -shm files the database file's permissions, so they follow.
    An explicit mode instead of os.umask: the umask is process-wide and not thread-safe.
    """
    if not database.parent.exists():
        database.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    # Files an older version made with the default umask (0644): tighten them.
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(FILE_MODE)
        except FileNotFoundError:
            pass


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, future=True)

    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        _private_sqlite_file(Path(parsed.database).expanduser())
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the staff page read while a kiosk writes; the busy timeout makes a
        # writer wait for a moment instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
