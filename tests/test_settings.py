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


def test_the_readme_lists_every_setting_with_its_default() -> None:
    """The settings table is what an operator reads: every setting is in it, and a plain default is the real one."""
    import re

    from kiosk.settings import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `KIOSK_")]
    rows = {name: line.split(" | ")[1] for line in table for name in re.findall(r"`KIOSK_([A-Z_]+)`", line.split(" | ")[0])}
    for name, field in Settings.model_fields.items():
        assert name.upper() in rows, f"KIOSK_{name.upper()} is missing from the README's settings table"
        default = field.default
        if isinstance(default, Path):
            assert f"`{default.relative_to(PROJECT_ROOT)}/` in the project folder" in rows[name.upper()]
        elif isinstance(default, int | str) and default and "," not in rows[name.upper()] and name != "gtts_endpoint":
            assert rows[name.upper()] == f"`{default}`", f"KIOSK_{name.upper()}"
