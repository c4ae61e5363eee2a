"""A guide as one visitor sees it: every text in one language, with fallbacks made explicit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import HttpUrl

from kiosk.content.models import Guide, ReviewStatus
from kiosk.language.texts import fallback_chain, pick


@dataclass(frozen=True)
class ProblemView:
    id: str
    symptom: str  # the button: "The code did not arrive"
    fix: str  # what the visitor can try alone


@dataclass(frozen=True)
class StepView:
    number: int  # 1-based, as shown
    total: int
    id: str
    text: str
    image_file: str | None
    image_alt: str | None
    tip: str | None
    warning: str | None
    secret: bool = False  # the visitor types a code, PIN or password here
    problems: tuple[ProblemView, ...] = ()


@dataclass(frozen=True)
class GuideView:
    slug: str
    icon: str
    title: str
    summary: str
    needs: list[str]
    after: str | None
    service_url: str | None
    language: str  # the language the guide is shown in
    is_fallback: bool  # not the visitor's language
    unreviewed: bool  # a translation nobody fluent has checked yet
    steps: list[StepView]
    verified_on: date | None = None  # every step last compared with its official sources on this date
    library_local: bool = False  # about the library's own service (no official page of its own)


def guide_language(guide: Guide, wanted: str, default_language: str) -> str:
    """The language a guide is shown in: the visitor's if the guide is complete in it."""
    complete = guide.languages()
    for code in fallback_chain(wanted, default_language):
        if code in complete:
            return code
    return guide.source_language


def _text(texts: dict[str, str] | None, language: str, source: str) -> str | None:
    if not texts:
        return None
    found = pick(texts, language, source)
    return found.text if found else None


NORWEGIAN = "nb"  # the language of the services' own screens (NAV, Skatteetaten, ID-porten)


def norwegian_alongside(guide: Guide, shown: GuideView, default_language: str) -> GuideView | None:
    """The guide in Norwegian, to show beside a guide shown in another language ("Show in Norwegian too");
    None when it is shown in Norwegian already or has no complete Norwegian text."""
    if shown.language == NORWEGIAN or NORWEGIAN not in guide.languages():
        return None
    return view_guide(guide, NORWEGIAN, default_language)


def view_guide(guide: Guide, wanted: str, default_language: str, library_url: HttpUrl | str | None = None) -> GuideView:
    """`library_url` is the official address of a guide that has none of its own (the library's own services)."""
    lang = guide_language(guide, wanted, default_language)
    src = guide.source_language
    official = guide.service_url or library_url
    needs = guide.needs.get(lang) or guide.needs.get(src) or []
    steps = [
        StepView(
            number=index + 1,
            total=len(guide.steps),
            id=step.id,
            text=step.text[lang],
            image_file=step.image.file if step.image else None,
            image_alt=_text(step.image.alt, lang, src) if step.image else None,
            tip=_text(step.tip, lang, src),
            warning=_text(step.warning, lang, src),
            secret=bool(step.secret),
            problems=tuple(
                ProblemView(problem.id, _text(problem.symptom, lang, src) or "", _text(problem.fix, lang, src) or "")
                for problem in step.problems
            ),
        )
        for index, step in enumerate(guide.steps)
    ]
    return GuideView(
        slug=guide.slug,
        icon=guide.icon,
        title=guide.title[lang],
        summary=guide.summary[lang],
        needs=list(needs),
        after=_text(guide.after, lang, src),
        service_url=str(official) if official else None,
        language=lang,
        is_fallback=lang != wanted,
        unreviewed=guide.review_status(lang) is ReviewStatus.UNREVIEWED,
        steps=steps,
        verified_on=guide.compared_on,  # a check without its evidence is no check
        library_local=guide.service_url is None,
    )
