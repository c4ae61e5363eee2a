"""A person fluent in a language marks a guide's translation reviewed; who and when go into the guide.

Who may: an editor (or admin) whose account lists the language among its review languages. A review is
of the translation as it stands against the source as it stands, so it also records the source's
fingerprint: when the source changes afterwards, the translation shows as outdated again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kiosk.accounts.auth import Role, User
from kiosk.authoring.guides import Revision, publish_change, record_review
from kiosk.content.models import ContentLibrary
from kiosk.errors import Refused


class ReviewRefused(Refused, PermissionError):
    """`reason`: "not_yours" (not one of the account's review languages) or "missing" (no translation to review)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def may_review(user: User, language: str) -> bool:
    return user.may({Role.EDITOR}) and language in user.review_languages


def mark_reviewed(
    engine: Engine, slug: str, language: str, reviewer: User, today: date, library: ContentLibrary, content_dir: Path
) -> Revision:
    if not may_review(reviewer, language):
        raise ReviewRefused("not_yours", f"{reviewer.username} may not review translations in '{language}'")
    guide = library.guides[slug]
    if language not in guide.languages() or language == guide.source_language:
        raise ReviewRefused("missing", f"'{slug}' has no translation in '{language}' to review")
    fingerprint = guide.source_fingerprint()

    def stamp(data: dict[str, Any]) -> None:
        record_review(data, language, True, reviewer.display_name, today, fingerprint)

    return publish_change(engine, slug, stamp, reviewer.id, library, content_dir)
