"""Shared fixtures: a private copy of the shipped content and a real SQLite file per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.settings import PROJECT_ROOT, Settings, get_settings
from kiosk.store import make_engine, upgrade

SHIPPED_CONTENT = PROJECT_ROOT / "content"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing at a private data dir and content copy, also for code that reads the environment."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(content_dir))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    yield engine
    engine.dispose()
