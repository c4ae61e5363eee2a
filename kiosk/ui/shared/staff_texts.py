"""The signed-in user's staff-page texts (their own language, else the library's)."""

from __future__ import annotations

from pydantic import ValidationError

from kiosk.accounts.auth import User
from kiosk.language.staff_texts import SHIPPED_DIR, SOURCE_LANGUAGE, StaffText, load_catalogs, staff_text
from kiosk.runtime import Runtime
from kiosk.settings import get_settings


def texts_for(runtime: Runtime, user: User | None) -> StaffText:
    settings = runtime.settings
    return staff_text(settings.content_dir, user.ui_language if user else None, settings.default_language)


def library_texts() -> StaffText:
    """Before anyone signs in, or when the settings themselves are broken: the library's language (else bokmål)."""
    try:
        settings = get_settings()
    except ValidationError:
        return StaffText(load_catalogs(SHIPPED_DIR), SOURCE_LANGUAGE)
    return staff_text(settings.content_dir, None, settings.default_language)
