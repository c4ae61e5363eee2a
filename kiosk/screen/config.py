"""What a kiosk screen was set up with: the server, the kiosk and its key, printer, awake hours; and where
its files live. Kept in <state dir>/screen.json, readable by the screen's account only (it holds the key)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.files import write_atomically
from kiosk.store.hours import StaffedHours

DEFAULT_STATE_DIR = Path("/var/lib/kiosk-screen")
DEFAULT_POLICY_DIR = Path("/etc/chromium/policies/managed")
POLICY_FILE = "kiosk-screen.json"
CHROMIUM = Path("/usr/bin/chromium")
_KIOSK_ID = re.compile(r"^[a-z0-9-]{1,40}$")
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,200}$")


class ScreenConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    server_url: str  # the kiosk server's base address, e.g. https://kiosk.bibliotek.no (a path prefix is kept)
    kiosk_id: str
    key: str
    printer: str | None = None  # a CUPS printer name for slips; none: printing is off
    awake_hours: StaffedHours | None = None  # none: the screen never sleeps
    chromium: Path = CHROMIUM
    policy_dir: Path = DEFAULT_POLICY_DIR
    session_home: Path | None = None  # the home of the account the screen's session runs as
    # Extra Chromium switches for this machine (a test runs it headless); the kiosk's own are in the launcher.
    browser_args: list[str] = Field(default_factory=list)

    @field_validator("server_url")
    @classmethod
    def _server_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"'{value}' is not a web address: give it as https://kiosk.example.no")
        if parts.query or parts.fragment:
            raise ValueError("give the server's address without ?… or #…: the screen adds ?kiosk=<id> itself")
        return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"

    @field_validator("kiosk_id")
    @classmethod
    def _kiosk_id(cls, value: str) -> str:
        if not _KIOSK_ID.match(value):
            raise ValueError(f"'{value}' is not a kiosk id (a-z, 0-9 and -, as `kiosks add` made it)")
        return value

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError("the key is the text after key= in the address `kiosks add` printed")
        return value

    @field_validator("printer")
    @classmethod
    def _printer(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Za-z0-9_.@-]{1,127}$", value):
            raise ValueError(f"'{value}' is not a CUPS printer name (lpstat -p lists them)")
        return value or None


@dataclass(frozen=True)
class ScreenPaths:
    """Where a screen's files are: all under one state dir, the policy where Chromium reads it."""

    state_dir: Path = DEFAULT_STATE_DIR
    policy_dir: Path = DEFAULT_POLICY_DIR

    @property
    def config(self) -> Path:
        return self.state_dir / "screen.json"

    @property
    def offline_page(self) -> Path:
        return self.state_dir / "offline.html"

    @property
    def profile(self) -> Path:
        return self.state_dir / "profile"

    @property
    def delivered(self) -> Path:
        """A fingerprint of the key the browser has taken up (so a new key is given once, an old one never again)."""
        return self.state_dir / "key-delivered"

    @property
    def policy(self) -> Path:
        return self.policy_dir / POLICY_FILE


def save_config(config: ScreenConfig, path: Path) -> None:
    data = json.dumps(config.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, data.encode(), mode=0o600)


def load_config(path: Path) -> ScreenConfig:
    """The screen's settings; ValueError (with the reason) when missing or broken."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"no {path}: run python -m kiosk screen install first") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} cannot be read: {exc}") from exc
    try:
        return ScreenConfig.model_validate(raw)
    except ValueError as exc:
        raise ValueError(f"{path} is not valid: {exc}") from exc


def owner_only(path: Path) -> bool:
    return (os.stat(path).st_mode & 0o077) == 0
