"""The friction report an agency gets for a month: where citizens got stuck in that agency's guides."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel
from sqlalchemy import Engine

from kiosk.content.models import ContentLibrary
from kiosk.inquiry_config import Agency
from kiosk.stats.privacy import masked
from kiosk.stats.queries import END_STEP, Query, StatsFilter


class FrictionRow(BaseModel):
    guide: str  # the guide's Norwegian title
    step: str  # "Steg 3 (log-in)" or "Etter siste steg"
    help_calls: int | str
    no_answers: int | str


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def agency_guides(library: ContentLibrary, agency: Agency) -> list[str]:
    return sorted(slug for slug, guide in library.guides.items() if guide.service_url and agency.serves(str(guide.service_url)))


def step_label(library: ContentLibrary, guide: str, step: str) -> str:
    found = library.guides.get(guide)
    if step == END_STEP:
        return "Etter siste steg"
    if found is None:
        return step
    ids = [s.id for s in found.steps]
    if step not in ids:
        return step
    return f"Steg {ids.index(step) + 1} ({step})"


def problem_symptom(library: ContentLibrary, guide: str, step: str, problem: str) -> str:
    """A step's problem as the Norwegian visitor read it on its button; its id when it has gone from the guide."""
    found = library.guides.get(guide)
    if found is None:
        return problem
    for known in (p for s in found.steps if s.id == step for p in s.problems):
        if known.id == problem:
            return known.symptom.get("nb") or known.symptom[found.source_language]
    return problem


def guide_title(library: ContentLibrary, guide: str) -> str:
    found = library.guides.get(guide)
    return (found.title.get("nb") or found.title[found.source_language]) if found else guide


def friction_report(
    engine: Engine, library: ContentLibrary, agency: Agency, year: int, month: int, timezone: str
) -> list[FrictionRow]:
    """Per guide of the agency, its steps with help calls or "no" answers, most first; counts under 5 as "<5"."""
    start, end = month_range(year, month)
    guides = agency_guides(library, agency)
    order = {slug: [s.id for s in library.guides[slug].steps] for slug in guides}
    steps = Query(engine, StatsFilter(start=start, end=end, timezone=timezone)).steps(order)
    trouble = [s for s in steps if s.guide in order and (s.help_calls or s.no_answers)]
    trouble.sort(key=lambda s: (guide_title(library, s.guide), -(s.help_calls + s.no_answers), s.step))
    return [
        FrictionRow(
            guide=guide_title(library, s.guide),
            step=step_label(library, s.guide, s.step),
            help_calls=masked(s.help_calls),
            no_answers=masked(s.no_answers),
        )
        for s in trouble
    ]
