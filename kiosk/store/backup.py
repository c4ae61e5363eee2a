"""Backup and restore of the database: SQLite's online backup, or pg_dump's custom format for PostgreSQL.

A backup holds the database only (calls, inquiries, accounts, kiosks, guide revisions, the outbox).
The published guide files, uploaded images and the signing key live in the data and content dirs:
docs/deploy.md says how to keep those.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, make_url

from kiosk.store.engine import FILE_MODE, make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Tables whose rows mean "this database is in use": restore refuses to overwrite them unless told to.
IN_USE_TABLES = ("users", "help_calls", "inquiries", "guide_revisions")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with what to do about it."""


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump/pg_restore take it, with the password in the environment, not on the command line."""
    env = os.environ.copy()
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _private(path: Path) -> None:
    """A backup holds password hashes: only the server's user may read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    path.chmod(FILE_MODE)


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to `target` while the servers keep running."""
    url = make_url(database_url)
    if target.exists() and target.is_dir():
        raise BackupError(f"{target} is a folder: give a file name")
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    _private(partial)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(Path(str(url.database)), partial)
        elif url.get_backend_name() == "postgresql":
            conninfo, env = _libpq(url)
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", conninfo], env)
        else:
            raise BackupError(f"no backup for {url.get_backend_name()} databases")
        partial.replace(target)  # never a half-written backup under the name the operator gave
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    # SQLite's online backup API: a consistent snapshot even while other processes write (WAL included).
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql', from the file's first bytes."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"no backup at {path}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by `python -m kiosk backup`")


def in_use(engine: Engine) -> bool:
    """True when the database already holds accounts, calls, inquiries or revisions."""
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return any(conn.execute(text(f"SELECT 1 FROM {name} LIMIT 1")).first() for name in IN_USE_TABLES if name in tables)


def restore(database_url: str, source: Path, overwrite: bool = False) -> None:
    """Put a backup into the database at `database_url` (a new data dir or database); migrations run after."""
    from kiosk.store.migrate import upgrade

    url = make_url(database_url)
    kind = backup_kind(source)
    if kind != url.get_backend_name():
        raise BackupError(f"{source} is a {kind} backup, but the database is {url.get_backend_name()}")
    engine = make_engine(database_url)
    try:
        if in_use(engine) and not overwrite:
            raise BackupError(
                "the database already holds accounts, calls or revisions: restore refuses to overwrite them "
                "(restore into a new data dir or database, or add --overwrite)"
            )
        if kind == "sqlite":
            engine.dispose()
            _sqlite_copy(source, Path(str(url.database)))
        else:
            engine.dispose()
            conninfo, env = _libpq(url)
            _run(
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    f"--dbname={conninfo}",
                    str(source),
                ],
                env,
            )
        upgrade(engine)  # a backup from an older version is brought up to this version's schema
    finally:
        engine.dispose()
