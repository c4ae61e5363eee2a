"""The friction report an agency gets for a month: where citizens got stuck in that agency's guides."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel
from sqlalchemy import Engine

from kiosk.content.models import ContentLibrary
from kiosk.floor.inquiries import Agency
from kiosk.language.staff_texts import StaffText
from kiosk.stats.privacy import masked
from kiosk.stats.queries import END_STEP, Query, StatsFilter
from kiosk.stats.vocabulary import bokmal


class FrictionRow(BaseModel):
    guide: str  # the guide's title in the reader's language (else bokmål)
    step: str  # "Steg 3 (log-in)" or "Etter siste steg", in the reader's language
    help_calls: int | str
    no_answers: int | str


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def agency_guides(library: ContentLibrary, agency: Agency) -> list[str]:
    return sorted(slug for slug, guide in library.guides.items() if guide.service_url and agency.serves(str(guide.service_url)))


def step_label(library: ContentLibrary, guide: str, step: str, s: StaffText | None = None) -> str:
    s = s or bokmal()
    found = library.guides.get(guide)
    if step == END_STEP:
        return s("stats.after_last_step")
    if found is None:
        return step
    ids = [s.id for s in found.steps]
    if step not in ids:
        return step
    return s("stats.step_label", number=ids.index(step) + 1, id=step)


def problem_symptom(library: ContentLibrary, guide: str, step: str, problem: str, language: str = "nb") -> str:
    """A step's problem as a visitor read it on its button (in `language`, else bokmål); its id when it has gone."""
    found = library.guides.get(guide)
    if found is None:
        return problem
    for known in (p for s in found.steps if s.id == step for p in s.problems):
        if known.id == problem:
            return known.symptom.get(language) or known.symptom.get("nb") or known.symptom[found.source_language]
    return problem


def guide_title(library: ContentLibrary, guide: str, language: str = "nb") -> str:
    found = library.guides.get(guide)
    return (found.title.get(language) or found.title.get("nb") or found.title[found.source_language]) if found else guide


def friction_report(
    engine: Engine,
    library: ContentLibrary,
    agency: Agency,
    year: int,
    month: int,
    timezone: str,
    s: StaffText | None = None,
) -> list[FrictionRow]:
    """Per guide of the agency, its steps with help calls or "no" answers, most first; counts under 5 as "<5"."""
    s = s or bokmal()
    start, end = month_range(year, month)
    guides = agency_guides(library, agency)
    order = {slug: [step.id for step in library.guides[slug].steps] for slug in guides}
    steps = Query(engine, StatsFilter(start=start, end=end, timezone=timezone)).steps(order)
    trouble = [row for row in steps if row.guide in order and (row.help_calls or row.no_answers)]
    trouble.sort(key=lambda row: (guide_title(library, row.guide, s.language), -(row.help_calls + row.no_answers), row.step))
    return [
        FrictionRow(
            guide=guide_title(library, row.guide, s.language),
            step=step_label(library, row.guide, row.step, s),
            help_calls=masked(row.help_calls),
            no_answers=masked(row.no_answers),
        )
        for row in trouble
    ]
