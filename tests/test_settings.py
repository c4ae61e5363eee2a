from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.settings import Settings


def test_defaults_use_sqlite_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'kiosk.db'}"
    assert settings.default_language == "nb"
    assert settings.idle_timeout_seconds == 120


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql+psycopg://kiosk@db/kiosk")
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT_SECONDS", "45")
    monkeypatch.setenv("KIOSK_WEBHOOK_URL", "http://127.0.0.1:9000/hook")
    settings = Settings()
    assert settings.effective_database_url == "postgresql+psycopg://kiosk@db/kiosk"
    assert settings.idle_timeout_seconds == 45
    assert str(settings.webhook_url) == "http://127.0.0.1:9000/hook"


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT_SECONDS", "2")
    with pytest.raises(ValidationError):
        Settings()
