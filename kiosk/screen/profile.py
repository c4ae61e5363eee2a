"""The screen's dedicated Chromium profile, and whether the kiosk's key has reached it.

The key goes into the address once; the kiosk page keeps it in its cookie and takes it out of the address.
After that the screen opens the kiosk without the key. It is given again when the profile has lost the
cookie (a wiped profile, a crash before Chromium wrote it) or when the screen was given a new key.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.files import write_atomically

KEY_COOKIE_PREFIX = "kiosk_key_"  # the kiosk page's cookie name (kiosk/ui/visitor/kiosk_key.py)


def key_cookie_name(kiosk_id: str) -> str:
    return f"{KEY_COOKIE_PREFIX}{kiosk_id}"


def has_key_cookie(profile: Path, server_url: str, kiosk_id: str) -> bool:
    """Whether the profile's cookie store holds the kiosk's key cookie for the server's host (read while
    Chromium is not running; anything unreadable counts as no, so the key is simply given again)."""
    store = profile / "Default" / "Cookies"
    if not store.is_file():
        return False
    host = urlsplit(server_url).hostname or ""
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=2) as db:
            row = db.execute(
                "SELECT 1 FROM cookies WHERE name = ? AND host_key IN (?, ?) LIMIT 1",
                (key_cookie_name(kiosk_id), host, f".{host}"),
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_delivered(marker: Path, key: str) -> bool:
    try:
        return marker.read_text(encoding="utf-8").strip() == key_fingerprint(key)
    except OSError:
        return False


def mark_delivered(marker: Path, key: str) -> None:
    write_atomically(marker, key_fingerprint(key) + "\n")
