"""Shared fixtures: a private copy of the shipped content and a real database per test.

The database is a SQLite file; tests marked `both_databases` run once more on a fresh PostgreSQL database
(a copy of a migrated template in a throwaway cluster started once per test session).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import Engine

from kiosk.runtime import close_runtimes
from kiosk.settings import PROJECT_ROOT, Settings, get_settings
from kiosk.store import make_engine, upgrade
from tests.postgres_cluster import TEMPLATE, PostgresCluster, PostgresUnavailable

SHIPPED_CONTENT = PROJECT_ROOT / "content"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_databases: run on SQLite and on PostgreSQL (the db_backend fixture)")
    config.addinivalue_line("markers", "single_database: runs once (on SQLite, or the database it makes itself)")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`make test` runs the suite on every core (pytest-xdist): see tests/scheduling.py."""
    from tests.scheduling import BrowserTestsTogether

    config.option.loadscopereorder = False  # collection order: the browser tests, the longest unit, start first
    return BrowserTestsTogether(config, log)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        if metafunc.definition.get_closest_marker("single_database"):
            return
        metafunc.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """Which database this test runs on: "sqlite" unless the test is marked both_databases."""
    return getattr(request, "param", "sqlite")


def _not_run(message: str) -> NoReturn:
    """A real component this machine lacks: CI fails; a developer's run says so loudly and skips."""
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    print(f"\n*** {message} ***\n", file=sys.stderr)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One throwaway cluster per test session, with a template database already at the newest migration."""
    try:
        cluster = PostgresCluster.start()
    except PostgresUnavailable as error:
        _not_run(f"POSTGRESQL TESTS NOT RUN: {error}")
    try:
        cluster.psql(f"CREATE DATABASE {TEMPLATE}")
        template = make_engine(cluster.url(TEMPLATE))
        upgrade(template)
        template.dispose()  # a template with a connection open cannot be copied
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh PostgreSQL database at the newest migration, dropped after the test."""
    name = postgres_cluster.create_database(template=TEMPLATE)
    yield postgres_cluster.url(name)
    postgres_cluster.psql(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def database_url(db_backend: str, request: pytest.FixtureRequest) -> str | None:
    """KIOSK_DATABASE_URL for this test: None means the SQLite file in the data dir."""
    if db_backend == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return None


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path, database_url: str | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing at a private data dir, content copy and database, also for code that reads the environment."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "var"))
    if database_url:
        monkeypatch.setenv("KIOSK_DATABASE_URL", database_url)
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    get_settings.cache_clear()
    yield get_settings()
    close_runtimes()  # before the database goes: its pages' runtime polls it from threads of its own
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _no_runtime_outlives_its_test() -> Iterator[None]:
    """Pages under AppTest build a runtime per data dir; kept, each would poll a deleted database from its
    threads for the rest of the run (hundreds of them by its end, the whole suite slower and slower)."""
    yield
    close_runtimes()


@pytest.fixture
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """For test files about something else than passwords: staff accounts hashed at the lowest argon2 cost
    (the real cost is a second per account on a busy machine, most of such a test's time)."""
    from argon2 import PasswordHasher

    import kiosk.accounts.auth

    monkeypatch.setattr(kiosk.accounts.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest migration, made once: each test starts from a copy (migrating is most of a test's setup)."""
    path = tmp_path_factory.mktemp("template") / "kiosk.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(settings: Settings, sqlite_template: Path) -> Iterator[Engine]:
    url = settings.effective_database_url
    target = settings.data_dir / "kiosk.db"
    if not settings.database_url and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(sqlite_template) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
    engine = make_engine(url)
    upgrade(engine)  # nothing to do on the copy; PostgreSQL's database is a copy of its own template
    yield engine
    engine.dispose()


# One Playwright driver for the whole run: a second sync Playwright in the same thread refuses to start, so
# every test that drives Chromium (tests/e2e and the browser probes alike) asks for these two fixtures.
@pytest.fixture(scope="session")
def playwright_driver():  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import CHROMIUM

    if not Path(CHROMIUM).exists():
        _not_run(f"END-TO-END TESTS NOT RUN: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
