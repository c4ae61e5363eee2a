"""The signed-in user's staff-page texts (their own language, else the library's)."""

from __future__ import annotations

from kiosk.auth import User
from kiosk.runtime import Runtime
from kiosk.staff_texts import StaffText, staff_text


def texts_for(runtime: Runtime, user: User | None) -> StaffText:
    settings = runtime.settings
    return staff_text(settings.content_dir, user.ui_language if user else None, settings.default_language)
