"""Is a guide still true? Its sources (the official pages it follows), when someone last compared it with
them and who; the guides due for that check, oldest first; "verified today" as one action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kiosk.authoring.guides import Revision, publish_change
from kiosk.content.models import ContentLibrary, Guide
from kiosk.content.problems import Problem


@dataclass(frozen=True)
class DueGuide:
    slug: str
    verified_on: date | None  # None: never checked
    by: str | None
    age_days: int | None


def _due(guide: Guide, today: date) -> DueGuide:
    if guide.verified is None or guide.compared_on is None:  # a check without its evidence counts as none
        return DueGuide(guide.slug, None, None, None)
    return DueGuide(guide.slug, guide.verified.checked, guide.verified.by, (today - guide.verified.checked).days)


def due_for_review(library: ContentLibrary, today: date, max_age_days: int) -> list[DueGuide]:
    """Guides never checked, then those checked longest ago, for as long as they are older than `max_age_days`."""
    due = [_due(g, today) for g in library.guides.values()]
    due = [d for d in due if d.age_days is None or d.age_days > max_age_days]
    return sorted(due, key=lambda d: (d.verified_on is not None, d.verified_on or date.min, d.slug))


def verification_problems(library: ContentLibrary, today: date, max_age_days: int) -> list[Problem]:
    """Warnings for `content check`: no sources, never checked, checked too long ago, a date in the future."""
    problems = []
    for guide in library.guides.values():
        file = f"guides/{guide.slug}.yaml"
        category = library.categories.get(guide.category)
        if not guide.sources and not (category and category.local):  # the library's own page is the source
            problems.append(Problem.warning(file, "lists no official pages it follows", guide=guide.slug, field="sources"))
        if guide.verified is None:
            never = "has never been checked against its sources"
            problems.append(Problem.warning(file, never, guide=guide.slug, field="verified"))
            continue
        if gaps := guide.evidence_gaps():
            message = f"is marked verified, but the mark is not backed: {'; '.join(gaps)} (the kiosk says 'not checked')"
            problems.append(Problem.warning(file, message, guide=guide.slug, field="verified"))
        checked = guide.verified.checked
        age = (today - checked).days
        if age < 0:
            problems.append(Problem.warning(file, f"is dated in the future ({checked})", guide=guide.slug, field="verified"))
        elif age > max_age_days:
            message = f"was last checked {age} days ago ({checked}); compare it with its sources again (limit {max_age_days})"
            problems.append(Problem.warning(file, message, guide=guide.slug, field="verified"))
    return problems


def evidence_report(library: ContentLibrary) -> list[str]:
    """One line per guide for `content check`: compared (when, by whom, which pages and their dates) or not
    compared and why, with the sources it names."""
    lines = []
    for slug, guide in sorted(library.guides.items()):
        sources = ", ".join(str(source.url) for source in guide.sources) or "none"
        category = library.categories.get(guide.category)
        if guide.compared_on is not None and guide.verified is not None:
            pages = ", ".join(f"{page.url} (seen {page.seen})" for page in guide.verified.pages)
            lines.append(f"compared      {slug}: every step on {guide.verified.checked} by {guide.verified.by}; pages: {pages}")
        elif category is not None and category.local:
            lines.append(f"not compared  {slug}: the library's own service (visitors are told to ask the staff)")
        else:
            lines.append(f"not compared  {slug}: {'; '.join(guide.evidence_gaps())}; sources: {sources}")
    return lines


def mark_verified(
    engine: Engine,
    slug: str,
    by: str,
    today: date,
    author_id: int | None,
    library: ContentLibrary,
    content_dir: Path,
    pages: list[str] | None = None,
) -> Revision:
    """ "Verified today": the editor compared every step with `pages` (default: all the guide's sources) today.
    Who, when, which pages and which steps go into the published guide, as a revision of their own."""
    guide = library.guides[slug]
    compared = pages if pages is not None else [str(source.url) for source in guide.sources]

    def stamp(data: dict[str, Any]) -> None:
        data["verified"] = {
            "checked": today.isoformat(),
            "by": by,
            "pages": [{"url": url, "seen": today.isoformat()} for url in compared],
            "steps": [step["id"] for step in data.get("steps", []) if isinstance(step, dict) and "id" in step],
        }

    return publish_change(engine, slug, stamp, author_id, library, content_dir)
