"""A throwaway PostgreSQL cluster for tests: initdb and pg_ctl in a temp dir, on a free 127.0.0.1 port.

PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged system user
(`postgres` when Debian's package made it, else one we create) and its commands run through runuser.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Debian keeps the server's programs out of PATH, one folder per major version: the newest first.
BIN_DIRS = (
    [Path(p) for p in os.environ["KIOSK_TEST_PG_BIN"].split(os.pathsep)]
    if os.environ.get("KIOSK_TEST_PG_BIN")
    else (sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True))
)
SUPERUSER = "kiosk"
TEMPLATE = "kiosk_template"
SERVICE_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    pass


def pg_binary(name: str) -> Path:
    for directory in BIN_DIRS:
        if (directory / name).exists():
            return directory / name
    found = shutil.which(name)
    if found:
        return Path(found)
    raise PostgresUnavailable(f"no {name}: install Debian's postgresql (bash .ci/run does)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_user() -> str | None:
    """The unprivileged user that runs the cluster when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER], check=True)
    return SERVICE_USER


@dataclass
class PostgresCluster:
    root: Path
    port: int
    user: str | None
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls) -> PostgresCluster:
        user = _service_user()
        root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        if user:
            shutil.chown(root, user)
        cluster = cls(root, _free_port(), user)
        (root / "socket").mkdir()
        if user:
            shutil.chown(root / "socket", user)
        cluster._run(
            pg_binary("initdb"), "-D", root / "data", "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"
        )
        # Durability is not what a test needs: fsync off keeps CREATE DATABASE and commits fast.
        options = f"-p {cluster.port} -h 127.0.0.1 -k {root / 'socket'} -c fsync=off -c full_page_writes=off"
        log = root / "server.log"
        cluster._run(pg_binary("pg_ctl"), "-D", root / "data", "-l", log, "-w", "-t", "60", "-o", options, "start")
        return cluster

    def _run(self, *args: object) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run(
            pg_binary("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            self.port,
            "-U",
            SUPERUSER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            sql,
        ).stdout

    def create_database(self, template: str | None = None) -> str:
        name = f"kiosk_test_{next(self._names)}"
        self.psql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name

    def stop(self) -> None:
        try:
            self._run(pg_binary("pg_ctl"), "-D", self.root / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
