"""What the kiosk reads aloud, in one place: the screen and `audio build` ask for the same texts,
so every clip built the evening before is the clip a visitor's press asks for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.audio.recordings import step_slot, title_slot, welcome_slot
from kiosk.audio.speech import Speed
from kiosk.content.models import ContentLibrary, Guide, Language
from kiosk.visit.guide_view import GuideView, StepView, view_guide


def welcome_text(library: ContentLibrary, language: str) -> str:
    return library.messages.get(language, {}).get("start.welcome", "")


def guide_text(view: GuideView) -> str:
    return f"{view.title}. {view.summary}"


def step_text(step: StepView) -> str:
    return " ".join(part for part in (step.text, step.warning, step.tip) if part)


@dataclass(frozen=True)
class Reading:
    language: Language
    text: str
    speed: Speed
    what: str  # for the build's report: "welcome", "library-wifi title", "library-wifi step 3"


def all_readings(library: ContentLibrary, default_language: str, can_speak) -> Iterator[Reading]:
    """Every clip a visitor can ask for, in every language that can be spoken, at both speeds."""
    for language in library.languages.values():
        if not can_speak(language):
            continue
        texts = []
        if welcome_text(library, language.code):
            texts.append(("welcome", welcome_text(library, language.code)))
        for guide in library.guides.values():
            view = view_guide(guide, language.code, default_language)
            if view.is_fallback:
                continue  # shown in another language: that language's clips serve it
            texts.append((f"{guide.slug} title", guide_text(view)))
            texts += [(f"{guide.slug} step {step.number}", step_text(step)) for step in view.steps]
        for what, text in texts:
            for speed in Speed:
                yield Reading(language, text, speed, what)


@dataclass(frozen=True)
class Slot:
    """One text a visitor can hear, where a person may record it: the welcome, a guide's title, a step."""

    key: str  # kiosk.audio.recordings' slot key
    label: str  # "title", "step 3" (for the editor)
    text: str


def guide_slots(guide: Guide, language: str, default_language: str) -> list[Slot]:
    """The guide's texts in this language, exactly as the kiosk reads them; none where it is shown in a fallback."""
    view = view_guide(guide, language, default_language)
    if view.is_fallback:
        return []
    slots = [Slot(title_slot(guide.slug), "title", guide_text(view))]
    return slots + [Slot(step_slot(guide.slug, step.id), f"step {step.number}", step_text(step)) for step in view.steps]


def language_slots(library: ContentLibrary, language: str, default_language: str) -> list[Slot]:
    welcome = welcome_text(library, language)
    slots = [Slot(welcome_slot(), "welcome", welcome)] if welcome else []
    for guide in library.guides.values():
        slots += guide_slots(guide, language, default_language)
    return slots
